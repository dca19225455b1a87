import test from 'ava';
import fc from 'fast-check';
import type { Pod } from '../../../../protocols/kube/objects.ts';
import { deleteCall } from '../../../../actors/client/index.ts';
import { daemonSet, daemonSetLoop, patch, statefulSet, statefulSetLoop } from './fixtures.ts';
import { bind, kubelet, node, pinnedNode, pods, setPhase } from './stand-ins.ts';

const ordinal = (p: Pod) => Number(/-(\d+)$/.exec(p.metadata!.name!)![1]);
const ready = (p: Pod) => p.status?.phase === 'Running' && (p.status.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True') && !p.metadata!.deletionTimestamp;

const setOp = fc.oneof(
  fc.constant({ op: 'step' as const }),
  fc.constant({ op: 'step' as const }),
  fc.record({ op: fc.constant('ready' as const), i: fc.nat(4) }),
  fc.record({ op: fc.constant('fail' as const), i: fc.nat(4) }),
  fc.record({ op: fc.constant('delete' as const), i: fc.nat(4) }),
  fc.constant({ op: 'finalize' as const }),
  fc.record({ op: fc.constant('scale' as const), n: fc.nat(5) }),
  fc.record({ op: fc.constant('image' as const), v: fc.nat(2) }),
  fc.record({ op: fc.constant('partition' as const), p: fc.nat(4) }),
);

test('statefulset property: never two live pods with one ordinal; OrderedReady never creates n+1 before n is Running and Ready', (t) => {
  fc.assert(
    fc.property(fc.constantFrom('OrderedReady', 'Parallel'), fc.array(setOp, { maxLength: 30 }), (policy, ops) => {
      const loop = statefulSetLoop();
      loop.create(statefulSet('web', { podManagementPolicy: policy, replicas: 3 }));
      const byOrdinal = (i: number) => pods(loop).find((p) => ordinal(p) === i);
      for (const o of ops) {
        if (o.op === 'step') {
          const before = pods(loop);
          const round = loop.step();
          const created = round.writes.filter((w, k) => w.verb === 'create' && w.target.resource === 'pods' && round.results[k]!.ok).map((w) => ordinal((w as { body?: Pod }).body!));
          if (policy === 'OrderedReady') {
            if (created.length > 1) return false;
            for (const k of created) for (let j = 0; j < k; j++) if (!before.some((p) => ordinal(p) === j && ready(p))) return false;
          }
          const live = pods(loop).filter((p) => !p.metadata!.deletionTimestamp);
          if (new Set(live.map(ordinal)).size !== live.length) return false;
          if (!live.every((p) => p.metadata!.labels!['apps.kubernetes.io/pod-index'] === String(ordinal(p)))) return false;
        } else if (o.op === 'ready') {
          const p = byOrdinal(o.i);
          if (p && !p.metadata!.deletionTimestamp && p.status?.phase === 'Pending') {
            if (!p.spec!.nodeName) bind(loop, p, 'n1');
            setPhase(loop, loop.get('pods', p.metadata!.name!) as Pod, 'Running', true);
          }
        } else if (o.op === 'fail') {
          const p = byOrdinal(o.i);
          if (p && !p.metadata!.deletionTimestamp) setPhase(loop, p, 'Failed', false);
        } else if (o.op === 'delete') {
          const p = byOrdinal(o.i);
          if (p) loop.apply(deleteCall('pods', p.metadata!.name!, { namespace: 'default' }));
        } else if (o.op === 'finalize') kubelet(loop, () => false);
        else if (o.op === 'scale') patch(loop, 'sts', 'web', { spec: { replicas: o.n } });
        else if (o.op === 'image') patch(loop, 'sts', 'web', { spec: { template: { spec: { containers: [{ name: 'c', image: `nginx:1.${o.v}` }] } } } });
        else patch(loop, 'sts', 'web', { spec: { updateStrategy: { rollingUpdate: { partition: o.p } } } });
      }
      return true;
    }),
    { numRuns: 30, seed: 11 },
  );
  t.pass();
});

const dsOp = fc.oneof(
  fc.constant({ op: 'settle' as const }),
  fc.constant({ op: 'settle' as const }),
  fc.constant({ op: 'kubelet' as const }),
  fc.record({ op: fc.constant('addNode' as const), i: fc.nat(5) }),
  fc.record({ op: fc.constant('removeNode' as const), i: fc.nat(5) }),
  fc.record({ op: fc.constant('taint' as const), i: fc.nat(5), effect: fc.constantFrom('NoSchedule', 'NoExecute') }),
  fc.record({ op: fc.constant('untaint' as const), i: fc.nat(5) }),
  fc.record({ op: fc.constant('image' as const), v: fc.nat(2) }),
  fc.record({ op: fc.constant('fail' as const), i: fc.nat(5) }),
  fc.record({ op: fc.constant('advance' as const), ms: fc.integer({ min: 1, max: 5000 }) }),
);

test('daemonset property: after a settle no node has two live pods of the set', (t) => {
  fc.assert(
    fc.property(fc.array(dsOp, { maxLength: 30 }), (ops) => {
      const loop = daemonSetLoop();
      for (const n of ['n0', 'n1', 'n2']) loop.create(node(n));
      loop.create(daemonSet('agent', { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 2 } } }));
      const exists = (n: string) => loop.get('node', n) !== undefined;
      for (const o of ops) {
        if (o.op === 'settle') {
          loop.settle();
          const perNode = new Map<string, number>();
          for (const p of pods(loop)) if (!p.metadata!.deletionTimestamp) perNode.set(pinnedNode(p)!, (perNode.get(pinnedNode(p)!) ?? 0) + 1);
          if ([...perNode.values()].some((n) => n > 1)) return false;
        } else if (o.op === 'kubelet') {
          for (const p of pods(loop)) if (!p.spec?.nodeName && !p.metadata!.deletionTimestamp && exists(pinnedNode(p)!)) bind(loop, p, pinnedNode(p)!);
          kubelet(loop, (p) => !!p.spec?.nodeName);
        } else if (o.op === 'addNode') {
          if (!exists(`n${o.i}`)) loop.create(node(`n${o.i}`));
        } else if (o.op === 'removeNode') {
          if (exists(`n${o.i}`)) loop.apply(deleteCall('node', `n${o.i}`));
        } else if (o.op === 'taint' || o.op === 'untaint') {
          if (exists(`n${o.i}`)) patch(loop, 'node', `n${o.i}`, { spec: { taints: o.op === 'taint' ? [{ key: 'k', effect: o.effect }] : null } });
        } else if (o.op === 'image') patch(loop, 'ds', 'agent', { spec: { template: { spec: { containers: [{ name: 'c', image: `fluentd:${o.v}` }] } } } });
        else if (o.op === 'fail') {
          const p = pods(loop).find((q) => pinnedNode(q) === `n${o.i}` && !q.metadata!.deletionTimestamp);
          if (p) setPhase(loop, p, 'Failed', false);
        } else loop.advance(o.ms);
      }
      return true;
    }),
    { numRuns: 30, seed: 7 },
  );
  t.pass();
});
