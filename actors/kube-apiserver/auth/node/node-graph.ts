// What the Node authorizer's graph answers: may a node read an object. Kubernetes keeps a graph
// of vertices (node, pod, secret, configmap, serviceaccount, pvc, pv) with edges pointing towards
// nodes (secret → pod → node, pv → pvc → pod → node, secret → pv); a kubelet may read an object
// when a path leads from it to its node. Every path ends at a pod bound to a node, so a graph
// here is kept as its answer: which nodes each object reaches. buildNodeGraph makes one from
// scratch; the apiserver keeps one current event by event (graph-populator.ts), and the two must
// always agree.

import type { PersistentVolume, Pod } from '../../../../protocols/kube/objects.ts';
import { isMirrorPod, podReferences, pvKubeletSecrets } from './references.ts';

export type VertexType = 'pod' | 'secret' | 'configmap' | 'serviceaccount' | 'persistentvolumeclaim' | 'persistentvolume';

export interface NodeGraph {
  /** Whether a path leads from the object to the node; false for an object the graph does not know. */
  reaches(type: VertexType, namespace: string, name: string, node: string): boolean;
  /** Every object that reaches a node, as `type/namespace/name→node`, sorted: for comparing graphs. */
  pairs(): string[];
}

export const vertexKey = (type: VertexType, namespace: string, name: string): string => `${type}/${namespace}/${name}`;

/** The graph of the pods bound to nodes (unscheduled pods are not in it) and of the PVs bound to their claims, built from scratch. */
export function buildNodeGraph(pods: readonly Pod[], persistentVolumes: readonly PersistentVolume[] = []): NodeGraph {
  const reach = new Map<string, Set<string>>();
  const add = (k: string, nodes: Iterable<string>) => {
    let set = reach.get(k);
    if (!set) reach.set(k, (set = new Set()));
    for (const n of nodes) set.add(n);
  };
  for (const pod of pods) {
    const node = pod.spec?.nodeName;
    if (!node) continue;
    const ns = pod.metadata?.namespace ?? '';
    add(vertexKey('pod', ns, pod.metadata?.name ?? ''), [node]);
    // A mirror pod is made by a kubelet: it must grant that kubelet nothing more.
    if (isMirrorPod(pod)) continue;
    const refs = podReferences(pod);
    if (pod.spec?.serviceAccountName) add(vertexKey('serviceaccount', ns, pod.spec.serviceAccountName), [node]);
    for (const s of refs.secrets) add(vertexKey('secret', ns, s), [node]);
    for (const c of refs.configMaps) add(vertexKey('configmap', ns, c), [node]);
    for (const c of refs.claims) add(vertexKey('persistentvolumeclaim', ns, c), [node]);
  }
  const viaClaims = new Map<string, Set<string>>();
  for (const pv of persistentVolumes) {
    const claim = pv.spec?.claimRef;
    if (!claim) continue;
    const nodes = reach.get(vertexKey('persistentvolumeclaim', claim.namespace ?? '', claim.name ?? '')) ?? new Set<string>();
    viaClaims.set(vertexKey('persistentvolume', '', pv.metadata?.name ?? ''), nodes);
    for (const s of pvKubeletSecrets(pv)) {
      const k = vertexKey('secret', s.namespace, s.name);
      viaClaims.set(k, new Set([...(viaClaims.get(k) ?? []), ...nodes]));
    }
  }
  for (const [k, nodes] of viaClaims) add(k, nodes);
  return {
    reaches: (type, namespace, name, node) => reach.get(vertexKey(type, namespace, name))?.has(node) === true,
    pairs: () => [...reach].flatMap(([k, nodes]) => [...nodes].map((n) => `${k}→${n}`)).sort(),
  };
}
