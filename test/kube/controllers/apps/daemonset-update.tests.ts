import test from 'ava';
import type { DaemonSet, Pod } from '../../../../protocols/kube/objects.ts';
import { converge, daemonSet, daemonSetLoop, patch } from './fixtures.ts';
import { bindAll, kubelet, node, pinnedNode, pods } from './stand-ins.ts';

const image = (p: Pod) => p.spec!.containers[0]!.image;
const live = (ps: Pod[]) => ps.filter((p) => !p.metadata!.deletionTimestamp);
const newImage = { spec: { template: { spec: { containers: [{ name: 'c', image: 'fluentd:2' }] } } } };

function cluster(spec: Record<string, unknown>, nodes = 4) {
  const loop = daemonSetLoop();
  for (let i = 1; i <= nodes; i++) loop.create(node(`n${i}`));
  loop.create(daemonSet('agent', spec));
  converge(loop);
  return loop;
}

/** Available pods per node (ready, not being deleted) after each step of a rollout driven by hand. */
function rollout(loop: ReturnType<typeof daemonSetLoop>, maxSteps = 40) {
  const seen: { available: number; total: number; perNode: number }[] = [];
  for (let i = 0; i < maxSteps; i++) {
    loop.settle();
    const ps = pods(loop);
    const byNode = new Map<string, number>();
    for (const p of live(ps)) byNode.set(pinnedNode(p)!, (byNode.get(pinnedNode(p)!) ?? 0) + 1);
    seen.push({ available: live(ps).filter((p) => p.status?.phase === 'Running').length, total: live(ps).length, perNode: Math.max(0, ...byNode.values()) });
    if (live(ps).every((p) => image(p) === 'fluentd:2' && p.status?.phase === 'Running') && live(ps).length === 4) break;
    bindAll(loop);
    kubelet(loop);
  }
  return seen;
}

test('daemonset: RollingUpdate with maxUnavailable 1 replaces one node at a time', (t) => {
  const loop = cluster({});
  const firstHash = pods(loop)[0]!.metadata!.labels!['controller-revision-hash'];
  patch(loop, 'ds', 'agent', newImage);
  const seen = rollout(loop);
  t.true(seen.every((s) => s.available >= 3), JSON.stringify(seen));
  t.true(seen.every((s) => s.perNode <= 1));
  t.deepEqual(live(pods(loop)).map(image), ['fluentd:2', 'fluentd:2', 'fluentd:2', 'fluentd:2']);
  const ds = loop.get('ds', 'agent') as DaemonSet;
  t.like(ds.status, { updatedNumberScheduled: 4, numberAvailable: 4, desiredNumberScheduled: 4, observedGeneration: 2 });
  t.not(pods(loop)[0]!.metadata!.labels!['controller-revision-hash'], firstHash);
  const revs = loop.list('controllerrevisions', 'default') as unknown as { revision: number }[];
  t.deepEqual(revs.map((r) => r.revision).sort(), [1, 2]);
});

test('daemonset: maxUnavailable 50% replaces two nodes at a time', (t) => {
  const loop = cluster({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '50%' } } });
  patch(loop, 'ds', 'agent', newImage);
  loop.settle();
  t.is(live(pods(loop)).length, 2, 'two old pods deleted in the first round');
  const seen = rollout(loop);
  t.true(seen.every((s) => s.available >= 2));
});

test('daemonset: maxSurge 1 starts the new pod beside the old one and removes the old once the new is available', (t) => {
  const loop = cluster({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } } });
  patch(loop, 'ds', 'agent', newImage);
  loop.settle();
  const ps = live(pods(loop));
  t.is(ps.length, 5, 'one surge pod');
  const seen = rollout(loop);
  t.true(seen.every((s) => s.available >= 4), 'never below the node count');
  t.true(seen.every((s) => s.total <= 5), 'never more than one surge pod');
  t.deepEqual(live(pods(loop)).map(image), ['fluentd:2', 'fluentd:2', 'fluentd:2', 'fluentd:2']);
});

test('daemonset: OnDelete keeps old pods until deleted', (t) => {
  const loop = cluster({ updateStrategy: { type: 'OnDelete' } }, 2);
  patch(loop, 'ds', 'agent', newImage);
  converge(loop);
  t.deepEqual(pods(loop).map(image), ['fluentd:1', 'fluentd:1']);
  const victim = pods(loop)[0]!;
  loop.apply({ verb: 'delete', target: { group: '', version: 'v1', resource: 'pods', namespace: 'default', name: victim.metadata!.name! }, options: { gracePeriodSeconds: 0 } });
  converge(loop);
  t.deepEqual(pods(loop).map(image).sort(), ['fluentd:1', 'fluentd:2']);
  t.like((loop.get('ds', 'agent') as DaemonSet).status, { updatedNumberScheduled: 1, currentNumberScheduled: 2 });
});

test('daemonset: a new node gets a pod; a deleted node takes its pending pod with it', (t) => {
  const loop = cluster({}, 2);
  loop.create(node('n3'));
  loop.settle();
  t.deepEqual(pods(loop).map((p) => pinnedNode(p)).sort(), ['n1', 'n2', 'n3']);
  loop.apply({ verb: 'delete', target: { group: '', version: 'v1', resource: 'nodes', name: 'n3' } });
  loop.settle();
  t.deepEqual(pods(loop).map((p) => pinnedNode(p)).sort(), ['n1', 'n2']);
});

test('daemonset: revisionHistoryLimit trims old revisions no pod runs', (t) => {
  const loop = cluster({ revisionHistoryLimit: 1 }, 1);
  for (const v of ['2', '3', '4']) {
    patch(loop, 'ds', 'agent', { spec: { template: { spec: { containers: [{ name: 'c', image: `fluentd:${v}` }] } } } });
    converge(loop);
  }
  const revs = loop.list('controllerrevisions', 'default') as unknown as { revision: number }[];
  t.deepEqual(revs.map((r) => r.revision).sort(), [3, 4]);
  t.is(live(pods(loop)).length, 1);
});

test('daemonset: a controller restart mid-rollout (expectations and backoff lost) finishes the rollout within maxUnavailable', (t) => {
  const loop = cluster({});
  patch(loop, 'ds', 'agent', newImage);
  loop.settle();
  bindAll(loop);
  kubelet(loop);
  loop.restart();
  const seen = rollout(loop);
  t.true(seen.every((s) => s.available >= 3 && s.perNode <= 1), JSON.stringify(seen));
  t.deepEqual(live(pods(loop)).map(image), ['fluentd:2', 'fluentd:2', 'fluentd:2', 'fluentd:2']);
});
