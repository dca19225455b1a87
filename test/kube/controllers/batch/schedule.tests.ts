import test from 'ava';
import { parseSchedule, rfc3339InZone, parseGoDuration } from '../../../../actors/kube-controller-manager/cronjob/schedule.ts';
import { rfc1123z } from '../../../../actors/kube-controller-manager/cronjob/sync.ts';
import { mostRecentScheduleTime } from '../../../../actors/kube-controller-manager/cronjob/times.ts';
import { DEFAULT_EPOCH_MS, rfc3339 } from '../../../../protocols/kube/time.ts';

const T0 = DEFAULT_EPOCH_MS; // 2026-01-01T00:00:00Z, a Thursday
const runs = (schedule: string, n: number, zone?: string): string[] => {
  const p = parseSchedule(schedule, zone);
  if (!p.ok) throw new Error(p.error);
  const out: string[] = [];
  for (let t = T0, i = 0; i < n; i++) out.push(rfc3339((t = p.schedule.next(t))));
  return out;
};

test('schedule: descriptors as robfig/cron reads them', (t) => {
  t.deepEqual(runs('@hourly', 2), ['2026-01-01T01:00:00Z', '2026-01-01T02:00:00Z']);
  t.deepEqual(runs('@daily', 1), ['2026-01-02T00:00:00Z']);
  t.deepEqual(runs('@midnight', 1), ['2026-01-02T00:00:00Z']);
  t.deepEqual(runs('@weekly', 1), ['2026-01-04T00:00:00Z']);
  t.deepEqual(runs('@monthly', 1), ['2026-02-01T00:00:00Z']);
  t.deepEqual(runs('@yearly', 1), ['2027-01-01T00:00:00Z']);
  t.deepEqual(runs('@every 90s', 2), ['2026-01-01T00:01:30Z', '2026-01-01T00:03:00Z']);
});

test('schedule: day of month and day of week both restricted means either (Vixie cron)', (t) => {
  t.deepEqual(runs('0 0 13 * 5', 4), ['2026-01-02T00:00:00Z', '2026-01-09T00:00:00Z', '2026-01-13T00:00:00Z', '2026-01-16T00:00:00Z']);
  t.deepEqual(runs('30 8 * * mon-fri', 2), ['2026-01-01T08:30:00Z', '2026-01-02T08:30:00Z']);
});

test('schedule: CRON_TZ and timeZone evaluate the fields in that zone', (t) => {
  t.deepEqual(runs('CRON_TZ=America/New_York 0 6 * * *', 1), ['2026-01-01T11:00:00Z']);
  t.deepEqual(runs('0 6 * * *', 1, 'Europe/Berlin'), ['2026-01-01T05:00:00Z']);
  const p = parseSchedule('TZ=Mars/Olympus 0 6 * * *');
  t.deepEqual(p, { ok: false, error: 'provided bad location Mars/Olympus: unknown time zone Mars/Olympus' });
  t.false(parseSchedule('0 6 * * *', 'Local').ok);
});

test('schedule: malformed schedules are refused', (t) => {
  t.like(parseSchedule('* * * *'), { ok: false, error: 'expected exactly 5 fields, found 4: [* * * *]' });
  t.false(parseSchedule('61 * * * *').ok);
  t.false(parseSchedule('@every forever').ok);
  t.is(parseGoDuration('1h30m'), 5_400_000);
});

test('schedule: timestamps as Go formats them (RFC3339 in the zone, RFC1123Z in UTC)', (t) => {
  t.is(rfc3339InZone(T0, 'UTC'), '2026-01-01T00:00:00Z');
  t.is(rfc3339InZone(T0, 'Asia/Kolkata'), '2026-01-01T05:30:00+05:30');
  t.is(rfc3339InZone(T0, 'America/Los_Angeles'), '2025-12-31T16:00:00-08:00');
  t.is(rfc3339InZone(T0 + 180 * 86_400_000, 'Europe/London'), '2026-06-30T01:00:00+01:00');
  t.is(rfc1123z(T0 + 15 * 60_000), 'Thu, 01 Jan 2026 00:15:00 +0000');
});

test('schedule: missed start times are counted from the interval between two activations', (t) => {
  const p = parseSchedule('*/10 * * * *');
  if (!p.ok) return t.fail();
  const cj = { metadata: { creationTimestamp: rfc3339(T0) }, spec: { schedule: '*/10 * * * *', jobTemplate: {} } } as any;
  t.like(mostRecentScheduleTime(cj, T0 + 5 * 60_000, p.schedule, true), { missed: 0, mostRecent: undefined });
  t.like(mostRecentScheduleTime(cj, T0 + 15 * 60_000, p.schedule, true), { missed: 1, mostRecent: T0 + 10 * 60_000 });
  t.like(mostRecentScheduleTime(cj, T0 + 65 * 60_000, p.schedule, true), { missed: 6, mostRecent: T0 + 60 * 60_000 });
  const withDeadline = { ...cj, spec: { ...cj.spec, startingDeadlineSeconds: 400 } };
  t.like(mostRecentScheduleTime(withDeadline, T0 + 65 * 60_000, p.schedule, true), { missed: 1, mostRecent: T0 + 60 * 60_000 });
  t.like(mostRecentScheduleTime({ ...cj, spec: { ...cj.spec, startingDeadlineSeconds: 200 } }, T0 + 65 * 60_000, p.schedule, true), { missed: 0, mostRecent: undefined });
});
