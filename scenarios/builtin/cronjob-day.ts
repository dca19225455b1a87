// The batch scenario's CronJob: every quarter hour, created as the scenario starts (just after
// midnight) and left to run through the rest of that virtual day, checked as its user would with
// kubectl get: one Job per scheduled time from 00:15 to 23:45 (midnight itself came before the
// CronJob), named by it, none missed and none twice, each created on time and run once; only the
// last 3 successful Jobs kept; lastScheduleTime and lastSuccessfulTime on the day's last run. The
// run ends at 23:46, inside kyb run's default --max-virtual of 24h.
// The Jobs are listed a minute after every scheduled time (a Job outlives three more schedules
// before the history limit removes it, so none goes unseen between two lists).

import type { KubeObject } from '../../protocols/kube/objects.ts';
import { DEFAULT_EPOCH_MS, parseRfc3339, rfc3339 } from '../../protocols/kube/time.ts';
import type { ScenarioContext } from '../scenario.ts';

const QUARTER_MS = 15 * 60_000;
const DAY_MS = 24 * 60 * 60_000;
const NAME = 'quarter';

interface SeenJob {
  readonly created: number;
  succeeded: number;
  failed: number;
  complete: boolean;
}

type JobStatus = { succeeded?: number; failed?: number; conditions?: { type: string; status: string }[] };
type CronJobStatus = { lastScheduleTime?: string; lastSuccessfulTime?: string; active?: unknown[] };

const cronJob: KubeObject = {
  apiVersion: 'batch/v1',
  kind: 'CronJob',
  metadata: { name: NAME, namespace: 'default' },
  spec: {
    schedule: '*/15 * * * *',
    successfulJobsHistoryLimit: 3,
    jobTemplate: { spec: { template: { spec: { restartPolicy: 'OnFailure', containers: [{ name: 'report', image: 'busybox:1.28', command: ['sh', '-c', 'sleep 5'] }] } } } },
  },
} as KubeObject;

/** The controller names a Job by its scheduled time in minutes since the Unix epoch. */
const scheduledOf = (jobName: string): number | undefined => {
  const m = new RegExp(`^${NAME}-(\\d+)$`).exec(jobName);
  return m ? Number(m[1]) * 60_000 : undefined;
};

const wall = (virtual: number) => DEFAULT_EPOCH_MS + virtual;

/** Creates the CronJob; returns when (wall-clock ms), for cronJobDay. */
export async function createCronJob(s: ScenarioContext): Promise<number> {
  const start = wall(s.now());
  await s.kube.create(cronJob);
  return start;
}

/** Runs to the end of the day the CronJob was created on, then checks what it did. */
export async function cronJobDay(s: ScenarioContext, start: number): Promise<void> {
  const seen = new Map<string, SeenJob>();
  let mostKept = 0;
  const observe = async () => {
    const jobs = (await s.kube.list('jobs', { namespace: 'default' })).items.filter((j) => scheduledOf(j.metadata.name!) !== undefined && j.metadata.deletionTimestamp === undefined);
    mostKept = Math.max(mostKept, jobs.length);
    for (const j of jobs) {
      const st = (j.status ?? {}) as JobStatus;
      const entry = seen.get(j.metadata.name!) ?? { created: parseRfc3339(j.metadata.creationTimestamp!) ?? 0, succeeded: 0, failed: 0, complete: false };
      entry.succeeded = Math.max(entry.succeeded, st.succeeded ?? 0);
      entry.failed = Math.max(entry.failed, st.failed ?? 0);
      entry.complete ||= (st.conditions ?? []).some((c) => c.type === 'Complete' && c.status === 'True');
      seen.set(j.metadata.name!, entry);
    }
  };
  // Step to a minute past each scheduled time, when its Job has run (it sleeps 5 s), to the day's end.
  const firstSlot = Math.floor(start / QUARTER_MS) * QUARTER_MS + QUARTER_MS;
  const end = Math.floor(start / DAY_MS) * DAY_MS + DAY_MS;
  for (let slot = firstSlot; slot < end; slot += QUARTER_MS) {
    if (slot + 60_000 <= wall(s.now())) continue; // already past: the Jobs before it were still running
    await s.advance(`${slot + 60_000 - wall(s.now())}ms`);
    await observe();
  }
  const expected: number[] = [];
  for (let slot = firstSlot; slot < end; slot += QUARTER_MS) expected.push(slot);
  const names = [...seen.keys()].sort();
  const times = names.map((n) => scheduledOf(n)!);
  const missed = expected.filter((t) => !times.includes(t)).map(rfc3339);
  const extra = times.filter((t) => !expected.includes(t)).map(rfc3339);
  s.expect(
    `CronJob */15 over a virtual day: ${expected.length} Jobs, one per quarter hour from ${rfc3339(firstSlot)} to ${rfc3339(expected.at(-1)!)}, each named by its scheduled minute`,
    missed.length === 0 && extra.length === 0 && names.length === expected.length,
    `${names.length} Jobs from ${names[0]} to ${names.at(-1)}${missed.length ? `; missed ${missed.join(' ')}` : ''}${extra.length ? `; unexpected ${extra.join(' ')}` : ''}`,
  );
  // The controller wakes at each scheduled time (a real one within its 10 s resync at worst).
  const late = names.filter((n) => seen.get(n)!.created - scheduledOf(n)! > 10_000 || seen.get(n)!.created < scheduledOf(n)!);
  const notOnce = names.filter((n) => seen.get(n)!.complete && (seen.get(n)!.succeeded !== 1 || seen.get(n)!.failed !== 0));
  s.expect('each Job created within 10 s of its scheduled time and, once Complete, run exactly once', late.length === 0 && notOnce.length === 0, `late: ${late.join(' ') || 'none'}; not once: ${notOnce.join(' ') || 'none'}`);
  const kept = (await s.kube.list('jobs', { namespace: 'default' })).items.filter((j) => scheduledOf(j.metadata.name!) !== undefined && j.metadata.deletionTimestamp === undefined);
  const lastThree = expected.slice(-3).map((t) => `${NAME}-${t / 60_000}`);
  const keptNames = kept.map((j) => j.metadata.name!).sort();
  s.expect(
    'successfulJobsHistoryLimit 3: at the end only the last 3 Jobs are kept, never more than 4 at once (the one just run)',
    keptNames.join(' ') === lastThree.join(' ') && mostKept <= 4,
    `kept ${keptNames.join(' ')}; at most ${mostKept} at once`,
  );
  const status = ((await s.kube.get('cronjob', NAME)).status ?? {}) as CronJobStatus;
  const lastRun = expected.at(-1)!;
  const lastJob = seen.get(`${NAME}-${lastRun / 60_000}`);
  const successful = status.lastSuccessfulTime === undefined ? undefined : parseRfc3339(status.lastSuccessfulTime);
  s.expect(
    `status: lastScheduleTime ${rfc3339(lastRun)}, lastSuccessfulTime when that Job completed, nothing active`,
    status.lastScheduleTime === rfc3339(lastRun) && successful !== undefined && successful > lastRun && successful - lastRun < 60_000 && lastJob?.complete === true && (status.active ?? []).length === 0,
    `lastScheduleTime ${status.lastScheduleTime}, lastSuccessfulTime ${status.lastSuccessfulTime}, active ${(status.active ?? []).length}`,
  );
}
