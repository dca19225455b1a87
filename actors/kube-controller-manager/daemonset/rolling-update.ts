// rollingUpdate: without surge, old pods are deleted (unavailable ones first) as long as no more
// than maxUnavailable nodes lack an available pod, and manage recreates them at the new revision;
// with maxSurge, a new pod starts beside each old one (at once where the old one is unavailable,
// else up to maxSurge at a time) and the old one goes when the new one is available. Nodes are
// visited in name order.

import type { KubeObject, Pod } from '../../../protocols/kube/objects.ts';
import { isPodAvailable, isTerminating } from '../history/pods.ts';
import { isPodUpdated, templateGeneration } from './pods.ts';
import { type DaemonView, placement, type Plan, scaled } from './view.ts';

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
