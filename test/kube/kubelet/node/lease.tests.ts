// The node Lease and the lease controller's rounds, with the facts of component-helpers' lease
// controller and its tests: 40 s duration, renew every 10 s (+ up to 4 % jitter), 5 immediate
// update retries, conflict re-reads, ensure backoff 200 ms doubling to 7 s, and the Node owning
// its Lease.

import test from 'ava';
import fc from 'fast-check';
import type { Lease } from 'kubernetes-types/coordination/v1.d.ts';
import {
  type LeaseControllerState,
  type LeaseEffect,
  type LeaseInput,
  initialLeaseState,
  leaseStep,
  nodeLease,
} from '../../../../actors/kubelet/node/lease.ts';

const T0 = 1_767_225_600_000;
const env = { nowMs: T0 + 10_500.25, nodeUid: 'uid-1', random: () => 0.5 };

test('a fresh lease: holder, 40 s, micro-second renew time, owned by the Node', (t) => {
  t.deepEqual(nodeLease('worker-1', T0 + 1.5, 'uid-1'), {
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: { name: 'worker-1', namespace: 'kube-node-lease', ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: 'worker-1', uid: 'uid-1' }] },
    spec: { holderIdentity: 'worker-1', leaseDurationSeconds: 40, renewTime: '2026-01-01T00:00:00.001500Z' },
  });
  t.is(nodeLease('worker-1', T0, undefined), undefined, 'no owner known, no lease');
  const base = nodeLease('worker-1', T0, 'uid-1')!;
  t.is(nodeLease('worker-1', T0 + 10_000, undefined, { ...base, metadata: { ...base.metadata, resourceVersion: '7' } })?.metadata?.resourceVersion, '7', 'a renewal keeps the owner it has');
});

function run(inputs: LeaseInput[], state: LeaseControllerState = initialLeaseState('worker-1')): { state: LeaseControllerState; effects: LeaseEffect[][] } {
  const effects: LeaseEffect[][] = [];
  for (const input of inputs) {
    const r = leaseStep(state, input, env);
    state = r.state;
    effects.push(r.effects);
  }
  return { state, effects };
}

const created = (): Lease => ({ ...nodeLease('worker-1', T0, 'uid-1')!, metadata: { ...nodeLease('worker-1', T0, 'uid-1')!.metadata, resourceVersion: '1' } });

test('first round: get, create when missing, then wait 10 s plus jitter', (t) => {
  const r = run([{ kind: 'tick' }, { kind: 'notFound' }, { kind: 'created', lease: created() }]);
  t.deepEqual(r.effects[0], [{ kind: 'get' }]);
  t.is(r.effects[1]![0]!.kind, 'create');
  t.deepEqual(r.effects[2], [{ kind: 'scheduleTick', ms: 10_000 + 0.5 * 0.04 * 10_000 }]);
  t.is(r.state.latest?.metadata?.resourceVersion, '1');
});

test('later rounds update the latest lease without a get', (t) => {
  const r = run([{ kind: 'tick' }, { kind: 'notFound' }, { kind: 'created', lease: created() }, { kind: 'tick' }]);
  const update = r.effects[3]![0]!;
  t.is(update.kind, 'update');
  if (update.kind === 'update') {
    t.is(update.lease.metadata?.resourceVersion, '1');
    t.is(update.lease.spec?.renewTime, '2026-01-01T00:00:10.500250Z');
  }
});

test('five failed updates report repeated failures, then fall back to get and one more update cycle', (t) => {
  const start = run([{ kind: 'tick' }, { kind: 'notFound' }, { kind: 'created', lease: created() }]).state;
  const fail = { kind: 'updateFailed', conflict: false } as const;
  const r = run([{ kind: 'tick' }, fail, fail, fail, fail, fail], start);
  t.deepEqual(r.effects.slice(1, 4).map((e) => e.map((x) => x.kind)), [['update'], ['repeatedHeartbeatFailure', 'update'], ['repeatedHeartbeatFailure', 'update']]);
  t.deepEqual(r.effects[5]!.map((x) => x.kind), ['repeatedHeartbeatFailure', 'get']);
  const after = run([{ kind: 'got', lease: created() }, fail, fail, fail, fail, fail], r.state);
  t.is(after.effects[0]![0]!.kind, 'update');
  t.is(after.effects[5]!.at(-1)!.kind, 'scheduleTick', 'the final cycle gives up until the next round');
});

test('a conflict re-reads the lease and retries from it', (t) => {
  const start = run([{ kind: 'tick' }, { kind: 'notFound' }, { kind: 'created', lease: created() }]).state;
  const fresh = { ...created(), metadata: { ...created().metadata, resourceVersion: '9' } };
  const r = run([{ kind: 'tick' }, { kind: 'updateFailed', conflict: true }, { kind: 'got', lease: fresh }], start);
  t.deepEqual(r.effects[1], [{ kind: 'get' }]);
  const u = r.effects[2]![0]!;
  t.true(u.kind === 'update' && u.lease.metadata?.resourceVersion === '9');
});

test('ensure backs off 200 ms, 400 ms, ... up to 7 s', (t) => {
  const inputs: LeaseInput[] = [{ kind: 'tick' }];
  for (let i = 0; i < 9; i++) inputs.push({ kind: 'getFailed' }, { kind: 'backoffElapsed' });
  const sleeps = run(inputs).effects.flat().filter((e) => e.kind === 'sleep').map((e) => (e.kind === 'sleep' ? e.ms : 0));
  t.deepEqual(sleeps, [200, 400, 800, 1600, 3200, 6400, 7000, 7000, 7000]);
});

test('without the Node uid the lease is not created and the round ends', (t) => {
  const r = leaseStep(leaseStep(initialLeaseState('w'), { kind: 'tick' }, { ...env, nodeUid: undefined }).state, { kind: 'notFound' }, { ...env, nodeUid: undefined });
  t.deepEqual(r.effects.map((e) => e.kind), ['scheduleTick']);
  t.is(r.state.latest, undefined);
});

test('property: any answers keep the controller waiting on exactly one thing, and updates are always owned', (t) => {
  const input = fc.constantFrom<LeaseInput>(
    { kind: 'tick' }, { kind: 'updated', lease: created() }, { kind: 'updateFailed', conflict: false }, { kind: 'updateFailed', conflict: true },
    { kind: 'got', lease: created() }, { kind: 'notFound' }, { kind: 'getFailed' }, { kind: 'created', lease: created() }, { kind: 'createFailed' }, { kind: 'backoffElapsed' },
  );
  fc.assert(
    fc.property(fc.array(input, { maxLength: 60 }), (inputs) => {
      let s = initialLeaseState('worker-1');
      for (const i of inputs) {
        const r = leaseStep(s, i, env);
        const waits = r.effects.filter((e) => e.kind !== 'repeatedHeartbeatFailure');
        if (r.state !== s && waits.length !== 1) return false;
        if (r.effects.some((e) => (e.kind === 'update' || e.kind === 'create') && e.lease.metadata?.ownerReferences?.[0]?.uid !== 'uid-1')) return false;
        s = r.state;
      }
      return true;
    }),
  );
  t.pass();
});
