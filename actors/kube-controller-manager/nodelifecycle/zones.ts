// Zones and the pace of NoExecute tainting. Each zone has a state computed from the share of its
// nodes that are not Ready, and a queue of nodes waiting for a NoExecute taint, drained through a
// token bucket (burst 1) whose rate the zone's state sets: the normal rate, a reduced one when a
// large zone is partially disrupted (none at all in a small one), and none anywhere when every
// zone is fully disrupted — then the control plane is more likely cut off than every node dead.

import type { NodeCondition } from 'kubernetes-types/core/v1.d.ts';

export type ZoneState = 'Initial' | 'Normal' | 'PartialDisruption' | 'FullDisruption';

export interface EvictionRates {
  /** --node-eviction-rate: nodes tainted per second per zone. */
  readonly evictionQPS: number;
  /** --secondary-node-eviction-rate: when a large zone is partially disrupted. */
  readonly secondaryEvictionQPS: number;
  /** --large-cluster-size-threshold: above this many nodes a zone is large. */
  readonly largeClusterThreshold: number;
  /** --unhealthy-zone-threshold: the share of not-Ready nodes that makes a partial disruption. */
  readonly unhealthyZoneThreshold: number;
}

/** A queued node: its name, uid and when it may be processed (virtual ms). */
export type QueuedNode = { name: string; uid: string; at: number };

/** RateLimitedTimedQueue as plain data: a qps of 0 takes nothing; `members` stay until removed, so a tainted node is not queued again. */
export type ZoneTainter = {
  qps: number;
  tokens: number;
  tokensAt: number;
  queue: QueuedNode[];
  members: Record<string, true>;
};

export const newTainter = (qps: number, now: number): ZoneTainter => ({ qps, tokens: 1, tokensAt: now, queue: [], members: {} });

function refill(z: ZoneTainter, now: number): void {
  if (z.qps > 0 && now > z.tokensAt) z.tokens = Math.min(1, z.tokens + ((now - z.tokensAt) * z.qps) / 1000);
  z.tokensAt = Math.max(z.tokensAt, now);
}

/** TryAccept on the zone's limiter. */
export function tryAccept(z: ZoneTainter, now: number): boolean {
  refill(z, now);
  if (z.qps <= 0 || z.tokens < 1) return false;
  z.tokens -= 1;
  return true;
}

/** How long until the limiter would accept again (undefined: never, qps 0). */
export function untilToken(z: ZoneTainter, now: number): number | undefined {
  if (z.qps <= 0) return undefined;
  refill(z, now);
  return z.tokens >= 1 ? 0 : Math.ceil(((1 - z.tokens) * 1000) / z.qps);
}

/** SwapLimiter: a new bucket at `qps`, drained if the old one had no token to give. */
export function swapLimiter(z: ZoneTainter, qps: number, now: number): void {
  if (z.qps === qps) return;
  const starved = !tryAccept(z, now);
  z.qps = qps;
  z.tokens = qps > 0 && starved ? 0 : 1;
  z.tokensAt = now;
}

/** UniqueQueue.Add: false if the node is queued or was processed and not yet removed. */
export function enqueue(z: ZoneTainter, name: string, uid: string, now: number): boolean {
  if (z.members[name]) return false;
  z.members[name] = true;
  z.queue.push({ name, uid, at: now });
  z.queue.sort((a, b) => a.at - b.at);
  return true;
}

/** UniqueQueue.Remove: out of the queue and forgotten. */
export function dequeue(z: ZoneTainter, name: string): boolean {
  const had = z.members[name] === true;
  delete z.members[name];
  z.queue = z.queue.filter((q) => q.name !== name);
  return had;
}

/** ComputeZoneState: how many nodes are not Ready, and the state that makes. */
export function computeZoneState(ready: readonly (NodeCondition | undefined)[], threshold: number): { unhealthy: number; state: ZoneState } {
  const readyNodes = ready.filter((c) => c?.status === 'True').length;
  const notReady = ready.length - readyNodes;
  if (readyNodes === 0 && notReady > 0) return { unhealthy: notReady, state: 'FullDisruption' };
  if (notReady > 2 && notReady / (notReady + readyNodes) >= threshold) return { unhealthy: notReady, state: 'PartialDisruption' };
  return { unhealthy: notReady, state: 'Normal' };
}

/** The tainting rate a zone of `size` nodes gets in `state`. */
export function rateFor(state: ZoneState, size: number, r: EvictionRates): number {
  if (state === 'PartialDisruption') return size > r.largeClusterThreshold ? r.secondaryEvictionQPS : 0;
  return r.evictionQPS;
}
