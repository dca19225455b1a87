// The CronJob controller's reconcile core (cronjob_controllerv2 sync): keep status.active in
// step with the Jobs this CronJob controls, trim finished Jobs to the history limits, and when a
// scheduled time has come, start its Job (named `<cronjob>-<minutes since the epoch>`, so a
// second attempt for the same time collides instead of running twice) as concurrencyPolicy
// allows; then look again just after the next activation.

import type { ApiCall } from '../../../protocols/kube/api.ts';
import type { CronJob, Job, KubeObject } from '../../../protocols/kube/objects.ts';
import { parseRfc3339, rfc3339 } from '../../../protocols/kube/time.ts';
import { createCall, deleteCall, updateCall } from '../../client/index.ts';
import { parseSchedule, rfc3339InZone } from './schedule.ts';
import { mostRecentScheduleTime, nextScheduleDelay } from './times.ts';

export const SCHEDULED_TIMESTAMP_ANNOTATION = 'batch.kubernetes.io/cronjob-scheduled-timestamp';

export interface CronEvent {
  readonly type: 'Normal' | 'Warning';
  readonly reason: string;
  readonly message: string;
  /** The Job create or delete it reports: recorded once that write answered. */
  readonly on?: ApiCall;
}

export interface CronSyncInput {
  readonly cronJob: CronJob;
  /** The Jobs whose controlling owner is this CronJob. */
  readonly jobs: readonly Job[];
  /** Calendar ms (epochMs + virtual now). */
  readonly now: number;
  /** Jobs this controller created that the cache may not show yet: not missing. */
  readonly pendingJobs: ReadonlySet<string>;
}

export interface CronSyncOutput {
  readonly writes: readonly ApiCall[];
  readonly events: readonly CronEvent[];
  readonly requeueAfter?: number;
  readonly created?: string;
}

type Ref = NonNullable<NonNullable<CronJob['status']>['active']>[number];

const finishedAs = (j: Job): 'Complete' | 'Failed' | undefined =>
  (j.status?.conditions ?? []).find((c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True')?.type as 'Complete' | 'Failed' | undefined;

/** byJobStartTime: oldest start first, Jobs not started last, then by name. */
function byStartTime(a: Job, b: Job): number {
  const sa = a.status?.startTime;
  const sb = b.status?.startTime;
  if (sa === undefined && sb !== undefined) return 1;
  if (sa !== undefined && sb === undefined) return -1;
  if (sa === sb) return a.metadata!.name!.localeCompare(b.metadata!.name!);
  return parseRfc3339(sa!)! - parseRfc3339(sb!)!;
}

export const jobName = (cj: CronJob, scheduledMs: number): string => `${cj.metadata!.name}-${Math.floor(scheduledMs / 60_000)}`;

export function jobFromTemplate(cj: CronJob, scheduledMs: number): KubeObject {
  const t = cj.spec!.jobTemplate;
  const zone = cj.spec!.timeZone ?? 'UTC';
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name: jobName(cj, scheduledMs),
      namespace: cj.metadata!.namespace!,
      labels: { ...t.metadata?.labels },
      annotations: { ...t.metadata?.annotations, [SCHEDULED_TIMESTAMP_ANNOTATION]: rfc3339InZone(scheduledMs, zone) },
      ownerReferences: [{ apiVersion: 'batch/v1', kind: 'CronJob', name: cj.metadata!.name!, uid: cj.metadata!.uid!, controller: true, blockOwnerDeletion: true }],
    },
    spec: structuredClone(t.spec),
  };
}

const refOf = (j: Job | KubeObject): Ref => ({ kind: 'Job', namespace: j.metadata!.namespace!, name: j.metadata!.name!, uid: j.metadata!.uid!, apiVersion: 'batch/v1', resourceVersion: j.metadata!.resourceVersion! });

export function syncCronJob(s: CronSyncInput): CronSyncOutput {
  const cj = structuredClone(s.cronJob);
  const spec = cj.spec!;
  const status: NonNullable<CronJob['status']> = { ...structuredClone(cj.status ?? {}) };
  let active: Ref[] = [...(status.active ?? [])];
  const writes: ApiCall[] = [];
  const events: CronEvent[] = [];
  const done = (requeueAfter?: number, created?: string): CronSyncOutput => {
    if (active.length > 0) status.active = active;
    else delete status.active;
    if (JSON.stringify(status) !== JSON.stringify(cj.status ?? {})) writes.push(updateCall({ ...cj, apiVersion: 'batch/v1', kind: 'CronJob', status } as unknown as KubeObject, { subresource: 'status' }));
    return { writes, events, ...(requeueAfter === undefined ? {} : { requeueAfter }), ...(created === undefined ? {} : { created }) };
  };
  const deleteJob = (j: Job) => {
    const del = deleteCall('jobs', j.metadata!.name!, { namespace: j.metadata!.namespace! }, { propagationPolicy: 'Background' });
    writes.push(del);
    active = active.filter((r) => r.uid !== j.metadata!.uid);
    events.push({ type: 'Normal', reason: 'SuccessfulDelete', message: `Deleted job ${j.metadata!.name}`, on: del });
  };

  // cleanupFinishedJobs: the oldest finished Jobs beyond the history limits go.
  for (const [kind, limit] of [['Complete', spec.successfulJobsHistoryLimit], ['Failed', spec.failedJobsHistoryLimit]] as const) {
    if (limit === undefined || limit === null) continue;
    const finished = s.jobs.filter((j) => finishedAs(j) === kind).sort(byStartTime);
    for (const j of finished.slice(0, Math.max(0, finished.length - limit))) deleteJob(j);
  }

  // A reference written with the create has no uid yet: the Job seen under its name completes it.
  active = active.map((r) => {
    const j = r.uid === undefined ? s.jobs.find((x) => x.metadata!.name === r.name) : undefined;
    return j === undefined ? r : refOf(j);
  });
  const children = new Set(s.jobs.map((j) => j.metadata!.uid!));
  for (const j of s.jobs) {
    const inActive = active.some((r) => r.uid === j.metadata!.uid);
    const outcome = finishedAs(j);
    if (!inActive && outcome === undefined) {
      events.push({ type: 'Warning', reason: 'UnexpectedJob', message: `Saw a job that the controller did not create or forgot: ${j.metadata!.name}` });
    } else if (inActive && outcome !== undefined) {
      active = active.filter((r) => r.uid !== j.metadata!.uid);
      events.push({ type: 'Normal', reason: 'SawCompletedJob', message: `Saw completed job: ${j.metadata!.name}, condition: ${outcome}` });
    }
    if (outcome === 'Complete' && j.status?.completionTime !== undefined) {
      const last = status.lastSuccessfulTime;
      if (last === undefined || parseRfc3339(j.status.completionTime)! > parseRfc3339(last)!) status.lastSuccessfulTime = j.status.completionTime;
    }
  }
  for (const r of [...active]) {
    if ((r.uid !== undefined && children.has(r.uid)) || s.pendingJobs.has(r.name!)) continue;
    events.push({ type: 'Normal', reason: 'MissingJob', message: `Active job went missing: ${r.name}` });
    active = active.filter((x) => x.uid !== r.uid);
  }
  if (cj.metadata!.deletionTimestamp !== undefined) return done();
  if (spec.timeZone !== undefined && spec.timeZone !== null) {
    const parsedZone = parseSchedule('@daily', spec.timeZone);
    if (!parsedZone.ok) {
      events.push({ type: 'Warning', reason: 'UnknownTimeZone', message: `invalid timeZone: ${JSON.stringify(spec.timeZone)}: unknown time zone ${spec.timeZone}` });
      return done();
    }
  }
  if (spec.suspend === true) return done();
  const parsed = parseSchedule(spec.schedule, spec.timeZone ?? undefined);
  if (!parsed.ok) {
    events.push({ type: 'Warning', reason: 'UnparseableSchedule', message: `unparseable schedule: ${JSON.stringify(spec.schedule)} : ${parsed.error}` });
    return done();
  }
  if (parsed.tzInSchedule) {
    events.push({ type: 'Warning', reason: 'UnsupportedSchedule', message: `CRON_TZ or TZ used in schedule ${JSON.stringify(spec.schedule)} is not officially supported, see https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/ for more details` });
  }
  const sched = parsed.schedule;
  // The status as changed so far decides when the CronJob last ran.
  const current = { ...cj, status: { ...status, active } } as CronJob;
  const recent = mostRecentScheduleTime(current, s.now, sched, true);
  if (recent.error !== undefined) {
    events.push({ type: 'Warning', reason: 'InvalidSchedule', message: `invalid schedule: ${spec.schedule} : ${recent.error}` });
    return done();
  }
  if (recent.missed > 100) {
    events.push({ type: 'Warning', reason: 'TooManyMissedTimes', message: `too many missed start times: ${recent.missed}. Set or decrease .spec.startingDeadlineSeconds or check clock skew` });
  }
  const later = () => nextScheduleDelay(current, s.now, sched);
  const scheduled = recent.mostRecent;
  if (scheduled === undefined || scheduled > s.now) return done(later());
  const deadline = spec.startingDeadlineSeconds;
  if (deadline !== undefined && deadline !== null && scheduled + deadline * 1000 < s.now) {
    events.push({ type: 'Warning', reason: 'MissSchedule', message: `Missed scheduled time to start a job: ${rfc1123z(scheduled)}` });
    return done(later());
  }
  const name = jobName(cj, scheduled);
  if (active.some((r) => r.name === name) || (status.lastScheduleTime !== undefined && parseRfc3339(status.lastScheduleTime) === scheduled)) return done(later());
  if (spec.concurrencyPolicy === 'Forbid' && active.length > 0) {
    events.push({ type: 'Normal', reason: 'JobAlreadyActive', message: 'Not starting job because prior execution is running and concurrency policy is Forbid' });
    return done(later());
  }
  if (spec.concurrencyPolicy === 'Replace') {
    for (const r of [...active]) {
      const j = s.jobs.find((x) => x.metadata!.uid === r.uid);
      if (j !== undefined) deleteJob(j);
    }
  }
  const create = createCall(jobFromTemplate(cj, scheduled));
  writes.push(create);
  events.push({ type: 'Normal', reason: 'SuccessfulCreate', message: `Created job ${name}`, on: create });
  // The uid is the apiserver's to give: the reference is completed once the Job is seen.
  active = [...active, { kind: 'Job', namespace: cj.metadata!.namespace!, name, apiVersion: 'batch/v1' }];
  status.lastScheduleTime = rfc3339(scheduled);
  const after = { ...cj, status: { ...status, active } } as CronJob;
  return done(nextScheduleDelay(after, s.now, sched), name);
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Go's time.RFC1123Z in UTC: `Thu, 01 Jan 2026 00:15:00 +0000`. */
export function rfc1123z(ms: number): string {
  const iso = rfc3339(ms);
  const [date, clock] = iso.slice(0, -1).split('T') as [string, string];
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const dow = DAYS[((Math.floor(ms / 86_400_000) % 7) + 11) % 7]!;
  return `${dow}, ${String(d).padStart(2, '0')} ${MONTHS[m - 1]} ${y} ${clock} +0000`;
}
