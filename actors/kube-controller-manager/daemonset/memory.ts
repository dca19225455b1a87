// What the DaemonSet controller remembers between reconciles: expectations (creations and deletions
// sent but not yet seen in the pod cache, so a lagging cache does not make it create twice; they
// lapse after five minutes as ControllerExpectations' do) and the per-node backoff for deleting
// failed daemon pods (1 s doubling to 15 min, as failedPodsBackoff), so a kubelet that keeps
// rejecting the pod does not make the two hot-loop. And the Events its writes' answers raise
// (pending-events.ts).

import type { EventMemory } from '../history/pending-events.ts';

export interface Expectation {
  add: number;
  del: number;
  at: number;
}

export interface Backoff {
  delay: number;
  at: number;
}

export interface DaemonSetMemory extends EventMemory, Record<string, unknown> {
  expectations: Record<string, Expectation>;
  backoff: Record<string, Backoff>;
}

export const EXPECTATIONS_TIMEOUT_MS = 5 * 60_000;
export const BACKOFF_INITIAL_MS = 1000;
export const BACKOFF_MAX_MS = 15 * 60_000;

export const daemonSetMemory = (): DaemonSetMemory => ({ expectations: {}, backoff: {}, events: {}, refs: {} });

export function satisfied(m: DaemonSetMemory, key: string, now: number): boolean {
  const e = m.expectations[key];
  return e === undefined || (e.add <= 0 && e.del <= 0) || now - e.at > EXPECTATIONS_TIMEOUT_MS;
}

export function expect(m: DaemonSetMemory, key: string, add: number, del: number, now: number): void {
  if (add === 0 && del === 0) return;
  m.expectations[key] = { add, del, at: now };
}

export function observed(m: DaemonSetMemory, key: string, what: 'add' | 'del'): void {
  const e = m.expectations[key];
  if (e !== undefined) e[what]--;
}

/** flowcontrol.Backoff.IsInBackOffSinceUpdate: the delay since the last failure has not yet passed. */
export function inBackoff(m: DaemonSetMemory, id: string, now: number): number | undefined {
  const b = m.backoff[id];
  return b !== undefined && now - b.at < b.delay ? b.delay - (now - b.at) : undefined;
}

/** flowcontrol.Backoff.Next: doubles the delay (starting again once idle for twice the maximum). */
export function nextBackoff(m: DaemonSetMemory, id: string, now: number): void {
  const b = m.backoff[id];
  const fresh = b === undefined || now - b.at > 2 * BACKOFF_MAX_MS;
  m.backoff[id] = { delay: fresh ? BACKOFF_INITIAL_MS : Math.min(b.delay * 2, BACKOFF_MAX_MS), at: now };
}
