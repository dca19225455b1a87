// PodGC, rule by rule, through the registry: orphans after the 40 s quarantine (marked Failed
// with DisruptionTarget/DeletionByPodGC, then force-deleted), terminated pods beyond the
// threshold (evicted first, then oldest), unscheduled terminating pods, terminating pods on
// out-of-service nodes; every 20 s, not on changes.
import test from 'ava';
import type { KubeObject, Pod } from '../../../../protocols/kube/objects.ts';
import { DEFAULT_EPOCH_MS } from '../../../../protocols/kube/time.ts';
import { deleteCall, updateCall } from '../../../../actors/client/index.ts';
import { PODGC_INFORMERS } from '../../../../actors/kube-controller-manager/podgc/controller.ts';
import { GC_CHECK_PERIOD_MS, QUARANTINE_MS, TERMINATED_POD_GC_THRESHOLD } from '../../../../actors/kube-controller-manager/podgc/collect.ts';
import { emptyPodGCMemory, type PodGCMemory, podGCKeys, reconcilePodGC } from '../../../../actors/kube-controller-manager/podgc/reconcile.ts';
import { ControllerLoop } from '../loop.ts';

const gcLoop = (threshold = TERMINATED_POD_GC_THRESHOLD) =>
  new ControllerLoop<PodGCMemory>({ informers: PODGC_INFORMERS, keysFor: podGCKeys, reconcile: (k, l, now, m) => reconcilePodGC(k, l, now, m, DEFAULT_EPOCH_MS, threshold), memory: emptyPodGCMemory });

const node = (name: string, ready = true, taints: { key: string; effect: string }[] = []): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Node',
  metadata: { name },
  spec: taints.length > 0 ? { taints } : {},
  status: { conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] },
});

function podOn(loop: ControllerLoop<PodGCMemory>, name: string, nodeName: string | undefined, extra: { phase?: string; reason?: string; finalizers?: string[] } = {}): void {
  loop.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default', ...(extra.finalizers ? { finalizers: extra.finalizers } : {}) }, spec: { containers: [{ name: 'c', image: 'x' }], ...(nodeName ? { nodeName } : {}) } });
  if (extra.phase) {
    const cur = loop.get('pods', name) as KubeObject;
    loop.apply(updateCall({ ...cur, status: { ...(cur.status as object), phase: extra.phase, ...(extra.reason ? { reason: extra.reason } : {}) } }, { subresource: 'status' }));
  }
}

const names = (loop: ControllerLoop<PodGCMemory>) => loop.list('pods', 'default').map((p) => p.metadata.name);
const podNamed = (loop: ControllerLoop<PodGCMemory>, n: string) => loop.get('pods', n) as unknown as Pod | undefined;

test('podgc: a pod bound to a missing node is marked Failed with DeletionByPodGC after the 40 s quarantine, then force-deleted', (t) => {
  const loop = gcLoop();
  loop.create(node('node-1'));
  podOn(loop, 'kept', 'node-1');
  podOn(loop, 'orphan', 'node-gone');
  t.is(QUARANTINE_MS, 40_000);
  t.is(GC_CHECK_PERIOD_MS, 20_000);
  const first = loop.step();
  t.deepEqual(first.keys, ['gc']);
  t.is(first.writes.length, 0, 'the missing node enters quarantine');
  t.is(first.requeueAfter, 20_000);
  loop.advance(20_000);
  t.is(loop.step().writes.length, 0);
  loop.advance(20_000);
  const marking = loop.step();
  t.deepEqual(marking.writes.map((w) => `${w.verb} ${w.target.name} ${w.target.subresource}`), ['patch orphan status']);
  const marked = podNamed(loop, 'orphan')!;
  t.is(marked.status?.phase, 'Failed');
  t.like(marked.status?.conditions?.find((c) => c.type === 'DisruptionTarget'), { status: 'True', reason: 'DeletionByPodGC', message: 'PodGC: node no longer exists' });
  const deleting = loop.step();
  t.deepEqual(deleting.writes.map((w) => `${w.verb} ${w.target.name}`), ['delete orphan']);
  t.deepEqual(deleting.writes[0]!.verb === 'delete' ? deleting.writes[0]!.options : undefined, { gracePeriodSeconds: 0 });
  t.deepEqual(names(loop), ['kept']);
});

test('podgc: a node that comes back within the quarantine saves its pods', (t) => {
  const loop = gcLoop();
  podOn(loop, 'p', 'node-late');
  loop.step();
  loop.advance(20_000);
  loop.create(node('node-late'));
  loop.step();
  loop.advance(20_000);
  loop.step();
  loop.advance(20_000);
  loop.step();
  t.deepEqual(names(loop), ['p']);
  t.is(podNamed(loop, 'p')!.status?.phase, 'Pending');
});

test('podgc: terminated pods beyond the threshold go, evicted first, then the oldest', (t) => {
  t.is(TERMINATED_POD_GC_THRESHOLD, 12500);
  const loop = gcLoop(2);
  loop.create(node('n'));
  podOn(loop, 'old-done', 'n', { phase: 'Succeeded' });
  loop.advance(1000);
  podOn(loop, 'mid-failed', 'n', { phase: 'Failed' });
  loop.advance(1000);
  podOn(loop, 'new-evicted', 'n', { phase: 'Failed', reason: 'Evicted' });
  loop.advance(1000);
  podOn(loop, 'newest-done', 'n', { phase: 'Succeeded' });
  podOn(loop, 'running', 'n', { phase: 'Running' });
  const r = loop.step();
  t.deepEqual(r.writes.map((w) => `${w.verb} ${w.target.name}`), ['delete new-evicted', 'delete old-done']);
  t.deepEqual(names(loop), ['mid-failed', 'newest-done', 'running']);
});

test('podgc: an unscheduled terminating pod is marked Failed and force-deleted', (t) => {
  const loop = gcLoop();
  podOn(loop, 'stuck', undefined, { finalizers: ['example.com/hold'] });
  loop.apply(deleteCall('pods', 'stuck', { namespace: 'default' }));
  const r = loop.step();
  t.deepEqual(r.writes.map((w) => `${w.verb} ${w.target.name} ${w.target.subresource}`), ['patch stuck status']);
  t.is(podNamed(loop, 'stuck')!.status?.phase, 'Failed');
  t.is(podNamed(loop, 'stuck')!.status?.conditions?.find((c) => c.type === 'DisruptionTarget'), undefined);
  const del = loop.step();
  t.deepEqual(del.writes.map((w) => `${w.verb} ${w.target.name}`), ['delete stuck']);
  t.true(del.results[0]!.ok);
});

test('podgc: terminating pods on a not-ready node tainted out-of-service are force-deleted', (t) => {
  const loop = gcLoop();
  loop.create(node('dead', false, [{ key: 'node.kubernetes.io/out-of-service', effect: 'NoExecute' }]));
  loop.create(node('sick', false));
  podOn(loop, 'on-dead', 'dead');
  podOn(loop, 'on-sick', 'sick');
  loop.apply(deleteCall('pods', 'on-dead', { namespace: 'default' }));
  loop.apply(deleteCall('pods', 'on-sick', { namespace: 'default' }));
  loop.step();
  loop.step();
  t.deepEqual(names(loop), ['on-sick']);
});

test('podgc: works every 20 s, not on every change', (t) => {
  const loop = gcLoop();
  loop.create(node('n'));
  loop.step();
  podOn(loop, 'late', 'gone');
  loop.advance(5_000);
  t.deepEqual(loop.step().keys, []);
  loop.advance(15_000);
  t.deepEqual(loop.step().keys, ['gc']);
  t.deepEqual(loop.memory.quarantine, { gone: 20_000 + QUARANTINE_MS });
});
