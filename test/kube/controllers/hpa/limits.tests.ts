import test from 'ava';
import type { KubeObject } from '../../../../protocols/kube/objects.ts';
import { updateCall } from '../../../../actors/client/index.ts';
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

test('hpa limits: maxReplicas clamps a scale-up with ScalingLimited TooManyReplicas', (t) => {
  const { loop } = setup(2, '500m', { maxReplicas: 3 });
  loop.step();
  t.is(replicasOf(loop, 'web'), 3);
  t.like(conditionOf(loop, 'web', 'ScalingLimited'), { status: 'True', reason: 'TooManyReplicas', message: 'the desired replica count is more than the maximum replica count' });
});

test('hpa limits: minReplicas clamps a scale-down with ScalingLimited TooFewReplicas', (t) => {
  const { loop } = setup(4, '1m', { minReplicas: 2, behavior: { scaleDown: { stabilizationWindowSeconds: 0 } } });
  loop.step();
  t.is(replicasOf(loop, 'web'), 2);
  t.like(conditionOf(loop, 'web', 'ScalingLimited'), { status: 'True', reason: 'TooFewReplicas', message: 'the desired replica count is less than the minimum replica count' });
  t.is(hpaOf(loop, 'web').status!.desiredReplicas, 2);
});

test('hpa limits: a target above maxReplicas is brought down at once, whatever the metrics', (t) => {
  const { loop, metrics } = setup(12, '500m', { maxReplicas: 10 });
  metrics.off = true;
  const r = loop.step();
  t.is(replicasOf(loop, 'web'), 10);
  t.deepEqual(r.events.filter((e) => e.reason === 'SuccessfulRescale').map((e) => e.message), ['New size: 10; reason: Current number of replicas above Spec.MaxReplicas']);
  t.is(hpaOf(loop, 'web').status!.currentMetrics, undefined);
});

test('hpa limits: a target below minReplicas is brought up at once', (t) => {
  const { loop } = setup(1, '1m', { minReplicas: 3 });
  const r = loop.step();
  t.is(replicasOf(loop, 'web'), 3);
  t.deepEqual(r.events.filter((e) => e.reason === 'SuccessfulRescale').map((e) => e.message), ['New size: 3; reason: Current number of replicas below Spec.MinReplicas']);
});

test('hpa limits: a target at zero replicas disables scaling', (t) => {
  const { loop } = setup(0, '500m');
  const r = loop.step();
  t.is(replicasOf(loop, 'web'), 0);
  t.false(r.writes.some((w) => w.target.subresource === 'scale'));
  t.like(conditionOf(loop, 'web', 'ScalingActive'), { status: 'False', reason: 'ScalingDisabled', message: 'scaling is disabled since the replica count of the target is zero' });
});

test('hpa limits: the scale write carries the target resourceVersion, and a stale one fails and is retried', (t) => {
  const { loop } = setup(2, '200m');
  const listers = loop.listers();
  const dep = loop.get('deploy', 'web')!;
  // The target changes after the HPA's caches were read: the rescale built on them must fail.
  const reconcile = loop.spec.reconcile;
  const r = reconcile('default/web', listers, loop.now, loop.memory);
  loop.apply(updateCall({ ...dep, metadata: { ...dep.metadata, labels: { touched: 'yes' } } } as KubeObject));
  const scaleWrite = r.writes.find((w) => w.target.subresource === 'scale')!;
  t.is(((scaleWrite as { body: KubeObject }).body).metadata.resourceVersion, dep.metadata.resourceVersion);
  const res = loop.registry.run(scaleWrite);
  t.false(res.ok);
  loop.spec.written!('default/web', scaleWrite, res, loop.memory);
  t.deepEqual(loop.memory.scaleUpEvents, {});
  t.is(replicasOf(loop, 'web'), 2);
});

test('hpa limits: scale events are recorded only for accepted writes, and only with spec.behavior', (t) => {
  const withBehavior = setup(2, '200m', { behavior: { scaleUp: { policies: [{ type: 'Pods', value: 1, periodSeconds: 60 }] } } });
  run(withBehavior.loop, 'web', 1);
  t.deepEqual(withBehavior.loop.memory.scaleUpEvents['default/web']!.map((e) => e.change), [1]);
  const legacy = setup(2, '200m');
  run(legacy.loop, 'web', 1);
  t.deepEqual(legacy.loop.memory.scaleUpEvents, {});
});

test('hpa limits: old scale events are outdated and their slots reused', (t) => {
  const { loop } = setup(1, '500m', { behavior: { scaleUp: { policies: [{ type: 'Pods', value: 1, periodSeconds: 15 }] } } });
  run(loop, 'web', 6);
  // Each 15 s sync adds one pod; events older than the 15 s period are replaced, so the list stays short.
  t.is(replicasOf(loop, 'web'), 7);
  t.true(loop.memory.scaleUpEvents['default/web']!.length <= 2);
});

test('hpa limits: deleting the HPA forgets its history', (t) => {
  const { loop } = setup(2, '200m');
  loop.step();
  t.truthy(loop.memory.recommendations['default/web']);
  loop.apply({ verb: 'delete', target: { group: 'autoscaling', version: 'v2', resource: 'horizontalpodautoscalers', namespace: 'default', name: 'web' } });
  loop.step();
  t.is(loop.memory.recommendations['default/web'], undefined);
});

test('hpa limits: a controller restart forgets recommendations, so scale-down waits a whole window again', (t) => {
  const { loop } = setup(4, '10m');
  run(loop, 'web', 4);
  loop.restart();
  const sizes = run(loop, 'web', 22);
  t.deepEqual(sizes.slice(0, 21), Array(21).fill(4));
  t.is(sizes[21], 1);
});
