import test from 'ava';
import type { KubeObject } from '../../../../protocols/kube/objects.ts';
import { conditionOf, deployment, followReplicas, hpa, hpaLoop, hpaOf, ScriptedMetrics } from './fixtures.ts';

test('hpa target: a missing target is FailedGetScale', (t) => {
  const loop = hpaLoop(new ScriptedMetrics());
  loop.create(hpa('web', 'nope'));
  const r = loop.step();
  t.like(conditionOf(loop, 'web', 'AbleToScale'), { status: 'False', reason: 'FailedGetScale', message: `the HPA controller was unable to get the target's current scale: deployments.apps "nope" not found` });
  t.deepEqual(r.events.map((e) => [e.reason, e.message]), [['FailedGetScale', 'deployments.apps "nope" not found']]);
  t.is(r.requeueAfter, 15_000);
});

test('hpa target: an unknown kind is FailedGetScale with the RESTMapper message', (t) => {
  const loop = hpaLoop(new ScriptedMetrics());
  loop.create(hpa('web', 'x', { scaleTargetRef: { apiVersion: 'example.com/v1', kind: 'Widget', name: 'x' } }));
  const r = loop.step();
  t.deepEqual(r.events.map((e) => e.message), ['no matches for kind "Widget" in group "example.com"']);
});

test('hpa target: a StatefulSet is scaled through its scale subresource', (t) => {
  const metrics = new ScriptedMetrics();
  metrics.usage['*'] = '200m';
  const loop = hpaLoop(metrics);
  const sts = { ...deployment('db', 2), kind: 'StatefulSet', spec: { ...(deployment('db', 2).spec as object), serviceName: 'db' } } as KubeObject;
  loop.create(sts);
  // The stand-in pods of the fixtures follow Deployments; these follow the StatefulSet by hand.
  for (const i of [0, 1]) {
    const p = loop.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: `db-${i}`, namespace: 'default', labels: { app: 'db' } }, spec: { nodeName: 'n', containers: [{ name: 'c', image: 'x', resources: { requests: { cpu: '100m' } } }] } });
    loop.apply({ verb: 'update', target: { group: '', version: 'v1', resource: 'pods', namespace: 'default', name: `db-${i}`, subresource: 'status' }, body: { ...p, status: { phase: 'Running', startTime: '2025-12-31T00:00:00Z', conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: '2025-12-31T00:00:00Z' }] } } });
  }
  loop.create(hpa('db', 'db', { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'db' } }));
  loop.step();
  t.is((loop.get('sts', 'db') as unknown as { spec: { replicas: number } }).spec.replicas, 4);
});

test('hpa target: two HPAs over the same pods both stop with AmbiguousSelector', (t) => {
  const metrics = new ScriptedMetrics();
  metrics.usage['*'] = '200m';
  const loop = hpaLoop(metrics);
  loop.create(deployment('web', 2));
  followReplicas(loop, 'web');
  loop.create(hpa('a', 'web'));
  loop.create(hpa('b', 'web'));
  const r = loop.step();
  const msg = 'pods by selector app=web are controlled by multiple HPAs: [default/a default/b]';
  t.like(conditionOf(loop, 'a', 'ScalingActive'), { status: 'False', reason: 'AmbiguousSelector', message: msg });
  t.deepEqual(r.events.filter((e) => e.reason === 'AmbiguousSelector' || e.reason === 'FailedComputeMetricsReplicas').map((e) => e.message), [msg, msg, msg, msg]);
  t.is(hpaOf(loop, 'a').status!.currentReplicas, 2);
  t.false(r.writes.some((w) => w.target.subresource === 'scale'));
});

test('hpa target: status changes alone do not enqueue the HPA; a spec change does', (t) => {
  const metrics = new ScriptedMetrics();
  metrics.usage['*'] = '50m';
  const loop = hpaLoop(metrics);
  loop.create(deployment('web', 2));
  followReplicas(loop, 'web');
  loop.create(hpa('web', 'web'));
  t.deepEqual(loop.step().keys, ['default/web']);
  t.deepEqual(loop.step().keys, []);
  const cur = loop.get('hpa', 'web')! as KubeObject & { spec: { maxReplicas: number } };
  cur.spec.maxReplicas = 20;
  loop.apply({ verb: 'update', target: { group: 'autoscaling', version: 'v2', resource: 'horizontalpodautoscalers', namespace: 'default', name: 'web' }, body: cur });
  t.deepEqual(loop.step().keys, ['default/web']);
});
