// ResourceQuota: object counts and compute resources, with the docs' "Configure quotas" messages,
// and the status updates an admitted write must make.

import test from 'ava';
import { resourceQuota } from '../../../../actors/kube-apiserver/admission/resource-quota.ts';
import type { KubeObject, ResourceQuota } from '../../../../protocols/kube/objects.ts';
import { evaluatorFor, objectCountEvaluator } from '../../../../protocols/kube/quota/quota-usage.ts';
import { attrs, claim, ctx, pod, podCreate } from './fixtures.ts';

const quota = (name: string, hard: Record<string, string>, used?: Record<string, string>, extra: Partial<NonNullable<ResourceQuota['spec']>> = {}): ResourceQuota => ({
  apiVersion: 'v1',
  kind: 'ResourceQuota',
  metadata: { name, namespace: 'default', resourceVersion: '42' },
  spec: { hard, ...extra },
  ...(used === undefined ? {} : { status: { hard, used } }),
});
const validate = resourceQuota.validate!;
const full = { requests: { cpu: '400m', memory: '700Mi' }, limits: { cpu: '800m', memory: '800Mi' } };

test('a pod past a pod-count quota: the docs\' message', (t) => {
  const s = validate(podCreate(pod('web')), ctx({ quotas: [quota('pod-demo', { pods: '2' }, { pods: '2' })] }));
  t.like(s, { code: 403, reason: 'Forbidden', message: 'pods "web" is forbidden: exceeded quota: pod-demo, requested: pods=1, used: pods=2, limited: pods=2' });
});

test('a pod past a memory request quota names only the exceeded resource', (t) => {
  const q = quota('mem-cpu-demo', { 'requests.cpu': '1', 'requests.memory': '1Gi', 'limits.cpu': '2', 'limits.memory': '2Gi' }, {
    'requests.cpu': '400m', 'requests.memory': '600Mi', 'limits.cpu': '800m', 'limits.memory': '800Mi',
  });
  const s = validate(podCreate(pod('quota-mem-cpu-demo-2', { c: full })), ctx({ quotas: [q] }));
  t.like(s, { message: 'pods "quota-mem-cpu-demo-2" is forbidden: exceeded quota: mem-cpu-demo, requested: requests.memory=700Mi, used: requests.memory=600Mi, limited: requests.memory=1Gi' });
});

test('several exceeded resources are listed sorted, comma-joined', (t) => {
  const q = quota('compute', { 'limits.cpu': '1', 'requests.cpu': '500m', pods: '10' }, { 'limits.cpu': '500m', 'requests.cpu': '200m', pods: '1' });
  const s = validate(podCreate(pod('web', { c: { requests: { cpu: '400m' }, limits: { cpu: '800m' } } })), ctx({ quotas: [q] }));
  t.like(s, { message: 'pods "web" is forbidden: exceeded quota: compute, requested: limits.cpu=800m,requests.cpu=400m, used: limits.cpu=500m,requests.cpu=200m, limited: limits.cpu=1,requests.cpu=500m' });
});

test('a pod that leaves out a tracked compute resource: must specify …', (t) => {
  const q = quota('mem-cpu-demo', { 'requests.cpu': '1', 'requests.memory': '1Gi', 'limits.cpu': '2', 'limits.memory': '2Gi' }, {});
  const p = pod('web', { nginx: {}, sidecar: { requests: { cpu: '100m', memory: '10Mi' } } });
  t.like(validate(podCreate(p), ctx({ quotas: [q] })), {
    code: 403,
    message: 'pods "web" is forbidden: failed quota: mem-cpu-demo: must specify limits.cpu for: nginx,sidecar; limits.memory for: nginx,sidecar; requests.cpu for: nginx; requests.memory for: nginx',
  });
});

test('an admitted pod returns the quota\'s new status.used, with its resourceVersion', (t) => {
  const q = quota('compute', { pods: '10', 'requests.cpu': '2', 'limits.memory': '2Gi' }, { pods: '1', 'requests.cpu': '500m', 'limits.memory': '1Gi' });
  const v = validate(podCreate(pod('web', { c: full })), ctx({ quotas: [q] }));
  t.deepEqual(v, {
    effects: [{ type: 'quota-status', namespace: 'default', name: 'compute', resourceVersion: '42', used: { 'limits.memory': '1824Mi', pods: '2', 'requests.cpu': '900m' } }],
  });
});

test('dry run checks but asks for no write', (t) => {
  const q = quota('pods', { pods: '10' }, { pods: '1' });
  t.is(validate(podCreate(pod('web'), { dryRun: true }), ctx({ quotas: [q] })), undefined);
  t.like(validate(podCreate(pod('web'), { dryRun: true }), ctx({ quotas: [quota('pods', { pods: '1' }, { pods: '1' })] })), { code: 403 });
});

test('a quota with no recorded usage: status unknown, unless the objects can be counted', (t) => {
  const q = quota('pods', { pods: '2', 'count/pods': '5' });
  t.like(validate(podCreate(pod('web')), ctx({ quotas: [q] })), { message: 'pods "web" is forbidden: status unknown for quota: pods, resources: count/pods,pods' });
  const existing = [pod('a'), pod('b')];
  t.like(validate(podCreate(pod('web')), ctx({ quotas: [q], objects: { '/pods': existing } })), {
    message: 'pods "web" is forbidden: exceeded quota: pods, requested: pods=1, used: pods=2, limited: pods=2',
  });
  const done = { ...pod('c'), status: { phase: 'Succeeded' } } as KubeObject;
  t.like(validate(podCreate(pod('web')), ctx({ quotas: [q], objects: { '/pods': [pod('a'), done] } })), { effects: [{ used: { 'count/pods': '3', pods: '2' } }] });
});

test('object counts: configmaps under both names, count/<resource>.<group> for other groups', (t) => {
  const cm: KubeObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', namespace: 'default' } };
  const q = quota('objects', { configmaps: '1', 'count/configmaps': '5' }, { configmaps: '1', 'count/configmaps': '1' });
  t.like(validate(attrs({ resource: 'configmaps', namespace: 'default', object: cm }), ctx({ quotas: [q] })), {
    message: 'configmaps "cfg" is forbidden: exceeded quota: objects, requested: configmaps=1, used: configmaps=1, limited: configmaps=1',
  });
  const deploy: KubeObject = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default' } };
  const dq = quota('apps', { 'count/deployments.apps': '1' }, { 'count/deployments.apps': '1' });
  t.like(validate(attrs({ resource: 'deployments', namespace: 'default', object: deploy }), ctx({ quotas: [dq] })), {
    message: 'deployments.apps "web" is forbidden: exceeded quota: apps, requested: count/deployments.apps=1, used: count/deployments.apps=1, limited: count/deployments.apps=1',
  });
});

test('services: load balancers and node ports; an update pays only the difference', (t) => {
  const svc = (type: string): KubeObject => ({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'default' }, spec: { type, ports: [{ port: 80 }, { port: 443 }] } });
  const q = quota('svc', { 'services.loadbalancers': '0', 'services.nodeports': '4' }, { 'services.loadbalancers': '0', 'services.nodeports': '0' });
  t.like(validate(attrs({ resource: 'services', namespace: 'default', object: svc('LoadBalancer') }), ctx({ quotas: [q] })), {
    message: 'services "web" is forbidden: exceeded quota: svc, requested: services.loadbalancers=1, used: services.loadbalancers=0, limited: services.loadbalancers=0',
  });
  const upd = attrs({ operation: 'UPDATE', resource: 'services', namespace: 'default', object: svc('NodePort'), oldObject: svc('ClusterIP') });
  t.like(validate(upd, ctx({ quotas: [q] })), { effects: [{ used: { 'services.loadbalancers': '0', 'services.nodeports': '2' } }] });
});

test('claims: storage in total and per storage class', (t) => {
  const q = quota('storage', { 'requests.storage': '10Gi', 'gold.storageclass.storage.k8s.io/requests.storage': '1Gi' }, {
    'requests.storage': '0', 'gold.storageclass.storage.k8s.io/requests.storage': '0',
  });
  const pvc = claim('data', { storageClassName: 'gold', resources: { requests: { storage: '2Gi' } } });
  t.like(validate(attrs({ resource: 'persistentvolumeclaims', namespace: 'default', object: pvc }), ctx({ quotas: [q] })), {
    message: 'persistentvolumeclaims "data" is forbidden: exceeded quota: storage, requested: gold.storageclass.storage.k8s.io/requests.storage=2Gi, used: gold.storageclass.storage.k8s.io/requests.storage=0, limited: gold.storageclass.storage.k8s.io/requests.storage=1Gi',
  });
});

test('scoped quotas apply to the pods their scopes select', (t) => {
  const best = quota('best-effort', { pods: '0' }, { pods: '0' }, { scopes: ['BestEffort'] });
  t.like(validate(podCreate(pod('web')), ctx({ quotas: [best] })), { code: 403 });
  t.is(validate(podCreate(pod('web', { c: full })), ctx({ quotas: [best] })), undefined);
  const high = quota('high', { pods: '0' }, { pods: '0' }, { scopeSelector: { matchExpressions: [{ scopeName: 'PriorityClass', operator: 'In', values: ['high'] }] } });
  t.like(validate(podCreate(pod('web', undefined, { priorityClassName: 'high' })), ctx({ quotas: [high] })), { code: 403 });
  t.is(validate(podCreate(pod('web', undefined, { priorityClassName: 'low' })), ctx({ quotas: [high] })), undefined);
  const cm: KubeObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', namespace: 'default' } };
  const scopedCount = quota('scoped', { configmaps: '0' }, { configmaps: '0' }, { scopes: ['NotTerminating'] });
  t.is(validate(attrs({ resource: 'configmaps', namespace: 'default', object: cm }), ctx({ quotas: [scopedCount] })), undefined);
});

test('pod requests count init containers and overhead as Kubernetes sums them', (t) => {
  const q = quota('cpu', { 'requests.cpu': '10' }, { 'requests.cpu': '0' });
  const p = pod('web', { a: { requests: { cpu: '1' } }, b: { requests: { cpu: '1' } } }, {
    initContainers: [
      { name: 'big-init', image: 'x', resources: { requests: { cpu: '3' } } },
      { name: 'sidecar', image: 'x', restartPolicy: 'Always', resources: { requests: { cpu: '500m' } } },
    ],
    overhead: { cpu: '250m' },
  });
  // max(app 2 + sidecar 0.5, init 3) + overhead 0.25
  t.like(validate(podCreate(p), ctx({ quotas: [q] })), { effects: [{ used: { 'requests.cpu': '3250m' } }] });
});

test('deletes and pods without tracked usage pass untouched', (t) => {
  const q = quota('compute', { 'requests.cpu': '1' }, { 'requests.cpu': '1' });
  t.is(validate(attrs({ operation: 'DELETE', resource: 'pods', namespace: 'default', name: 'web' }), ctx({ quotas: [q] })), undefined);
  t.is(validate(podCreate(pod('web')), ctx({ quotas: [quota('cm', { configmaps: '1' }, { configmaps: '1' })] })), undefined);
});

test('object-count evaluators are remembered by group and resource, bounded, and count what a fresh one counts', (t) => {
  const a = evaluatorFor('coordination.k8s.io', 'leases');
  t.is(evaluatorFor('coordination.k8s.io', 'leases'), a);
  t.not(evaluatorFor('', 'leases'), a, 'another group is another resource');
  const lease = { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: 'l' } } as KubeObject;
  t.deepEqual([...a.usage(lease)], [...objectCountEvaluator('coordination.k8s.io', 'leases').usage(lease)]);
  t.deepEqual([...evaluatorFor('', 'configmaps').usage(lease)].map(([k]) => k), ['count/configmaps', 'configmaps']);
  // Past the bound the memo starts again: a custom resource per CRD never fills memory.
  for (let i = 0; i < 1100; i++) evaluatorFor('example.com', `r${i}`);
  t.not(evaluatorFor('coordination.k8s.io', 'leases'), a);
  t.true(evaluatorFor('example.com', 'r1099').tracks('count/r1099.example.com'));
});
