// The reconciler's minimal churn, end to end: endpoints stay in the slice they are in, a change
// rewrites only the slice holding it, new endpoints fill slices with room before a new one is
// made, and a slice that empties is deleted or reused. And the slice tracker: a sync on a cache
// older than the controller's own writes waits instead of writing twice.

import test from 'ava';
import { syncService } from '../../../../actors/kube-controller-manager/endpointslice/controller.ts';
import type { ControllerLoop } from '../loop.ts';
import { node, pod, run, service, slices, terminate } from './harness.ts';
import { sliceLoop } from './slice-loop.ts';

const WEB = { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 8080 }] };
const ip = (i: number) => `10.244.${Math.floor(i / 250)}.${(i % 250) + 1}`;

function withPods(n: number) {
  const loop = sliceLoop();
  node(loop, 'n1');
  service(loop, 'web', WEB);
  for (let i = 0; i < n; i++) {
    pod(loop, `p${i}`);
    run(loop, `p${i}`, [ip(i)]);
  }
  loop.settle();
  return loop;
}

/** slice name → the pod names it holds. */
const layout = (loop: ControllerLoop<any>) => Object.fromEntries(slices(loop, 'web').map((s) => [s.metadata!.name!, (s.endpoints ?? []).map((e) => e.targetRef!.name!).sort()]));
const verbs = (loop: ControllerLoop<any>) => loop.settle().flatMap((r) => r.writes.map((w) => `${w.verb} ${w.target.name ?? ''}`.trim()));

test('churn: a pod leaving rewrites only its slice; the others keep their names and endpoints', (t) => {
  const loop = withPods(120);
  const before = layout(loop);
  const [full] = Object.entries(before).find(([, pods]) => pods.length === 100)!;
  const victim = before[full]![0]!;
  loop.apply({ verb: 'delete', target: { group: '', version: 'v1', resource: 'pods', namespace: 'default', name: victim }, options: { gracePeriodSeconds: 0 } });
  t.deepEqual(verbs(loop), [`update ${full}`]);
  const after = layout(loop);
  t.deepEqual(Object.keys(after).sort(), Object.keys(before).sort());
  for (const [name, pods] of Object.entries(before)) t.deepEqual(after[name], name === full ? pods.filter((p) => p !== victim) : pods);
});

test('churn: joining pods go into the existing slice they fill best, not a new one', (t) => {
  const loop = withPods(120);
  const before = layout(loop);
  const [half] = Object.entries(before).find(([, pods]) => pods.length === 20)!;
  for (const i of [120, 121]) {
    pod(loop, `p${i}`);
    run(loop, `p${i}`, [ip(i)]);
  }
  t.deepEqual(verbs(loop), [`update ${half}`]);
  t.deepEqual(layout(loop)[half], [...before[half]!, 'p120', 'p121'].sort());
});

test('churn: a readiness change rewrites the one slice holding the pod, in place', (t) => {
  const loop = withPods(105);
  const holder = Object.entries(layout(loop)).find(([, pods]) => pods.includes('p7'))![0];
  loop.advance(1000);
  run(loop, 'p7', [ip(7)], false);
  t.deepEqual(verbs(loop), [`update ${holder}`]);
  const ep = slices(loop, 'web').flatMap((s) => s.endpoints ?? []).find((e) => e.targetRef!.name === 'p7')!;
  t.deepEqual(ep.conditions, { ready: false, serving: false, terminating: false });
  // Terminating keeps the endpoint (serving false, terminating true) until the pod is gone.
  terminate(loop, 'p7');
  loop.settle();
  t.deepEqual(slices(loop, 'web').flatMap((s) => s.endpoints ?? []).find((e) => e.targetRef!.name === 'p7')!.conditions, { ready: false, serving: false, terminating: true });
});

test('churn: a slice whose pods all left is reused by name for the slice that would be created, not deleted and re-made', (t) => {
  const loop = withPods(1);
  const [name] = Object.keys(layout(loop));
  loop.apply({ verb: 'delete', target: { group: '', version: 'v1', resource: 'pods', namespace: 'default', name: 'p0' }, options: { gracePeriodSeconds: 0 } });
  // The Service's port set changes at the same time: the old slice is updated into the new one.
  const svc = loop.get('svc', 'web')!;
  loop.apply({ verb: 'update', target: { group: '', version: 'v1', resource: 'services', namespace: 'default', name: 'web' }, body: { ...svc, spec: { ...(svc.spec as object), ports: [{ name: 'http', port: 80, targetPort: 9000 }] } } });
  pod(loop, 'q');
  run(loop, 'q', ['10.244.5.5']);
  t.deepEqual(verbs(loop), [`update ${name}`]);
  t.deepEqual(layout(loop), { [name!]: ['q'] });
  t.deepEqual(slices(loop, 'web')[0]!.ports, [{ name: 'http', port: 9000, protocol: 'TCP' }]);
});

test('churn: a sync on a cache older than the controller\'s own writes writes nothing and looks again in 1 s', (t) => {
  const loop = withPods(0);
  const stale = loop.listers();
  pod(loop, 'a');
  run(loop, 'a', ['10.244.0.9']);
  loop.settle();
  const r = syncService('default/web', stale, loop.memory);
  t.deepEqual(r.writes, []);
  t.is(r.requeueAfter, 1000);
  t.deepEqual(syncService('default/web', loop.listers(), loop.memory).writes, []);
});

test('churn: the echo of the controller\'s own slice writes does not wake the Service; someone else\'s edit does', (t) => {
  const loop = withPods(3);
  t.deepEqual(loop.step().keys, []);
  const s = slices(loop, 'web')[0]!;
  loop.apply({ verb: 'update', target: { group: 'discovery.k8s.io', version: 'v1', resource: 'endpointslices', namespace: 'default', name: s.metadata!.name! }, body: { ...s, endpoints: [] } as never });
  const [round] = loop.settle();
  t.deepEqual(round!.keys, ['default/web']);
  t.is(slices(loop, 'web')[0]!.endpoints!.length, 3);
});
