// Virtual time as Kubernetes prints it. Virtual time starts at 0; the cluster's calendar starts
// at an epoch (by default 2026-01-01T00:00:00Z), so timestamps look like a real cluster's and
// every run of a seed prints the same ones.

/** 2026-01-01T00:00:00Z in Unix milliseconds. */
export const DEFAULT_EPOCH_MS = 1_767_225_600_000;

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** The civil date of a day count since 1970-01-01 (proleptic Gregorian). */
function civil(days: number): { y: number; m: number; d: number } {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return { y: yoe + era * 400 + (m <= 2 ? 1 : 0), m, d };
}

function parts(unixMs: number): string {
  const days = Math.floor(unixMs / 86_400_000);
  const { y, m, d } = civil(days);
  const inDay = unixMs - days * 86_400_000;
  const s = Math.floor(inDay / 1000);
  return `${pad(y, 4)}-${pad(m)}-${pad(d)}T${pad(Math.floor(s / 3600))}:${pad(Math.floor(s / 60) % 60)}:${pad(s % 60)}`;
}

/** metav1.Time: whole seconds, as creationTimestamp and deletionTimestamp are written. */
export function rfc3339(unixMs: number): string {
  return `${parts(unixMs)}Z`;
}

/** metav1.MicroTime: six fractional digits, as Leases and Events write renewTime and eventTime. */
export function rfc3339Micro(unixMs: number): string {
  const micros = Math.round((unixMs - Math.floor(unixMs / 1000) * 1000) * 1000);
  return `${parts(unixMs)}.${pad(micros, 6)}Z`;
}
