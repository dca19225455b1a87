// One scheduling attempt with fake plugins: filtering, PreFilter narrowing, weights,
// normalization, tie-breaking and the rotating window of nodes (schedule_one.go).

import test from 'ava';
import fc from 'fast-check';
import { numFeasibleNodesToFind, scheduleOne, selectHost, type RunnerProfile } from '../../../../actors/kube-scheduler/framework/runner.ts';
import { SUCCESS } from '../../../../actors/kube-scheduler/framework/types.ts';
import { filterBy, nameOf, nodes, pod, preFilter, preScore, scoreBy, unresolvable, unschedulable } from './fakes.ts';

const first = (): number => 0;
/** Never replaces the first of tied nodes. */
const keepFirst = (n: number): number => n - 1;
const profile = (p: Partial<RunnerProfile>): RunnerProfile => ({ preFilter: [], filter: [], preScore: [], score: [], ...p });

// schedule_one_test.go TestNumFeasibleNodesToFind.
const feasibleCases: [number | undefined, number, number][] = [
  [undefined, 10, 10], [40, 10, 10], [undefined, 1000, 420], [40, 1000, 400], [undefined, 6000, 300], [40, 6000, 2400],
  [undefined, 99, 99], [undefined, 100, 100], [1, 1000, 100], [100, 5000, 5000],
];
for (const [pct, all, want] of feasibleCases) {
  test(`numFeasibleNodesToFind(${pct ?? 'adaptive'}, ${all}) = ${want}`, (t) => {
    t.is(numFeasibleNodesToFind(pct, all), want);
  });
}

test('the first rejecting filter decides a node and later filters are not run on it', (t) => {
  const calls: string[] = [];
  const p = profile({
    filter: [
      filterBy('A', (n) => (nameOf(n) === 'node-0' ? unschedulable('Insufficient cpu') : undefined), calls),
      filterBy('B', (n) => (nameOf(n) === 'node-1' ? unresolvable("node(s) didn't match Pod's node affinity/selector") : undefined), calls),
    ],
  });
  const out = scheduleOne({ profile: p, pod: pod(), nodes: nodes(3), startIndex: 0, pick: first });
  t.deepEqual(calls, ['A:node-0', 'A:node-1', 'B:node-1', 'A:node-2', 'B:node-2']);
  t.like(out, { kind: 'scheduled', node: 'node-2', feasibleNodes: 1, evaluatedNodes: 3 });
});

test('all nodes rejected: the diagnosis keeps each node status and the rejecting plugins', (t) => {
  const p = profile({
    filter: [
      filterBy('NodeResourcesFit', (n) => (nameOf(n) !== 'node-2' ? unschedulable('Insufficient cpu') : undefined)),
      filterBy('TaintToleration', () => unresolvable('node(s) had untolerated taint {a: b}')),
    ],
  });
  const out = scheduleOne({ profile: p, pod: pod(), nodes: nodes(3), startIndex: 0, pick: first });
  if (out.kind !== 'unschedulable') return t.fail(out.kind);
  t.deepEqual(out.diagnosis.unschedulablePlugins, ['NodeResourcesFit', 'TaintToleration']);
  t.is(out.diagnosis.nodeToStatus['node-2']!.plugin, 'TaintToleration');
  t.is(out.diagnosis.nodeToStatus['node-0']!.reasons[0], 'Insufficient cpu');
  t.is(out.diagnosis.numAllNodes, 3);
});

test('a filter error is an error, not unschedulable', (t) => {
  const p = profile({ filter: [filterBy('X', () => ({ code: 'Error', reasons: ['boom'] }))] });
  t.like(scheduleOne({ profile: p, pod: pod(), nodes: nodes(2), startIndex: 0, pick: first }), { kind: 'error', message: 'running "X" filter plugin: boom' });
});

test('PreFilter rejection stands for every node and sets the PreFilter message', (t) => {
  const p = profile({ preFilter: [preFilter('PF', unresolvable('pod has unbound immediate PersistentVolumeClaims'))] });
  const out = scheduleOne({ profile: p, pod: pod(), nodes: nodes(4), startIndex: 0, pick: first });
  if (out.kind !== 'unschedulable') return t.fail(out.kind);
  t.is(out.diagnosis.preFilterMsg, 'pod has unbound immediate PersistentVolumeClaims');
  t.is(Object.keys(out.diagnosis.nodeToStatus).length, 4);
  t.deepEqual(out.diagnosis.unschedulablePlugins, ['PF']);
});

test('PreFilter Skip skips that plugin\'s Filter', (t) => {
  const calls: string[] = [];
  const p = profile({ preFilter: [preFilter('S', { code: 'Skip', reasons: [] })], filter: [filterBy('S', () => unschedulable('no'), calls)] });
  t.like(scheduleOne({ profile: p, pod: pod(), nodes: nodes(1), startIndex: 0, pick: first }), { kind: 'scheduled', node: 'node-0' });
  t.deepEqual(calls, []);
});

test('PreFilter node names narrow the nodes; the others are unresolvable for that plugin', (t) => {
  const p = profile({ preFilter: [preFilter('NodeAffinity', SUCCESS, ['node-2', 'ghost'])] });
  const out = scheduleOne({ profile: p, pod: pod(), nodes: nodes(3), startIndex: 0, pick: first });
  t.like(out, { kind: 'scheduled', node: 'node-2' });
});

test('PreFilter node names that do not intersect reject the pod with the plugins named', (t) => {
  const p = profile({ preFilter: [preFilter('A', SUCCESS, ['node-0']), preFilter('B', SUCCESS, ['node-1'])] });
  const out = scheduleOne({ profile: p, pod: pod(), nodes: nodes(3), startIndex: 0, pick: first });
  if (out.kind !== 'unschedulable') return t.fail(out.kind);
  t.is(out.diagnosis.preFilterMsg, "node(s) didn't satisfy plugin(s) [A B] simultaneously");
});

test('narrowed-out nodes count as "didn\'t satisfy plugin(s)" when nothing fits', (t) => {
  const p = profile({ preFilter: [preFilter('NodeAffinity', SUCCESS, ['node-0'])], filter: [filterBy('F', () => unschedulable('Insufficient cpu'))] });
  const out = scheduleOne({ profile: p, pod: pod(), nodes: nodes(3), startIndex: 0, pick: first });
  if (out.kind !== 'unschedulable') return t.fail(out.kind);
  t.deepEqual(out.diagnosis.nodeToStatus['node-1']!.reasons, ["node(s) didn't satisfy plugin(s) [NodeAffinity]"]);
  t.deepEqual(out.diagnosis.nodeToStatus['node-0']!.reasons, ['Insufficient cpu']);
});

test('a nominated node that passes the filters is chosen without scoring or moving the window', (t) => {
  const nominated = { ...pod(), status: { nominatedNodeName: 'node-1' } };
  const p = profile({ score: [{ plugin: scoreBy('S', { 'node-2': 100 }), weight: 1 }] });
  t.like(scheduleOne({ profile: p, pod: nominated, nodes: nodes(3), startIndex: 2, pick: first }), { kind: 'scheduled', node: 'node-1', nextStartIndex: 2 });
  const rejecting = profile({ ...p, filter: [filterBy('F', (n) => (nameOf(n) === 'node-1' ? unschedulable('no') : undefined))] });
  t.like(scheduleOne({ profile: rejecting, pod: nominated, nodes: nodes(3), startIndex: 0, pick: first }), { kind: 'scheduled', node: 'node-2' });
});

test('scores are weighted and summed; the highest total wins', (t) => {
  const p = profile({
    score: [
      { plugin: scoreBy('A', { 'node-0': 100, 'node-1': 0, 'node-2': 50 }), weight: 1 },
      { plugin: scoreBy('B', { 'node-0': 0, 'node-1': 40, 'node-2': 30 }), weight: 3 },
    ],
  });
  const out = scheduleOne({ profile: p, pod: pod(), nodes: nodes(3), startIndex: 0, pick: first });
  if (out.kind !== 'scheduled') return t.fail(out.kind);
  t.is(out.node, 'node-2');
  t.deepEqual(out.record.total, { 'node-0': 100, 'node-1': 120, 'node-2': 140 });
  t.deepEqual(out.record.score['node-1'], { A: 0, B: 120 });
});

test('NormalizeScore runs before the weight is applied', (t) => {
  const p = profile({ score: [{ plugin: scoreBy('N', { 'node-0': 5, 'node-1': 10 }, true), weight: 2 }] });
  const out = scheduleOne({ profile: p, pod: pod(), nodes: nodes(2), startIndex: 0, pick: first });
  if (out.kind !== 'scheduled') return t.fail(out.kind);
  t.deepEqual(out.record.total, { 'node-0': 100, 'node-1': 200 });
  t.deepEqual(out.record.rawScore['node-0'], { N: 5 });
});

test('a score out of [0, 100] after normalization is an error', (t) => {
  const p = profile({ score: [{ plugin: scoreBy('Big', { 'node-0': 101 }), weight: 1 }] });
  const out = scheduleOne({ profile: p, pod: pod(), nodes: nodes(2), startIndex: 0, pick: first });
  t.like(out, { kind: 'error' });
});

test('PreScore Skip skips that plugin\'s Score', (t) => {
  const p = profile({ preScore: [preScore('A', { code: 'Skip', reasons: [] })], score: [{ plugin: scoreBy('A', { 'node-1': 100 }), weight: 1 }] });
  const out = scheduleOne({ profile: p, pod: pod(), nodes: nodes(2), startIndex: 0, pick: keepFirst });
  if (out.kind !== 'scheduled') return t.fail(out.kind);
  t.is(out.node, 'node-0');
  t.deepEqual(out.record.total, { 'node-0': 0, 'node-1': 0 });
});

test('ties are broken by reservoir sampling over the seeded pick', (t) => {
  const total = { a: 10, b: 10, c: 5, d: 10 };
  // pick(2) and pick(3) decide whether b and then d replace the candidate.
  t.is(selectHost(['a', 'b', 'c', 'd'], total, () => 1), 'a');
  t.is(selectHost(['a', 'b', 'c', 'd'], total, () => 0), 'd');
  t.is(selectHost(['a', 'b', 'c', 'd'], total, (n) => (n === 2 ? 0 : 1)), 'b');
});

test('each of the tied nodes can be chosen with a uniform pick', (t) => {
  const names = ['a', 'b', 'c'];
  const total = { a: 1, b: 1, c: 1 };
  const seen = new Set<string>();
  for (let seed = 0; seed < 27; seed++) {
    let s = seed;
    seen.add(selectHost(names, total, (n) => { const r = s % n; s = Math.trunc(s / n); return r; }));
  }
  t.deepEqual([...seen].sort(), names);
});

test('the filtering window starts where the last attempt stopped and wraps around', (t) => {
  // 200 nodes: 100 are enough, so each attempt evaluates 100 and the next starts after them.
  const all = nodes(200);
  const p = profile({});
  const one = scheduleOne({ profile: p, pod: pod(), nodes: all, startIndex: 0, pick: keepFirst });
  if (one.kind !== 'scheduled') return t.fail(one.kind);
  t.is(one.feasibleNodes, 100);
  t.is(one.nextStartIndex, 100);
  const two = scheduleOne({ profile: p, pod: pod(), nodes: all, startIndex: one.nextStartIndex, pick: keepFirst });
  t.like(two, { kind: 'scheduled', node: 'node-100', nextStartIndex: 0 });
});

test('rejected nodes count toward the processed nodes for the next start index', (t) => {
  const all = nodes(300);
  const p = profile({ filter: [filterBy('F', (n) => (Number(nameOf(n).slice(5)) % 2 === 0 ? unschedulable('no') : undefined))] });
  // 300 nodes: 50 - 2 = 48% = 144 feasible wanted; 144 odd nodes are reached after 288 nodes.
  const out = scheduleOne({ profile: p, pod: pod(), nodes: all, startIndex: 0, pick: first });
  t.like(out, { kind: 'scheduled', feasibleNodes: 144, evaluatedNodes: 288, nextStartIndex: 288 });
});

test('property: the chosen node passed every filter and has the highest weighted score', (t) => {
  fc.assert(fc.property(
    fc.integer({ min: 1, max: 12 }),
    fc.array(fc.array(fc.boolean(), { minLength: 12, maxLength: 12 }), { minLength: 0, maxLength: 3 }),
    fc.array(fc.tuple(fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 12, maxLength: 12 }), fc.integer({ min: 1, max: 5 })), { minLength: 0, maxLength: 3 }),
    fc.integer({ min: 0, max: 20 }),
    fc.integer(),
    (n, passes, scores, startIndex, seed) => {
      const all = nodes(n);
      const idx = (name: string): number => Number(name.slice(5));
      const filter = passes.map((row, i) => filterBy(`F${i}`, (x) => (row[idx(nameOf(x))] ? undefined : unschedulable(`no ${i}`))));
      const score = scores.map(([row, weight], i) => ({ plugin: scoreBy(`S${i}`, Object.fromEntries(row.map((v, j) => [`node-${j}`, v]))), weight }));
      let s = seed;
      const pick = (k: number): number => { s = (s * 1103515245 + 12345) | 0; return Math.abs(s) % k; };
      const out = scheduleOne({ profile: profile({ filter, score }), pod: pod(), nodes: all, startIndex, pick });
      const feasible = all.map(nameOf).filter((name) => passes.every((row) => row[idx(name)]));
      if (feasible.length === 0) return out.kind === 'unschedulable';
      if (out.kind !== 'scheduled' || !feasible.includes(out.node)) return false;
      const total = (name: string): number => scores.reduce((sum, [row, w]) => sum + row[idx(name)]! * w, 0);
      return feasible.every((name) => total(name) <= total(out.node));
    },
  ), { numRuns: 300 });
  t.pass();
});
