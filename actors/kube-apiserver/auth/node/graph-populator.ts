// The Node authorizer's graph kept current in an apiserver replica, as Kubernetes' graph_populator
// keeps it from the pod and PV informers: every event changes only the edges of its object, so
// its cost is the object's references, never the cluster's size. What each pod and PV contributed
// is remembered, so a change or a delete takes back exactly that.
//
// Kubernetes' rules, kept: a pod counts once bound to a node; an update that keeps the pod's node
// and uid changes nothing (the references in a pod's spec cannot change); a mirror pod gets its
// pod → node edge only; a pod's delete removes it whatever its phase (terminal pods keep their
// edges until deleted). A PV bound to a claim reaches the nodes the claim reaches, and so do the
// secrets it hands the kubelet.

import type { KubeObject, PersistentVolume, Pod } from '../../../../protocols/kube/objects.ts';
import { type NodeGraph, type VertexType, vertexKey } from './node-graph.ts';
import { isMirrorPod, podReferences, pvKubeletSecrets } from './references.ts';

interface PodEntry {
  readonly uid: string;
  readonly node: string;
  /** The vertices the pod gives an edge to its node, each once. */
  readonly vertices: readonly string[];
}

interface PvEntry {
  readonly claim: string;
  readonly secrets: readonly string[];
}

export interface PopulatorOptions {
  /** A bug for the property test to catch: a deleted pod's edges are left behind. */
  readonly plant?: { readonly keepEdgesOnPodDelete?: boolean };
}

/** The caches the graph follows, by cache key (group/resource). */
const PODS = '/pods';
const PVS = '/persistentvolumes';

const keyOf = (o: { readonly metadata?: { readonly namespace?: string; readonly name?: string } }): string => `${o.metadata?.namespace ?? ''}/${o.metadata?.name ?? ''}`;

export class NodeGraphPopulator implements NodeGraph {
  private readonly pods = new Map<string, PodEntry>();
  /** Vertex → node → how many pods give it an edge to that node. */
  private readonly direct = new Map<string, Map<string, number>>();
  private readonly pvs = new Map<string, PvEntry>();
  /** Secret vertex → the PVs that name it. */
  private readonly secretPvs = new Map<string, Set<string>>();

  constructor(private readonly options: PopulatorOptions = {}) {}

  reaches(type: VertexType, namespace: string, name: string, node: string): boolean {
    if (type === 'persistentvolume') {
      const pv = this.pvs.get(name);
      return pv !== undefined && this.directly(pv.claim, node);
    }
    const k = vertexKey(type, namespace, name);
    if (this.directly(k, node)) return true;
    if (type !== 'secret') return false;
    const pvs = this.secretPvs.get(k);
    if (pvs === undefined) return false;
    for (const pv of pvs) if (this.directly(this.pvs.get(pv)!.claim, node)) return true;
    return false;
  }

  pairs(): string[] {
    const out = new Set<string>();
    for (const [k, nodes] of this.direct) for (const n of nodes.keys()) out.add(`${k}→${n}`);
    for (const [name, pv] of this.pvs) {
      for (const n of this.direct.get(pv.claim)?.keys() ?? []) {
        out.add(`${vertexKey('persistentvolume', '', name)}→${n}`);
        for (const s of pv.secrets) out.add(`${s}→${n}`);
      }
    }
    return [...out].sort();
  }

  /** A cache was filled (the first list, a relist): what it no longer holds is deleted, the rest put. */
  replaced(cacheKey: string, objects: readonly KubeObject[]): void {
    if (cacheKey !== PODS && cacheKey !== PVS) return;
    const listed = new Set(objects.map(keyOf));
    if (cacheKey === PODS) {
      for (const [k, e] of [...this.pods]) if (!listed.has(k)) this.dropPod(k, e);
      for (const o of objects) this.putPod(o as Pod);
    } else {
      for (const name of [...this.pvs.keys()]) if (!listed.has(`/${name}`)) this.dropPv(name);
      for (const o of objects) this.putPv(o as PersistentVolume);
    }
  }

  /** One event a cache took in: an object created or updated, or deleted (its last state). */
  changed(cacheKey: string, type: 'put' | 'delete', object: KubeObject): void {
    if (cacheKey === PODS) {
      if (type === 'put') this.putPod(object as Pod);
      else this.deletePod(object as Pod);
    } else if (cacheKey === PVS) {
      if (type === 'put') this.putPv(object as PersistentVolume);
      else this.dropPv(object.metadata?.name ?? '');
    }
  }

  putPod(pod: Pod): void {
    const node = pod.spec?.nodeName;
    const k = keyOf(pod);
    const uid = pod.metadata?.uid ?? '';
    const old = this.pods.get(k);
    // Another pod of the same name (seen only through a relist) replaces the old one even while
    // unbound: the old one is gone.
    if (old !== undefined && old.uid !== uid) this.dropPod(k, old);
    if (!node) return;
    if (old !== undefined && old.uid === uid) {
      if (old.node === node) return;
      this.dropPod(k, old);
    }
    const ns = pod.metadata?.namespace ?? '';
    const vertices = new Set([vertexKey('pod', ns, pod.metadata?.name ?? '')]);
    if (!isMirrorPod(pod)) {
      if (pod.spec?.serviceAccountName) vertices.add(vertexKey('serviceaccount', ns, pod.spec.serviceAccountName));
      const refs = podReferences(pod);
      for (const s of refs.secrets) vertices.add(vertexKey('secret', ns, s));
      for (const c of refs.configMaps) vertices.add(vertexKey('configmap', ns, c));
      for (const c of refs.claims) vertices.add(vertexKey('persistentvolumeclaim', ns, c));
    }
    for (const v of vertices) {
      let nodes = this.direct.get(v);
      if (nodes === undefined) this.direct.set(v, (nodes = new Map()));
      nodes.set(node, (nodes.get(node) ?? 0) + 1);
    }
    this.pods.set(k, { uid, node, vertices: [...vertices] });
  }

  deletePod(pod: Pod): void {
    if (!pod.spec?.nodeName) return;
    const k = keyOf(pod);
    const old = this.pods.get(k);
    if (old !== undefined && !this.options.plant?.keepEdgesOnPodDelete) this.dropPod(k, old);
  }

  putPv(pv: PersistentVolume): void {
    const name = pv.metadata?.name ?? '';
    this.dropPv(name);
    const claim = pv.spec?.claimRef;
    if (!claim) return;
    const secrets = [...new Set(pvKubeletSecrets(pv).map((s) => vertexKey('secret', s.namespace, s.name)))];
    this.pvs.set(name, { claim: vertexKey('persistentvolumeclaim', claim.namespace ?? '', claim.name ?? ''), secrets });
    for (const s of secrets) {
      let set = this.secretPvs.get(s);
      if (set === undefined) this.secretPvs.set(s, (set = new Set()));
      set.add(name);
    }
  }

  private directly(vertex: string, node: string): boolean {
    return (this.direct.get(vertex)?.get(node) ?? 0) > 0;
  }

  private dropPod(k: string, e: PodEntry): void {
    this.pods.delete(k);
    for (const v of e.vertices) {
      const nodes = this.direct.get(v)!;
      const n = nodes.get(e.node)! - 1;
      if (n > 0) nodes.set(e.node, n);
      else if (nodes.size === 1) this.direct.delete(v);
      else nodes.delete(e.node);
    }
  }

  private dropPv(name: string): void {
    const e = this.pvs.get(name);
    if (e === undefined) return;
    this.pvs.delete(name);
    for (const s of e.secrets) {
      const set = this.secretPvs.get(s)!;
      set.delete(name);
      if (set.size === 0) this.secretPvs.delete(s);
    }
  }
}
