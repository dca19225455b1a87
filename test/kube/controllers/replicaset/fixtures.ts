// ReplicaSets, a loop running the ReplicaSet controller against the real registry, and a stand-in
// kubelet: binds a pod to a node and sets its phase and Ready condition through the status subresource.

import type { KubeObject, Pod, ReplicaSet } from '../../../../protocols/kube/objects.ts';
import { DEFAULT_EPOCH_MS, rfc3339 } from '../../../../protocols/kube/time.ts';
import { type Listers, STANDARD_INDEXERS, updateCall } from '../../../../actors/client/index.ts';
import { lister } from '../../../../actors/client/listers.ts';
import { emptyStore, put } from '../../../../actors/client/store.ts';
import { replicaSetKeys } from '../../../../actors/kube-controller-manager/replicaset/keys.ts';
import { emptyMemory, type ReplicaSetMemory, replicaSetWritten } from '../../../../actors/kube-controller-manager/replicaset/memory.ts';
import { reconcileReplicaSet } from '../../../../actors/kube-controller-manager/replicaset/reconcile.ts';
import { REPLICASET_INFORMERS } from '../../../../actors/kube-controller-manager/replicaset/controller.ts';
import { ControllerLoop } from '../loop.ts';

export const rsLoop = () =>
  new ControllerLoop<ReplicaSetMemory>({
    informers: REPLICASET_INFORMERS,
    keysFor: replicaSetKeys,
    reconcile: (k, l, now, m) => reconcileReplicaSet(k, l, now, m, DEFAULT_EPOCH_MS),
    memory: emptyMemory,
    written: replicaSetWritten,
  });

export function replicaSet(name: string, replicas: number, extra: { minReadySeconds?: number; labels?: Record<string, string>; namespace?: string } = {}): KubeObject {
  const labels = extra.labels ?? { app: name };
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name, namespace: extra.namespace ?? 'default' },
    spec: {
      replicas,
      ...(extra.minReadySeconds === undefined ? {} : { minReadySeconds: extra.minReadySeconds }),
      selector: { matchLabels: { app: labels.app ?? name } },
      template: { metadata: { labels }, spec: { containers: [{ name: 'c', image: 'nginx:1.27' }] } },
    },
  };
}

/** A bare pod (no owner) with these labels. */
export function pod(name: string, labels: Record<string, string>, namespace = 'default'): KubeObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace, labels }, spec: { containers: [{ name: 'c', image: 'nginx:1.27' }] } };
}

export const pods = (loop: ControllerLoop<ReplicaSetMemory>, ns = 'default') => loop.list('pods', ns) as unknown as Pod[];
export const activePods = (loop: ControllerLoop<ReplicaSetMemory>, ns = 'default') => pods(loop, ns).filter((p) => p.metadata?.deletionTimestamp === undefined);
export const rsOf = (loop: ControllerLoop<ReplicaSetMemory>, name: string, ns = 'default') => loop.get('rs', name, ns) as unknown as ReplicaSet;

/** Binds the pod to `node` (the scheduler's part). */
export function bind(loop: ControllerLoop<ReplicaSetMemory>, p: Pod, node: string): void {
  loop.apply({
    verb: 'create',
    target: { group: '', version: 'v1', resource: 'pods', namespace: p.metadata!.namespace!, name: p.metadata!.name!, subresource: 'binding' },
    body: { apiVersion: 'v1', kind: 'Binding', metadata: { name: p.metadata!.name!, namespace: p.metadata!.namespace! }, target: { apiVersion: 'v1', kind: 'Node', name: node } },
  });
}

/** The kubelet's part: phase, Ready (with its transition now, or `readySince` virtual ms), restarts. */
export function setStatus(loop: ControllerLoop<ReplicaSetMemory>, name: string, s: { phase?: string; ready?: boolean; readySince?: number; restarts?: number }, ns = 'default'): void {
  const cur = loop.get('pods', name, ns) as unknown as Pod;
  const at = rfc3339(DEFAULT_EPOCH_MS + (s.readySince ?? loop.now));
  const status = {
    ...cur.status,
    phase: s.phase ?? 'Running',
    conditions: [{ type: 'Ready', status: s.ready === false ? 'False' : 'True', lastTransitionTime: at }],
    ...(s.restarts === undefined ? {} : { containerStatuses: [{ name: 'c', image: 'nginx:1.27', imageID: '', ready: s.ready !== false, restartCount: s.restarts, started: true, state: { running: {} } }] }),
  };
  loop.apply(updateCall({ ...(cur as unknown as KubeObject), status }, { subresource: 'status' }));
}

/** Runs every owned pod on `node`, ready now. */
export function runAll(loop: ControllerLoop<ReplicaSetMemory>, node = 'node-1', ns = 'default'): void {
  for (const p of activePods(loop, ns)) {
    if (!p.spec?.nodeName) bind(loop, p, node);
    setStatus(loop, p.metadata!.name!, { phase: 'Running', ready: true }, ns);
  }
}

/** Listers over fixed objects, for reconciles run without the registry. */
export function staticListers(byInformer: Record<string, readonly KubeObject[]>): Listers {
  return Object.fromEntries(
    Object.entries(byInformer).map(([name, objs]) => {
      const store = emptyStore(STANDARD_INDEXERS);
      for (const o of objs) put(store, STANDARD_INDEXERS, o);
      return [name, lister(store)];
    }),
  );
}
