// manage (podsShouldBeOnNode for every node): a pod on each node that should run one, none where
// none should; failed pods deleted with a per-node backoff (a FailedDaemonPod warning each time);
// extra pods on a node pruned: all but the oldest, or when surging, all but the oldest new and
// the oldest old, the old one too once it is not ready or the new one is available.

import type { KubeObject, Node, Pod } from '../../../protocols/kube/objects.ts';
import { isPodAvailable, isPodReady, isTerminating } from '../history/pods.ts';
import { REVISION_HASH_LABEL } from '../history/revisions.ts';
import { type DaemonSetMemory, inBackoff, nextBackoff } from './memory.ts';
import { oldestFirst } from './pods.ts';
import { allowsSurge, type DaemonView, phase, placement, type Plan } from './view.ts';

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
      const id = `${v.ds.metadata!.uid}/${v.ds.status?.observedGeneration ?? 0}/${name}`;
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
  const sorted = oldestFirst(running);
  if (!allowsSurge(v.ds)) {
    for (const p of sorted.slice(1)) plan.del.push(p.metadata!.name!);
    return;
  }
  if (running.length <= 1) {
    // Surging keeps a live pod on every node: one whose last pod failed gets another now.
    if (running.length === 0 && shouldRun) plan.create.push(name);
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
