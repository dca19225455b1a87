// What the Node authorizer's graph answers: which nodes may read an object. Kubernetes keeps a
// graph of vertices (node, pod, secret, configmap, serviceaccount, pvc, pv) with edges pointing
// towards nodes (secret → pod → node, pv → pvc → pod → node); a kubelet may read an object when a
// path leads from it to its node. Every path ends at a pod bound to a node, so the graph here is
// kept as its answer: object → the set of nodes it reaches, built from the pods (and PVs) given.

import type { PersistentVolume, Pod } from '../../../../protocols/kube/objects.ts';

export type VertexType = 'pod' | 'secret' | 'configmap' | 'serviceaccount' | 'persistentvolumeclaim' | 'persistentvolume';

export interface NodeGraph {
  /** The nodes an object has a path to; empty for an object the graph does not know. */
  nodesOf(type: VertexType, namespace: string, name: string): ReadonlySet<string>;
}

const key = (type: VertexType, namespace: string, name: string) => `${type}\u0000${namespace}\u0000${name}`;

type Container = NonNullable<NonNullable<Pod['spec']>['containers']>[number];

/** podutil.VisitPodSecretNames and VisitPodConfigmapNames: every name a pod's spec refers to. */
function podReferences(pod: Pod): { secrets: string[]; configMaps: string[]; claims: string[] } {
  const spec = pod.spec;
  const secrets: string[] = [];
  const configMaps: string[] = [];
  const claims: string[] = [];
  if (!spec) return { secrets, configMaps, claims };
  for (const s of spec.imagePullSecrets ?? []) if (s.name) secrets.push(s.name);
  const containers: Container[] = [...(spec.initContainers ?? []), ...(spec.containers ?? []), ...((spec.ephemeralContainers ?? []) as Container[])];
  for (const c of containers) {
    for (const from of c.envFrom ?? []) {
      if (from.secretRef?.name) secrets.push(from.secretRef.name);
      if (from.configMapRef?.name) configMaps.push(from.configMapRef.name);
    }
    for (const e of c.env ?? []) {
      if (e.valueFrom?.secretKeyRef?.name) secrets.push(e.valueFrom.secretKeyRef.name);
      if (e.valueFrom?.configMapKeyRef?.name) configMaps.push(e.valueFrom.configMapKeyRef.name);
    }
  }
  for (const v of spec.volumes ?? []) {
    if (v.secret?.secretName) secrets.push(v.secret.secretName);
    if (v.configMap?.name) configMaps.push(v.configMap.name);
    for (const src of v.projected?.sources ?? []) {
      if (src.secret?.name) secrets.push(src.secret.name);
      if (src.configMap?.name) configMaps.push(src.configMap.name);
    }
    for (const ref of [v.azureFile?.secretName, v.cephfs?.secretRef?.name, v.cinder?.secretRef?.name, v.flexVolume?.secretRef?.name, v.rbd?.secretRef?.name, v.scaleIO?.secretRef?.name, v.iscsi?.secretRef?.name, v.storageos?.secretRef?.name, v.csi?.nodePublishSecretRef?.name])
      if (ref) secrets.push(ref);
    if (v.persistentVolumeClaim?.claimName) claims.push(v.persistentVolumeClaim.claimName);
    // A generic ephemeral volume's claim is named after the pod and the volume.
    if (v.ephemeral) claims.push(`${pod.metadata?.name ?? ''}-${v.name}`);
  }
  return { secrets, configMaps, claims };
}

/** The secrets a CSI persistent volume names, each with its namespace. */
function pvSecrets(pv: PersistentVolume): { namespace: string; name: string }[] {
  const csi = pv.spec?.csi;
  if (!csi) return [];
  return [csi.controllerPublishSecretRef, csi.nodeStageSecretRef, csi.nodePublishSecretRef, csi.controllerExpandSecretRef, csi.nodeExpandSecretRef]
    .filter((r): r is { name: string; namespace: string } => !!r?.name && !!r.namespace)
    .map((r) => ({ namespace: r.namespace, name: r.name }));
}

/** The graph of the pods bound to nodes (unscheduled pods are not in it) and of the PVs bound to their claims. */
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
    const refs = podReferences(pod);
    add(key('pod', ns, pod.metadata?.name ?? ''), [node]);
    if (pod.spec?.serviceAccountName) add(key('serviceaccount', ns, pod.spec.serviceAccountName), [node]);
    for (const s of refs.secrets) add(key('secret', ns, s), [node]);
    for (const c of refs.configMaps) add(key('configmap', ns, c), [node]);
    for (const c of refs.claims) add(key('persistentvolumeclaim', ns, c), [node]);
  }
  for (const pv of persistentVolumes) {
    const claim = pv.spec?.claimRef;
    if (!claim?.name) continue;
    const nodes = reach.get(key('persistentvolumeclaim', claim.namespace ?? '', claim.name)) ?? new Set<string>();
    add(key('persistentvolume', '', pv.metadata?.name ?? ''), nodes);
    for (const s of pvSecrets(pv)) add(key('secret', s.namespace, s.name), nodes);
  }
  const none: ReadonlySet<string> = new Set();
  return { nodesOf: (type, namespace, name) => reach.get(key(type, namespace, name)) ?? none };
}
