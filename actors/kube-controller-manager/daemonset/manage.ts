// The DaemonSet controller's decisions, pure: manage (a pod on each node that should run one,
// none where none should; failed pods deleted, with a per-node backoff; extra pods on a node pruned)
// and rollingUpdate (old pods replaced within maxUnavailable, or surged with maxSurge: the new pod
// first, the old one deleted once the new one is available). Nodes are visited in name order.

import type { DaemonSet, KubeObject, Node, Pod } from '../../../protocols/kube/objects.ts';
import { isPodAvailable, isPodReady, isTerminating } from '../history/pods.ts';
import { REVISION_HASH_LABEL } from '../history/revisions.ts';
import { nodeShouldRunDaemonPod, type Placement } from './eligibility.ts';
import { type DaemonSetMemory, inBackoff, nextBackoff } from './memory.ts';
import { isPodUpdated, oldestFirst, targetNode, templateGeneration } from './pods.ts';

export interface DaemonView {
  readonly key: string;
  readonly ds: DaemonSet;
  readonly nodes: readonly Node[];
  /** Node name → the set's pods for it (terminal pods already being deleted left out). */
  readonly byNode: ReadonlyMap<string, readonly Pod[]>;
  readonly hash: string;
  readonly now: number;
  readonly wallMs: number;
}

export interface Plan {
  readonly create: string[];
  readonly del: string[];
  readonly warnings: string[];
  requeueAfter?: number;
}

const phase = (p: Pod) => p.status?.phase;

export function nodesToDaemonPods(pods: readonly Pod[]): Map<string, Pod[]> {
  const out = new Map<string, Pod[]>();
  for (const p of pods) {
    if ((phase(p) === 'Failed' || phase(p) === 'Succeeded') && isTerminating(p as KubeObject)) continue;
    const node = targetNode(p);
    if (node === undefined) continue;
    out.set(node, [...(out.get(node) ?? []), p]);
  }
  return out;
}

export const placement = (ds: DaemonSet, node: Node): Placement => nodeShouldRunDaemonPod(ds.spec!.template.spec!, node);

const allowsSurge = (ds: DaemonSet) => ds.spec?.updateStrategy?.type === 'RollingUpdate' && scaled(ds.spec.updateStrategy.rollingUpdate?.maxSurge, 1) > 0;

/** intstr.GetScaledValueFromIntOrPercent, rounding up. */
export function scaled(v: number | string | undefined, total: number): number {
  if (v === undefined) return 0;
  if (typeof v === 'number') return v;
  const m = /^(\d+)%$/.exec(v);
  return m === null ? Number(v) || 0 : Math.ceil((Number(m[1]) * total) / 100);
}

/** What must be created and deleted on one node (podsShouldBeOnNode). */
function onNode(v: DaemonView, m: DaemonSetMemory, node: Node, plan: Plan): void {
  const name = node.metadata!.name!;
  const { shouldRun, shouldContinueRunning } = placement(v.ds, node);
  const pods = v.byNode.get(name) ?? [];
  if (shouldRun && pods.length === 0) {
    plan.create.push(name);
    return;
  }
  if (!shouldContinueRunning) {
    for (const p of pods) if (!isTerminating(p as KubeObject)) plan.del.push(p.metadata!.name!);
    return;
  }
  const running: Pod[] = [];
  for (const p of pods) {
    if (isTerminating(p as KubeObject)) continue;
    if (phase(p) === 'Failed') {
      const id = `${v.key}/${name}`;
      const wait = inBackoff(m, id, v.now);
      if (wait !== undefined) {
        plan.requeueAfter = Math.min(plan.requeueAfter ?? Infinity, wait);
        continue;
      }
      nextBackoff(m, id, v.now);
      plan.warnings.push(`Found failed daemon pod ${p.metadata!.namespace}/${p.metadata!.name} on node ${name}, will try to kill it`);
      plan.del.push(p.metadata!.name!);
    } else if (phase(p) === 'Succeeded') {
      plan.del.push(p.metadata!.name!);
    } else running.push(p);
  }
  if (running.length <= 1) return;
  const sorted = oldestFirst(running);
  if (!allowsSurge(v.ds)) {
    for (const p of sorted.slice(1)) plan.del.push(p.metadata!.name!);
    return;
  }
  // Surging: keep the oldest new and the oldest old pod; the old one goes once it is not ready or the new one is available.
  let oldestNew: Pod | undefined;
  let oldestOld: Pod | undefined;
  for (const p of sorted) {
    const isNew = p.metadata?.labels?.[REVISION_HASH_LABEL] === v.hash;
    if (isNew && oldestNew === undefined) oldestNew = p;
    else if (!isNew && oldestOld === undefined) oldestOld = p;
    else plan.del.push(p.metadata!.name!);
  }
  if (oldestNew !== undefined && oldestOld !== undefined && (!isPodReady(oldestOld) || isPodAvailable(oldestNew, v.ds.spec?.minReadySeconds ?? 0, v.wallMs))) plan.del.push(oldestOld.metadata!.name!);
}

export function manage(v: DaemonView, m: DaemonSetMemory): Plan {
  const plan: Plan = { create: [], del: [], warnings: [] };
  for (const node of v.nodes) onNode(v, m, node, plan);
  // Unbound pods pinned to nodes that no longer exist.
  const known = new Set(v.nodes.map((n) => n.metadata!.name!));
  for (const [node, pods] of v.byNode) if (!known.has(node)) for (const p of pods) if (!p.spec?.nodeName && !isTerminating(p as KubeObject)) plan.del.push(p.metadata!.name!);
  return plan;
}

/** findUpdatedPodsOnNode: at most one new and one old live pod, else not ok (manage cleans the node up first). */
function updatedOnNode(v: DaemonView, pods: readonly Pod[]): { ok: boolean; newPod?: Pod; oldPod?: Pod } {
  let newPod: Pod | undefined;
  let oldPod: Pod | undefined;
  const generation = templateGeneration(v.ds);
  for (const p of pods) {
    if (isTerminating(p as KubeObject)) continue;
    if (isPodUpdated(p, v.hash, generation)) {
      if (newPod !== undefined) return { ok: false };
      newPod = p;
    } else {
      if (oldPod !== undefined) return { ok: false };
      oldPod = p;
    }
  }
  return { ok: true, ...(newPod ? { newPod } : {}), ...(oldPod ? { oldPod } : {}) };
}

export function rollingUpdate(v: DaemonView): Plan {
  const ds = v.ds;
  const byNode = new Map(v.byNode);
  let desired = 0;
  const nodes = new Map(v.nodes.map((n) => [n.metadata!.name!, n] as const));
  for (const n of v.nodes) {
    if (!placement(ds, n).shouldRun) continue;
    desired++;
    if (!byNode.has(n.metadata!.name!)) byNode.set(n.metadata!.name!, []);
  }
  const ru = ds.spec?.updateStrategy?.rollingUpdate;
  let maxUnavailable = scaled(ru?.maxUnavailable ?? 1, desired);
  const maxSurge = scaled(ru?.maxSurge, desired);
  if (desired > 0 && maxUnavailable === 0 && maxSurge === 0) maxUnavailable = 1;
  const available = (p: Pod) => isPodAvailable(p, ds.spec?.minReadySeconds ?? 0, v.wallMs);
  const names = [...byNode.keys()].sort();
  const plan: Plan = { create: [], del: [], warnings: [] };

  if (maxSurge === 0) {
    let unavailable = 0;
    const replace: string[] = [];
    const candidates: string[] = [];
    for (const name of names) {
      const { ok, newPod, oldPod } = updatedOnNode(v, byNode.get(name)!);
      if (!ok || (oldPod === undefined) === (newPod === undefined)) {
        unavailable++;
      } else if (newPod !== undefined) {
        if (!available(newPod)) unavailable++;
      } else if (!available(oldPod!)) {
        replace.push(oldPod!.metadata!.name!);
        unavailable++;
      } else if (unavailable < maxUnavailable) {
        candidates.push(oldPod!.metadata!.name!);
      }
    }
    const room = Math.min(Math.max(0, maxUnavailable - unavailable), candidates.length);
    plan.del.push(...replace, ...candidates.slice(0, room));
    return plan;
  }

  let surge = 0;
  let numAvailable = 0;
  const allowedNew: string[] = [];
  const candidateNew: string[] = [];
  const shouldNotRun: string[] = [];
  for (const name of names) {
    const { ok, newPod, oldPod } = updatedOnNode(v, byNode.get(name)!);
    if (!ok) {
      surge++;
      continue;
    }
    if (oldPod !== undefined ? available(oldPod) : newPod !== undefined && available(newPod)) numAvailable++;
    if (oldPod === undefined) continue;
    const node = nodes.get(name);
    const runs = node !== undefined && placement(ds, node).shouldRun;
    if (newPod === undefined) {
      if (!available(oldPod)) {
        if (!runs) plan.del.push(oldPod.metadata!.name!);
        else allowedNew.push(name);
      } else if (!runs) shouldNotRun.push(oldPod.metadata!.name!);
      else if (surge < maxSurge) candidateNew.push(name);
    } else if (!available(newPod)) {
      surge++;
    } else plan.del.push(oldPod.metadata!.name!);
  }
  // Pods on nodes the set has left go only once as many are available elsewhere.
  const deletable = Math.min(Math.max(0, numAvailable - desired), shouldNotRun.length);
  plan.del.push(...shouldNotRun.slice(0, deletable));
  const room = Math.min(Math.max(0, maxSurge - surge), candidateNew.length);
  plan.create.push(...allowedNew, ...candidateNew.slice(0, room));
  return plan;
}
