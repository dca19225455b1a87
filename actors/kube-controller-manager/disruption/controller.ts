// The disruption-controller: a PodDisruptionBudget is looked at when it changes, when a pod its
// selector matches (before or after the change) changes, and when a workload controller in its
// namespace changes scale; and again when an entry of its disruptedPods times out. A pod with a
// DisruptionTarget condition is looked at on its own key (stale-condition.ts).

import type { KubeObject, PodDisruptionBudget } from '../../../protocols/kube/objects.ts';
import { labelSelectorAsSelector, matchesLabels } from '../../../protocols/kube/validation/index.ts';
import { keyOf, type Listers, type Notification } from '../../client/index.ts';
import type { ControllerContext, ControllerDef } from '../context.ts';
import { POD_KEY_PREFIX, reconcileStalePod, staleDisruption } from './stale-condition.ts';
import { reconcilePdb } from './status.ts';

export const DISRUPTION_NAME = 'disruption-controller';

export const DISRUPTION_INFORMERS = [
  { name: 'poddisruptionbudgets', resource: 'poddisruptionbudgets' },
  { name: 'pods', resource: 'pods' },
  { name: 'replicationcontrollers', resource: 'replicationcontrollers' },
  { name: 'replicasets', resource: 'replicasets' },
  { name: 'deployments', resource: 'deployments' },
  { name: 'statefulsets', resource: 'statefulsets' },
];

function pdbsSelecting(pod: KubeObject, listers: Listers): string[] {
  return listers.poddisruptionbudgets!.namespace(pod.metadata.namespace!).list().filter((p) => {
    const sel = labelSelectorAsSelector((p as PodDisruptionBudget).spec?.selector);
    return sel.ok && matchesLabels(sel.value, pod.metadata.labels ?? {});
  }).map((p) => keyOf(p));
}

export function disruptionKeys(informer: string, n: Notification, listers: Listers): string[] {
  if (informer === 'poddisruptionbudgets') return n.type === 'delete' ? [] : [keyOf(n.obj)];
  if (informer === 'pods') {
    const own = n.type !== 'delete' && staleDisruption(n.obj, 0).has ? [POD_KEY_PREFIX + keyOf(n.obj)] : [];
    return [...new Set([...pdbsSelecting(n.obj, listers), ...(n.type === 'update' ? pdbsSelecting(n.old, listers) : []), ...own])];
  }
  return listers.poddisruptionbudgets!.namespace(n.obj.metadata.namespace!).list().map((p) => keyOf(p));
}

export const disruptionSpec = (epochMs: number) => ({
  informers: DISRUPTION_INFORMERS,
  keysFor: disruptionKeys,
  reconcile: (key: string, listers: Listers, now: number) =>
    key.startsWith(POD_KEY_PREFIX) ? reconcileStalePod(key.slice(POD_KEY_PREFIX.length), listers, now, epochMs) : reconcilePdb(key, listers, now, epochMs),
});

export const disruptionController: ControllerDef = {
  name: DISRUPTION_NAME,
  spec: (c: ControllerContext) => ({ ...disruptionSpec(c.epochMs), client: c.client(DISRUPTION_NAME), component: DISRUPTION_NAME, epochMs: c.epochMs }),
};
