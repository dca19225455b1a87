import test from 'ava';
import fc from 'fast-check';
import type { Pod } from '../../../../protocols/kube/objects.ts';
import { formatIndexes, parseIndexes } from '../../../../actors/kube-controller-manager/job/indexes.ts';
import { jobLoop, jobManifest } from './fixtures.ts';
import { activePods, exit, kill, pods, startAll } from './kubelet.ts';

const ix = (p: Pod) => p.metadata!.annotations!['batch.kubernetes.io/job-completion-index'];

test('job: an Indexed Job gives each pod its index (annotation, label, hostname, JOB_COMPLETION_INDEX) and records completedIndexes', (t) => {
  const loop = jobLoop();
  loop.create(jobManifest('idx', { completionMode: 'Indexed', completions: 3, parallelism: 2 }));
  loop.settle();
  const first = activePods(loop).sort((a, b) => ix(a)!.localeCompare(ix(b)!));
  t.deepEqual(first.map(ix), ['0', '1']);
  const p0 = first[0]!;
  t.regex(p0.metadata!.name!, /^idx-0-[a-z0-9]{5}$/);
  t.is(p0.metadata!.labels!['batch.kubernetes.io/job-completion-index'], '0');
  t.is(p0.spec!.hostname, 'idx-0');
  t.deepEqual(p0.spec!.containers[0]!.env, [{ name: 'JOB_COMPLETION_INDEX', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: "metadata.annotations['batch.kubernetes.io/job-completion-index']" } } }]);
  startAll(loop);
  exit(loop, activePods(loop).find((p) => ix(p) === '1')!, 0);
  loop.settle();
  t.is((loop.get('jobs', 'idx')!.status as any).completedIndexes, '1');
  t.deepEqual(activePods(loop).map(ix).sort(), ['0', '2']);
  startAll(loop);
  exit(loop, activePods(loop).find((p) => ix(p) === '0')!, 1);
  loop.settle();
  loop.advance(10_000);
  loop.settle();
  t.deepEqual(activePods(loop).map(ix).sort(), ['0', '2'], 'index 0 is run again after its failure');
  startAll(loop);
  for (const p of activePods(loop)) exit(loop, p, 0);
  loop.settle();
  const status = loop.get('jobs', 'idx')!.status as any;
  t.like(status, { completedIndexes: '0-2', succeeded: 3, failed: 1, ready: 0 });
  t.deepEqual(status.conditions.map((c: any) => c.type), ['SuccessCriteriaMet', 'Complete']);
});

test('job: completedIndexes are written as Kubernetes writes intervals', (t) => {
  t.is(formatIndexes([1, 3, 4, 5, 7]), '1,3-5,7');
  t.is(formatIndexes([0, 1]), '0,1');
  t.is(formatIndexes([]), '');
  t.deepEqual(parseIndexes('1,3-5,7,9', 8), [1, 3, 4, 5, 7]);
  fc.assert(fc.property(fc.uniqueArray(fc.nat(60)), (xs) => {
    const sorted = [...xs].sort((a, b) => a - b);
    return JSON.stringify(parseIndexes(formatIndexes(xs), 61)) === JSON.stringify(sorted);
  }));
});

test('job: suspend deletes the active pods and sets Suspended; resume restarts them and the clock', (t) => {
  const loop = jobLoop();
  loop.create(jobManifest('sus', { parallelism: 2, completions: 4 }));
  loop.settle();
  startAll(loop);
  const job = loop.get('jobs', 'sus')!;
  loop.advance(60_000);
  loop.apply({ verb: 'update', target: { group: 'batch', version: 'v1', resource: 'jobs', namespace: 'default', name: 'sus' }, body: { ...job, spec: { ...(job.spec as object), suspend: true } } });
  const rounds = loop.settle();
  t.is(activePods(loop).length, 0);
  kill(loop);
  loop.settle();
  t.true(rounds.flatMap((r) => r.events).some((e) => e.reason === 'Suspended' && e.message === 'Job suspended'));
  let status = loop.get('jobs', 'sus')!.status as any;
  t.like(status.conditions.find((c: any) => c.type === 'Suspended'), { status: 'True', reason: 'JobSuspended', message: 'Job suspended' });
  t.is(status.failed ?? 0, 0, 'pods deleted by suspension are not failures');
  loop.advance(60_000);
  const suspended = loop.get('jobs', 'sus')!;
  loop.apply({ verb: 'update', target: { group: 'batch', version: 'v1', resource: 'jobs', namespace: 'default', name: 'sus' }, body: { ...suspended, spec: { ...(suspended.spec as object), suspend: false } } });
  loop.settle();
  status = loop.get('jobs', 'sus')!.status as any;
  t.like(status.conditions.find((c: any) => c.type === 'Suspended'), { status: 'False', reason: 'JobResumed', message: 'Job resumed' });
  t.is(status.startTime, '2026-01-01T00:02:00Z');
  t.is(activePods(loop).length, 2);
  t.is(pods(loop).length, 2, 'the suspended pods are gone');
});

test('job: an Indexed Job with a successPolicy succeeds once the rule matches; the other pods are deleted first', (t) => {
  const loop = jobLoop();
  loop.create(jobManifest('leader', { completionMode: 'Indexed', completions: 3, parallelism: 3, successPolicy: { rules: [{ succeededIndexes: '0' }] } }));
  loop.settle();
  startAll(loop);
  exit(loop, activePods(loop).find((p) => ix(p) === '0')!, 0);
  const rounds = loop.settle();
  t.is(rounds.flatMap((r) => r.events).filter((e) => e.reason === 'SuccessfulDelete').length, 2);
  let status = loop.get('jobs', 'leader')!.status as any;
  t.deepEqual(status.conditions.map((c: any) => [c.type, c.reason, c.message]), [['SuccessCriteriaMet', 'SuccessPolicy', 'Matched rules at index 0']], 'Complete waits for the deleted pods');
  t.is(status.terminating, 2);
  kill(loop);
  loop.settle();
  status = loop.get('jobs', 'leader')!.status as any;
  t.deepEqual(status.conditions.map((c: any) => [c.type, c.reason, c.message]), [
    ['SuccessCriteriaMet', 'SuccessPolicy', 'Matched rules at index 0'],
    ['Complete', 'SuccessPolicy', 'Matched rules at index 0'],
  ]);
  t.like(status, { completedIndexes: '0', succeeded: 1, terminating: 0 });
});
