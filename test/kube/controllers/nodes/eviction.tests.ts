import test from 'ava';
import type { Pod } from '../../../../protocols/kube/objects.ts';
import { bothLoop } from './both.ts';
import { Kubelets, taintKeys } from './kubelets.ts';

const unreachable = (seconds?: number) => ({ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', ...(seconds === undefined ? {} : { tolerationSeconds: seconds }) });
const notReady = (seconds: number) => ({ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: seconds });

/** When each watched pod got its deletionTimestamp (virtual ms since the node's NoExecute taint went on). */
function deletedAfterTaint(k: Kubelets, node: string, pods: string[], maxMs: number) {
  const loop = k.loop;
  let taintedAt: number | undefined;
  const deleted: Record<string, number> = {};
  for (let t = 0; t < maxMs && Object.keys(deleted).length < pods.length; t += 1_000) {
    k.run(1_000);
    if (taintedAt === undefined && taintKeys(loop.get('node', node)).includes('node.kubernetes.io/unreachable:NoExecute')) taintedAt = loop.now;
    for (const p of pods) if (deleted[p] === undefined && (loop.get('pod', p) as Pod | undefined)?.metadata?.deletionTimestamp) deleted[p] = loop.now - (taintedAt ?? loop.now);
  }
  return { taintedAt, deleted };
}

test('taint eviction: pods on an unreachable node are deleted at once without tolerations, at ~300 s with the default ones, at ~60 s tolerating 60 s', (t) => {
  const loop = bothLoop();
  const k = new Kubelets(loop);
  for (const n of ['a', 'b', 'c']) k.addNode(n);
  k.addPod('bare', 'a');
  k.addPod('default', 'a', { tolerations: [notReady(300), unreachable(300)] });
  k.addPod('sixty', 'a', { tolerations: [notReady(300), unreachable(60)] });
  k.addPod('forever', 'a', { tolerations: [unreachable()] });
  k.addPod('elsewhere', 'b');
  k.run(10_000);
  k.alive.delete('a');
  const { taintedAt, deleted } = deletedAfterTaint(k, 'a', ['bare', 'default', 'sixty'], 420_000);
  t.truthy(taintedAt);
  t.true(deleted.bare! <= 1_000, `bare: ${deleted.bare}`);
  t.true(Math.abs(deleted.sixty! - 60_000) <= 1_000, `sixty: ${deleted.sixty}`);
  t.true(Math.abs(deleted.default! - 300_000) <= 1_000, `default: ${deleted.default}`);
  t.falsy((loop.get('pod', 'forever') as Pod).metadata?.deletionTimestamp);
  t.falsy((loop.get('pod', 'elsewhere') as Pod).metadata?.deletionTimestamp);
  const cond = (loop.get('pod', 'bare') as Pod).status?.conditions?.find((c) => c.type === 'DisruptionTarget');
  t.like(cond, { status: 'True', reason: 'DeletionByTaintManager', message: 'Taint manager: deleting due to NoExecute taint' });
  const events = loop.rounds.flatMap((r) => r.events);
  t.true(events.some((e) => e.reason === 'TaintManagerEviction' && e.message === 'Marking for deletion Pod default/sixty'));
  t.true(events.some((e) => e.reason === 'NodeNotReady' && e.message === 'Node is not ready'));
  const ready = (loop.get('pod', 'forever') as Pod).status?.conditions?.find((c) => c.type === 'Ready');
  t.is(ready?.status, 'False', 'pods on the unready node are marked not Ready');
});

test('taint eviction: a node coming back gets its taints removed and scheduled evictions are cancelled', (t) => {
  const loop = bothLoop();
  const k = new Kubelets(loop);
  for (const n of ['a', 'b', 'c']) k.addNode(n);
  k.addPod('default', 'a', { tolerations: [notReady(300), unreachable(300)] });
  k.run(10_000);
  k.alive.delete('a');
  k.run(70_000);
  t.deepEqual(taintKeys(loop.get('node', 'a')), ['node.kubernetes.io/unreachable:NoExecute', 'node.kubernetes.io/unreachable:NoSchedule']);
  k.revive('a');
  k.run(6_000);
  t.deepEqual(taintKeys(loop.get('node', 'a')), []);
  k.run(300_000, 5_000);
  t.falsy((loop.get('pod', 'default') as Pod).metadata?.deletionTimestamp);
  t.true(loop.rounds.flatMap((r) => r.events).some((e) => e.message === 'Cancelling deletion of Pod default/default'));
});

test('taint eviction: when every node of the only zone is unreachable (full disruption) nothing is tainted NoExecute or evicted', (t) => {
  const loop = bothLoop();
  const k = new Kubelets(loop);
  for (const n of ['a', 'b']) k.addNode(n);
  k.addPod('bare', 'a');
  k.run(10_000);
  k.alive.clear();
  k.run(200_000, 5_000);
  for (const n of ['a', 'b']) t.deepEqual(taintKeys(loop.get('node', n)), ['node.kubernetes.io/unreachable:NoSchedule']);
  t.falsy((loop.get('pod', 'bare') as Pod).metadata?.deletionTimestamp);
  t.deepEqual(loop.memory.lc.zoneStates, { '': 'FullDisruption' });
});

test('taint eviction: a Ready False node gets not-ready:NoExecute; going silent swaps it for unreachable at once', (t) => {
  const loop = bothLoop();
  const k = new Kubelets(loop);
  for (const n of ['a', 'b', 'c']) k.addNode(n);
  k.run(10_000);
  k.notReady('a');
  k.run(6_000);
  t.deepEqual(taintKeys(loop.get('node', 'a')), ['node.kubernetes.io/not-ready:NoExecute', 'node.kubernetes.io/not-ready:NoSchedule']);
  k.alive.delete('a');
  k.run(70_000);
  t.deepEqual(taintKeys(loop.get('node', 'a')), ['node.kubernetes.io/unreachable:NoExecute', 'node.kubernetes.io/unreachable:NoSchedule']);
});
