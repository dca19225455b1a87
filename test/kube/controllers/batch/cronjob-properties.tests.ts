import test from 'ava';
import fc from 'fast-check';
import { cronJobManifest, cronLoop, finishJob, startJobs } from './fixtures.ts';
import { LaggyLoop } from './laggy-loop.ts';

const isFinished = (j: any) => (j.status?.conditions ?? []).some((c: any) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True');

test('cronjob property: with lagging informers, Forbid never runs two Jobs at once and no scheduled time runs twice', (t) => {
  fc.assert(
    fc.property(
      fc.constantFrom('Forbid', 'Allow', 'Replace'),
      fc.array(fc.record({ minutes: fc.integer({ min: 1, max: 10 }), finish: fc.boolean() }), { minLength: 1, maxLength: 8 }),
      fc.infiniteStream(fc.integer({ min: 0, max: 3 })),
      (policy, steps, lags) => {
        const loop = cronLoop();
        loop.create(cronJobManifest('c', '*/5 * * * *', { concurrencyPolicy: policy, successfulJobsHistoryLimit: 100, failedJobsHistoryLimit: 100 }));
        const laggy = new LaggyLoop(loop, (_i, _f, to) => to - lags.next().value);
        for (const s of steps) {
          for (let m = 0; m < s.minutes; m++) {
            loop.advance(60_000);
            laggy.step();
            const running = loop.list('jobs', 'default').filter((j) => !isFinished(j) && j.metadata.deletionTimestamp === undefined);
            if (policy === 'Forbid' && running.length > 1) throw new Error(`Forbid: ${running.map((j) => j.metadata.name).join(', ')} run at once`);
          }
          startJobs(loop);
          if (s.finish) for (const j of loop.list('jobs', 'default')) if (!isFinished(j)) finishJob(loop, j.metadata.name!);
        }
        const stamps = loop.list('jobs', 'default').map((j) => j.metadata.annotations!['batch.kubernetes.io/cronjob-scheduled-timestamp']);
        if (new Set(stamps).size !== stamps.length) throw new Error(`a scheduled time ran twice: ${stamps.join(', ')}`);
        return true;
      },
    ),
    { numRuns: 20 },
  );
  t.pass();
});
