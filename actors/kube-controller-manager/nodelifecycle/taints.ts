// The taints the node lifecycle controller owns and how it writes them. Node taints are written
// as a JSON patch whose first operation tests the taints it read: an update made by anyone else
// in between (kubectl taint, the cloud controller) makes the patch fail and the key retry on a
// fresher cache, where a plain replace of the list would silently undo it.

import type { NodeCondition, Taint, Toleration } from 'kubernetes-types/core/v1.d.ts';
import type { ApiCall } from '../../../protocols/kube/api.ts';
import type { Node } from '../../../protocols/kube/objects.ts';
import { patchCall } from '../../client/index.ts';

export const TAINT_NOT_READY = 'node.kubernetes.io/not-ready';
export const TAINT_UNREACHABLE = 'node.kubernetes.io/unreachable';
export const TAINT_UNSCHEDULABLE = 'node.kubernetes.io/unschedulable';
export const TAINT_MEMORY_PRESSURE = 'node.kubernetes.io/memory-pressure';
export const TAINT_DISK_PRESSURE = 'node.kubernetes.io/disk-pressure';
export const TAINT_PID_PRESSURE = 'node.kubernetes.io/pid-pressure';
export const TAINT_NETWORK_UNAVAILABLE = 'node.kubernetes.io/network-unavailable';

export const UNREACHABLE_NO_EXECUTE: Taint = { key: TAINT_UNREACHABLE, effect: 'NoExecute' };
export const NOT_READY_NO_EXECUTE: Taint = { key: TAINT_NOT_READY, effect: 'NoExecute' };

/** Which condition status puts which NoSchedule taint on a node (TaintNodesByCondition). */
export const CONDITION_TAINTS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  Ready: { False: TAINT_NOT_READY, Unknown: TAINT_UNREACHABLE },
  MemoryPressure: { True: TAINT_MEMORY_PRESSURE },
  DiskPressure: { True: TAINT_DISK_PRESSURE },
  NetworkUnavailable: { True: TAINT_NETWORK_UNAVAILABLE },
  PIDPressure: { True: TAINT_PID_PRESSURE },
};

const CONDITION_TAINT_KEYS = new Set([TAINT_NOT_READY, TAINT_UNREACHABLE, TAINT_NETWORK_UNAVAILABLE, TAINT_MEMORY_PRESSURE, TAINT_DISK_PRESSURE, TAINT_PID_PRESSURE]);

/** Taints are one by key and effect: TaintSetDiff's and MatchTaint's identity. */
export const sameTaint = (a: Taint, b: Taint) => a.key === b.key && a.effect === b.effect;
export const hasTaint = (taints: readonly Taint[] | undefined, t: Taint) => (taints ?? []).some((x) => sameTaint(x, t));

export function condition(node: Node, type: string): NodeCondition | undefined {
  return node.status?.conditions?.find((c) => c.type === type);
}

/** The NoSchedule taints a node's conditions and spec.unschedulable call for. */
export function wantedNoScheduleTaints(node: Node): Taint[] {
  const out: Taint[] = [];
  for (const c of node.status?.conditions ?? []) {
    const key = CONDITION_TAINTS[c.type]?.[c.status];
    if (key !== undefined) out.push({ key, effect: 'NoSchedule' });
  }
  if (node.spec?.unschedulable) out.push({ key: TAINT_UNSCHEDULABLE, effect: 'NoSchedule' });
  return out;
}

/** The NoSchedule taints this controller manages that the node carries now. */
export const managedNoScheduleTaints = (node: Node): Taint[] =>
  (node.spec?.taints ?? []).filter((t) => t.effect === 'NoSchedule' && (t.key === TAINT_UNSCHEDULABLE || CONDITION_TAINT_KEYS.has(t.key)));

/** The node's taints with `add` put in (replacing one of the same key and effect) and `remove` taken out. */
export function swapTaints(taints: readonly Taint[] | undefined, add: readonly Taint[], remove: readonly Taint[]): Taint[] {
  let out = [...(taints ?? [])];
  for (const t of add) {
    const i = out.findIndex((x) => sameTaint(x, t));
    if (i >= 0) out[i] = t;
    else out.push(t);
  }
  out = out.filter((x) => !remove.some((r) => sameTaint(r, x)) || add.some((a) => sameTaint(a, x)));
  return out;
}

export const sameTaintList = (a: readonly Taint[] | undefined, b: readonly Taint[] | undefined) => JSON.stringify(a ?? []) === JSON.stringify(b ?? []);

/** A patch replacing the node's taints with `next`, refused if they are no longer `node`'s. */
export function taintsPatch(node: Node, next: readonly Taint[]): ApiCall {
  const old = node.spec?.taints;
  const ops: object[] = [];
  if (node.spec === undefined) {
    ops.push({ op: 'test', path: '/spec', value: null }, { op: 'add', path: '/spec', value: { taints: next } });
  } else {
    ops.push({ op: 'test', path: '/spec/taints', value: old ?? null });
    if (next.length > 0) ops.push({ op: 'add', path: '/spec/taints', value: next });
    else if (old !== undefined) ops.push({ op: 'remove', path: '/spec/taints' });
  }
  return patchCall('nodes', node.metadata!.name!, 'json', JSON.stringify(ops));
}

/** Toleration.ToleratesTaint. */
export function tolerates(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  if (t.operator === 'Exists') return true;
  if (t.operator === undefined || t.operator === '' || t.operator === 'Equal') return (t.value ?? '') === (taint.value ?? '');
  return false;
}

/** GetMatchingTolerations: whether every taint is tolerated, and the first toleration used for each. */
export function matchingTolerations(taints: readonly Taint[], tolerations: readonly Toleration[]): { all: boolean; used: Toleration[] } {
  const used: Toleration[] = [];
  for (const taint of taints) {
    const t = tolerations.find((x) => tolerates(x, taint));
    if (t === undefined) return { all: false, used: [] };
    used.push(t);
  }
  return { all: true, used };
}

/** The zone a node counts in: region and zone labels (stable first, then the beta ones) joined, '' when neither. */
export function zoneKey(node: Node): string {
  const l = node.metadata?.labels ?? {};
  const zone = l['topology.kubernetes.io/zone'] ?? l['failure-domain.beta.kubernetes.io/zone'] ?? '';
  const region = l['topology.kubernetes.io/region'] ?? l['failure-domain.beta.kubernetes.io/region'] ?? '';
  return region === '' && zone === '' ? '' : `${region}:\u0000:${zone}`;
}
