// The kubelet's Secret and ConfigMap managers with their default Watch change-detection strategy
// (pkg/kubelet/util/manager's watch-based object cache): one reflector per object a pod refers
// to, listing and watching that object alone (a metadata.name field selector in its namespace),
// started when the first pod referring to it is registered and stopped when the last one is
// gone. A pod is registered as the pod manager adds or updates it, and unregistered when it is
// deleted or has reached a terminal phase (a finished pod needs no secrets while it waits to be
// collected). So the kubelet reads only what the Node authorizer lets it read.

import type { Pod } from '../../../protocols/kube/objects.ts';
import { podReferences } from '../../../protocols/kube/pod-references.ts';
import { isTerminalPhase } from '../status/phase.ts';

export type ObjectResource = 'secrets' | 'configmaps';

/** Which objects each registered pod refers to, by pod uid, and how many pods refer to each. */
export interface ObjectRefs {
  readonly byPod: Record<string, readonly string[]>;
  readonly pods: Record<string, number>;
}

export const emptyObjectRefs = (): ObjectRefs => ({ byPod: {}, pods: {} });

/** The name of the informer on one object: `secrets/<namespace>/<name>`. */
export const objectInformerName = (resource: ObjectResource, namespace: string, name: string): string => `${resource}/${namespace}/${name}`;

/** The informer on one object, as the watch-based cache's reflector lists and watches it. */
export function objectInformerSpec(informerName: string): { name: string; resource: ObjectResource; namespace: string; fieldSelector: string } {
  const [resource, namespace, name] = informerName.split('/') as [ObjectResource, string, string];
  return { name: informerName, resource, namespace, fieldSelector: `metadata.name=${name}` };
}

/** The informers a pod needs, each once: its secrets', then its configmaps'. */
export function podObjectInformers(pod: Pod): string[] {
  const ns = pod.metadata?.namespace ?? '';
  const refs = podReferences(pod);
  return [...new Set([...refs.secrets.map((n) => objectInformerName('secrets', ns, n)), ...refs.configMaps.map((n) => objectInformerName('configmaps', ns, n))])];
}


export interface RefChanges {
  /** Informers to start: their first reference. */
  readonly start: string[];
  /** Informers to stop: their last reference went. */
  readonly stop: string[];
}

function unregister(refs: ObjectRefs, uid: string, stop: string[]): void {
  for (const n of refs.byPod[uid] ?? []) {
    const left = refs.pods[n]! - 1;
    if (left > 0) refs.pods[n] = left;
    else {
      delete refs.pods[n];
      stop.push(n);
    }
  }
  delete refs.byPod[uid];
}

/**
 * The pod manager saw the pod added or updated (`deleted`: removed). The new references are
 * counted before the old ones are released, so an object both name keeps its informer.
 */
export function podChanged(refs: ObjectRefs, pod: Pod, deleted: boolean): RefChanges {
  const uid = pod.metadata?.uid ?? '';
  const start: string[] = [];
  const stop: string[] = [];
  const old = refs.byPod[uid];
  if (deleted || isTerminalPhase(pod.status?.phase)) {
    unregister(refs, uid, stop);
    return { start, stop };
  }
  const names = podObjectInformers(pod);
  for (const n of names) {
    const count = refs.pods[n] ?? 0;
    if (count === 0) start.push(n);
    refs.pods[n] = count + 1;
  }
  if (old !== undefined) {
    refs.byPod[uid] = old;
    unregister(refs, uid, stop);
  }
  refs.byPod[uid] = names;
  return { start, stop };
}
