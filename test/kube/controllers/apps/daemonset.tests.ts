import test from 'ava';
import type { DaemonSet, Pod } from '../../../../protocols/kube/objects.ts';
import { daemonSet, daemonSetLoop, patch } from './fixtures.ts';
import { bindAll, kubelet, node, pinnedNode, pods, setPhase } from './stand-ins.ts';

const perNode = (ps: Pod[]) => ps.map((p) => pinnedNode(p) ?? p.spec?.nodeName).sort();
const live = (ps: Pod[]) => ps.filter((p) => !p.metadata!.deletionTimestamp);

test('daemonset: one pod per node, pinned by matchFields metadata.name, with the daemon tolerations', (t) => {
  const loop = daemonSetLoop();
  for (const n of ['n1', 'n2', 'n3']) loop.create(node(n));
  loop.create(daemonSet('agent'));
  const r = loop.settle();
  const ps = pods(loop);
  t.deepEqual(perNode(ps), ['n1', 'n2', 'n3']);
  const p = ps[0]!;
  t.regex(p.metadata!.name!, /^agent-[a-z0-9]{5}$/, 'named by the server from generateName');
  t.is(p.metadata!.generateName, 'agent-');
  t.deepEqual(
    p.spec!.tolerations!.map((x) => `${x.key}:${x.effect}`),
    ['node.kubernetes.io/not-ready:NoExecute', 'node.kubernetes.io/unreachable:NoExecute', 'node.kubernetes.io/disk-pressure:NoSchedule', 'node.kubernetes.io/memory-pressure:NoSchedule', 'node.kubernetes.io/pid-pressure:NoSchedule', 'node.kubernetes.io/unschedulable:NoSchedule'],
  );
  t.true(p.spec!.tolerations!.every((x) => x.operator === 'Exists' && x.tolerationSeconds === undefined));
  const created = r.flatMap((x) => x.events).filter((e) => e.reason === 'SuccessfulCreate').map((e) => e.message);
  t.deepEqual(created.sort(), ps.map((q) => `Created pod: ${q.metadata!.name}`).sort());
  bindAll(loop);
  kubelet(loop);
  loop.settle();
  const ds = loop.get('ds', 'agent') as DaemonSet;
  t.like(ds.status, { desiredNumberScheduled: 3, currentNumberScheduled: 3, numberMisscheduled: 0, numberReady: 3, updatedNumberScheduled: 3, numberAvailable: 3, observedGeneration: 1 });
  t.is(ds.status!.numberUnavailable ?? 0, 0);
  t.is(pods(loop).length, 3, 'no second pod once they run');
});

test('daemonset: taints, tolerations and node selectors decide the eligible nodes', (t) => {
  const loop = daemonSetLoop();
  loop.create(node('plain', { metadata: { name: 'plain', labels: { disk: 'ssd' } } }));
  loop.create(node('tainted', { spec: { taints: [{ key: 'dedicated', value: 'db', effect: 'NoSchedule' }] } }));
  loop.create(node('notready', { spec: { taints: [{ key: 'node.kubernetes.io/not-ready', effect: 'NoExecute' }] } }));
  loop.create(node('cordoned', { spec: { unschedulable: true, taints: [{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }] } }));
  loop.create(node('nonet', { spec: { taints: [{ key: 'node.kubernetes.io/network-unavailable', effect: 'NoSchedule' }] } }));
  loop.create(daemonSet('a'));
  loop.create(daemonSet('b', {}, { tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'db', effect: 'NoSchedule' }] }));
  loop.create(daemonSet('c', {}, { nodeSelector: { disk: 'ssd' } }));
  loop.create(daemonSet('d', {}, { hostNetwork: true }));
  loop.settle();
  const on = (app: string) => perNode(pods(loop).filter((p) => p.metadata!.labels!.app === app));
  t.deepEqual(on('a'), ['cordoned', 'notready', 'plain']);
  t.deepEqual(on('b'), ['cordoned', 'notready', 'plain', 'tainted']);
  t.deepEqual(on('c'), ['plain']);
  t.deepEqual(on('d'), ['cordoned', 'nonet', 'notready', 'plain']);
  t.like((loop.get('ds', 'a') as DaemonSet).status, { desiredNumberScheduled: 3, currentNumberScheduled: 3 });
});

test('daemonset: a node tainted NoExecute afterwards loses its pod; NoSchedule alone keeps it (misscheduled)', (t) => {
  const loop = daemonSetLoop();
  loop.create(node('n1'));
  loop.create(node('n2'));
  loop.create(daemonSet('agent'));
  loop.settle();
  bindAll(loop);
  kubelet(loop);
  loop.settle();
  patch(loop, 'node', 'n1', { spec: { taints: [{ key: 'gpu', effect: 'NoSchedule' }] } });
  patch(loop, 'node', 'n2', { spec: { taints: [{ key: 'evict', effect: 'NoExecute' }] } });
  loop.settle();
  kubelet(loop);
  loop.settle();
  t.deepEqual(perNode(pods(loop)), ['n1']);
  t.like((loop.get('ds', 'agent') as DaemonSet).status, { desiredNumberScheduled: 0, currentNumberScheduled: 0, numberMisscheduled: 1 });
});

test('daemonset: a failed pod is deleted with a FailedDaemonPod warning and replaced, with backoff', (t) => {
  const loop = daemonSetLoop();
  loop.create(node('n1'));
  loop.create(daemonSet('agent'));
  loop.settle();
  bindAll(loop);
  kubelet(loop);
  loop.settle();
  const first = pods(loop)[0]!;
  setPhase(loop, first, 'Failed', false);
  const r = loop.settle();
  t.true(r.flatMap((x) => x.events).some((e) => e.reason === 'FailedDaemonPod' && e.message === `Found failed daemon pod default/${first.metadata!.name} on node n1, will try to kill it`));
  loop.advance(1);
  loop.settle();
  const second = live(pods(loop));
  t.is(second.length, 1);
  t.not(second[0]!.metadata!.name, first.metadata!.name);
  bindAll(loop);
  kubelet(loop, () => false);
  setPhase(loop, pods(loop)[0]!, 'Failed', false);
  loop.settle();
  t.is(pods(loop)[0]!.status!.phase, 'Failed', 'within the 1 s backoff the second failed pod stays');
  loop.advance(1000);
  loop.settle();
  loop.settle();
  t.is(live(pods(loop)).filter((p) => p.status?.phase !== 'Failed').length, 1, 'after the backoff it is replaced');
});

test('daemonset: an orphan pod on a node that matches the selector is adopted instead of a second being made', (t) => {
  const loop = daemonSetLoop();
  loop.create(node('n1'));
  loop.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'stray', namespace: 'default', labels: { app: 'agent' } }, spec: { nodeName: 'n1', containers: [{ name: 'c', image: 'fluentd:1' }] } } as never);
  loop.create(daemonSet('agent'));
  loop.settle();
  t.deepEqual(pods(loop).map((p) => p.metadata!.name), ['stray']);
  t.like(pods(loop)[0]!.metadata!.ownerReferences?.[0], { kind: 'DaemonSet', name: 'agent', controller: true });
});
