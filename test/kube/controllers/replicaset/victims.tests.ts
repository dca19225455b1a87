// Scale-down victim order, rule by rule, as ActivePodsWithRanks.Less (Kubernetes 1.32,
// LogarithmicScaleDown on) and its controller_utils tests order them.
import test from 'ava';
import fc from 'fast-check';
import type { Pod } from '../../../../protocols/kube/objects.ts';
import { DEFAULT_EPOCH_MS, rfc3339 } from '../../../../protocols/kube/time.ts';
import { compareForDeletion, deletionCost, podsToDelete, rankByNode } from '../../../../actors/kube-controller-manager/replicaset/victims.ts';

const NOW = DEFAULT_EPOCH_MS + 10 * 3600_000;

interface Spec { name: string; node?: string; phase?: string; ready?: boolean; readyAgoS?: number; cost?: string; restarts?: number; createdAgoS?: number; uid?: string }

function mk(s: Spec): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: s.name,
      namespace: 'default',
      uid: s.uid ?? `uid-${s.name}`,
      ...(s.createdAgoS === undefined ? {} : { creationTimestamp: rfc3339(NOW - s.createdAgoS * 1000) }),
      ...(s.cost === undefined ? {} : { annotations: { 'controller.kubernetes.io/pod-deletion-cost': s.cost } }),
    },
    spec: { containers: [{ name: 'c' }], ...(s.node === undefined ? {} : { nodeName: s.node }) },
    status: {
      phase: s.phase ?? 'Running',
      conditions: [{ type: 'Ready', status: s.ready === false ? 'False' : 'True', ...(s.readyAgoS === undefined ? {} : { lastTransitionTime: rfc3339(NOW - s.readyAgoS * 1000) }) }],
      containerStatuses: [{ name: 'c', image: 'x', imageID: '', ready: s.ready !== false, restartCount: s.restarts ?? 0 }],
    },
  };
}

// Each row: the pod to delete first, the pod to keep, same rank unless given.
const rows: [string, Spec, Spec, [number, number]?][] = [
  ['unassigned before assigned', { name: 'a', phase: 'Running' }, { name: 'b', node: 'n1', phase: 'Pending', ready: false }],
  ['Pending before Unknown', { name: 'a', node: 'n1', phase: 'Pending' }, { name: 'b', node: 'n1', phase: 'Unknown' }],
  ['Unknown before Running', { name: 'a', node: 'n1', phase: 'Unknown' }, { name: 'b', node: 'n1', phase: 'Running' }],
  ['not ready before ready', { name: 'a', node: 'n1', ready: false, cost: '100' }, { name: 'b', node: 'n1' }],
  ['lower deletion cost first', { name: 'a', node: 'n1', cost: '-5', readyAgoS: 10 }, { name: 'b', node: 'n1', readyAgoS: 1000 }],
  ['invalid deletion cost counts as 0', { name: 'a', node: 'n1', cost: '+10' }, { name: 'b', node: 'n1', cost: '1' }],
  ['doubled up before alone', { name: 'a', node: 'n1', readyAgoS: 5000 }, { name: 'b', node: 'n2', readyAgoS: 1 }, [3, 1]],
  ['ready for less time first', { name: 'a', node: 'n1', readyAgoS: 10, restarts: 0 }, { name: 'b', node: 'n1', readyAgoS: 5000, restarts: 9 }],
  ['no ready time before a ready time', { name: 'a', node: 'n1' }, { name: 'b', node: 'n1', readyAgoS: 10 }],
  ['same log2 bucket of ready time: lower uid first, even if ready longer', { name: 'a', node: 'n1', readyAgoS: 1010, uid: 'u1', restarts: 0 }, { name: 'b', node: 'n1', readyAgoS: 1000, uid: 'u2', restarts: 5 }],
  ['more restarts first', { name: 'a', node: 'n1', readyAgoS: 100, restarts: 3, createdAgoS: 9000 }, { name: 'b', node: 'n1', readyAgoS: 100, restarts: 1, createdAgoS: 10 }],
  ['newer first', { name: 'a', node: 'n1', readyAgoS: 100, createdAgoS: 200 }, { name: 'b', node: 'n1', readyAgoS: 100, createdAgoS: 5000 }],
  ['no creation time before a creation time', { name: 'a', node: 'n1', readyAgoS: 100 }, { name: 'b', node: 'n1', readyAgoS: 100, createdAgoS: 5 }],
  ['same log2 bucket of age: lower uid first, even if older', { name: 'a', node: 'n1', readyAgoS: 100, createdAgoS: 1020, uid: 'u1' }, { name: 'b', node: 'n1', readyAgoS: 100, createdAgoS: 1000, uid: 'u2' }],
];

for (const [title, first, second, ranks] of rows) {
  test(`victims: ${title}`, (t) => {
    const [ri, rj] = ranks ?? [1, 1];
    const a = { pod: mk(first), rank: ri };
    const b = { pod: mk(second), rank: rj };
    t.true(compareForDeletion(a, b, NOW) < 0);
    t.true(compareForDeletion(b, a, NOW) > 0);
  });
}

test('victims: deletion cost parses int32 as Kubernetes does', (t) => {
  const cost = (v: string) => deletionCost(mk({ name: 'x', cost: v }));
  t.deepEqual(['10', '-7', '0', '008', '+3', '2147483648', 'abc', '-2147483648'].map(cost), [10, -7, 0, 0, 0, 0, 0, -2147483648]);
});

test('victims: rank counts the active related pods on each node', (t) => {
  const related = [mk({ name: 'a', node: 'n1' }), mk({ name: 'b', node: 'n1' }), mk({ name: 'c', node: 'n2' }), { ...mk({ name: 'd', node: 'n2' }), status: { phase: 'Succeeded' } }];
  t.deepEqual(rankByNode(related.slice(0, 3), related).map((r) => r.rank), [2, 2, 1]);
});

test('victims: podsToDelete keeps the oldest ready pods on the least crowded nodes', (t) => {
  const ps = [
    mk({ name: 'old', node: 'n1', readyAgoS: 9000, createdAgoS: 9000 }),
    mk({ name: 'pending', node: 'n2', phase: 'Pending', ready: false }),
    mk({ name: 'unbound', phase: 'Pending', ready: false }),
    mk({ name: 'young', node: 'n1', readyAgoS: 5, createdAgoS: 5 }),
  ];
  t.deepEqual(podsToDelete(ps, ps, 3, NOW).map((p) => p.metadata!.name), ['unbound', 'pending', 'young']);
  t.deepEqual(podsToDelete(ps, ps, 9, NOW).length, 4);
});

const specArb: fc.Arbitrary<Spec> = fc.record({
  name: fc.constant('p'),
  node: fc.option(fc.constantFrom('n1', 'n2'), { nil: undefined }),
  phase: fc.constantFrom('Pending', 'Unknown', 'Running'),
  ready: fc.boolean(),
  readyAgoS: fc.option(fc.integer({ min: 0, max: 20_000 }), { nil: undefined }),
  cost: fc.option(fc.constantFrom('-1', '0', '5', 'x'), { nil: undefined }),
  restarts: fc.integer({ min: 0, max: 3 }),
  createdAgoS: fc.option(fc.integer({ min: 0, max: 20_000 }), { nil: undefined }),
});

test('victims property: the order is antisymmetric, and unassigned pods always go before assigned ones', (t) => {
  fc.assert(
    fc.property(fc.array(specArb, { minLength: 1, maxLength: 12 }), fc.nat(12), (specs, diff) => {
      const ps = specs.map((s, i) => mk({ ...s, name: `p${i}`, uid: `u${(i * 7) % 13}` }));
      const ranked = rankByNode(ps, ps);
      for (const a of ranked) for (const b of ranked) if (Math.sign(compareForDeletion(a, b, NOW)) !== -Math.sign(compareForDeletion(b, a, NOW))) return false;
      const out = podsToDelete(ps, ps, Math.min(diff, ps.length), NOW);
      if (new Set(out).size !== Math.min(diff, ps.length)) return false;
      // An assigned pod goes only once every unassigned one has.
      const unassigned = ps.filter((p) => !p.spec?.nodeName);
      return out.every((p) => !p.spec?.nodeName) || unassigned.every((p) => out.includes(p));
    }),
    { numRuns: 200, seed: 7 },
  );
  t.pass();
});
