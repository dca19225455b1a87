import test from 'ava';
import type { KubeObject } from '../../../../protocols/kube/objects.ts';
import { conditionOf, deployment, followReplicas, hpa, hpaLoop, hpaOf, replicasOf, ScriptedMetrics } from './fixtures.ts';

const API_MISSING = 'unable to fetch metrics from resource metrics API: the server could not find the requested resource (get pods.metrics.k8s.io)';

test('hpa metrics: without a metrics source ScalingActive is False with FailedGetResourceMetric', (t) => {
  const loop = hpaLoop(null);
  loop.create(deployment('web', 2));
  followReplicas(loop, 'web');
  loop.create(hpa('web', 'web'));
  const r = loop.step();
  t.is(replicasOf(loop, 'web'), 2);
  const inner = `failed to get cpu utilization: unable to get metrics for resource cpu: ${API_MISSING}`;
  t.like(conditionOf(loop, 'web', 'ScalingActive'), { status: 'False', reason: 'FailedGetResourceMetric', message: `the HPA was unable to compute the replica count: ${inner}` });
  t.like(conditionOf(loop, 'web', 'AbleToScale'), { status: 'True', reason: 'SucceededGetScale', message: "the HPA controller was able to get the target's current scale" });
  t.deepEqual(
    r.events.map((e) => [e.type, e.reason, e.message]),
    [
      ['Warning', 'FailedGetResourceMetric', inner],
      ['Warning', 'FailedComputeMetricsReplicas', `invalid metrics (1 invalid out of 1), first error is: failed to get cpu resource metric value: ${inner}`],
    ],
  );
  const status = hpaOf(loop, 'web').status!;
  t.is(status.currentReplicas, 2);
  t.deepEqual(status.currentMetrics, [{ type: '' }]);
});

function setup(replicas: number, cpu: string) {
  const metrics = new ScriptedMetrics();
  metrics.usage['*'] = cpu;
  const loop = hpaLoop(metrics);
  loop.create(deployment('web', replicas));
  followReplicas(loop, 'web');
  loop.create(hpa('web', 'web'));
  return { loop, metrics };
}

test('hpa metrics: an empty answer says no metrics were returned', (t) => {
  const { loop, metrics } = setup(2, '100m');
  metrics.missing = new Set(['web-0', 'web-1']);
  loop.step();
  t.like(conditionOf(loop, 'web', 'ScalingActive'), {
    status: 'False',
    reason: 'FailedGetResourceMetric',
    message: 'the HPA was unable to compute the replica count: failed to get cpu utilization: unable to get metrics for resource cpu: no metrics returned from resource metrics API',
  });
});

test('hpa metrics: pods missing metrics count as idle on a scale-up, damping it', (t) => {
  // Two of four pods at 100% of request against a 50% target would double; the two silent ones bring it back to 50%.
  const { loop, metrics } = setup(4, '100m');
  metrics.missing = new Set(['web-2', 'web-3']);
  loop.step();
  t.is(replicasOf(loop, 'web'), 4);
  // What is reported is what was measured: the reporting pods' utilization.
  t.like(hpaOf(loop, 'web').status!.currentMetrics![0]!, { resource: { current: { averageUtilization: 100 } } });
});

test('hpa metrics: pods missing metrics count as fully used on a scale-down, damping it', (t) => {
  const { loop, metrics } = setup(4, '10m');
  metrics.missing = new Set(['web-2', 'web-3']);
  loop.advance(400_000);
  loop.step();
  t.is(replicasOf(loop, 'web'), 4);
});

test('hpa metrics: a missing cpu request makes the metric fail with Kubernetes message', (t) => {
  const metrics = new ScriptedMetrics();
  metrics.usage['*'] = '100m';
  const loop = hpaLoop(metrics);
  const dep = deployment('web', 2) as KubeObject & { spec: { template: { spec: { containers: { resources: unknown }[] } } } };
  dep.spec.template.spec.containers[0]!.resources = {};
  loop.create(dep);
  followReplicas(loop, 'web');
  loop.create(hpa('web', 'web'));
  loop.step();
  t.like(conditionOf(loop, 'web', 'ScalingActive'), {
    reason: 'FailedGetResourceMetric',
    message: 'the HPA was unable to compute the replica count: failed to get cpu utilization: missing request for cpu in container c of Pod web-0',
  });
});

test('hpa metrics: an AverageValue memory target uses the plain average', (t) => {
  const metrics = new ScriptedMetrics();
  const loop = hpaLoop(metrics);
  loop.create(deployment('web', 2));
  followReplicas(loop, 'web');
  // Both pods use 300Mi against a 100Mi average target: 3 x 2 = 6 pods.
  metrics.podMetrics = (ns, sel) => ScriptedMetrics.prototype.podMetrics.call(Object.assign(new ScriptedMetrics(), { loop }), ns, sel)!.map((s) => ({ ...s, containers: [{ name: 'c', usage: { memory: '300Mi' } }] }));
  loop.create(hpa('web', 'web', { metrics: [{ type: 'Resource', resource: { name: 'memory', target: { type: 'AverageValue', averageValue: '100Mi' } } }] }));
  loop.step();
  t.is(replicasOf(loop, 'web'), 4);
  t.deepEqual(hpaOf(loop, 'web').status!.currentMetrics, [{ type: 'Resource', resource: { name: 'memory', current: { averageValue: '314572800' } } }]);
  t.like(conditionOf(loop, 'web', 'ScalingActive'), { message: 'the HPA was able to successfully calculate a replica count from memory resource' });
});

test('hpa metrics: the largest proposal of several metrics wins, and a failing metric does not block a scale-up', (t) => {
  const { loop } = setup(2, '200m');
  const cur = loop.get('hpa', 'web')! as KubeObject & { spec: { metrics: unknown[] } };
  cur.spec.metrics = [{ type: 'Pods', pods: { metric: { name: 'rps' }, target: { type: 'AverageValue', averageValue: '10' } } }, ...cur.spec.metrics];
  loop.apply({ verb: 'update', target: { group: 'autoscaling', version: 'v2', resource: 'horizontalpodautoscalers', namespace: 'default', name: 'web' }, body: cur });
  const r = loop.step();
  t.is(replicasOf(loop, 'web'), 4);
  t.deepEqual(hpaOf(loop, 'web').status!.currentMetrics!.map((m) => m.type), ['', 'Resource']);
  t.true(r.events.some((e) => e.reason === 'FailedGetPodsMetric'));
  t.like(conditionOf(loop, 'web', 'ScalingActive'), { status: 'True', reason: 'ValidMetricFound' });
});

test('hpa metrics: a failing metric blocks a scale-down', (t) => {
  const { loop } = setup(4, '10m');
  const cur = loop.get('hpa', 'web')! as KubeObject & { spec: Record<string, unknown> & { metrics: unknown[] } };
  cur.spec.metrics = [...cur.spec.metrics, { type: 'Pods', pods: { metric: { name: 'rps' }, target: { type: 'AverageValue', averageValue: '10' } } }];
  cur.spec.behavior = { scaleDown: { stabilizationWindowSeconds: 0 } };
  loop.apply({ verb: 'update', target: { group: 'autoscaling', version: 'v2', resource: 'horizontalpodautoscalers', namespace: 'default', name: 'web' }, body: cur });
  loop.step();
  t.is(replicasOf(loop, 'web'), 4);
  t.like(conditionOf(loop, 'web', 'ScalingActive'), { status: 'False', reason: 'FailedGetPodsMetric' });
});

test('hpa metrics: a ContainerResource metric reads one container and reports it as such', (t) => {
  const { loop } = setup(2, '200m');
  const cur = loop.get('hpa', 'web')! as KubeObject & { spec: Record<string, unknown> };
  cur.spec.metrics = [{ type: 'ContainerResource', containerResource: { name: 'cpu', container: 'c', target: { type: 'Utilization', averageUtilization: 50 } } }];
  loop.apply({ verb: 'update', target: { group: 'autoscaling', version: 'v2', resource: 'horizontalpodautoscalers', namespace: 'default', name: 'web' }, body: cur });
  const r = loop.step();
  t.is(replicasOf(loop, 'web'), 4);
  t.deepEqual(hpaOf(loop, 'web').status!.currentMetrics, [{ type: 'ContainerResource', containerResource: { name: 'cpu', container: 'c', current: { averageUtilization: 200, averageValue: '200m' } } }]);
  t.deepEqual(r.events.filter((e) => e.reason === 'SuccessfulRescale').map((e) => e.message), ['New size: 4; reason: cpu container resource utilization (percentage of request) above target']);
});

test('hpa metrics: a ContainerResource metric naming an absent container fails as Kubernetes words it', (t) => {
  const { loop } = setup(2, '200m');
  const cur = loop.get('hpa', 'web')! as KubeObject & { spec: Record<string, unknown> };
  cur.spec.metrics = [{ type: 'ContainerResource', containerResource: { name: 'cpu', container: 'sidecar', target: { type: 'Utilization', averageUtilization: 50 } } }];
  loop.apply({ verb: 'update', target: { group: 'autoscaling', version: 'v2', resource: 'horizontalpodautoscalers', namespace: 'default', name: 'web' }, body: cur });
  const r = loop.step();
  const inner = 'failed to get cpu utilization: unable to get metrics for resource cpu: failed to get container metrics: container sidecar not present in metrics for pod default/web-0';
  t.like(conditionOf(loop, 'web', 'ScalingActive'), { status: 'False', reason: 'FailedGetContainerResourceMetric', message: `the HPA was unable to compute the replica count: ${inner}` });
  t.true(r.events.some((e) => e.reason === 'FailedComputeMetricsReplicas' && e.message === `invalid metrics (1 invalid out of 1), first error is: failed to get sidecar container metric value: ${inner}`));
});
