// The scheduler cache (internal/cache): nodes and the pods bound to them, plus pods the scheduler
// has assumed onto a node while their binding is under way, so the next attempt already counts
// them. A NodeInfo is rebuilt only when its node or its pods change. The snapshot lists nodes as
// the node tree does: zone by zone in turn, each zone's nodes in the order they came.

import type { Node, Pod } from '../../protocols/kube/objects.ts';
import { buildNodeInfo } from './framework/nodeinfo.ts';
import { affinityPositions, attachSummary, countImages, type SnapshotSummary } from './framework/snapshot-summary.ts';
import type { NodeInfo } from './framework/types.ts';

export interface SchedulerCache {
  nodes: Record<string, Node>;
  /** node → pod key → pod (bound, or assumed). Pods of nodes the cache does not know yet are kept too. */
  pods: Record<string, Record<string, Pod>>;
  /** pod key → the node it is assumed on. */
  assumed: Record<string, string>;
  /** pod key → the node it is bound to (as the informer last said). */
  podNode: Record<string, string>;
  /** zone → node names in arrival order. */
  zones: Record<string, string[]>;
  zoneOrder: string[];
  infos: Record<string, NodeInfo>;
  /** Nodes whose NodeInfo must be rebuilt. */
  dirty: Record<string, true>;
  /** The snapshot's node order, rebuilt when nodes come or go. */
  order: string[] | null;
}

export const ZONE_LABEL = 'topology.kubernetes.io/zone';
const REGION_LABEL = 'topology.kubernetes.io/region';

export const emptyCache = (): SchedulerCache => ({ nodes: {}, pods: {}, assumed: {}, podNode: {}, zones: {}, zoneOrder: [], infos: {}, dirty: {}, order: null });

/**
 * What the cache derives from its own contents to make snapshots cheap. It lives beside the cache
 * rather than in it: the cache is the scheduler's state, which checkpoints hash, and this is
 * only a faster way to the same snapshots. A cache without it (new, or a copy) gets it afresh.
 */
interface Derived {
  /** The last snapshot: handed out again while nothing changed, copied and patched when a node did. */
  last: { readonly order: string[]; readonly list: NodeInfo[]; readonly position: Map<string, number>; readonly summary: SnapshotSummary } | null;
  /** Image → nodes having it, over every node with a NodeInfo; copied before a change once a snapshot holds it. */
  imageNodes: Map<string, number>;
  imageNodesShared: boolean;
}
const derived = new WeakMap<SchedulerCache, Derived>();

function derivedOf(c: SchedulerCache): Derived {
  let d = derived.get(c);
  if (d === undefined) {
    const imageNodes = new Map<string, number>();
    for (const info of Object.values(c.infos)) countImages(imageNodes, info, 1);
    d = { last: null, imageNodes, imageNodesShared: false };
    derived.set(c, d);
  }
  return d;
}

/** The image counts, safe to change: a snapshot handed out keeps the counts it was taken with. */
function imageNodes(d: Derived): Map<string, number> {
  if (d.imageNodesShared) {
    d.imageNodes = new Map(d.imageNodes);
    d.imageNodesShared = false;
  }
  return d.imageNodes;
}

/** The node tree's zone key: region and zone together. */
const zoneOf = (n: Node): string => `${n.metadata?.labels?.[REGION_LABEL] ?? ''}:\0:${n.metadata?.labels?.[ZONE_LABEL] ?? ''}`;
const podKey = (p: Pod): string => `${p.metadata?.namespace ?? ''}/${p.metadata?.name ?? ''}`;

function unzone(c: SchedulerCache, name: string, zone: string): void {
  const list = c.zones[zone];
  if (list === undefined) return;
  c.zones[zone] = list.filter((n) => n !== name);
  if (c.zones[zone]!.length === 0) {
    delete c.zones[zone];
    c.zoneOrder = c.zoneOrder.filter((z) => z !== zone);
  }
  c.order = null;
}

function enzone(c: SchedulerCache, name: string, zone: string): void {
  if (c.zones[zone] === undefined) {
    c.zones[zone] = [];
    c.zoneOrder.push(zone);
  }
  c.zones[zone]!.push(name);
  c.order = null;
}

export function setNode(c: SchedulerCache, node: Node): void {
  const name = node.metadata!.name!;
  const old = c.nodes[name];
  if (old === undefined) enzone(c, name, zoneOf(node));
  else if (zoneOf(old) !== zoneOf(node)) {
    unzone(c, name, zoneOf(old));
    enzone(c, name, zoneOf(node));
  }
  c.nodes[name] = node;
  c.dirty[name] = true;
}

export function removeNode(c: SchedulerCache, name: string): void {
  const old = c.nodes[name];
  if (old === undefined) return;
  unzone(c, name, zoneOf(old));
  delete c.nodes[name];
  const info = c.infos[name];
  if (info !== undefined) countImages(imageNodes(derivedOf(c)), info, -1);
  delete c.infos[name];
  delete c.dirty[name];
}

function placePod(c: SchedulerCache, key: string, pod: Pod, node: string): void {
  (c.pods[node] ??= {})[key] = pod;
  c.dirty[node] = true;
}

function unplacePod(c: SchedulerCache, key: string, node: string): void {
  const on = c.pods[node];
  if (on === undefined || on[key] === undefined) return;
  delete on[key];
  if (Object.keys(on).length === 0) delete c.pods[node];
  c.dirty[node] = true;
}

/** A bound pod the informer added or updated: it replaces an assumed copy. */
export function setBoundPod(c: SchedulerCache, pod: Pod): void {
  const key = podKey(pod);
  const node = pod.spec!.nodeName!;
  const assumedOn = c.assumed[key];
  if (assumedOn !== undefined) {
    unplacePod(c, key, assumedOn);
    delete c.assumed[key];
  }
  const before = c.podNode[key];
  if (before !== undefined && before !== node) unplacePod(c, key, before);
  c.podNode[key] = node;
  placePod(c, key, pod, node);
}

/** A bound pod deleted (or finished): its resources are free. */
export function removePod(c: SchedulerCache, key: string): void {
  const node = c.podNode[key];
  if (node !== undefined) unplacePod(c, key, node);
  delete c.podNode[key];
  forget(c, key);
}

/** AssumePod: the pod counts on `node` from now until its binding is confirmed or forgotten. */
export function assume(c: SchedulerCache, pod: Pod, node: string): void {
  const key = podKey(pod);
  const bound = { ...pod, spec: { ...pod.spec!, nodeName: node } };
  c.assumed[key] = node;
  placePod(c, key, bound, node);
}

/** ForgetPod: the binding failed; an assumed pod no longer counts. */
export function forget(c: SchedulerCache, key: string): void {
  const node = c.assumed[key];
  if (node === undefined) return;
  delete c.assumed[key];
  if (c.podNode[key] !== node) unplacePod(c, key, node);
}

export const isAssumed = (c: SchedulerCache, key: string): boolean => c.assumed[key] !== undefined;

function nodeOrder(c: SchedulerCache): string[] {
  if (c.order !== null) return c.order;
  const out: string[] = [];
  const lists = c.zoneOrder.map((z) => c.zones[z]!);
  const longest = Math.max(0, ...lists.map((l) => l.length));
  for (let i = 0; i < longest; i++) for (const l of lists) if (i < l.length) out.push(l[i]!);
  c.order = out;
  return out;
}

/** UpdateSnapshot: every node's NodeInfo, in node-tree order, rebuilding only the changed ones. */
export function snapshot(c: SchedulerCache): NodeInfo[] {
  const d = derivedOf(c);
  const rebuilt: string[] = [];
  let affinityChanged = false;
  for (const name of Object.keys(c.dirty)) {
    delete c.dirty[name];
    const node = c.nodes[name];
    if (node === undefined) continue;
    const old = c.infos[name];
    const info = buildNodeInfo(node, Object.values(c.pods[name] ?? {}));
    c.infos[name] = info;
    rebuilt.push(name);
    // Images come from the Node alone: a change to its pods leaves the counts as they are.
    if (old === undefined || old.node !== node) {
      if (old !== undefined) countImages(imageNodes(d), old, -1);
      countImages(imageNodes(d), info, 1);
    }
    if (old === undefined || (old.podsWithAffinity.length > 0) !== (info.podsWithAffinity.length > 0)
      || (old.podsWithRequiredAntiAffinity.length > 0) !== (info.podsWithRequiredAntiAffinity.length > 0)) affinityChanged = true;
  }
  const order = nodeOrder(c);
  const last = d.last;
  if (last !== null && last.order === order && rebuilt.length === 0 && last.summary.imageNodes === d.imageNodes) return last.list;
  let list: NodeInfo[];
  let position: Map<string, number>;
  if (last !== null && last.order === order) {
    // The same nodes in the same order: a copy of the last list with the rebuilt nodes replaced,
    // rather than a lookup by name for every node.
    list = last.list.slice();
    position = last.position;
    for (const name of rebuilt) list[position.get(name)!] = c.infos[name]!;
  } else {
    list = order.map((n) => c.infos[n]!);
    position = new Map(order.map((n, i) => [n, i]));
    affinityChanged = true;
  }
  const positions = affinityChanged || last === null ? affinityPositions(list) : last.summary;
  const summary: SnapshotSummary = { withAffinity: positions.withAffinity, withRequiredAntiAffinity: positions.withRequiredAntiAffinity, imageNodes: d.imageNodes };
  d.imageNodesShared = true;
  attachSummary(list, summary);
  d.last = { order, list, position, summary };
  return list;
}
