// The runner keeps verdicts and scores in flat arrays and builds the node → plugin records only
// when asked: the records must read exactly as the plain objects they replaced (keys, order,
// values, nodes a normalization left out).

import test from 'ava';
import { scheduleOne, scoreNodes, type RunnerProfile } from '../../../../actors/kube-scheduler/framework/runner.ts';
import { resultAnnotations } from '../../../../actors/kube-scheduler/framework/explain.ts';
import type { NodeScore, ScorePlugin } from '../../../../actors/kube-scheduler/framework/types.ts';
import { SUCCESS } from '../../../../actors/kube-scheduler/framework/types.ts';
import { filterBy, nameOf, nodes, pod, preFilter, scoreBy, unresolvable, unschedulable } from './fakes.ts';

const first = (): number => 0;
const profile = (p: Partial<RunnerProfile>): RunnerProfile => ({ preFilter: [], filter: [], preScore: [], score: [], ...p });

test('sched-perf: the filter record lists every evaluated node, each with the verdicts up to the first rejection, in evaluation order', (t) => {
  const p = profile({
    filter: [
      filterBy('A', (n) => (nameOf(n) === 'node-1' ? unschedulable('Insufficient cpu') : undefined)),
      filterBy('B', (n) => (nameOf(n) === 'node-2' ? unresolvable('no') : undefined)),
    ],
    score: [{ plugin: scoreBy('S', { 'node-0': 10, 'node-3': 20 }), weight: 2 }],
  });
  const out = scheduleOne({ profile: p, pod: pod(), nodes: nodes(4), startIndex: 1, pick: first });
  if (out.kind !== 'scheduled') return t.fail(out.kind);
  t.is(JSON.stringify(out.record.filter), JSON.stringify({
    'node-1': { A: { code: 'Unschedulable', reasons: ['Insufficient cpu'] } },
    'node-2': { A: SUCCESS, B: { code: 'UnschedulableAndUnresolvable', reasons: ['no'] } },
    'node-3': { A: SUCCESS, B: SUCCESS },
    'node-0': { A: SUCCESS, B: SUCCESS },
  }));
  t.is(JSON.stringify(out.record.rawScore), JSON.stringify({ 'node-3': { S: 20 }, 'node-0': { S: 10 } }));
  t.is(JSON.stringify(out.record.score), JSON.stringify({ 'node-3': { S: 40 }, 'node-0': { S: 20 } }));
  t.is(JSON.stringify(out.record.total), JSON.stringify({ 'node-3': 40, 'node-0': 20 }));
  t.is(out.node, 'node-3');
  // Asked twice, the same object: built once.
  t.is(out.record.filter, out.record.filter);
  t.deepEqual(JSON.parse(JSON.stringify(out.record)), JSON.parse(JSON.stringify({ filter: out.record.filter, rawScore: out.record.rawScore, score: out.record.score, total: out.record.total })));
});

test('sched-perf: a filter PreFilter skipped is absent from every node\'s verdicts', (t) => {
  const p = profile({
    preFilter: [{ name: 'B', preFilter: () => ({ status: { code: 'Skip', reasons: [] } }) }],
    filter: [filterBy('A', () => undefined), filterBy('B', () => unresolvable('never run'))],
  });
  const out = scheduleOne({ profile: p, pod: pod(), nodes: nodes(2), startIndex: 0, pick: first });
  if (out.kind !== 'scheduled') return t.fail(out.kind);
  t.deepEqual(out.record.filter, { 'node-0': { A: SUCCESS }, 'node-1': { A: SUCCESS } });
});

test('sched-perf: a normalization that leaves a node out leaves it out of the weighted record, and a reordered one is matched by name', (t) => {
  const dropping: ScorePlugin = {
    name: 'D',
    score: (_s, _p, n) => ({ score: nameOf(n) === 'node-0' ? 5 : 7, status: SUCCESS }),
    normalize: (_s, _p, scores: readonly NodeScore[]) => scores.filter((s) => s.name !== 'node-1').reverse(),
  };
  const p = profile({ score: [{ plugin: dropping, weight: 3 }, { plugin: scoreBy('S', { 'node-1': 1 }), weight: 1 }] });
  const feasible = nodes(3);
  const scored = scoreNodes(p, new Map(), pod(), feasible);
  if ('error' in scored) return t.fail(scored.error);
  t.deepEqual(scored.raw, { 'node-0': { D: 5, S: 0 }, 'node-1': { D: 7, S: 1 }, 'node-2': { D: 7, S: 0 } });
  t.deepEqual(scored.perPlugin, { 'node-0': { D: 15, S: 0 }, 'node-1': { S: 1 }, 'node-2': { D: 21, S: 0 } });
  t.deepEqual(scored.total, { 'node-0': 15, 'node-1': 1, 'node-2': 21 });
});

test('sched-perf: the simulator annotations of an unschedulable attempt come from the lazily built filter record', (t) => {
  const p = profile({ preFilter: [preFilter('P', SUCCESS)], filter: [filterBy('A', () => unschedulable('Too many pods'))] });
  const out = scheduleOne({ profile: p, pod: pod(), nodes: nodes(2), startIndex: 0, pick: first });
  if (out.kind !== 'unschedulable') return t.fail(out.kind);
  const a = resultAnnotations(out.record);
  t.is(a['kube-scheduler-simulator.sigs.k8s.io/filter-result'], JSON.stringify({ 'node-0': { A: 'Too many pods' }, 'node-1': { A: 'Too many pods' } }));
  t.is(a['kube-scheduler-simulator.sigs.k8s.io/score-result'], '{}');
});
