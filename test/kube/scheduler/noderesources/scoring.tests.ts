// Score tables. The "differently sized nodes" rows are Kubernetes' least/most_allocated and
// balanced_allocation test cases (pod 3000m/5000 on nodes 4000m/10000 and 6000m/10000); the
// others follow the published formulas by hand, each exercising one rule (capping, weights,
// skipped resources, Go's truncation and rounding).
import test from 'ava';
import { buildNodeInfo } from '../../../../actors/kube-scheduler/framework/nodeinfo.ts';
import type { Pod } from '../../../../protocols/kube/objects.ts';
import { createFit } from '../../../../actors/kube-scheduler/plugins/noderesources/fit.ts';
import { createBalancedAllocation } from '../../../../actors/kube-scheduler/plugins/noderesources/balanced.ts';
import { brokenLinear, type ScoringStrategy } from '../../../../actors/kube-scheduler/plugins/noderesources/scorers.ts';
import { node, podWith } from './fixtures.ts';

const CPU_AND_MEMORY = podWith({ cpu: '1000m', memory: 2000 }, { cpu: '2000m', memory: 3000 });
const N1 = { cpu: '4000m', memory: 10000 };
const N2 = { cpu: '6000m', memory: 10000 };

function fitScore(strategy: ScoringStrategy | undefined, pod: Pod, alloc: Record<string, string | number>, existing: Pod[] = []): number {
  const fit = createFit(strategy ? { scoringStrategy: strategy } : {});
  const state = new Map<string, unknown>();
  const info = buildNodeInfo(node('n', alloc), existing);
  fit.preScore(state, pod, [info]);
  return fit.score(state, pod, info).score;
}
function balancedScore(pod: Pod, alloc: Record<string, string | number>, existing: Pod[] = [], resources?: { name: string; weight: number }[]) {
  const ba = createBalancedAllocation(resources ? { resources } : {});
  const state = new Map<string, unknown>();
  const info = buildNodeInfo(node('n', alloc), existing);
  ba.preScore(state, pod, [info]);
  return ba.score(state, pod, info).score;
}

test('least allocated: nothing scheduled, resources requested, differently sized nodes (37, 50); default strategy', (t) => {
  t.is(fitScore(undefined, CPU_AND_MEMORY, N1), 37);
  t.is(fitScore(undefined, CPU_AND_MEMORY, N2), 50);
  t.is(fitScore({ type: 'LeastAllocated' }, CPU_AND_MEMORY, N1), 37);
});

test('most allocated: nothing scheduled, resources requested, differently sized nodes (62, 50)', (t) => {
  t.is(fitScore({ type: 'MostAllocated' }, CPU_AND_MEMORY, N1), 62);
  t.is(fitScore({ type: 'MostAllocated' }, CPU_AND_MEMORY, N2), 50);
});

test('requests above capacity: least scores that resource 0, most caps it at 100', (t) => {
  const big = podWith({ cpu: '5000m', memory: 5000 });
  t.is(fitScore(undefined, big, N1), 25);
  t.is(fitScore({ type: 'MostAllocated' }, big, N1), 75);
});

test('scoring uses non-zero requests: a pod without requests counts 100m and 200Mi', (t) => {
  // cpu (4000-100)*100/4000 = 97, memory (1024Mi-200Mi)*100/1024Mi = 80 → 88.
  t.is(fitScore(undefined, podWith({}), { cpu: '4', memory: '1Gi' }), 88);
  // Existing best-effort pods count too: two of them → cpu 300m, memory 600Mi → 92 and 41 → 66.
  t.is(fitScore(undefined, podWith({}), { cpu: '4', memory: '1Gi' }, [podWith({}), podWith({})]), 66);
});

test('weights: memory weight 3 against cpu weight 1', (t) => {
  const resources = [
    { name: 'cpu', weight: 1 },
    { name: 'memory', weight: 3 },
  ];
  t.is(fitScore({ type: 'LeastAllocated', resources }, CPU_AND_MEMORY, N1), Math.trunc((25 + 50 * 3) / 4));
});

test('extended resources score only when the pod requests them and the node has them', (t) => {
  const resources = [
    { name: 'cpu', weight: 1 },
    { name: 'intel.com/foo', weight: 3 },
  ];
  const alloc = { ...N1, 'intel.com/foo': 4 };
  const existing = [podWith({ 'intel.com/foo': 1 })];
  const wants = podWith({ cpu: '3000m', 'intel.com/foo': 1 });
  // cpu (4000-3000-... ) the existing pod adds its 100m default: (4000-3100)*100/4000 = 22; foo (4-2)*100/4 = 50.
  t.is(fitScore({ type: 'LeastAllocated', resources }, wants, alloc, existing), Math.trunc((22 + 150) / 4));
  t.is(fitScore({ type: 'LeastAllocated', resources }, podWith({ cpu: '3000m' }), alloc, existing), 22);
  t.is(fitScore({ type: 'LeastAllocated', resources }, wants, N1, existing), 22);
});

test('requested to capacity ratio: bin-packing shape rounds the average half away from zero', (t) => {
  const shape = [
    { utilization: 0, score: 0 },
    { utilization: 100, score: 10 },
  ];
  t.is(fitScore({ type: 'RequestedToCapacityRatio', shape }, CPU_AND_MEMORY, N1), 63);
  const spread = [
    { utilization: 0, score: 10 },
    { utilization: 100, score: 0 },
  ];
  t.is(fitScore({ type: 'RequestedToCapacityRatio', shape: spread }, CPU_AND_MEMORY, N1), 38);
  // A resource scoring 0 (memory over capacity under the spreading shape) drops out of the average.
  t.is(fitScore({ type: 'RequestedToCapacityRatio', shape: spread }, podWith({ cpu: '1000m', memory: 20000 }), N1), 75);
});

test('broken linear function: flat outside the points, Go integer division between them', (t) => {
  const f = brokenLinear([
    { utilization: 10, score: 1 },
    { utilization: 90, score: 9 },
  ]);
  t.deepEqual([0, 10, 15, 20, 40, 50, 80, 90, 95, 100].map(f), [1, 1, 1, 2, 4, 5, 8, 9, 9, 9]);
  // Negative slopes truncate toward zero: 100 + trunc(-1000/30) = 67, not 66.
  const down = brokenLinear([
    { utilization: 0, score: 100 },
    { utilization: 30, score: 0 },
  ]);
  t.is(down(10), 67);
});

test('balanced allocation: nothing scheduled, resources requested, differently sized nodes (87, 100)', (t) => {
  t.is(balancedScore(CPU_AND_MEMORY, N1), 87);
  t.is(balancedScore(CPU_AND_MEMORY, N2), 100);
});

test('balanced allocation reads plain requests: best-effort pods count nothing', (t) => {
  t.is(balancedScore(podWith({}), N1, [podWith({}), podWith({})]), 100);
  // An existing 1000m/5000 pod: fractions 1000/4000 and 5000/10000 → std 0.125 → 87.
  t.is(balancedScore(podWith({}), N1, [podWith({ cpu: '1000m', memory: 5000 })]), 87);
});

test('balanced allocation: three resources use the full standard deviation; fractions cap at 1', (t) => {
  const resources = [
    { name: 'cpu', weight: 1 },
    { name: 'memory', weight: 1 },
    { name: 'ephemeral-storage', weight: 1 },
  ];
  // Fractions 0.75, 0.5, 1 → std √(0.125/3) ≈ 0.204 → 79.
  t.is(balancedScore(podWith({ cpu: '3000m', memory: 5000, 'ephemeral-storage': 1000 }), { ...N1, 'ephemeral-storage': 1000 }, [], resources), 79);
  // Over-capacity cpu caps at 1: fractions 1 and 0.5 → 75.
  t.is(balancedScore(podWith({ cpu: '9000m', memory: 5000 }), N1), 75);
});
