import test from 'ava';
import fc from 'fast-check';
import { buildNodeInfo } from '../../../../actors/kube-scheduler/framework/nodeinfo.ts';
import { createBalancedAllocation } from '../../../../actors/kube-scheduler/plugins/noderesources/balanced.ts';
import { createFit } from '../../../../actors/kube-scheduler/plugins/noderesources/fit.ts';
import { leastRequestedScore, mostRequestedScore, type ScoringStrategy } from '../../../../actors/kube-scheduler/plugins/noderesources/scorers.ts';
import { node, podWith } from './fixtures.ts';

test('property: for one resource within capacity, least + most allocated scores sum to 99 or 100', (t) => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 2 ** 40 }), fc.double({ min: 0, max: 1, noNaN: true }), (capacity, f) => {
      const requested = Math.floor(capacity * f);
      const total = leastRequestedScore(requested, capacity) + mostRequestedScore(requested, capacity);
      return total === 99 || total === 100;
    }),
  );
  t.pass();
});

const amount = fc.integer({ min: 0, max: 64_000 });
const strategy: fc.Arbitrary<ScoringStrategy> = fc.oneof(
  fc.constant<ScoringStrategy>({ type: 'LeastAllocated' }),
  fc.constant<ScoringStrategy>({ type: 'MostAllocated' }),
  fc
    .uniqueArray(fc.integer({ min: 0, max: 100 }), { minLength: 1, maxLength: 5 })
    .chain((us) => fc.tuple(fc.constant(us.sort((a, b) => a - b)), fc.array(fc.integer({ min: 0, max: 10 }), { minLength: us.length, maxLength: us.length })))
    .map(([us, ss]): ScoringStrategy => ({ type: 'RequestedToCapacityRatio', shape: us.map((utilization, i) => ({ utilization, score: ss[i]! })) })),
);

test('property: every strategy and balanced allocation score within [0, 100] and are deterministic', (t) => {
  fc.assert(
    fc.property(strategy, amount, amount, amount, amount, fc.array(fc.tuple(amount, amount), { maxLength: 4 }), (s, allocCpu, allocMem, cpu, mem, others) => {
      const info = buildNodeInfo(
        node('n', { cpu: `${allocCpu}m`, memory: allocMem, pods: 110 }),
        others.map(([c, m]) => podWith({ cpu: `${c}m`, memory: m })),
      );
      const p = podWith({ cpu: `${cpu}m`, memory: mem });
      for (const plugin of [createFit({ scoringStrategy: s }), createBalancedAllocation()]) {
        const state = new Map<string, unknown>();
        plugin.preScore(state, p, [info]);
        const a = plugin.score(state, p, info).score;
        const b = plugin.score(new Map(), p, info).score;
        if (!(Number.isInteger(a) && a >= 0 && a <= 100 && a === b)) return false;
      }
      return true;
    }),
    { numRuns: 300 },
  );
  t.pass();
});

test('property: filter passes exactly when every requested amount fits the node\'s free amount', (t) => {
  fc.assert(
    fc.property(amount, amount, amount, amount, amount, amount, (allocCpu, allocMem, usedCpu, usedMem, cpu, mem) => {
      const info = buildNodeInfo(node('n', { cpu: `${allocCpu}m`, memory: allocMem, pods: 110 }), [podWith({ cpu: `${usedCpu}m`, memory: usedMem })]);
      const p = podWith({ cpu: `${cpu}m`, memory: mem });
      const fit = createFit();
      const state = new Map<string, unknown>();
      fit.preFilter(state, p, [info]);
      const want: string[] = [];
      if (cpu > 0 && cpu > allocCpu - usedCpu) want.push('Insufficient cpu');
      if (mem > 0 && mem > allocMem - usedMem) want.push('Insufficient memory');
      const got = fit.filter(state, p, info).reasons;
      return JSON.stringify(got) === JSON.stringify(want);
    }),
    { numRuns: 300 },
  );
  t.pass();
});
