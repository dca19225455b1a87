// Properties over random recommendation sequences: the replicas written always lie within
// [minReplicas, maxReplicas] (once the target is inside them), and a scale-up never adds more than
// a Pods policy allows within its period (net of scale-downs in that period). Checked on the pure
// normalization with the scale events recorded as the written hook records them, and end to end
// through the loop with random cpu usage.

import test from 'ava';
import fc from 'fast-check';
import { emptyHPAMemory, storeScaleEvent } from '../../../../actors/kube-controller-manager/podautoscaler/memory.ts';
import { type Behavior, longestPeriodS, normalizeLegacy, normalizeWithBehavior, scaleDownRules, scaleUpRules } from '../../../../actors/kube-controller-manager/podautoscaler/normalize.ts';
import { deployment, followReplicas, hpa, hpaLoop, replicasOf, ScriptedMetrics } from './fixtures.ts';

const policy = fc.record({ type: fc.constantFrom('Pods' as const, 'Percent' as const), value: fc.integer({ min: 1, max: 200 }), periodSeconds: fc.integer({ min: 1, max: 8 }).map((n) => n * 15) });
const scaleUpPods = fc.record({ type: fc.constant('Pods' as const), value: fc.integer({ min: 1, max: 6 }), periodSeconds: fc.integer({ min: 1, max: 8 }).map((n) => n * 15) });

const arbitraryCase = fc.record({
  min: fc.integer({ min: 1, max: 5 }),
  span: fc.integer({ min: 0, max: 20 }),
  start: fc.integer({ min: 0, max: 20 }),
  up: scaleUpPods,
  upWindow: fc.integer({ min: 0, max: 4 }).map((n) => n * 15),
  down: fc.record({
    selectPolicy: fc.constantFrom('Max' as const, 'Min' as const, 'Disabled' as const),
    stabilizationWindowSeconds: fc.integer({ min: 0, max: 20 }).map((n) => n * 15),
    policies: fc.array(policy, { minLength: 1, maxLength: 3 }),
  }),
  desired: fc.array(fc.integer({ min: 0, max: 60 }), { minLength: 1, maxLength: 40 }),
});

test('hpa property: with behavior, replicas stay within [min, max] and a Pods policy bounds each period', (t) => {
  fc.assert(
    fc.property(arbitraryCase, (c) => {
      const min = c.min;
      const max = c.min + c.span;
      const behavior: Behavior = { scaleUp: { selectPolicy: 'Max', stabilizationWindowSeconds: c.upWindow, policies: [c.up] }, scaleDown: c.down };
      const m = emptyHPAMemory();
      let current = min + (c.start % (c.span + 1));
      const changes: { at: number; delta: number }[] = [];
      for (const [i, desired] of c.desired.entries()) {
        const now = i * 15_000;
        const n = normalizeWithBehavior(m, 'k', now, current, desired, min, max, behavior);
        if (n.replicas < min || n.replicas > max) return false;
        if (n.replicas !== current) {
          const rules = n.replicas > current ? scaleUpRules(behavior) : scaleDownRules(behavior);
          storeScaleEvent(m, 'k', { from: current, to: n.replicas, at: now, longestPeriodS: longestPeriodS(rules) });
          changes.push({ at: now, delta: n.replicas - current });
        }
        if (n.replicas > current) {
          const net = changes.filter((e) => e.at > now - c.up.periodSeconds * 1000).reduce((s, e) => s + e.delta, 0);
          if (net > c.up.value) return false;
        }
        current = n.replicas;
      }
      return true;
    }),
    { numRuns: 300 },
  );
  t.pass();
});

test('hpa property: without behavior, replicas stay within [min, max] and a scale-up is at most max(2 x current, 4)', (t) => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 0, max: 30 }), fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 1, maxLength: 40 }), (min, span, desired) => {
      const max = min + span;
      const m = emptyHPAMemory();
      let current = min;
      for (const [i, d] of desired.entries()) {
        const n = normalizeLegacy(m, 'k', i * 15_000, current, d, min, max);
        if (n.replicas < min || n.replicas > max) return false;
        if (n.replicas > Math.max(2 * current, 4)) return false;
        current = n.replicas;
      }
      return true;
    }),
    { numRuns: 300 },
  );
  t.pass();
});

test('hpa property: end to end, the Deployment stays within [min, max] and scale-ups keep to the policy', (t) => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 3 }),
      fc.integer({ min: 2, max: 8 }),
      fc.integer({ min: 1, max: 3 }),
      fc.array(fc.integer({ min: 1, max: 400 }), { minLength: 4, maxLength: 10 }),
      (min, span, podsPerMinute, usage) => {
        const metrics = new ScriptedMetrics();
        const loop = hpaLoop(metrics);
        loop.create(deployment('web', min));
        followReplicas(loop, 'web');
        const max = min + span;
        loop.create(hpa('web', 'web', { minReplicas: min, maxReplicas: max, behavior: { scaleUp: { policies: [{ type: 'Pods', value: podsPerMinute, periodSeconds: 60 }] }, scaleDown: { stabilizationWindowSeconds: 30 } } }));
        const history: { at: number; replicas: number }[] = [{ at: -Infinity, replicas: min }];
        for (const u of usage) {
          metrics.usage['*'] = `${u}m`;
          loop.step();
          followReplicas(loop, 'web');
          const r = replicasOf(loop, 'web');
          if (r < min || r > max) return false;
          const prev = history[history.length - 1]!.replicas;
          history.push({ at: loop.now, replicas: r });
          if (r > prev) {
            // The replicas just before the 60 s period began, against those now.
            const before = [...history].reverse().find((h) => h.at <= loop.now - 60_000)?.replicas ?? min;
            if (r - before > podsPerMinute) return false;
          }
          loop.advance(15_000);
        }
        return true;
      },
    ),
    { numRuns: 6 },
  );
  t.pass();
});
