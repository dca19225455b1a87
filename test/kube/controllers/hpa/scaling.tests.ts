import test from 'ava';
import { conditionOf, deployment, followReplicas, hpa, hpaLoop, hpaOf, replicasOf, run, ScriptedMetrics } from './fixtures.ts';

function setup(replicas: number, cpu: string, spec: Record<string, unknown> = {}) {
  const metrics = new ScriptedMetrics();
  metrics.usage['*'] = cpu;
  const loop = hpaLoop(metrics);
  loop.create(deployment('web', replicas));
  followReplicas(loop, 'web');
  loop.create(hpa('web', 'web', spec));
  return { loop, metrics };
}

test('hpa: high cpu scales up, limited to max(2 x current, 4) without behavior', (t) => {
  const { loop } = setup(2, '200m');
  const r = loop.step();
  t.is(replicasOf(loop, 'web'), 4);
  t.deepEqual(
    r.events.filter((e) => e.reason === 'SuccessfulRescale').map((e) => e.message),
    ['New size: 4; reason: cpu resource utilization (percentage of request) above target'],
  );
  const status = hpaOf(loop, 'web').status!;
  t.is(status.currentReplicas, 2);
  t.is(status.desiredReplicas, 4);
  t.truthy(status.lastScaleTime);
  t.deepEqual(status.currentMetrics, [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 200, averageValue: '200m' } } }]);
  t.like(conditionOf(loop, 'web', 'ScalingLimited'), { status: 'True', reason: 'ScaleUpLimit', message: 'the desired replica count is increasing faster than the maximum scale rate' });
  t.like(conditionOf(loop, 'web', 'ScalingActive'), { status: 'True', reason: 'ValidMetricFound', message: 'the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)' });
  t.like(conditionOf(loop, 'web', 'AbleToScale'), { status: 'True', reason: 'SucceededRescale', message: 'the HPA controller was able to update the target scale to 4' });
  t.deepEqual(hpaOf(loop, 'web').status!.conditions!.map((c) => c.type), ['AbleToScale', 'ScalingActive', 'ScalingLimited']);
});

test('hpa: the next sync comes 15 s later and goes on to the full recommendation', (t) => {
  const { loop } = setup(2, '200m');
  t.deepEqual(run(loop, 'web', 3), [4, 8, 10]);
  t.like(conditionOf(loop, 'web', 'ScalingLimited'), { status: 'True', reason: 'TooManyReplicas' });
  t.is(loop.rounds[0]!.requeueAfter, 15_000);
});

test('hpa: within the 0.1 tolerance nothing is written to the target', (t) => {
  const { loop } = setup(3, '54m');
  const r = loop.step();
  t.is(replicasOf(loop, 'web'), 3);
  t.false(r.writes.some((w) => w.target.subresource === 'scale'));
  t.is(hpaOf(loop, 'web').status!.desiredReplicas, 3);
  t.like(conditionOf(loop, 'web', 'AbleToScale'), { status: 'True', reason: 'ReadyForNewScale', message: 'recommended size matches current size' });
  t.like(conditionOf(loop, 'web', 'ScalingLimited'), { status: 'False', reason: 'DesiredWithinRange', message: 'the desired count is within the acceptable range' });
  // An unchanged status is not written again.
  loop.advance(15_000);
  t.deepEqual(loop.step().writes, []);
});

test('hpa: scale-down waits for the 5 minute stabilization window', (t) => {
  const { loop } = setup(4, '10m');
  const sizes = run(loop, 'web', 22);
  // Syncs at 0..300 s keep the first sync's recommendation of 4 in the window; the sync at 315 s drops it.
  t.deepEqual(sizes.slice(0, 21), Array(21).fill(4));
  t.is(sizes[21], 1);
  t.like(conditionOf(loop, 'web', 'ScalingLimited'), { status: 'False' });
  const msgs = loop.rounds.flatMap((r) => r.events).filter((e) => e.reason === 'SuccessfulRescale').map((e) => e.message);
  t.deepEqual(msgs, ['New size: 1; reason: All metrics below target']);
});

test('hpa: while stabilizing, AbleToScale says ScaleDownStabilized', (t) => {
  const { loop } = setup(4, '10m');
  run(loop, 'web', 2);
  t.like(conditionOf(loop, 'web', 'AbleToScale'), {
    status: 'True',
    reason: 'ScaleDownStabilized',
    message: 'recent recommendations were higher than current one, applying the highest recent recommendation',
  });
});

test('hpa: a Pods policy limits each period of scale-up', (t) => {
  const { loop } = setup(1, '500m', { behavior: { scaleUp: { policies: [{ type: 'Pods', value: 1, periodSeconds: 60 }] } } });
  // +1 at 0 s, then nothing until the event leaves the 60 s period (at 60 s), and so on.
  t.deepEqual(run(loop, 'web', 10), [2, 2, 2, 2, 3, 3, 3, 3, 4, 4]);
  t.like(conditionOf(loop, 'web', 'ScalingLimited'), { status: 'True', reason: 'ScaleUpLimit' });
});

test('hpa: the default behavior scales up by 100% or 4 pods per 15 s, whichever is more', (t) => {
  const { loop } = setup(1, '1', { behavior: { scaleDown: { stabilizationWindowSeconds: 0 } } });
  t.deepEqual(run(loop, 'web', 4), [5, 10, 10, 10]);
});

test('hpa: selectPolicy Min takes the smaller of the policies', (t) => {
  const { loop } = setup(4, '1', { maxReplicas: 50, behavior: { scaleUp: { selectPolicy: 'Min', policies: [{ type: 'Pods', value: 2, periodSeconds: 15 }, { type: 'Percent', value: 100, periodSeconds: 15 }] } } });
  t.deepEqual(run(loop, 'web', 3), [6, 8, 10]);
});

test('hpa: selectPolicy Disabled never scales that way', (t) => {
  const { loop } = setup(3, '10m', { behavior: { scaleDown: { selectPolicy: 'Disabled', stabilizationWindowSeconds: 0 } } });
  t.deepEqual(run(loop, 'web', 3), [3, 3, 3]);
  t.like(conditionOf(loop, 'web', 'ScalingLimited'), { status: 'True', reason: 'ScaleDownLimit' });
});

test('hpa: a Percent scale-down policy limits the step', (t) => {
  const { loop } = setup(8, '10m', { behavior: { scaleDown: { stabilizationWindowSeconds: 0, policies: [{ type: 'Percent', value: 50, periodSeconds: 30 }] } } });
  t.deepEqual(run(loop, 'web', 5), [4, 4, 2, 2, 1]);
});
