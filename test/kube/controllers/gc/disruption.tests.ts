import test from 'ava';
import type { PodDisruptionBudget } from '../../../../protocols/kube/objects.ts';
import { updateCall } from '../../../../actors/client/index.ts';
import { DEFAULT_EPOCH_MS, rfc3339 } from '../../../../protocols/kube/time.ts';
import { disruptionSpec } from '../../../../actors/kube-controller-manager/disruption/controller.ts';
import { ControllerLoop } from '../loop.ts';
import { controllerRef, pdb, pod, workload } from './workload-helpers.ts';

const loopOf = () => new ControllerLoop(disruptionSpec(DEFAULT_EPOCH_MS));
const status = (loop: ControllerLoop, name = 'budget') => (loop.get('pdb', name, 'default') as PodDisruptionBudget).status!;
const numbers = (s: NonNullable<PodDisruptionBudget['status']>) => [s.currentHealthy, s.desiredHealthy, s.expectedPods, s.disruptionsAllowed];
const allowed = (s: NonNullable<PodDisruptionBudget['status']>) => s.conditions!.find((c) => c.type === 'DisruptionAllowed');

/** [spec, workload replicas (a ReplicaSet) or none (bare pods, integer budgets only), ready pods, unready pods] → [currentHealthy, desiredHealthy, expectedPods, disruptionsAllowed] */
const TABLE: [Record<string, unknown>, number | undefined, number, number, number[]][] = [
  [{ minAvailable: 2 }, undefined, 3, 0, [3, 2, 3, 1]],
  [{ minAvailable: 3 }, undefined, 3, 0, [3, 3, 3, 0]],
  [{ minAvailable: 2 }, undefined, 2, 1, [2, 2, 3, 0]],
  [{ minAvailable: 0 }, undefined, 0, 0, [0, 0, 0, 0]],
  [{ maxUnavailable: 1 }, 3, 3, 0, [3, 2, 3, 1]],
  [{ maxUnavailable: 1 }, 5, 3, 0, [3, 4, 5, 0]],
  [{ maxUnavailable: '34%' }, 3, 3, 0, [3, 1, 3, 2]],
  [{ maxUnavailable: '100%' }, 3, 1, 2, [1, 0, 3, 1]],
  [{ minAvailable: '50%' }, 4, 4, 0, [4, 2, 4, 2]],
  [{ minAvailable: '50%' }, 3, 3, 0, [3, 2, 3, 1]],
  [{ minAvailable: '100%' }, 2, 2, 0, [2, 2, 2, 0]],
];

for (const [spec, replicas, ready, unready, want] of TABLE) {
  test(`disruption: ${JSON.stringify(spec)} over ${replicas === undefined ? 'bare pods' : `a ReplicaSet of ${replicas}`}, ${ready} ready and ${unready} not: ${want.join('/')}`, (t) => {
    const loop = loopOf();
    const rs = replicas === undefined ? undefined : workload(loop, 'ReplicaSet', 'web', replicas);
    for (let i = 0; i < ready + unready; i++) pod(loop, `p${i}`, { ready: i < ready, ...(rs ? { owner: controllerRef(rs) } : {}) });
    pdb(loop, 'budget', spec);
    loop.settle();
    const s = status(loop);
    t.deepEqual(numbers(s), want);
    t.is(s.observedGeneration, 1);
    t.like(allowed(s), want[3]! > 0 ? { status: 'True', reason: 'SufficientPods', observedGeneration: 1 } : { status: 'False', reason: 'InsufficientPods', observedGeneration: 1 });
  });
}

test('disruption: a Deployment\'s scale counts through its ReplicaSet; a StatefulSet and a ReplicationController by their own', (t) => {
  const loop = loopOf();
  const d = workload(loop, 'Deployment', 'web', 4);
  const rs = workload(loop, 'ReplicaSet', 'web-abc', 2, controllerRef(d));
  const sts = workload(loop, 'StatefulSet', 'db', 3);
  const rc = workload(loop, 'ReplicationController', 'old', 2);
  pod(loop, 'a', { owner: controllerRef(rs) });
  pod(loop, 'b', { owner: controllerRef(sts) });
  pod(loop, 'c', { owner: controllerRef(rc) });
  pdb(loop, 'budget', { maxUnavailable: '10%' });
  loop.settle();
  t.deepEqual(numbers(status(loop)), [3, 8, 9, 0]);
});

test('disruption: a percentage over unmanaged pods warns UnmanagedPods and counts only the controllers\' scale', (t) => {
  const loop = loopOf();
  const rs = workload(loop, 'ReplicaSet', 'web', 2);
  pod(loop, 'a', { owner: controllerRef(rs) });
  pod(loop, 'bare');
  pdb(loop, 'budget', { minAvailable: '50%' });
  const rounds = loop.settle();
  t.deepEqual(numbers(status(loop)), [2, 1, 2, 1]);
  const e = rounds[0]!.events.find((x) => x.reason === 'UnmanagedPods');
  t.is(e?.type, 'Warning');
  t.true(e?.message.startsWith('Pods selected by this PodDisruptionBudget (selector: &LabelSelector{MatchLabels:map[string]string{app: web,},MatchExpressions:[]LabelSelectorRequirement{},}) were found to be unmanaged.'));
});

test('disruption: a pod whose controller cannot be found fails safe: SyncFailed, no disruption allowed', (t) => {
  const loop = loopOf();
  pod(loop, 'a', { owner: { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'gone', uid: '00000000-0000-0000-0000-00000000000a', controller: true } });
  pdb(loop, 'budget', { maxUnavailable: 1 });
  const rounds = loop.settle();
  const s = status(loop);
  t.is(s.disruptionsAllowed, 0);
  t.like(allowed(s), { status: 'False', reason: 'SyncFailed', message: 'found no controllers for pod "a"' });
  t.deepEqual(rounds[0]!.events.filter((e) => e.reason === 'CalculateExpectedPodCountFailed').map((e) => e.message), ['Failed to calculate the number of expected pods: found no controllers for pod "a"']);
});

test('disruption: no matching pod: a NoPods event and nothing allowed', (t) => {
  const loop = loopOf();
  pdb(loop, 'budget', { minAvailable: 0 });
  const rounds = loop.settle();
  t.deepEqual(rounds[0]!.events.map((e) => [e.type, e.reason, e.message]), [['Normal', 'NoPods', 'No matching pods found']]);
  t.is(status(loop).disruptionsAllowed, 0);
});

test('disruption: a pod the eviction API listed in disruptedPods counts as gone for two minutes, then again (NotDeleted)', (t) => {
  const loop = loopOf();
  for (const n of ['a', 'b', 'c']) pod(loop, n);
  pdb(loop, 'budget', { minAvailable: 1 });
  loop.settle();
  const p = loop.get('pdb', 'budget', 'default') as PodDisruptionBudget;
  loop.apply(updateCall({ ...p, status: { ...p.status!, disruptedPods: { a: rfc3339(DEFAULT_EPOCH_MS + loop.now) } } } as never, { subresource: 'status' }));
  const [first] = loop.settle();
  t.deepEqual(numbers(status(loop)), [2, 1, 3, 1]);
  t.is(first!.requeueAfter, 120_000);
  loop.advance(121_000);
  const [late] = loop.settle();
  t.deepEqual(numbers(status(loop)), [3, 1, 3, 2]);
  t.is(status(loop).disruptedPods, undefined);
  t.deepEqual(late!.events.filter((e) => e.reason === 'NotDeleted').map((e) => e.message), ["Pod was expected by PDB default/default to be deleted but it wasn't"]);
});

test('disruption: a pod deleted lowers the counts at once; the condition flips with its transition time', (t) => {
  const loop = loopOf();
  for (const n of ['a', 'b']) pod(loop, n);
  pdb(loop, 'budget', { minAvailable: 1 });
  loop.settle();
  const before = allowed(status(loop))!;
  t.is(before.status, 'True');
  loop.advance(5000);
  loop.apply({ verb: 'delete', target: { group: '', version: 'v1', resource: 'pods', namespace: 'default', name: 'a' } });
  loop.settle();
  const after = allowed(status(loop))!;
  t.deepEqual(numbers(status(loop)), [1, 1, 1, 0]);
  t.is(after.reason, 'InsufficientPods');
  t.is(after.lastTransitionTime, rfc3339(DEFAULT_EPOCH_MS + 5000));
});

test('disruption: a DisruptionTarget condition on a pod not terminating is reset to False after two minutes; the kubelet\'s is left', (t) => {
  const loop = loopOf();
  const mark = (name: string, reason: string) => {
    const p = pod(loop, name);
    const status = { ...(p as unknown as { status: { conditions: object[] } }).status };
    loop.apply(updateCall({ ...p, status: { ...status, conditions: [...status.conditions, { type: 'DisruptionTarget', status: 'True', reason, lastTransitionTime: rfc3339(DEFAULT_EPOCH_MS) }] } } as never, { subresource: 'status' }));
  };
  mark('evicted', 'EvictionByEvictionAPI');
  mark('by-kubelet', 'TerminationByKubelet');
  const first = loop.settle();
  t.is(first[0]!.requeueAfter, 120_000);
  loop.advance(120_000);
  loop.settle();
  const target = (name: string) => ((loop.get('pods', name, 'default') as unknown as { status: { conditions: { type: string; status: string; reason?: string; lastTransitionTime?: string }[] } }).status.conditions.find((c) => c.type === 'DisruptionTarget'));
  t.deepEqual(target('evicted'), { type: 'DisruptionTarget', status: 'False', lastTransitionTime: rfc3339(DEFAULT_EPOCH_MS + 120_000) });
  t.like(target('by-kubelet'), { status: 'True', reason: 'TerminationByKubelet' });
});
