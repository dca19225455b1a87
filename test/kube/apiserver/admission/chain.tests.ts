// The chain: Kubernetes' plugin order, mutating before validating, first rejection wins, and a
// pod's full trip through every plugin.

import test from 'ava';
import { DEFAULT_PLUGINS, admitPhase, runAdmission, validatePhase } from '../../../../actors/kube-apiserver/admission/chain.ts';
import type { AdmissionPlugin } from '../../../../actors/kube-apiserver/admission/types.ts';
import type { LimitRange, ResourceQuota, ServiceAccount } from '../../../../protocols/kube/objects.ts';
import { forbidden } from '../../../../protocols/kube/status.ts';
import { ctx, namespace, pod, podCreate, specOf } from './fixtures.ts';

test('plugins run in kube-apiserver\'s order', (t) => {
  t.deepEqual(
    DEFAULT_PLUGINS.map((p) => p.name),
    ['NamespaceLifecycle', 'LimitRanger', 'ServiceAccount', 'NodeRestriction', 'Priority', 'DefaultTolerationSeconds', 'DefaultStorageClass', 'ResourceQuota'],
  );
});

test('every mutating step runs before any validating one; the first rejection ends the phase', (t) => {
  const log: string[] = [];
  const plugin = (name: string, reject?: 'admit' | 'validate'): AdmissionPlugin => ({
    name,
    admit: () => (log.push(`admit ${name}`), reject === 'admit' ? forbidden({ group: '', resource: 'pods' }, 'p', name) : undefined),
    validate: () => (log.push(`validate ${name}`), reject === 'validate' ? forbidden({ group: '', resource: 'pods' }, 'p', name) : undefined),
  });
  const out = runAdmission(podCreate(pod('p')), ctx(), [plugin('a'), plugin('b', 'validate'), plugin('c')]);
  t.deepEqual(log, ['admit a', 'admit b', 'admit c', 'validate a', 'validate b']);
  t.like(out, { allowed: false, plugin: 'b', phase: 'validating', status: { message: 'pods "p" is forbidden: b' } });
});

const sa: ServiceAccount = { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: 'default' } };
const lr: LimitRange = { apiVersion: 'v1', kind: 'LimitRange', metadata: { name: 'defaults', namespace: 'default' }, spec: { limits: [{ type: 'Container', default: { cpu: '500m', memory: '128Mi' }, defaultRequest: { cpu: '250m', memory: '64Mi' } }] } };
const quota: ResourceQuota = {
  apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'compute', namespace: 'default', resourceVersion: '7' },
  spec: { hard: { pods: '10', 'limits.cpu': '4', 'limits.memory': '1Gi' } },
  status: { hard: { pods: '10', 'limits.cpu': '4', 'limits.memory': '1Gi' }, used: { pods: '3', 'limits.cpu': '1500m', 'limits.memory': '512Mi' } },
};
const cluster = { namespaces: [namespace('default')], serviceAccounts: [sa], limitRanges: [lr], quotas: [quota] };

test('a pod through the whole chain: defaults, account, tolerations, priority, and the quota write', (t) => {
  const input = podCreate(pod('web'));
  const out = runAdmission(input, ctx(cluster, () => 3));
  if (!out.allowed) return t.fail(out.status.message);
  const spec = specOf(out.object);
  t.deepEqual(spec.containers[0]!.resources, { limits: { cpu: '500m', memory: '128Mi' }, requests: { cpu: '250m', memory: '64Mi' } });
  t.is(spec.serviceAccountName, 'default');
  t.is(spec.volumes?.[0]?.name, 'kube-api-access-fffff');
  t.is(spec.priority, 0);
  t.is(spec.preemptionPolicy, 'PreemptLowerPriority');
  t.deepEqual(spec.tolerations?.map((x) => x.key), ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable']);
  t.deepEqual(out.effects, [{ type: 'quota-status', namespace: 'default', name: 'compute', resourceVersion: '7', used: { 'limits.cpu': '2', 'limits.memory': '640Mi', pods: '4' } }]);
  t.is(specOf(input.object).serviceAccountName, undefined, 'the caller\'s object is not changed');
});

test('the quota sees the limits LimitRanger defaulted', (t) => {
  const tight = { ...quota, status: { ...quota.status, used: { ...quota.status!.used, 'limits.cpu': '3800m' } } };
  const out = runAdmission(podCreate(pod('web')), ctx({ ...cluster, quotas: [tight] }));
  t.like(out, { allowed: false, plugin: 'ResourceQuota', status: { message: 'pods "web" is forbidden: exceeded quota: compute, requested: limits.cpu=500m, used: limits.cpu=3800m, limited: limits.cpu=4' } });
});

test('a missing namespace is reported before anything else is looked at', (t) => {
  const out = runAdmission(podCreate(pod('web', undefined, {}, 'nowhere')), ctx(cluster));
  t.like(out, { allowed: false, plugin: 'NamespaceLifecycle', phase: 'mutating', status: { code: 404 } });
});

test('the phases can run apart, as the apiserver runs them around the kind\'s validation', (t) => {
  const a = podCreate(pod('web'));
  const mutated = admitPhase(a, ctx(cluster));
  t.true(mutated.allowed);
  t.is(specOf(a.object).serviceAccountName, 'default');
  const validated = validatePhase(a, ctx(cluster));
  t.like(validated, { allowed: true, effects: [{ name: 'compute' }] });
});

test('a kubelet\'s mirror pod passes the chain unchanged by ServiceAccount; a plain pod from it does not', (t) => {
  const mirror = pod('etcd-cp1', undefined, { nodeName: 'cp1' }, 'kube-system');
  mirror.metadata.annotations = { 'kubernetes.io/config.mirror': 'hash' };
  const c = ctx({ namespaces: [namespace('kube-system')] });
  const user = { name: 'system:node:cp1', groups: ['system:nodes'] };
  const out = runAdmission(podCreate(mirror, { user }), c);
  if (!out.allowed) return t.fail(out.status.message);
  t.is(specOf(out.object).serviceAccountName, undefined);
  t.is(specOf(out.object).volumes, undefined);
  t.is(specOf(out.object).tolerations?.length, 2);
  const plain = runAdmission(podCreate(pod('x', undefined, { nodeName: 'cp1' }, 'kube-system'), { user }), c);
  t.like(plain, { allowed: false, plugin: 'ServiceAccount' });
});
