// What the DaemonSet's decisions look at: the set, the nodes in name order, the set's pods grouped
// by the node each is for, the current revision's hash and the time; and the small rules both
// manage and the rolling update use (placement, surge allowed, int-or-percent scaling).

import type { DaemonSet, KubeObject, Node, Pod } from '../../../protocols/kube/objects.ts';
import { isTerminating } from '../history/pods.ts';
import { nodeShouldRunDaemonPod, type Placement } from './eligibility.ts';
import { targetNode } from './pods.ts';

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

export const phase = (p: Pod) => p.status?.phase;

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

export const allowsSurge = (ds: DaemonSet) => ds.spec?.updateStrategy?.type === 'RollingUpdate' && scaled(ds.spec.updateStrategy.rollingUpdate?.maxSurge, 1) > 0;

/** intstr.GetScaledValueFromIntOrPercent, rounding up. */
export function scaled(v: number | string | undefined, total: number): number {
  if (v === undefined) return 0;
  if (typeof v === 'number') return v;
  const m = /^(\d+)%$/.exec(v);
  return m === null ? Number(v) || 0 : Math.ceil((Number(m[1]) * total) / 100);
}
