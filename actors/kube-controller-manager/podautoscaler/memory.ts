// What the HPA controller keeps per HPA between its 15 s syncs, as Kubernetes keeps it in the
// controller's memory (lost on a restart, like a restarted kube-controller-manager's): the
// recent unstabilized recommendations, which the stabilization windows read, and the recent
// scale changes, which the behavior policies' periods read. A scale change is recorded when the
// apiserver accepts the Scale write, which `written` hears.

import type { ApiCall, ApiResult } from '../../../protocols/kube/api.ts';

export interface Recommendation {
  readonly replicas: number;
  readonly at: number;
}

export interface ScaleEvent {
  /** Replicas added (scale-up list) or removed (scale-down list): always positive. */
  readonly change: number;
  readonly at: number;
  outdated: boolean;
}

/** A rescale sent and not yet answered: what to record if it succeeds. */
export interface PendingRescale {
  readonly from: number;
  readonly to: number;
  readonly at: number;
  /** The longest policy period of the direction scaled (events older are outdated); undefined without spec.behavior (nothing kept). */
  readonly longestPeriodS?: number;
}

export type HPAMemory = {
  recommendations: Record<string, Recommendation[]>;
  scaleUpEvents: Record<string, ScaleEvent[]>;
  scaleDownEvents: Record<string, ScaleEvent[]>;
  pending: Record<string, PendingRescale>;
};

export const emptyHPAMemory = (): HPAMemory => ({ recommendations: {}, scaleUpEvents: {}, scaleDownEvents: {}, pending: {} });

export function forgetHPA(m: HPAMemory, key: string): void {
  delete m.recommendations[key];
  delete m.scaleUpEvents[key];
  delete m.scaleDownEvents[key];
  delete m.pending[key];
}

/** storeScaleEvent: reuses an outdated slot rather than growing the list. */
export function storeScaleEvent(m: HPAMemory, key: string, p: PendingRescale): void {
  if (p.longestPeriodS === undefined || p.to === p.from) return;
  const up = p.to > p.from;
  const list = ((up ? m.scaleUpEvents : m.scaleDownEvents)[key] ??= []);
  const cutoff = p.at - p.longestPeriodS * 1000;
  for (const e of list) if (e.at < cutoff) e.outdated = true;
  const event: ScaleEvent = { change: Math.abs(p.to - p.from), at: p.at, outdated: false };
  let slot = -1;
  list.forEach((e, i) => {
    if (e.outdated) slot = i;
  });
  if (slot >= 0) list[slot] = event;
  else list.push(event);
}

export function hpaWritten(key: string, call: ApiCall, result: ApiResult, m: HPAMemory): void {
  if (call.target.subresource !== 'scale') return;
  const p = m.pending[key];
  delete m.pending[key];
  if (p !== undefined && result.ok) storeScaleEvent(m, key, p);
}
