// workqueue.DefaultTypedControllerRateLimiter: the larger of a per-item exponential backoff
// (5 ms doubling per failure, at most 1000 s) and an overall token bucket (10 qps, burst 100), so
// one item failing again and again backs off alone while a storm of distinct failures is held
// to the bucket's rate as a whole.

import { reserve, type TokenBucket, tokenBucket } from './token-bucket.ts';

export interface RateLimiter {
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  failures: Record<string, number>;
  bucket: TokenBucket;
}

export function defaultControllerRateLimiter(now = 0): RateLimiter {
  return { baseDelayMs: 5, maxDelayMs: 1_000_000, failures: {}, bucket: tokenBucket(10, 100, now) };
}

/** When: how long `item` waits before its next try; counts the failure. */
export function when(r: RateLimiter, item: string, now: number): number {
  const exp = r.failures[item] ?? 0;
  r.failures[item] = exp + 1;
  const backoff = Math.min(r.maxDelayMs, r.baseDelayMs * 2 ** exp);
  return Math.max(backoff, reserve(r.bucket, now));
}

/** Forget: the item succeeded; its next failure starts again at the base delay. */
export function forget(r: RateLimiter, item: string): void {
  delete r.failures[item];
}

export const numRequeues = (r: RateLimiter, item: string): number => r.failures[item] ?? 0;
