// The control-plane invariants as tables: each check fires on the state it names, and not on the
// states Kubernetes allows (terminating and finished pods, a scale-down or scale-up under way).

import test from 'ava';
import fc from 'fast-check';
import {
  type CheckMemory, controlPlaneViolation, deletionViolation, emptyCheckMemory, fenceposts, statefulSetRuntimeViolation,
} from '../../../scenarios/checks/control-plane-invariants.ts';
import { deployment, node, pod, replicaSet, view, webPods } from './objects.ts';

test('fenceposts as ResolveFenceposts: maxSurge rounds up, maxUnavailable down, never both zero', (t) => {
  t.deepEqual(fenceposts(deployment(10), 10), { surge: 3, unavailable: 2 });
  t.deepEqual(fenceposts(deployment(3), 3), { surge: 1, unavailable: 0 }, "the docs' nginx Deployment: at most 4 pods, at least 3 available");
  t.deepEqual(fenceposts(deployment(5, { maxSurge: 0, maxUnavailable: '10%' }), 5), { surge: 0, unavailable: 1 });
  t.deepEqual(fenceposts(deployment(4, { maxSurge: 2, maxUnavailable: 1 }), 4), { surge: 2, unavailable: 1 });
});

test('fenceposts: for any replicas and percentages, surge and unavailability are within the replicas and never both zero', (t) => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 500 }), fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 100 }), (replicas, surge, unavailable) => {
      const f = fenceposts(deployment(replicas, { maxSurge: `${surge}%`, maxUnavailable: `${unavailable}%` }), replicas);
      return f.surge >= 0 && f.surge <= replicas && f.unavailable >= 0 && f.unavailable <= replicas && f.surge + f.unavailable >= 1;
    }),
  );
  t.pass();
});

const d3 = deployment(3, { maxSurge: 1, maxUnavailable: 1 });
const check = (objects: Parameters<typeof view>[0], m: CheckMemory = emptyCheckMemory()) => controlPlaneViolation(view(objects), m);

test('a Deployment with more live pods than replicas + maxSurge breaks the invariant; terminating and finished pods do not count', (t) => {
  t.is(check([d3, replicaSet('a'), ...webPods('a', 4)]), undefined);
  t.regex(check([d3, replicaSet('a'), replicaSet('b'), ...webPods('a', 3), ...webPods('b', 2)]) ?? '', /Deployment default\/web: 5 live pods, more than 3 replicas \+ maxSurge 1/);
  const extra = [pod('web-a-x', { owner: { kind: 'ReplicaSet', uid: 'a' }, deleting: true }), pod('web-a-y', { owner: { kind: 'ReplicaSet', uid: 'a' }, phase: 'Failed' })];
  t.is(check([d3, replicaSet('a'), ...webPods('a', 4), ...extra]), undefined);
  t.is(check([d3, replicaSet('a'), ...webPods('a', 3), pod('stray', {}), pod('other', { owner: { kind: 'ReplicaSet', uid: 'zz' } })]), undefined, "pods of no ReplicaSet of the Deployment's are not its");
});

test('availability below replicas − maxUnavailable breaks the invariant only once the first rollout completed', (t) => {
  const m = emptyCheckMemory();
  t.is(check([d3, replicaSet('a'), ...webPods('a', 3, 0)], m), undefined, 'coming up: nothing available yet');
  t.is(check([d3, replicaSet('a'), ...webPods('a', 3, 3)], m), undefined);
  t.is(check([d3, replicaSet('a'), ...webPods('a', 3, 2)], m), undefined, 'one unavailable is allowed');
  t.regex(check([d3, replicaSet('a'), ...webPods('a', 3, 1)], m) ?? '', /1 pods available, fewer than 3 replicas − maxUnavailable 1/);
});

test('a scale-down keeps the old ceiling until the surplus is gone, and a scale-up the old floor until the new pods are up', (t) => {
  const m = emptyCheckMemory();
  const d6 = deployment(6, { maxSurge: 1, maxUnavailable: 1 });
  t.is(check([d6, replicaSet('a'), ...webPods('a', 6)], m), undefined);
  t.is(check([d3, replicaSet('a'), ...webPods('a', 6)], m), undefined, 'the ReplicaSet has not scaled down yet');
  t.is(check([d3, replicaSet('a'), ...webPods('a', 4)], m), undefined, 'now within 3 + 1: the ceiling drops');
  t.regex(check([d3, replicaSet('a'), ...webPods('a', 5)], m) ?? '', /5 live pods, more than 3 replicas/);
  const up = emptyCheckMemory();
  t.is(check([d3, replicaSet('a'), ...webPods('a', 3)], up), undefined);
  t.is(check([d6, replicaSet('a'), ...webPods('a', 3)], up), undefined, 'the three new pods are not up yet');
  t.is(check([d6, replicaSet('a'), ...webPods('a', 6, 5)], up), undefined, 'five of six available: the floor rises');
  t.regex(check([d6, replicaSet('a'), ...webPods('a', 6, 3)], up) ?? '', /3 pods available, fewer than 6 replicas − maxUnavailable 1/);
});

test('after a scale-down the floor waits until every ReplicaSet has observed its new size (its status still counts the pods it deleted)', (t) => {
  const m = emptyCheckMemory();
  const d5 = deployment(5, { maxSurge: 1, maxUnavailable: 0 });
  const d3z = deployment(3, { maxSurge: 1, maxUnavailable: 0 });
  const rs = (spec: number, status: number) => [replicaSet('a', 'd1', { spec: 2, status: 3 }), replicaSet('b', 'd1', { spec, status })];
  t.is(check([d5, replicaSet('a', 'd1', { spec: 5, status: 5 }), ...webPods('a', 5)], m), undefined);
  t.is(check([d3z, replicaSet('a', 'd1', { spec: 5, status: 5 }), ...webPods('a', 5)], m), undefined, 'scaled, its ReplicaSet not yet: still settling');
  t.is(check([d3z, ...rs(2, 4), ...webPods('a', 2), ...webPods('b', 0)], m), undefined, 'statuses still count the deleted pods: Kubernetes may scale down on them');
  const settled = (readyB: number) => [d3z, replicaSet('a', 'd1', { spec: 2, status: 2 }), replicaSet('b', 'd1', { spec: 1, status: 1 }), ...webPods('a', 2), ...webPods('b', 1, readyB)];
  t.is(check(settled(0), m), undefined, 'sizes observed, but the pods the stale counts cost are not back yet');
  t.is(check(settled(1), m), undefined, 'available again: the floor holds from here');
  t.regex(check(settled(0), m) ?? '', /2 pods available, fewer than 3 replicas − maxUnavailable 0/);
});

test("a lowered ReplicaSet's surplus awaiting deletion is not over the ceiling; pods beyond a size never lowered are", (t) => {
  const m = emptyCheckMemory();
  const d5 = deployment(5, { maxSurge: 2, maxUnavailable: 1 });
  const sized = (a: number, b: number) => [replicaSet('a', 'd1', { spec: a, status: a }), replicaSet('b', 'd1', { spec: b, status: b })];
  t.is(check([d5, ...sized(3, 4), ...webPods('a', 3), ...webPods('b', 4)], m), undefined);
  t.is(check([d5, ...sized(2, 5), ...webPods('a', 3), ...webPods('b', 5)], m), undefined, "a's third pod is to be deleted: 2 + 5 counted");
  t.is(check([d5, ...sized(2, 5), ...webPods('a', 2), ...webPods('b', 5)], m), undefined);
  t.regex(check([d5, ...sized(2, 5), ...webPods('a', 2), ...webPods('b', 6)], m) ?? '', /8 live pods, more than 5 replicas \+ maxSurge 2/, 'b was never lowered: its sixth pod counts');
});

test('a pod its lowered ReplicaSet is about to delete does not lift the floor of a scale-up', (t) => {
  const m = emptyCheckMemory();
  const d3 = deployment(3, { maxSurge: 1, maxUnavailable: 1 });
  const d5 = deployment(5, { maxSurge: 1, maxUnavailable: 1 });
  const sized = (a: number) => [replicaSet('a', 'd1', { spec: a, status: a }), replicaSet('b', 'd1', { spec: 1, status: 1 })];
  t.is(check([d3, ...sized(3), ...webPods('a', 3)], m), undefined);
  t.is(check([d3, ...sized(2), ...webPods('a', 3)], m), undefined, 'lowered: one pod to delete');
  t.is(check([d5, ...sized(2), ...webPods('a', 3), ...webPods('b', 1, 1, 0)], m), undefined, 'scaled up: 4 ready, but one of them is on its way out');
  t.is(check([d5, ...sized(2), ...webPods('a', 2), ...webPods('b', 1, 1, 0)], m), undefined, 'the surplus gone: 3 available, the floor still 3 − 1');
});

test('a scale-up lifts the floor only once the Deployment controller has observed it', (t) => {
  const m = emptyCheckMemory();
  const d3 = deployment(3, { maxSurge: 1, maxUnavailable: 0 });
  const seen = (observed: number) => ({ ...deployment(5, { maxSurge: 1, maxUnavailable: 0 }), metadata: { ...d3.metadata, generation: 2 }, status: { observedGeneration: observed } });
  t.is(check([d3, replicaSet('a'), ...webPods('a', 4)], m), undefined);
  t.is(check([seen(1), replicaSet('a'), ...webPods('a', 4)], m), undefined, 'scaled to 5, not yet observed: four available do not lift the floor');
  t.is(check([seen(1), replicaSet('a'), ...webPods('a', 3)], m), undefined, 'a step decided for 3 replicas: 3 available');
  t.is(check([seen(2), replicaSet('a'), ...webPods('a', 5)], m), undefined, 'observed, and 5 up: the floor is 5');
  t.regex(check([seen(2), replicaSet('a'), ...webPods('a', 4)], m) ?? '', /4 pods available, fewer than 5 replicas − maxUnavailable 0/);
});

test('an old ReplicaSet lowered on statuses claiming more than is available suspends the floor; lowered on true counts it does not', (t) => {
  const d5 = deployment(5, { maxSurge: 1, maxUnavailable: 1 });
  const rs = (a: number, aStatus: number, b: number, bAvailable: number) => [replicaSet('a', 'd1', { spec: a, status: aStatus }), replicaSet('b', 'd1', { spec: b, status: b, available: bAvailable })];
  const start = (m: ReturnType<typeof emptyCheckMemory>) => {
    t.is(check([d5, ...rs(2, 2, 3, 3), ...webPods('a', 2), ...webPods('b', 3)], m), undefined, 'five up: armed');
    t.is(check([d5, ...rs(2, 2, 4, 3), ...webPods('a', 2), ...webPods('b', 4, 3)], m), undefined, 'a surge pod on its way');
  };
  const stale = emptyCheckMemory();
  start(stale);
  // b's status claims its fourth pod available before it is: a is lowered on 2 + 4 = 6 available, there are 5.
  t.is(check([d5, ...rs(0, 2, 4, 4), ...webPods('a', 2), ...webPods('b', 4, 3)], stale), undefined);
  t.is(check([d5, ...rs(0, 0, 4, 4), ...webPods('b', 4, 3)], stale), undefined, 'the dip that decision costs');
  const honest = emptyCheckMemory();
  start(honest);
  t.is(check([d5, ...rs(0, 2, 4, 3), ...webPods('a', 2), ...webPods('b', 4, 3)], honest), undefined);
  t.regex(check([d5, ...rs(0, 0, 4, 3), ...webPods('b', 4, 3)], honest) ?? '', /3 pods available, fewer than 5 replicas − maxUnavailable 1/, 'lowered on true counts: the floor holds');
});

test('a correct rollout never trips the Deployment checks; one pod too many always does', (t) => {
  // States a correct controller may pass through at fixed replicas: live ≤ replicas + surge, available ≥ replicas − unavailable.
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 12 }), fc.array(fc.tuple(fc.nat(), fc.nat()), { minLength: 1, maxLength: 20 }), (replicas, steps) => {
      const d = deployment(replicas, { maxSurge: '25%', maxUnavailable: '25%' });
      const { surge, unavailable } = fenceposts(d, replicas);
      const m = emptyCheckMemory();
      if (check([d, replicaSet('a'), ...webPods('a', replicas)], m) !== undefined) return false;
      for (const [a, b] of steps) {
        const live = replicas - unavailable + (a % (surge + unavailable + 1));
        const available = replicas - unavailable + (b % (Math.min(live, replicas + surge) - (replicas - unavailable) + 1));
        if (check([d, replicaSet('a'), ...webPods('a', live, available)], m) !== undefined) return false;
      }
      return check([d, replicaSet('a'), ...webPods('a', replicas + surge + 1)], m) !== undefined;
    }),
  );
  t.pass();
});

test('a Job with more active pods than its parallelism breaks the invariant; finished and terminating pods are not active', (t) => {
  const job = { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'batch', namespace: 'default', uid: 'j1' }, spec: { parallelism: 2, completions: 6 } };
  const of = (name: string, o = {}) => pod(name, { owner: { kind: 'Job', uid: 'j1' }, ...o });
  t.is(check([job, of('b1'), of('b2'), of('b3', { phase: 'Succeeded' }), of('b4', { deleting: true })]), undefined);
  t.regex(check([job, of('b1'), of('b2'), of('b3')]) ?? '', /Job default\/batch: 3 active pods, more than parallelism 2: b1, b2, b3/);
});

test('a pod seen bound to one node and then another breaks the invariant', (t) => {
  const m = emptyCheckMemory();
  t.is(check([pod('p', { node: 'worker-1' })], m), undefined);
  t.is(check([pod('p', { node: 'worker-1' })], m), undefined);
  t.regex(check([pod('p', { node: 'worker-2' })], m) ?? '', /pod default\/p \(uid-p\) bound to worker-1, then to worker-2/);
  t.is(check([pod('p', { node: 'worker-2', uid: 'another' })], emptyCheckMemory()), undefined, 'a new pod of the same name is another pod');
});

test('a node whose bound pods request more than its allocatable breaks the invariant; finished pods hold nothing, terminating ones still do', (t) => {
  const n = node('worker-1', '2');
  const p = (name: string, o = {}) => pod(name, { node: 'worker-1', cpu: '600m', ...o });
  t.is(check([n, p('a'), p('b'), p('c'), p('d', { phase: 'Succeeded' })]), undefined);
  t.regex(check([n, p('a'), p('b'), p('c'), p('d', { deleting: true })]) ?? '', /node worker-1: pods request cpu 2400m of 2 allocatable: a, b, c, d/);
});

test('the garbage collector breaks the invariant by deleting an object whose owner lives, not one whose owner is gone or going', (t) => {
  const d = deployment(3);
  const rs = { ...replicaSet('a'), kind: 'ReplicaSet' };
  t.regex(deletionViolation(rs, (uid) => (uid === 'd1' ? d : undefined)) ?? '', /ReplicaSet default\/web-a was deleted while its owner Deployment web \(d1\) lives/);
  t.is(deletionViolation(rs, () => undefined), undefined);
  t.is(deletionViolation(rs, () => ({ ...d, metadata: { ...d.metadata, deletionTimestamp: '2026-01-01T00:01:00Z' } })), undefined);
});

test("one ordinal, one pod running: two ready sandboxes of a StatefulSet's pod with different uids break the invariant", (t) => {
  const sb = (name: string, uid: string, state = 'SANDBOX_READY') => ({ state, metadata: { name, uid } });
  const ok = new Map([['worker-1', [sb('db-0', 'u0'), sb('db-1', 'u1'), sb('dbx-0', 'x')]], ['worker-2', [sb('db-0', 'old', 'SANDBOX_NOTREADY'), sb('db-2', 'u2')]]]);
  t.is(statefulSetRuntimeViolation(['db'], ok), undefined);
  const twice = new Map([['worker-1', [sb('db-0', 'u0')]], ['worker-3', [sb('db-0', 'u9')]]]);
  t.is(statefulSetRuntimeViolation(['db'], twice), 'StatefulSet pod db-0 runs twice: u0 on worker-1 and u9 on worker-3');
  t.is(statefulSetRuntimeViolation(['web'], twice), undefined, 'pods of no StatefulSet are not looked at');
});
