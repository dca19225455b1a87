// CronJob schedules as robfig/cron's ParseStandard reads them (five fields or a descriptor such
// as @hourly, an optional CRON_TZ=/TZ= prefix, @every <duration>), evaluated with cron-parser in
// a time zone (IANA names, through Intl). Times are ms since the Unix epoch: the controller
// turns virtual time into calendar time (epochMs + now) before asking.

import { CronDate, CronExpressionParser } from 'cron-parser';

export interface Schedule {
  /** The first activation strictly after `ms`. */
  next(ms: number): number;
  readonly zone: string;
}

export type ParsedSchedule = { readonly ok: true; readonly schedule: Schedule; readonly tzInSchedule: boolean } | { readonly ok: false; readonly error: string };

// Intl formatters are costly to build: one per zone, kept (the tz database does not change in a run).
const formatters = new Map<string, Intl.DateTimeFormat | null>();

function formatter(zone: string): Intl.DateTimeFormat | null {
  let f = formatters.get(zone);
  if (f === undefined) {
    try {
      f = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    } catch {
      f = null;
    }
    formatters.set(zone, f);
  }
  return f;
}

/** Whether Intl knows the zone, as Go's time.LoadLocation would ("Local" is not allowed). */
export function knownZone(zone: string): boolean {
  if (zone === '' || zone === 'UTC') return true;
  if (zone.toLowerCase() === 'local') return false;
  return formatter(zone) !== null;
}

const UNITS: Readonly<Record<string, number>> = { ns: 1e-6, us: 1e-3, µs: 1e-3, μs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** A Go duration ("1h30m", "90s") in ms, or undefined. */
export function parseGoDuration(text: string): number | undefined {
  if (text === '0') return 0;
  const re = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/gy;
  let total = 0;
  let at = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    total += Number(m[1]) * UNITS[m[2]!]!;
    at = re.lastIndex;
  }
  return at === text.length && at > 0 ? total : undefined;
}

export function parseSchedule(text: string, timeZone?: string): ParsedSchedule {
  let spec = text.trim();
  let zone = timeZone ?? 'UTC';
  let tzInSchedule = false;
  if (spec.startsWith('TZ=') || spec.startsWith('CRON_TZ=')) {
    const i = spec.indexOf(' ');
    const named = spec.slice(spec.indexOf('=') + 1, i < 0 ? undefined : i);
    if (i < 0 || !knownZone(named)) return { ok: false, error: `provided bad location ${named}: unknown time zone ${named}` };
    zone = named;
    tzInSchedule = true;
    spec = spec.slice(i).trim();
  }
  if (!knownZone(zone)) return { ok: false, error: `unknown time zone ${zone}` };
  if (zone === '') zone = 'UTC';
  if (spec.startsWith('@every ')) {
    const d = parseGoDuration(spec.slice('@every '.length));
    if (d === undefined) return { ok: false, error: `failed to parse duration ${spec}` };
    // robfig's ConstantDelaySchedule: at least a second, whole seconds, from the given time.
    const delay = Math.max(1000, Math.floor(d / 1000) * 1000);
    return { ok: true, tzInSchedule, schedule: { zone, next: (ms) => Math.floor(ms / 1000) * 1000 + delay } };
  }
  if (spec === '@midnight') spec = '@daily';
  if (!spec.startsWith('@')) {
    const fields = spec.split(/\s+/);
    if (fields.length !== 5) return { ok: false, error: `expected exactly 5 fields, found ${fields.length}: [${fields.join(' ')}]` };
  }
  let expr: ReturnType<typeof CronExpressionParser.parse>;
  try {
    expr = CronExpressionParser.parse(spec, { currentDate: 0, tz: zone });
  } catch (e) {
    return { ok: false, error: String((e as Error).message ?? e) };
  }
  // One parsed expression, moved to each asked-for time: parsing costs more than stepping.
  const next = (ms: number) => {
    expr.reset(new CronDate(ms, zone));
    return expr.next().getTime();
  };
  return { ok: true, tzInSchedule, schedule: { zone, next } };
}

/** time.RFC3339 in `zone`: `2026-01-01T09:00:00+09:00`, or `...Z` at offset zero (Go's Z07:00). */
export function rfc3339InZone(ms: number, zone: string): string {
  const whole = Math.floor(ms / 1000) * 1000;
  const parts = Object.fromEntries(formatter(zone || 'UTC')!.formatToParts(whole).map((p) => [p.type, p.value]));
  const wall = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
  const offset = Math.round((wall - whole) / 60_000);
  const local = `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}`;
  if (offset === 0) return `${local}Z`;
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}
