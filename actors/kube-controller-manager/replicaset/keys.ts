// The ReplicaSet controller's event handlers: which ReplicaSets a change wakes, and what its
// expectations learn from it. A pod's arrival is a creation observed by its controller; a pod
// going (or getting a deletionTimestamp, which is when a scale-down counts as done) is a
// deletion observed. An orphan wakes every ReplicaSet whose selector matches it, so one may adopt it.

import type { OwnerReference, Pod, ReplicaSet } from '../../../protocols/kube/objects.ts';
import { isEmptySelector, labelSelectorAsSelector, matchesLabels } from '../../../protocols/kube/validation/index.ts';
import { keyOf, type Listers, type Notification } from '../../client/index.ts';
import { controllerOf } from './claim.ts';
import { creationObserved, deleteExpectations, deletionObserved } from './expectations.ts';
import type { ReplicaSetMemory } from './memory.ts';

/** resolveControllerRef: the ReplicaSet a controller reference names, if it is still that one (same uid). */
function resolve(listers: Listers, namespace: string, ref: OwnerReference): ReplicaSet | undefined {
  if (ref.kind !== 'ReplicaSet') return undefined;
  const rs = listers.replicasets!.namespace(namespace).get(ref.name) as ReplicaSet | undefined;
  return rs?.metadata?.uid === ref.uid ? rs : undefined;
}

/** GetPodReplicaSets: the ReplicaSets of the pod's namespace whose non-empty selector matches it. */
export function replicaSetsSelecting(listers: Listers, pod: Pod): ReplicaSet[] {
  return (listers.replicasets!.namespace(pod.metadata!.namespace!).list() as ReplicaSet[]).filter((rs) => {
    const sel = labelSelectorAsSelector(rs.spec?.selector as Parameters<typeof labelSelectorAsSelector>[0]);
    return sel.ok && !isEmptySelector(sel.value) && matchesLabels(sel.value, pod.metadata?.labels ?? {});
  });
}

const ns = (pod: Pod) => pod.metadata!.namespace!;
export const rsKey = (rs: ReplicaSet) => `${rs.metadata!.namespace}/${rs.metadata!.name}`;

function podGone(pod: Pod, listers: Listers, m: ReplicaSetMemory): string[] {
  const ref = controllerOf(pod);
  const rs = ref && resolve(listers, ns(pod), ref);
  if (rs === undefined) return [];
  const key = rsKey(rs);
  deletionObserved(m.expectations, key, `${ns(pod)}/${pod.metadata!.name}`);
  return [key];
}

function podKeys(n: Notification, listers: Listers, m: ReplicaSetMemory): string[] {
  const pod = n.obj as Pod;
  if (n.type === 'delete') return podGone(pod, listers, m);
  if (n.type === 'add') {
    if (pod.metadata?.deletionTimestamp !== undefined) return podGone(pod, listers, m);
    const ref = controllerOf(pod);
    if (ref === undefined) return replicaSetsSelecting(listers, pod).map((rs) => rsKey(rs));
    const rs = resolve(listers, ns(pod), ref);
    if (rs === undefined) return [];
    const key = rsKey(rs);
    creationObserved(m.expectations, key);
    return [key];
  }
  const old = n.old as Pod;
  if (old.metadata?.resourceVersion === pod.metadata?.resourceVersion) return [];
  const labelChanged = JSON.stringify(old.metadata?.labels ?? {}) !== JSON.stringify(pod.metadata?.labels ?? {});
  if (pod.metadata?.deletionTimestamp !== undefined) return [...new Set([...podGone(pod, listers, m), ...(labelChanged ? podGone(old, listers, m) : [])])];
  const [cur, prev] = [controllerOf(pod), controllerOf(old)];
  const refChanged = JSON.stringify(cur) !== JSON.stringify(prev);
  const keys: string[] = [];
  const oldRS = refChanged && prev !== undefined ? resolve(listers, ns(old), prev) : undefined;
  if (oldRS !== undefined) keys.push(rsKey(oldRS));
  if (cur !== undefined) {
    const rs = resolve(listers, ns(pod), cur);
    if (rs !== undefined) keys.push(rsKey(rs));
  } else if (labelChanged || refChanged) {
    for (const rs of replicaSetsSelecting(listers, pod)) keys.push(rsKey(rs));
  }
  return [...new Set(keys)];
}

export function replicaSetKeys(informer: string, n: Notification, listers: Listers, m: ReplicaSetMemory): readonly string[] {
  if (informer === 'pods') return podKeys(n, listers, m);
  const key = keyOf(n.obj);
  // A ReplicaSet deleted, or replaced by one of the same name, starts its successor afresh.
  if (n.type === 'delete' || (n.type === 'update' && n.old.metadata.uid !== n.obj.metadata.uid)) deleteExpectations(m.expectations, key);
  return [key];
}
