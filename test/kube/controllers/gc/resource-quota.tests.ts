import test from 'ava';
import type { ResourceQuota } from '../../../../protocols/kube/objects.ts';
import { DEFAULT_EPOCH_MS } from '../../../../protocols/kube/time.ts';
import { deleteCall, updateCall } from '../../../../actors/client/index.ts';
import { QUOTA_SYNC_PERIOD_MS, quotaSpec } from '../../../../actors/kube-controller-manager/resourcequota/controller.ts';
import { ControllerLoop } from '../loop.ts';
import { pod, workload } from './workload-helpers.ts';

const loopOf = () => new ControllerLoop(quotaSpec(DEFAULT_EPOCH_MS));
const quota = (loop: ControllerLoop, name: string, spec: Record<string, unknown>) => loop.create({ apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name, namespace: 'default' }, spec } as never);
const statusOf = (loop: ControllerLoop, name: string) => (loop.get('quota', name, 'default') as ResourceQuota).status!;
const cm = (loop: ControllerLoop, name: string) => loop.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'default' } });
const compute = (cpu: string, memory: string) => ({ requests: { cpu, memory }, limits: { cpu, memory } });

test('resourcequota: status.hard mirrors spec.hard and status.used counts objects, compute, services and claims', (t) => {
  const loop = loopOf();
  pod(loop, 'a', { resources: compute('500m', '128Mi') });
  pod(loop, 'b', { resources: compute('250m', '64Mi') });
  cm(loop, 'c1');
  cm(loop, 'c2');
  loop.create({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'default' } });
  loop.create({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'np', namespace: 'default' }, spec: { type: 'NodePort', ports: [{ port: 80, name: 'http' }, { port: 443, name: 'https' }] } } as never);
  loop.create({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'lb', namespace: 'default' }, spec: { type: 'LoadBalancer', ports: [{ port: 80 }] } } as never);
  loop.create({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'data', namespace: 'default' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } } as never);
  workload(loop, 'Deployment', 'web', 2);
  const hard = {
    pods: '10', 'count/pods': '10', 'requests.cpu': '2', 'requests.memory': '1Gi', 'limits.cpu': '4', 'limits.memory': '2Gi', configmaps: '5', 'count/configmaps': '5', secrets: '3',
    services: '4', 'services.nodeports': '5', 'services.loadbalancers': '1', persistentvolumeclaims: '2', 'requests.storage': '10Gi', 'count/deployments.apps': '3', 'count/jobs.batch': '1', resourcequotas: '1',
  };
  quota(loop, 'compute', { hard });
  loop.settle();
  const s = statusOf(loop, 'compute');
  t.deepEqual(s.hard, hard);
  t.deepEqual(s.used, {
    configmaps: '2', 'count/configmaps': '2', 'count/deployments.apps': '1', 'count/jobs.batch': '0', 'count/pods': '2', 'limits.cpu': '750m', 'limits.memory': '192Mi', persistentvolumeclaims: '1', pods: '2',
    'requests.cpu': '750m', 'requests.memory': '192Mi', 'requests.storage': '1Gi', resourcequotas: '1', secrets: '1', services: '2', 'services.loadbalancers': '1', 'services.nodeports': '3',
  });
});

test('resourcequota: a terminal pod still counts as an object but holds no compute; a scoped quota counts only its pods', (t) => {
  const loop = loopOf();
  pod(loop, 'busy', { resources: compute('1', '1Gi') });
  pod(loop, 'idle');
  const done = pod(loop, 'done', { resources: compute('1', '1Gi') });
  loop.apply(updateCall({ ...done, status: { phase: 'Succeeded' } } as never, { subresource: 'status' }));
  quota(loop, 'all', { hard: { pods: '10', 'count/pods': '10', 'requests.cpu': '10' } });
  quota(loop, 'best-effort', { hard: { pods: '10' }, scopes: ['BestEffort'] });
  quota(loop, 'not-best-effort', { hard: { pods: '10', 'requests.memory': '10Gi' }, scopes: ['NotBestEffort'] });
  loop.settle();
  t.deepEqual(statusOf(loop, 'all').used, { 'count/pods': '3', pods: '2', 'requests.cpu': '1' });
  t.deepEqual(statusOf(loop, 'best-effort').used, { pods: '1' });
  t.deepEqual(statusOf(loop, 'not-best-effort').used, { pods: '1', 'requests.memory': '1Gi' });
});

test('resourcequota: a deleted object is replenished; an unchanged namespace writes nothing; every quota is resynced after 5 minutes', (t) => {
  const loop = loopOf();
  cm(loop, 'a');
  cm(loop, 'b');
  quota(loop, 'q', { hard: { configmaps: '5' } });
  const first = loop.settle();
  t.is(first[0]!.requeueAfter, QUOTA_SYNC_PERIOD_MS);
  t.deepEqual(statusOf(loop, 'q').used, { configmaps: '2' });
  t.deepEqual(first.at(-1)!.writes, []);
  loop.apply(deleteCall('cm', 'a', { namespace: 'default' }));
  loop.settle();
  t.deepEqual(statusOf(loop, 'q').used, { configmaps: '1' });
  loop.advance(QUOTA_SYNC_PERIOD_MS);
  t.deepEqual(loop.step().keys, ['default/q']);
});

test('resourcequota: a hard limit removed from spec leaves status.hard and status.used', (t) => {
  const loop = loopOf();
  cm(loop, 'a');
  quota(loop, 'q', { hard: { configmaps: '5', secrets: '2' } });
  loop.settle();
  const q = loop.get('quota', 'q', 'default') as ResourceQuota;
  loop.apply(updateCall({ ...q, spec: { hard: { configmaps: '5' } } } as never));
  loop.settle();
  t.deepEqual(statusOf(loop, 'q'), { hard: { configmaps: '5' }, used: { configmaps: '1' } });
});
