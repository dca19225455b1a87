import test from 'ava';
import { cronJobManifest, cronLoop, finishJob, settleAndWait, startJobs } from './fixtures.ts';
import type { Round } from '../loop.ts';

const DAY = 86_400_000;
const reasons = (rounds: readonly Round[], reason: string) => rounds.flatMap((r) => r.events).filter((e) => e.reason === reason);

test('cronjob: "*/15 * * * *" over a virtual day makes 96 Jobs named by their minute, keeping the last 3', (t) => {
  const loop = cronLoop();
  loop.create(cronJobManifest('hello', '*/15 * * * *'));
  const all: Round[] = [];
  while (loop.now <= DAY) {
    const { rounds } = settleAndWait(loop);
    all.push(...rounds);
    startJobs(loop);
    for (const j of loop.list('jobs', 'default')) if (!(j.status as any)?.completionTime) finishJob(loop, j.metadata.name!);
  }
  all.push(...loop.settle());
  startJobs(loop);
  finishJob(loop, 'hello-29455200');
  all.push(...loop.settle());
  const created = reasons(all, 'SuccessfulCreate');
  t.is(created.length, 96);
  t.deepEqual(created[0], { type: 'Normal', reason: 'SuccessfulCreate', message: 'Created job hello-29453775' });
  t.is(created[95]!.message, 'Created job hello-29455200');
  t.is(reasons(all, 'SawCompletedJob')[0]!.message, 'Saw completed job: hello-29453775, condition: Complete');
  t.is(reasons(all, 'SuccessfulDelete')[0]!.message, 'Deleted job hello-29453775');
  t.deepEqual(loop.list('jobs', 'default').map((j) => j.metadata.name), ['hello-29455170', 'hello-29455185', 'hello-29455200']);
  const first = all.flatMap((r) => r.writes).find((w) => w.verb === 'create')!;
  t.is((first as any).body.metadata.annotations['batch.kubernetes.io/cronjob-scheduled-timestamp'], '2026-01-01T00:15:00Z');
  t.like((first as any).body.metadata.ownerReferences[0], { kind: 'CronJob', name: 'hello', controller: true });
  const status = loop.get('cronjobs', 'hello')!.status as any;
  t.is(status.lastScheduleTime, '2026-01-02T00:00:00Z');
  t.is(status.lastSuccessfulTime, '2026-01-02T00:00:00Z');
  t.falsy(status.active);
});

test('cronjob: the Job is referenced in status.active (uid filled once seen) and the next look is just after the next activation', (t) => {
  const loop = cronLoop();
  loop.create(cronJobManifest('ref', '0 * * * *'));
  t.is(loop.step().requeueAfter, 3_600_100);
  loop.advance(3_600_100);
  loop.settle();
  const job = loop.get('jobs', 'ref-29453820')!;
  const active = (loop.get('cronjobs', 'ref')!.status as any).active;
  t.deepEqual(active, [{ kind: 'Job', namespace: 'default', name: 'ref-29453820', uid: job.metadata.uid, apiVersion: 'batch/v1', resourceVersion: job.metadata.resourceVersion }]);
  t.is(loop.rounds[loop.rounds.length - 2]!.requeueAfter, 3_600_000);
});

test('cronjob: Forbid skips a run while one is active and starts the missed one when it ends', (t) => {
  const loop = cronLoop();
  loop.create(cronJobManifest('fb', '*/5 * * * *', { concurrencyPolicy: 'Forbid' }));
  settleAndWait(loop);
  settleAndWait(loop);
  t.deepEqual(loop.list('jobs', 'default').map((j) => j.metadata.name), ['fb-29453765']);
  const { rounds } = settleAndWait(loop);
  t.deepEqual(reasons(rounds, 'JobAlreadyActive').map((e) => e.message), ['Not starting job because prior execution is running and concurrency policy is Forbid']);
  t.is(loop.list('jobs', 'default').length, 1);
  loop.advance(-60_000);
  finishJob(loop, 'fb-29453765');
  loop.settle();
  t.deepEqual(loop.list('jobs', 'default').map((j) => j.metadata.name), ['fb-29453765', 'fb-29453770'], 'the 00:10 run starts late, when the 00:05 one ends');
});

test('cronjob: Replace deletes the running Job and starts the new one', (t) => {
  const loop = cronLoop();
  loop.create(cronJobManifest('rp', '*/5 * * * *', { concurrencyPolicy: 'Replace' }));
  settleAndWait(loop);
  settleAndWait(loop);
  const { rounds } = settleAndWait(loop);
  t.deepEqual(reasons(rounds, 'SuccessfulDelete').map((e) => e.message), ['Deleted job rp-29453765']);
  const del = rounds.flatMap((r) => r.writes).find((w) => w.verb === 'delete')!;
  t.deepEqual((del as any).options, { propagationPolicy: 'Background' });
  t.deepEqual(loop.list('jobs', 'default').map((j) => j.metadata.name), ['rp-29453770']);
  t.deepEqual((loop.get('cronjobs', 'rp')!.status as any).active.map((r: any) => r.name), ['rp-29453770']);
});

test('cronjob: Allow runs Jobs side by side', (t) => {
  const loop = cronLoop();
  loop.create(cronJobManifest('al', '*/5 * * * *'));
  for (let i = 0; i < 4; i++) settleAndWait(loop);
  t.is(loop.list('jobs', 'default').length, 3);
  t.is((loop.get('cronjobs', 'al')!.status as any).active.length, 3);
});

test('cronjob: startingDeadlineSeconds: a controller back after the window starts nothing for the missed time; without it the missed run starts late', (t) => {
  for (const [deadline, expected] of [[60, 0], [undefined, 1]] as const) {
    const loop = cronLoop();
    loop.create(cronJobManifest('late', '0 * * * *', deadline === undefined ? {} : { startingDeadlineSeconds: deadline }));
    loop.advance(65 * 60_000);
    const r = loop.settle();
    t.is(loop.list('jobs', 'default').length, expected, `deadline ${deadline}`);
    if (deadline !== undefined) t.is(r[0]!.requeueAfter, 55 * 60_000 + 100);
  }
});

test('cronjob: more than 100 missed start times are warned about, and only the latest runs', (t) => {
  const loop = cronLoop();
  loop.create(cronJobManifest('many', '* * * * *'));
  loop.advance(3 * 3_600_000);
  const r = loop.settle();
  t.deepEqual(reasons(r, 'TooManyMissedTimes').map((e) => [e.type, e.message]), [['Warning', 'too many missed start times: 180. Set or decrease .spec.startingDeadlineSeconds or check clock skew']]);
  t.deepEqual(loop.list('jobs', 'default').map((j) => j.metadata.name), ['many-29453940']);
});

test('cronjob: a suspended CronJob starts nothing', (t) => {
  const loop = cronLoop();
  loop.create(cronJobManifest('sus', '*/5 * * * *', { suspend: true }));
  loop.advance(3_600_000);
  loop.settle();
  t.is(loop.list('jobs', 'default').length, 0);
});

test('cronjob: timeZone Asia/Tokyo runs "0 9 * * *" at midnight UTC and stamps the Job in Tokyo time', (t) => {
  const loop = cronLoop();
  loop.create(cronJobManifest('tokyo', '0 9 * * *', { timeZone: 'Asia/Tokyo' }));
  const first = loop.step();
  t.is(first.requeueAfter, 86_400_100, 'created at 09:00 JST exactly: the next run is the next day');
  loop.advance(86_400_100);
  loop.settle();
  const job = loop.get('jobs', 'tokyo-29455200')!;
  t.is(job.metadata.annotations!['batch.kubernetes.io/cronjob-scheduled-timestamp'], '2026-01-02T09:00:00+09:00');
});

test('cronjob: history limits keep 3 successful and 1 failed Job by default', (t) => {
  const loop = cronLoop();
  loop.create(cronJobManifest('hist', '*/5 * * * *'));
  for (let i = 0; i < 8; i++) {
    settleAndWait(loop);
    startJobs(loop);
    for (const j of loop.list('jobs', 'default')) if (!(j.status as any)?.conditions) finishJob(loop, j.metadata.name!, i % 2 === 0 ? 'Complete' : 'Failed');
  }
  loop.settle();
  const jobs = loop.list('jobs', 'default');
  const outcome = (j: any) => j.status?.conditions?.[1]?.type;
  t.is(jobs.filter((j) => outcome(j) === 'Complete').length, 3);
  t.is(jobs.filter((j) => outcome(j) === 'Failed').length, 1);
});

test('cronjob: an active Job deleted by someone else is reported missing', (t) => {
  const loop = cronLoop();
  loop.create(cronJobManifest('gone', '*/5 * * * *'));
  settleAndWait(loop);
  loop.settle();
  loop.apply({ verb: 'delete', target: { group: 'batch', version: 'v1', resource: 'jobs', namespace: 'default', name: 'gone-29453765' } });
  const r = loop.settle();
  t.deepEqual(reasons(r, 'MissingJob').map((e) => e.message), ['Active job went missing: gone-29453765']);
  t.falsy((loop.get('cronjobs', 'gone')!.status as any).active);
});
