// Whatever the sequence of scale changes, pod deletions, kubelet progress, controller restarts
// (notifications lost, memory gone) and reconciles against a cache one round behind: a reconcile
// whose expectations are unmet creates nothing, a fresh reconcile never creates beyond
// spec.replicas, and after a settle a ReplicaSet has at most spec.replicas non-terminating pods
// (exactly that many once a restarted controller has relisted).
import test from 'ava';
import fc from 'fast-check';
import type { ApiCall } from '../../../../protocols/kube/api.ts';
import type { Pod, ReplicaSet } from '../../../../protocols/kube/objects.ts';
import { DEFAULT_EPOCH_MS } from '../../../../protocols/kube/time.ts';
import { deleteCall, type Listers, patchCall } from '../../../../actors/client/index.ts';
import { satisfied } from '../../../../actors/kube-controller-manager/replicaset/expectations.ts';
import { replicaSetWritten } from '../../../../actors/kube-controller-manager/replicaset/memory.ts';
import { reconcileReplicaSet } from '../../../../actors/kube-controller-manager/replicaset/reconcile.ts';
import { activePods, replicaSet, rsLoop, rsOf, runAll } from './fixtures.ts';

type Op =
  | { readonly k: 'scale'; readonly n: number }
  | { readonly k: 'delete'; readonly i: number }
  | { readonly k: 'restart' | 'kubelet' | 'step' | 'stale' | 'settle' | 'lag' };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ k: fc.constant('scale' as const), n: fc.integer({ min: 0, max: 6 }) }),
  fc.record({ k: fc.constant('delete' as const), i: fc.nat(9) }),
  fc.constantFrom<Op>({ k: 'restart' }, { k: 'kubelet' }, { k: 'step' }, { k: 'step' }, { k: 'stale' }, { k: 'settle' }, { k: 'lag' }, { k: 'lag' }),
);

const KEY = 'default/web';
const creates = (ws: readonly ApiCall[]) => ws.filter((w) => w.verb === 'create' && w.target.resource === 'pods').length;

test('replicaset property: no over-creation while expectations are unmet; at most spec.replicas pods after a settle', (t) => {
  fc.assert(
    fc.property(fc.array(op, { maxLength: 20 }), (ops) => {
      const loop = rsLoop();
      loop.create(replicaSet('web', 3));
      const replicas = () => (rsOf(loop, 'web') as ReplicaSet).spec!.replicas!;
      let behind: Listers | undefined;
      for (const o of ops.flatMap((x): Op[] => (x.k === 'lag' ? [{ k: 'step' }, { k: 'stale' }] : [x]))) {
        if (o.k === 'scale') loop.apply(patchCall('rs', 'web', 'merge', JSON.stringify({ spec: { replicas: o.n } }), { namespace: 'default' }));
        else if (o.k === 'kubelet') runAll(loop);
        else if (o.k === 'restart') {
          loop.restart();
          behind = undefined;
        } else if (o.k === 'delete') {
          // Only pods the informer has seen: the loop's snapshots cannot show a pod born and gone between rounds.
          const seen = new Set((behind?.pods?.list() ?? []).map((p) => p.metadata.name));
          const candidates = activePods(loop).filter((p) => seen.has(p.metadata!.name));
          const p = candidates[o.i % Math.max(1, candidates.length)];
          if (p) loop.apply(deleteCall('pods', p.metadata!.name!, { namespace: 'default' }, { gracePeriodSeconds: 0 }));
        } else if (o.k === 'stale') {
          if (behind === undefined) continue;
          const met = satisfied(loop.memory.expectations, KEY, loop.now);
          const r = reconcileReplicaSet(KEY, behind, loop.now, loop.memory, DEFAULT_EPOCH_MS);
          if (!met && creates(r.writes) > 0) return false;
          for (const w of r.writes) replicaSetWritten(KEY, w, loop.registry.run(w), loop.memory);
        } else if (o.k === 'step') {
          const snapshot = loop.listers();
          const before = activePods(loop).length;
          const want = replicas();
          const round = loop.step();
          const made = creates(round.writes);
          if (made > Math.max(0, want - before)) return false;
          behind = snapshot;
        } else {
          loop.settle();
          behind = undefined;
          if (activePods(loop).length > replicas()) return false;
        }
      }
      loop.settle();
      if (activePods(loop).length > replicas()) return false;
      loop.restart();
      loop.settle();
      return activePods(loop).filter((p: Pod) => p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed').length === replicas();
    }),
    { numRuns: 40, seed: 11 },
  );
  t.pass();
});
