import test from 'ava';
import { DEFAULT_EPOCH_MS } from '../../../../protocols/kube/time.ts';
import { ControllerLoop } from '../loop.ts';
import { reconcileTTL, TTL_INFORMERS, ttlKeys } from '../../../../actors/kube-controller-manager/ttlafterfinished/controller.ts';
import { JOB_INFORMERS, jobKeys, jobMemory, type JobMemory, jobWritten, reconcileJob } from '../../../../actors/kube-controller-manager/job/controller.ts';
import { finishJob, jobManifest } from './fixtures.ts';
import { exitSome, startAll } from './kubelet.ts';

const ttlLoop = () => new ControllerLoop({ informers: TTL_INFORMERS, keysFor: (i, n) => ttlKeys(i, n), reconcile: (k, l, now) => reconcileTTL(k, l, now, DEFAULT_EPOCH_MS) });

test('ttl-after-finished: a finished Job is deleted ttlSecondsAfterFinished after it finished, in the foreground, with its uid as precondition', (t) => {
  const loop = ttlLoop();
  const job = loop.create(jobManifest('done', { ttlSecondsAfterFinished: 100 }));
  t.deepEqual(loop.step().keys, [], 'an unfinished Job needs no key');
  loop.advance(10_000);
  finishJob(loop, 'done');
  const r = loop.step();
  t.is(r.requeueAfter, 100_000);
  loop.advance(99_999);
  t.deepEqual(loop.step().writes, []);
  loop.advance(1);
  const del = loop.step().writes;
  t.deepEqual(del.map((w) => [w.verb, w.target.name, (w as any).options]), [['delete', 'done', { propagationPolicy: 'Foreground', preconditions: { uid: job.metadata.uid } }]]);
  const left = loop.get('jobs', 'done')!;
  t.truthy(left.metadata.deletionTimestamp, 'held by foregroundDeletion until the garbage collector removes its pods');
  t.deepEqual(left.metadata.finalizers, ['foregroundDeletion']);
  t.deepEqual(loop.settle().flatMap((x) => x.writes), [], 'a Job being deleted is left alone');
});

test('ttl-after-finished: Jobs without a TTL stay; a TTL of 0 deletes at once', (t) => {
  const loop = ttlLoop();
  loop.create(jobManifest('keep'));
  loop.create(jobManifest('now', { ttlSecondsAfterFinished: 0 }));
  finishJob(loop, 'keep', 'Failed');
  finishJob(loop, 'now', 'Failed');
  const r = loop.step();
  t.deepEqual(r.writes.map((w) => w.target.name), ['now']);
});

test('batch: a Job runs to completion and the TTL controller removes it afterwards (both controllers on one registry)', (t) => {
  const loop = new ControllerLoop<JobMemory>({
    informers: [...JOB_INFORMERS],
    keysFor: (i, n, l, m) => [...jobKeys(i, n, l, m).map((k) => `job:${k}`), ...(i === 'jobs' ? ttlKeys(i, n).map((k) => `ttl:${k}`) : [])],
    reconcile: (k, l, now, m) => (k.startsWith('job:') ? reconcileJob(k.slice(4), l, now, m, DEFAULT_EPOCH_MS) : reconcileTTL(k.slice(4), l, now, DEFAULT_EPOCH_MS)),
    memory: jobMemory,
    written: (k, c, r, m) => jobWritten(k.slice(4), c, r, m),
  });
  loop.create(jobManifest('short', { ttlSecondsAfterFinished: 30, completions: 2 }));
  loop.settle();
  startAll(loop);
  exitSome(loop, 1, 0);
  loop.settle();
  startAll(loop);
  loop.advance(5000);
  exitSome(loop, 1, 0);
  const rounds = loop.settle();
  t.true(rounds.some((r) => r.events.some((e) => e.reason === 'Completed')));
  t.is((loop.get('jobs', 'short')!.status as any).completionTime, '2026-01-01T00:00:05Z');
  loop.advance(30_000);
  loop.settle();
  t.truthy(loop.get('jobs', 'short')!.metadata.deletionTimestamp);
});
