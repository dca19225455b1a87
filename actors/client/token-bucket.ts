// A token bucket in virtual time, as golang.org/x/time/rate's Limiter that client-go's
// flowcontrol.NewTokenBucketRateLimiter and workqueue's BucketRateLimiter wrap: it starts full
// (`burst` tokens), refills at `qps` per second up to `burst`, and a reservation may take the
// bucket below zero, the caller then waiting until the debt is repaid. Each call waits its turn
// behind the ones already reserved, so a burst of calls is spread at 1/qps apart.

export interface TokenBucket {
  readonly qps: number;
  readonly burst: number;
  /** Tokens at `at`; negative when reservations are outstanding. */
  tokens: number;
  at: number;
}

export function tokenBucket(qps: number, burst: number, now = 0): TokenBucket {
  if (!(qps > 0) || !(burst >= 1)) throw new RangeError(`token bucket: qps ${qps} and burst ${burst} must be > 0 and >= 1`);
  return { qps, burst, tokens: burst, at: now };
}

function advance(b: TokenBucket, now: number): void {
  if (now > b.at) {
    b.tokens = Math.min(b.burst, b.tokens + ((now - b.at) * b.qps) / 1000);
    b.at = now;
  }
}

/** Takes one token; returns how long (virtual ms) the caller waits before acting: rate.Reserve().Delay(). */
export function reserve(b: TokenBucket, now: number): number {
  advance(b, now);
  b.tokens -= 1;
  return b.tokens >= 0 ? 0 : Math.ceil((-b.tokens * 1000) / b.qps);
}

/** Takes a token only if one is there now: the spam filter's TryAccept. */
export function tryAccept(b: TokenBucket, now: number): boolean {
  advance(b, now);
  if (b.tokens < 1) return false;
  b.tokens -= 1;
  return true;
}
