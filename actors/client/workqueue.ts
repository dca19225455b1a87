// client-go's workqueue (TypedRateLimitingInterface) as plain data: a FIFO of keys with its
// dirty and processing sets, so a key is queued at most once however often it is added, and a
// key added while it is being processed is queued again only when Done is called (never handed
// to two workers at once). Delayed adds wait in a list ordered by readiness; the owner's shell
// wakes the queue at the earliest (`nextWakeAt`). Rate-limited adds take their delay from the
// controller rate limiter. After ShutDown, adds are ignored and Get reports the shutdown once
// the queue is empty; ShutDownWithDrain also waits for items in processing to be Done.

import { defaultControllerRateLimiter, forget as forgetItem, numRequeues as requeues, type RateLimiter, when } from './rate-limiter.ts';

export interface WorkQueue {
  queue: string[];
  dirty: Record<string, true>;
  processing: Record<string, true>;
  /** Delayed adds, earliest first; ties in the order they were added. */
  waiting: { item: string; readyAt: number }[];
  /** When each waiting item is ready: its dedupe without a scan. */
  waitingAt: Record<string, number>;
  limiter: RateLimiter;
  shuttingDown: boolean;
  draining: boolean;
}

export const workQueue = (limiter: RateLimiter = defaultControllerRateLimiter()): WorkQueue => ({
  queue: [],
  dirty: {},
  processing: {},
  waiting: [],
  waitingAt: {},
  limiter,
  shuttingDown: false,
  draining: false,
});

export function add(q: WorkQueue, item: string): void {
  if (q.shuttingDown || q.dirty[item]) return;
  q.dirty[item] = true;
  if (q.processing[item]) return;
  q.queue.push(item);
}

/** Get: the next item, marked processing; `shutdown` once shut down and empty; undefined while empty (a worker would block). */
export function get(q: WorkQueue): { readonly item: string } | { readonly shutdown: true } | undefined {
  const item = q.queue.shift();
  if (item === undefined) return q.shuttingDown ? { shutdown: true } : undefined;
  q.processing[item] = true;
  delete q.dirty[item];
  return { item };
}

export function done(q: WorkQueue, item: string): void {
  delete q.processing[item];
  if (q.dirty[item]) q.queue.push(item);
}

/** AddAfter: an add `delayMs` from `now`. An item already waiting keeps the earlier of its two times. */
export function addAfter(q: WorkQueue, item: string, delayMs: number, now: number): void {
  if (q.shuttingDown) return;
  if (delayMs <= 0) return add(q, item);
  const readyAt = now + delayMs;
  const already = q.waitingAt[item];
  if (already !== undefined) {
    if (already <= readyAt) return;
    q.waiting.splice(q.waiting.findIndex((w) => w.item === item), 1);
  }
  q.waitingAt[item] = readyAt;
  let at = q.waiting.length;
  while (at > 0 && q.waiting[at - 1]!.readyAt > readyAt) at--;
  q.waiting.splice(at, 0, { item, readyAt });
}

/** Moves what is ready by `now` into the queue. */
export function wake(q: WorkQueue, now: number): void {
  while (q.waiting.length > 0 && q.waiting[0]!.readyAt <= now) {
    const { item } = q.waiting.shift()!;
    delete q.waitingAt[item];
    add(q, item);
  }
}

/** When the shell should next call `wake`, if anything waits. */
export const nextWakeAt = (q: WorkQueue): number | undefined => q.waiting[0]?.readyAt;

/** AddRateLimited: an add after the rate limiter's delay for this item. Returns the delay. */
export function addRateLimited(q: WorkQueue, item: string, now: number): number {
  if (q.shuttingDown) return 0;
  const delay = when(q.limiter, item, now);
  addAfter(q, item, delay, now);
  return delay;
}

export const forget = (q: WorkQueue, item: string): void => forgetItem(q.limiter, item);
export const numRequeues = (q: WorkQueue, item: string): number => requeues(q.limiter, item);
export const len = (q: WorkQueue): number => q.queue.length;

/** ShutDown: no more adds; waiting adds are dropped; workers drain what is queued, then see the shutdown. */
export function shutDown(q: WorkQueue): void {
  q.shuttingDown = true;
  q.waiting = [];
  q.waitingAt = {};
}

/** ShutDownWithDrain: as ShutDown; `isDrained` tells when every item in processing is Done. */
export function shutDownWithDrain(q: WorkQueue): void {
  shutDown(q);
  q.draining = true;
}

export const isDrained = (q: WorkQueue): boolean => q.queue.length === 0 && Object.keys(q.processing).length === 0;
