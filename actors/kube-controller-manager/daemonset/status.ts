// updateDaemonSetStatus: per node that should run the pod, whether one is scheduled there, and of
// the oldest one whether it is ready, available and at the current revision; pods on nodes that
// should not run one are misscheduled. Written only when something changed.

import type { DaemonSet, KubeObject, Node, Pod } from '../../../protocols/kube/objects.ts';
import { isPodAvailable, isPodReady } from '../history/pods.ts';
import { placement } from './view.ts';
import { isPodUpdated, oldestFirst, templateGeneration } from './pods.ts';

export type DaemonSetStatus = NonNullable<DaemonSet['status']>;

const FIELDS = ['desiredNumberScheduled', 'currentNumberScheduled', 'numberMisscheduled', 'numberReady', 'updatedNumberScheduled', 'numberAvailable', 'numberUnavailable'] as const;

export function daemonSetStatus(ds: DaemonSet, nodes: readonly Node[], byNode: ReadonlyMap<string, readonly Pod[]>, hash: string, wallMs: number, observe: boolean): DaemonSetStatus {
  const s = { desiredNumberScheduled: 0, currentNumberScheduled: 0, numberMisscheduled: 0, numberReady: 0, updatedNumberScheduled: 0, numberAvailable: 0 };
  const generation = templateGeneration(ds);
  for (const node of nodes) {
    const pods = byNode.get(node.metadata!.name!) ?? [];
    if (!placement(ds, node).shouldRun) {
      if (pods.length > 0) s.numberMisscheduled++;
      continue;
    }
    s.desiredNumberScheduled++;
    if (pods.length === 0) continue;
    s.currentNumberScheduled++;
    const pod = oldestFirst(pods)[0]!;
    if (isPodReady(pod)) {
      s.numberReady++;
      if (isPodAvailable(pod, ds.spec?.minReadySeconds ?? 0, wallMs)) s.numberAvailable++;
    }
    if (isPodUpdated(pod, hash, generation)) s.updatedNumberScheduled++;
  }
  const observedGeneration = observe ? ds.metadata?.generation : ds.status?.observedGeneration;
  return {
    ...ds.status,
    ...s,
    numberUnavailable: s.desiredNumberScheduled - s.numberAvailable,
    ...(observedGeneration === undefined ? {} : { observedGeneration }),
  };
}

/** storeDaemonSetStatus's test: nothing to write when every count matches and the generation was seen. */
export function statusChanged(ds: DaemonSet, next: DaemonSetStatus): boolean {
  const cur = ds.status;
  if ((cur?.observedGeneration ?? 0) < (next.observedGeneration ?? 0)) return true;
  return FIELDS.some((f) => (cur?.[f] ?? 0) !== (next[f] ?? 0)) || (cur?.collisionCount ?? 0) !== (next.collisionCount ?? 0);
}

export const asObject = (ds: DaemonSet, status: DaemonSetStatus): KubeObject => ({ ...(ds as KubeObject), status }) as KubeObject;
