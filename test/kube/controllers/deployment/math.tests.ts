import test from 'ava';
import { getProportion, maxSurge, maxUnavailable, newRSNewReplicas, resolveFenceposts } from '../../../../actors/kube-controller-manager/deployment/rollout-math.ts';
import type { Deployment, ReplicaSet } from '../../../../actors/kube-controller-manager/deployment/types.ts';

const dep = (replicas: number, surge: number | string, unavailable: number | string, type = 'RollingUpdate', statusReplicas = 0): Deployment => ({
  metadata: { name: 'd' },
  spec: {
    replicas,
    selector: {},
    template: {},
    strategy: type === 'RollingUpdate' ? { type, rollingUpdate: { maxSurge: surge, maxUnavailable: unavailable } } : { type },
  },
  status: { replicas: statusReplicas },
});
const rs = (replicas: number, maxReplicas?: number): ReplicaSet => ({
  metadata: { name: `rs${replicas}`, ...(maxReplicas === undefined ? {} : { annotations: { 'deployment.kubernetes.io/max-replicas': String(maxReplicas) } }) },
  spec: { replicas, selector: {} },
});

test('deployment math: ResolveFenceposts rounds surge up, unavailable down, and never leaves both at 0 (Kubernetes test cases)', (t) => {
  t.deepEqual(resolveFenceposts('0%', '0%', 0), [0, 1]);
  t.deepEqual(resolveFenceposts('39%', '39%', 10), [4, 3]);
  t.deepEqual(resolveFenceposts(1, 1, 2), [1, 1]);
  t.deepEqual(resolveFenceposts('25%', '25%', 8), [2, 2]);
  t.deepEqual(resolveFenceposts('25%', '25%', 3), [1, 0]);
  t.deepEqual(resolveFenceposts(0, 0, 10), [0, 1]);
});

test('deployment math: MaxUnavailable is capped at replicas and 0 for Recreate; MaxSurge 0 for Recreate', (t) => {
  t.is(maxUnavailable(dep(3, 0, 10)), 3);
  t.is(maxUnavailable(dep(10, '0%', '30%')), 3);
  t.is(maxUnavailable(dep(0, 1, 1)), 0);
  t.is(maxUnavailable(dep(10, 1, 1, 'Recreate')), 0);
  t.is(maxSurge(dep(10, 1, 1, 'Recreate')), 0);
  t.is(maxSurge(dep(10, '25%', 1)), 3);
});

test('deployment math: NewRSNewReplicas grows the new ReplicaSet only up to replicas + maxSurge pods in all', (t) => {
  // 1 wanted, surge 1, 5 old and 5 new already: nothing more.
  const n5 = rs(5);
  t.is(newRSNewReplicas(dep(1, 1, 0), [rs(5), n5], n5), 5);
  // 6 wanted, surge 10, 4 old, 2 new: straight to 6.
  const n2 = rs(2);
  t.is(newRSNewReplicas(dep(6, 10, 0), [rs(4), n2], n2), 6);
  // 10 wanted, surge 3, 10 old, 0 new: 3.
  const n0 = rs(0);
  t.is(newRSNewReplicas(dep(10, 3, 2), [rs(10), n0], n0), 3);
  // Recreate: the full count at once.
  const r1 = rs(1);
  t.is(newRSNewReplicas(dep(3, 1, 1, 'Recreate'), [rs(1), r1], r1), 3);
});

test('deployment math: GetProportion shares a scale-up by size against max-replicas, never past what is left', (t) => {
  const d = dep(15, 3, 2);
  // The docs' 8 old / 5 new at max 13, scaled to 15 (+ surge 3 = 18): +3 and +2.
  t.is(getProportion(rs(8, 13), d, 5, 0), 3);
  t.is(getProportion(rs(5, 13), d, 5, 3), 2);
  // Nothing for an empty ReplicaSet or when all is added.
  t.is(getProportion(rs(0, 13), d, 5, 0), 0);
  t.is(getProportion(rs(8, 13), d, 5, 5), 0);
  // Capped by what is left.
  t.is(getProportion(rs(8, 13), d, 2, 0), 2);
  // Scaling to 0: each ReplicaSet loses all it has.
  t.is(getProportion(rs(8, 13), dep(0, 3, 2), -13, 0), -8);
  // No annotation: the Deployment's current size stands in.
  t.is(getProportion(rs(8), dep(15, 3, 2, 'RollingUpdate', 13), 5, 0), 3);
});
