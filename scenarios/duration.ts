// Durations as users write them: 250ms, 90s, 5m, 1h (and plain numbers of ms in code).

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

export class DurationError extends Error {
  override name = 'DurationError';
}

export function parseDuration(text: string | number, what = 'duration'): number {
  if (typeof text === 'number') {
    if (!(text >= 0 && text < Infinity)) throw new DurationError(`${what}: invalid duration ${text}: must be a finite number of ms >= 0`);
    return text;
  }
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(text.trim());
  if (!m) throw new DurationError(`${what}: invalid duration "${text}": write it like 250ms, 90s, 5m or 1h`);
  return Number(m[1]) * UNITS[m[2]!]!;
}

export function formatDuration(ms: number): string {
  if (ms >= 3_600_000 && ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  if (ms >= 60_000 && ms % 60_000 === 0) return `${ms / 60_000}m`;
  if (ms >= 1000 && ms % 1000 === 0) return `${ms / 1000}s`;
  return `${ms}ms`;
}
