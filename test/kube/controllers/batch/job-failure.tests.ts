import test from 'ava';
import type { Pod } from '../../../../protocols/kube/objects.ts';
import { jobLoop, jobManifest } from './fixtures.ts';
import { activePods, exit, exitSome, kill, pods, startAll } from './kubelet.ts';

const conds = (loop: ReturnType<typeof jobLoop>, name: string) => ((loop.get('jobs', name)!.status as any).conditions ?? []).map((c: any) => [c.type, c.reason, c.message]);

test('job: failed pods are replaced after 10 s, 20 s, 40 s of backoff, and the Job fails past backoffLimit', (t) => {
  const loop = jobLoop();
  loop.create(jobManifest('flaky', { backoffLimit: 2 }));
  loop.settle();
  const waits: number[] = [];
  for (let failure = 1; failure <= 3; failure++) {
    startAll(loop);
    exitSome(loop, 1, 1);
    const rounds = loop.settle();
    if (failure === 3) break;
    t.is(activePods(loop).length, 0, 'no replacement during the backoff');
    const wait = Math.min(...rounds.map((r) => r.requeueAfter ?? Infinity));
    waits.push(wait);
    loop.advance(wait - 1);
    loop.settle();
    t.is(activePods(loop).length, 0);
    loop.advance(1);
    loop.settle();
    t.is(activePods(loop).length, 1, `a replacement after failure ${failure}`);
  }
  t.deepEqual(waits, [10_000, 20_000]);
  const status = loop.get('jobs', 'flaky')!.status as any;
  t.is(status.failed, 3);
  t.deepEqual(conds(loop, 'flaky'), [
    ['FailureTarget', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit'],
    ['Failed', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit'],
  ]);
  t.is(pods(loop).length, 3);
  t.true(pods(loop).every((p) => (p.metadata?.finalizers ?? []).length === 0));
});

test('job: the default backoffLimit is 6: the seventh failure fails the Job', (t) => {
  const loop = jobLoop();
  loop.create(jobManifest('six'));
  loop.settle();
  for (let i = 0; i < 7; i++) {
    startAll(loop);
    exitSome(loop, 1, 1);
    loop.settle();
    loop.advance(11 * 60_000);
    loop.settle();
  }
  t.is((loop.get('jobs', 'six')!.status as any).failed, 7);
  t.deepEqual(conds(loop, 'six').map((c: string[]) => c[0]), ['FailureTarget', 'Failed']);
  t.is(pods(loop).length, 7);
});

test('job: activeDeadlineSeconds fails the Job with DeadlineExceeded and its running pods are deleted', (t) => {
  const loop = jobLoop();
  loop.create(jobManifest('slow', { activeDeadlineSeconds: 30, parallelism: 2, completions: 4 }));
  const first = loop.settle();
  startAll(loop);
  t.is(first[0]!.requeueAfter, 30_000);
  loop.advance(29_999);
  loop.settle();
  t.deepEqual(conds(loop, 'slow'), []);
  loop.advance(1);
  const rounds = loop.settle();
  t.deepEqual(conds(loop, 'slow')[0], ['FailureTarget', 'DeadlineExceeded', 'Job was active longer than specified deadline']);
  t.is(rounds.flatMap((r) => r.events).filter((e) => e.reason === 'SuccessfulDelete').length, 2);
  kill(loop);
  loop.settle();
  const status = loop.get('jobs', 'slow')!.status as any;
  t.deepEqual(conds(loop, 'slow').map((c: string[]) => c[0]), ['FailureTarget', 'Failed']);
  t.like(status, { failed: 2, terminating: 0 });
  t.is(pods(loop).length, 0, 'the killed pods, without finalizers, are gone');
  t.true(loop.rounds.some((r) => r.events.some((e) => e.type === 'Warning' && e.reason === 'DeadlineExceeded' && e.message === 'Job was active longer than specified deadline')));
});

const policy = {
  rules: [
    { action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget' }] },
    { action: 'FailJob', onExitCodes: { containerName: 'main', operator: 'In', values: [42] } },
    { action: 'Count', onExitCodes: { operator: 'NotIn', values: [42] } },
  ],
};

test('job: podFailurePolicy FailJob on exit code 42 fails the Job at once with the rule in the message', (t) => {
  const loop = jobLoop();
  loop.create(jobManifest('pfp', { podFailurePolicy: policy, parallelism: 2, completions: 2 }));
  loop.settle();
  startAll(loop);
  const victim = activePods(loop)[0]!;
  exit(loop, victim, 42);
  loop.settle();
  kill(loop);
  loop.settle();
  const msg = `Container main for pod default/${victim.metadata!.name} failed with exit code 42 matching FailJob rule at index 1`;
  t.deepEqual(conds(loop, 'pfp'), [
    ['FailureTarget', 'PodFailurePolicy', msg],
    ['Failed', 'PodFailurePolicy', msg],
  ]);
  t.is((loop.get('jobs', 'pfp')!.status as any).failed, 2);
});

test('job: podFailurePolicy Ignore leaves a disrupted pod out of the failure count and replaces it (after the backoff every failed pod adds)', (t) => {
  const loop = jobLoop();
  loop.create(jobManifest('ignore', { podFailurePolicy: policy, backoffLimit: 0 }));
  loop.settle();
  startAll(loop);
  exit(loop, activePods(loop)[0]!, 137, [{ type: 'DisruptionTarget', status: 'True' }]);
  loop.settle();
  const status = loop.get('jobs', 'ignore')!.status as any;
  t.is(status.failed ?? 0, 0);
  t.deepEqual(conds(loop, 'ignore'), []);
  loop.advance(10_000);
  loop.settle();
  t.is(activePods(loop).length, 1, 'replaced');
  exitSome(loop, 1, 3);
  loop.settle();
  t.deepEqual(conds(loop, 'ignore').map((c: string[]) => c.slice(0, 2)), [['FailureTarget', 'BackoffLimitExceeded'], ['Failed', 'BackoffLimitExceeded']], 'exit code 3 counts; backoffLimit 0');
});

test('job: restartPolicy OnFailure fails the Job once container restarts reach backoffLimit', (t) => {
  const loop = jobLoop();
  loop.create(jobManifest('restarts', { backoffLimit: 2 }, 'OnFailure'));
  loop.settle();
  startAll(loop);
  const p = activePods(loop)[0]! as Pod;
  const status = structuredClone(p.status!);
  status.containerStatuses![0]!.restartCount = 2;
  loop.apply({ verb: 'update', target: { group: '', version: 'v1', resource: 'pods', subresource: 'status', namespace: 'default', name: p.metadata!.name! }, body: { ...(p as any), status } });
  loop.settle();
  kill(loop);
  loop.settle();
  t.deepEqual(conds(loop, 'restarts').map((c: string[]) => c.slice(0, 2)), [['FailureTarget', 'BackoffLimitExceeded'], ['Failed', 'BackoffLimitExceeded']]);
});
