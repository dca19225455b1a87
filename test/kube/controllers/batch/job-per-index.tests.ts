import test from 'ava';
import type { Pod } from '../../../../protocols/kube/objects.ts';
import { jobLoop, jobManifest } from './fixtures.ts';
import { activePods, exit, startAll } from './kubelet.ts';

const ix = (p: Pod) => p.metadata!.annotations!['batch.kubernetes.io/job-completion-index'];
const count = (p: Pod) => p.metadata!.annotations!['batch.kubernetes.io/job-index-failure-count'];
const conds = (loop: ReturnType<typeof jobLoop>, name: string) => ((loop.get('jobs', name)!.status as any).conditions ?? []).map((c: any) => [c.type, c.reason, c.message]);
const fail = (loop: ReturnType<typeof jobLoop>, index: string, code = 1) => {
  startAll(loop);
  exit(loop, activePods(loop).find((p) => ix(p) === index)!, code);
  loop.settle();
};

test('job backoffLimitPerIndex: an index is retried with its failure count carried, failed past the limit, and the Job fails with FailedIndexes', (t) => {
  const loop = jobLoop();
  loop.create(jobManifest('per', { completionMode: 'Indexed', completions: 3, parallelism: 3, backoffLimitPerIndex: 1 }));
  loop.settle();
  t.deepEqual(activePods(loop).map(count), ['0', '0', '0']);
  fail(loop, '0');
  t.deepEqual(activePods(loop).map(ix).sort(), ['1', '2'], 'index 0 waits out its backoff');
  const first = loop.list('pods', 'default').find((p) => (p as Pod).status?.phase === 'Failed')!;
  t.deepEqual(first.metadata.finalizers, ['batch.kubernetes.io/job-tracking'], 'the failed pod keeps its count until replaced');
  loop.advance(10_000);
  loop.settle();
  const again = activePods(loop).find((p) => ix(p) === '0')!;
  t.is(count(again), '1', 'the replacement carries the failure count');
  loop.settle();
  t.deepEqual(loop.get('pods', first.metadata.name!)!.metadata.finalizers ?? [], [], 'replaced: now it is counted');
  fail(loop, '0');
  loop.advance(60_000);
  loop.settle();
  t.deepEqual(activePods(loop).map(ix).sort(), ['1', '2'], 'a failed index is not run again');
  t.is((loop.get('jobs', 'per')!.status as any).failedIndexes, '0');
  startAll(loop);
  for (const p of activePods(loop)) exit(loop, p, 0);
  loop.settle();
  const status = loop.get('jobs', 'per')!.status as any;
  t.like(status, { completedIndexes: '1,2', failedIndexes: '0', succeeded: 2, failed: 2 });
  t.deepEqual(conds(loop, 'per'), [
    ['FailureTarget', 'FailedIndexes', 'Job has failed indexes'],
    ['Failed', 'FailedIndexes', 'Job has failed indexes'],
  ]);
});

test('job backoffLimitPerIndex: more failed indexes than maxFailedIndexes fails the Job at once', (t) => {
  const loop = jobLoop();
  loop.create(jobManifest('maxf', { completionMode: 'Indexed', completions: 4, parallelism: 2, backoffLimitPerIndex: 0, maxFailedIndexes: 0 }));
  loop.settle();
  fail(loop, '1');
  t.deepEqual(conds(loop, 'maxf')[0], ['FailureTarget', 'MaxFailedIndexesExceeded', 'Job has exceeded the specified maximal number of failed indexes']);
});

test('job podFailurePolicy FailIndex fails just that index, without retries', (t) => {
  const loop = jobLoop();
  const podFailurePolicy = { rules: [{ action: 'FailIndex', onExitCodes: { operator: 'In', values: [42] } }] };
  loop.create(jobManifest('fi', { completionMode: 'Indexed', completions: 2, parallelism: 2, backoffLimitPerIndex: 5, podFailurePolicy }));
  loop.settle();
  fail(loop, '0', 42);
  loop.advance(60_000);
  loop.settle();
  t.deepEqual(activePods(loop).map(ix), ['1']);
  t.is((loop.get('jobs', 'fi')!.status as any).failedIndexes, '0');
});
