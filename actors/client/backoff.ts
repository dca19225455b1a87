// client-go's reflector backoff (wait.NewExponentialBackoffManager(800ms, 30s, 2m, 2.0, 1.0)):
// each wait doubles the last, from 800 ms to at most 30 s, and starts again at 800 ms when the
// previous one began more than 2 minutes ago. The jitter (up to one more duration) is drawn
// from the caller's `pick`, so runs stay deterministic.

export interface Backoff {
  /** The duration the next step returns, before jitter. */
  nextMs: number;
  /** When the last step was taken; null before the first. */
  lastAt: number | null;
}

export const REFLECTOR_BACKOFF = { initialMs: 800, maxMs: 30_000, resetMs: 120_000, factor: 2 } as const;

export const newBackoff = (): Backoff => ({ nextMs: REFLECTOR_BACKOFF.initialMs, lastAt: null });

/** The wait before the next attempt; `pick(n)` is an integer in [0, n) (omit it for no jitter). */
export function step(b: Backoff, now: number, pick?: (n: number) => number): number {
  if (b.lastAt === null || now - b.lastAt > REFLECTOR_BACKOFF.resetMs) b.nextMs = REFLECTOR_BACKOFF.initialMs;
  b.lastAt = now;
  const base = b.nextMs;
  b.nextMs = Math.min(REFLECTOR_BACKOFF.maxMs, base * REFLECTOR_BACKOFF.factor);
  return pick === undefined ? base : base + pick(base + 1);
}
