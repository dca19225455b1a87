// FailedScheduling wording (framework FitError.Error and DefaultPreemption's PostFilter message)
// and the simulator-style annotations.

import test from 'ava';
import {
  failedSchedulingMessage, fitErrorMessage, preemptionMessage, reasonsHistogram, resultAnnotations, RESULT_ANNOTATIONS,
} from '../../../../actors/kube-scheduler/framework/explain.ts';
import { scheduleOne, type Diagnosis } from '../../../../actors/kube-scheduler/framework/runner.ts';
import type { PluginStatus } from '../../../../actors/kube-scheduler/framework/types.ts';
import { filterBy, nameOf, nodes, pod, scoreBy, unresolvable, unschedulable } from './fakes.ts';

const TAINT = 'node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }';
const diag = (statuses: Record<string, PluginStatus>, extra: Partial<Diagnosis> = {}): Diagnosis => ({
  nodeToStatus: statuses, unschedulablePlugins: [], numAllNodes: Object.keys(statuses).length, ...extra,
});

test('the FailedScheduling message for Insufficient cpu and a control-plane taint', (t) => {
  const d = diag({
    a: unschedulable('Insufficient cpu'), b: unschedulable('Insufficient cpu'),
    c: unresolvable(TAINT), d: unresolvable(TAINT), e: unresolvable(TAINT),
  });
  t.is(fitErrorMessage(d, 'preemption: 0/5 nodes are available: 5 Preemption is not helpful for scheduling.'),
    `0/5 nodes are available: 2 Insufficient cpu, 3 ${TAINT}. preemption: 0/5 nodes are available: 5 Preemption is not helpful for scheduling.`);
});

test('reasons are counted per node and sorted as strings, count first', (t) => {
  // A node with two reasons counts once for each; "10 x" sorts before "2 y" as Go's sort.Strings does.
  const statuses: Record<string, PluginStatus> = { n0: unschedulable('Insufficient cpu', 'Insufficient memory') };
  for (let i = 1; i <= 10; i++) statuses[`m${i}`] = unschedulable('Too many pods');
  t.deepEqual(reasonsHistogram(statuses), ['1 Insufficient cpu', '1 Insufficient memory', '10 Too many pods']);
});

test('schedule_one_test: three nodes failing node affinity', (t) => {
  const r = "node(s) didn't match Pod's node affinity/selector";
  t.is(fitErrorMessage(diag({ a: unresolvable(r), b: unresolvable(r), c: unresolvable(r) })), `0/3 nodes are available: 3 ${r}.`);
});

test('a PreFilter message replaces the per-node reasons', (t) => {
  const s = unresolvable('pod has unbound immediate PersistentVolumeClaims');
  const d = diag({ a: s, b: s }, { preFilterMsg: 'pod has unbound immediate PersistentVolumeClaims' });
  t.is(fitErrorMessage(d), '0/2 nodes are available: pod has unbound immediate PersistentVolumeClaims.');
  t.is(failedSchedulingMessage(d),
    '0/2 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.');
});

test('preemption: resolvable rejections have no victims, unresolvable ones are not helped', (t) => {
  const d = diag({ a: unschedulable('Insufficient cpu'), b: unschedulable('Insufficient cpu'), c: unresolvable('node(s) had untolerated taint {x: }') });
  t.is(preemptionMessage(d), 'preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.');
  t.is(failedSchedulingMessage(d),
    '0/3 nodes are available: 1 node(s) had untolerated taint {x: }, 2 Insufficient cpu. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.');
});

test('preemption ineligibility variants', (t) => {
  const d = diag({ a: unschedulable('Insufficient cpu') });
  t.is(failedSchedulingMessage(d, 'preemptionPolicy=Never'), '0/1 nodes are available: 1 Insufficient cpu. preemption: not eligible due to preemptionPolicy=Never.');
  t.is(preemptionMessage(d, 'terminating pod on nominated node'), 'preemption: not eligible due to a terminating pod on the nominated node.');
});

test('a runner diagnosis explains itself', (t) => {
  const p = { preFilter: [], preScore: [], score: [], filter: [filterBy('NodeResourcesFit', (n) => (nameOf(n) === 'node-0' ? unschedulable('Insufficient memory') : unresolvable(TAINT)))] };
  const out = scheduleOne({ profile: p, pod: pod(), nodes: nodes(3), startIndex: 0, pick: () => 0 });
  if (out.kind !== 'unschedulable') return t.fail(out.kind);
  t.is(fitErrorMessage(out.diagnosis), `0/3 nodes are available: 1 Insufficient memory, 2 ${TAINT}.`);
});

test('simulator annotations: filter verdicts per node and plugin, raw and final scores, selected node', (t) => {
  const p = {
    preFilter: [], preScore: [],
    filter: [filterBy('TaintToleration', (n) => (nameOf(n) === 'node-0' ? unresolvable(TAINT) : undefined))],
    score: [{ plugin: scoreBy('ImageLocality', { 'node-1': 30, 'node-2': 60 }), weight: 2 }],
  };
  const out = scheduleOne({ profile: p, pod: pod(), nodes: nodes(3), startIndex: 0, pick: () => 0 });
  if (out.kind !== 'scheduled') return t.fail(out.kind);
  const a = resultAnnotations(out.record, out.node);
  t.deepEqual(JSON.parse(a[RESULT_ANNOTATIONS.filter]!), {
    'node-0': { TaintToleration: TAINT }, 'node-1': { TaintToleration: 'passed' }, 'node-2': { TaintToleration: 'passed' },
  });
  t.deepEqual(JSON.parse(a[RESULT_ANNOTATIONS.score]!), { 'node-1': { ImageLocality: '30' }, 'node-2': { ImageLocality: '60' } });
  t.deepEqual(JSON.parse(a[RESULT_ANNOTATIONS.finalScore]!), { 'node-1': { ImageLocality: '60' }, 'node-2': { ImageLocality: '120' } });
  t.is(a[RESULT_ANNOTATIONS.selectedNode], 'node-2');
});
