// When a CronJob is due (Kubernetes' mostRecentScheduleTime, nextScheduleTime and
// nextScheduleTimeDuration): the latest activation between the last scheduled time (or the
// CronJob's creation, or now less startingDeadlineSeconds when that is later) and now; how many
// were missed, counted roughly from the interval between two activations, as Kubernetes counts
// them (more than 100 earns a warning); and when to look again. All times are ms since the Unix
// epoch.

import type { CronJob } from '../../../protocols/kube/objects.ts';
import { parseRfc3339 } from '../../../protocols/kube/time.ts';
import type { Schedule } from './schedule.ts';

/** Kubernetes' nextScheduleDelta: look again a little after the activation. */
export const NEXT_SCHEDULE_DELTA_MS = 100;

export interface MostRecent {
  readonly earliest: number;
  readonly mostRecent?: number;
  readonly missed: number;
  readonly error?: string;
}

export function mostRecentScheduleTime(cj: CronJob, now: number, sched: Schedule, withDeadline: boolean): MostRecent {
  let earliest = parseRfc3339(cj.status?.lastScheduleTime ?? cj.metadata!.creationTimestamp!)!;
  const deadline = cj.spec!.startingDeadlineSeconds;
  if (withDeadline && deadline !== undefined && deadline !== null) earliest = Math.max(earliest, now - deadline * 1000);
  const t1 = sched.next(earliest);
  const t2 = sched.next(t1);
  if (now < t1) return { earliest, missed: 0 };
  if (now < t2) return { earliest, mostRecent: t1, missed: 1 };
  const between = Math.round((t2 - t1) / 1000);
  if (between < 1) return { earliest, missed: 0, error: 'time difference between two schedules is less than 1 second' };
  const missed = Math.floor(Math.floor((now - t1) / 1000) / between) + 1;
  let mostRecent = t1;
  for (let t = sched.next(t1 + (missed - 2) * between * 1000); t <= now; t = sched.next(t)) mostRecent = t;
  return { earliest, mostRecent, missed };
}

/** How long (ms) until the activation after the last one, plus the small delta. */
export function nextScheduleDelay(cj: CronJob, now: number, sched: Schedule): number {
  const r = mostRecentScheduleTime(cj, now, sched, false);
  const from = r.error !== undefined ? now : (r.mostRecent ?? r.earliest);
  return sched.next(from) + NEXT_SCHEDULE_DELTA_MS - now;
}
