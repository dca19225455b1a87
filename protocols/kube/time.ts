// Kubernetes timestamps from virtual time, shared by the apiserver and its clients. Virtual time
// starts at 0; the calendar starts at an epoch (by default 2026-01-01T00:00:00Z), so objects carry
// plausible dates and every run of a seed prints the same ones. metav1.Time is written to the
// second, metav1.MicroTime to the microsecond.

const MS_PER_DAY = 86_400_000;

/** Days since 1970-01-01 to a civil date (Howard Hinnant's days_from_civil, inverted). */
function civil(days: number): [number, number, number] {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

const pad = (n: number, w: number) => String(n).padStart(w, '0');

function parts(ms: number): { date: string; clock: string; micros: number } {
  const whole = Math.floor(ms);
  const days = Math.floor(whole / MS_PER_DAY);
  const [y, mo, d] = civil(days);
  let rest = whole - days * MS_PER_DAY;
  const h = Math.floor(rest / 3_600_000);
  rest -= h * 3_600_000;
  const mi = Math.floor(rest / 60_000);
  rest -= mi * 60_000;
  const s = Math.floor(rest / 1000);
  const micros = Math.floor((ms - Math.floor(ms / 1000) * 1000) * 1000);
  return { date: `${pad(y, 4)}-${pad(mo, 2)}-${pad(d, 2)}`, clock: `${pad(h, 2)}:${pad(mi, 2)}:${pad(s, 2)}`, micros };
}

/** metav1.Time: `2024-05-01T10:00:00Z`, `ms` since the Unix epoch. */
export function rfc3339(ms: number): string {
  const p = parts(ms);
  return `${p.date}T${p.clock}Z`;
}

/** metav1.MicroTime: `2024-05-01T10:00:00.123456Z`, as Leases' acquireTime and renewTime. */
export function rfc3339Micro(ms: number): string {
  const p = parts(ms);
  return `${p.date}T${p.clock}.${pad(p.micros, 6)}Z`;
}

/** Where virtual time 0 falls on the calendar, when the caller does not say: 2026-01-01T00:00:00Z, the apiserver's epoch too. */
export const DEFAULT_EPOCH_MS = 1_767_225_600_000;

/** Days since 1970-01-01 of a civil date (Howard Hinnant's days_from_civil). */
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?Z$/;

/** ms since the Unix epoch of a UTC timestamp as Kubernetes writes them; undefined if it is not one. */
export function parseRfc3339(text: string): number | undefined {
  const m = RFC3339.exec(text);
  if (m === null) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const fraction = m[7] === undefined ? 0 : Number(`0.${m[7]}`) * 1000;
  return daysFromCivil(y, mo, d) * MS_PER_DAY + h * 3_600_000 + mi * 60_000 + s * 1000 + fraction;
}
