// When the kubelet writes its node status. It recomputes the status every
// nodeStatusUpdateFrequency (10 s) and patches the API only when something other than the
// heartbeat times changed, when the OS/arch labels are missing, or when nodeStatusReportFrequency
// (5 min) passed since the last successful report; the node Lease carries the liveness in
// between. A failed write is retried at once, up to nodeStatusUpdateRetry (5) times per round.

import type { Node, NodeCondition, NodeStatus } from 'kubernetes-types/core/v1.d.ts';

export const NODE_STATUS_UPDATE_FREQUENCY_MS = 10_000;
export const NODE_STATUS_REPORT_FREQUENCY_MS = 300_000;
export const NODE_STATUS_UPDATE_RETRY = 5;

/** Plain-data deep equality over JSON values, with object keys in any order. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((x, i) => jsonEqual(x, bb[i]));
  }
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  const ka = Object.keys(ra).filter((k) => ra[k] !== undefined);
  const kb = Object.keys(rb).filter((k) => rb[k] !== undefined);
  return ka.length === kb.length && ka.every((k) => jsonEqual(ra[k], rb[k]));
}

const byType = (a: NodeCondition, b: NodeCondition): number => (a.type < b.type ? -1 : a.type > b.type ? 1 : 0);
const withoutHeartbeat = (c: NodeCondition): NodeCondition => ({ ...c, lastHeartbeatTime: undefined });

/** Conditions differ in anything but lastHeartbeatTime, compared by type whatever their order. */
export function nodeConditionsHaveChanged(before: readonly NodeCondition[], after: readonly NodeCondition[]): boolean {
  if (before.length !== after.length) return true;
  const x = [...before].sort(byType).map(withoutHeartbeat);
  const y = [...after].sort(byType).map(withoutHeartbeat);
  return x.some((c, i) => !jsonEqual(c, y[i]));
}

export function nodeStatusHasChanged(before: NodeStatus | undefined, after: NodeStatus | undefined): boolean {
  if (before === undefined && after === undefined) return false;
  if (before === undefined || after === undefined) return true;
  if (nodeConditionsHaveChanged(before.conditions ?? [], after.conditions ?? [])) return true;
  return !jsonEqual({ ...before, conditions: undefined }, { ...after, conditions: undefined });
}

/** The labels tryUpdateNodeStatus restores before anything else, and posts if it had to. */
export function requiredLabelsMissing(node: Node, architecture: string): boolean {
  const labels = node.metadata?.labels ?? {};
  return labels['kubernetes.io/os'] !== 'linux' || labels['kubernetes.io/arch'] !== architecture;
}

export interface PostDecisionInput {
  /** The node as the API (the kubelet's informer) has it: what the patch is computed against. */
  readonly current: Node;
  /** The status just computed by the setters. */
  readonly computed: NodeStatus;
  readonly nowMs: number;
  /** When the last status patch succeeded; undefined before the first. */
  readonly lastReportMs: number | undefined;
  readonly podCIDRChanged?: boolean;
  readonly architecture?: string;
  readonly reportFrequencyMs?: number;
}

/** Whether this round of tryUpdateNodeStatus patches the status, or stops after computing it. */
export function shouldPost(input: PostDecisionInput): boolean {
  const frequency = input.reportFrequencyMs ?? NODE_STATUS_REPORT_FREQUENCY_MS;
  if (input.lastReportMs === undefined || input.nowMs >= input.lastReportMs + frequency) return true;
  if (input.podCIDRChanged) return true;
  if (requiredLabelsMissing(input.current, input.architecture ?? 'amd64')) return true;
  return nodeStatusHasChanged(input.current.status, input.computed);
}
