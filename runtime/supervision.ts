// Supervision decisions as pure functions: which exits restart, when intensity is exceeded,
// how long to back off, and which siblings a strategy takes down with the failed child.

export type Strategy = 'one-for-one' | 'one-for-all' | 'rest-for-one';

/** OTP restart types: permanent always restarts, transient only after a failure, temporary never. */
export type RestartType = 'permanent' | 'transient' | 'temporary';

export interface Backoff {
  /** Delay before the first restart, in ms. */
  readonly min: number;
  /** The delay doubles per recent restart of the same child, up to this, in ms. */
  readonly max: number;
  /** Up to this fraction of the delay is added at random (seeded), so restarts do not align. */
  readonly jitter: number;
}

export interface SupervisionOptions {
  readonly strategy: Strategy;
  /** More than `maxRestarts` restarts within `period` ms and the supervisor gives up. */
  readonly maxRestarts: number;
  readonly period: number;
  readonly backoff: Backoff;
}

export const defaultSupervision: SupervisionOptions = {
  strategy: 'one-for-one',
  maxRestarts: 3,
  period: 5000,
  backoff: { min: 100, max: 10_000, jitter: 0.2 },
};

/**
 * Why an actor's incarnation ended: it stopped itself, it failed, or its supervisor (or the
 * system) shut it down, as OTP names a termination the supervisor asked for.
 */
export type ExitReason =
  | { readonly kind: 'normal' }
  | { readonly kind: 'failed'; readonly error: string; readonly messageType: string }
  | { readonly kind: 'shutdown' };

export function shouldRestart(restart: RestartType, reason: ExitReason): boolean {
  if (reason.kind === 'shutdown') return false;
  if (restart === 'permanent') return true;
  if (restart === 'transient') return reason.kind === 'failed';
  return false;
}

/**
 * The restart times still inside the window ending at `now`, with `now` added. The window is
 * closed: a restart exactly `period` ago still counts, as in OTP's supervisor (it keeps restarts
 * R with R >= Now - Period).
 */
export function recordRestart(history: readonly number[], now: number, period: number): number[] {
  const kept = history.filter((t) => t >= now - period);
  kept.push(now);
  return kept;
}

/** OTP's rule: more than maxRestarts restarts within the period. */
export function intensityExceeded(history: readonly number[], maxRestarts: number): boolean {
  return history.length > maxRestarts;
}

/**
 * Delay before a restart. `attempt` counts the child's earlier restarts within the period, so
 * the delay doubles while the child keeps failing and falls back to `min` once it has run quietly
 * for a whole period. `random` is a draw in [0, 1) from the runtime's seeded stream.
 */
export function backoffDelay(b: Backoff, attempt: number, random: number): number {
  const base = Math.min(b.max, b.min * 2 ** Math.min(attempt, 52));
  return Math.round(base * (1 + b.jitter * random));
}

/** The children a strategy restarts when `failed` does, in start order. */
export function restartGroup(strategy: Strategy, children: readonly string[], failed: string): string[] {
  switch (strategy) {
    case 'one-for-one':
      return [failed];
    case 'one-for-all':
      return [...children];
    case 'rest-for-one': {
      const i = children.indexOf(failed);
      return i < 0 ? [failed] : children.slice(i);
    }
  }
}

/** Checks user-given options, naming the bad field. */
export function resolveSupervision(partial: Partial<SupervisionOptions> | undefined, where: string): SupervisionOptions {
  const s: SupervisionOptions = {
    ...defaultSupervision,
    ...partial,
    backoff: { ...defaultSupervision.backoff, ...partial?.backoff },
  };
  const bad = (field: string, value: unknown, must: string) =>
    new RangeError(`${where}: supervision.${field}: Invalid value: ${String(value)}: ${must}`);
  if (!['one-for-one', 'one-for-all', 'rest-for-one'].includes(s.strategy))
    throw bad('strategy', s.strategy, 'must be one-for-one, one-for-all or rest-for-one');
  if (!(s.maxRestarts >= 0)) throw bad('maxRestarts', s.maxRestarts, 'must be greater than or equal to 0');
  if (!(s.period > 0)) throw bad('period', s.period, 'must be greater than 0');
  if (!(s.backoff.min >= 0)) throw bad('backoff.min', s.backoff.min, 'must be greater than or equal to 0');
  if (!(s.backoff.max >= s.backoff.min)) throw bad('backoff.max', s.backoff.max, 'must be greater than or equal to backoff.min');
  if (!(s.backoff.jitter >= 0)) throw bad('backoff.jitter', s.backoff.jitter, 'must be greater than or equal to 0');
  return s;
}
