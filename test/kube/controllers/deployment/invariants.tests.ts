import test from 'ava';
import fc from 'fast-check';
import { resolveFenceposts } from '../../../../actors/kube-controller-manager/deployment/rollout-math.ts';
import { Rig } from './rig.ts';

const intOrPercent = fc.oneof(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 100 }).map((p) => `${p}%`));

test('deployment property: every round of a rollout keeps pods <= replicas + maxSurge and available >= replicas - maxUnavailable', (t) => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 10 }),
      intOrPercent,
      intOrPercent,
      fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 8 }),
      fc.option(fc.integer({ min: 1, max: 8 }), { nil: undefined }),
      (replicas, maxSurge, maxUnavailable, schedule, rolloverAt) => {
        // Validation refuses both at zero.
        const zero = (v: number | string) => v === 0 || v === '0%';
        fc.pre(!(zero(maxSurge) && zero(maxUnavailable)));
        const [surge, unavailable] = resolveFenceposts(maxSurge, maxUnavailable, replicas);
        const rig = new Rig().create({ replicas, maxSurge, maxUnavailable });
        rig.settle();
        let tick = 0;
        rig.grow = () => schedule[tick++ % schedule.length]!;
        rig.setImage('nginx:1.16.1');
        for (let round = 1; round <= 30; round++) {
          if (round === rolloverAt) rig.setImage('nginx:1.17.0');
          rig.round();
          const rss = rig.replicaSets();
          const pods = rss.reduce((n, rs) => n + rs.spec!.replicas!, 0);
          const available = rss.reduce((n, rs) => n + (rs.status?.availableReplicas ?? 0), 0);
          if (pods > replicas + surge) return false;
          if (available < replicas - Math.min(unavailable, replicas)) return false;
        }
        rig.grow = () => Infinity;
        rig.settle();
        const sizes = rig.sizes();
        const target = rolloverAt === undefined || rolloverAt > 30 ? 'nginx:1.16.1' : 'nginx:1.17.0';
        return Object.entries(sizes).every(([image, n]) => n === (image === target ? replicas : 0));
      },
    ),
    { numRuns: 25, seed: 11 },
  );
  t.pass();
});
