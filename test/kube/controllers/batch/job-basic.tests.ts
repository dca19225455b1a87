import test from 'ava';
import { nameSuffix } from '../../../../actors/kube-controller-manager/job/pod-template.ts';
import { jobLoop, jobManifest } from './fixtures.ts';
import { activePods, exitSome, kill, pods, startAll } from './kubelet.ts';

test('job: one pod from the template, labelled, owned and finalized; Complete after it succeeds', (t) => {
  const loop = jobLoop();
  const job = loop.create(jobManifest('pi'));
  const r = loop.step();
  const [pod] = pods(loop);
  t.truthy(pod);
  t.regex(pod!.metadata!.name!, /^pi-[a-z0-9]{5}$/);
  t.is(pod!.metadata!.labels!['batch.kubernetes.io/job-name'], 'pi');
  t.is(pod!.metadata!.labels!['batch.kubernetes.io/controller-uid'], job.metadata.uid);
  t.is(pod!.metadata!.labels!['job-name'], 'pi');
  t.deepEqual(pod!.metadata!.finalizers, ['batch.kubernetes.io/job-tracking']);
  t.like(pod!.metadata!.ownerReferences![0], { kind: 'Job', name: 'pi', uid: job.metadata.uid, controller: true, blockOwnerDeletion: true });
  t.deepEqual(r.events, [], 'the create is reported once it has answered');
  t.deepEqual(loop.step().events, [{ type: 'Normal', reason: 'SuccessfulCreate', message: `Created pod: ${pod!.metadata!.name}` }]);
  t.like(loop.get('jobs', 'pi')!.status as object, { active: 1, ready: 0, terminating: 0, startTime: '2026-01-01T00:00:00Z' });
  startAll(loop);
  loop.settle();
  t.like(loop.get('jobs', 'pi')!.status as object, { active: 1, ready: 1 });
  loop.advance(5000);
  exitSome(loop, 1, 0);
  const rounds = loop.settle();
  const status = loop.get('jobs', 'pi')!.status as any;
  t.like(status, { succeeded: 1, ready: 0, terminating: 0, completionTime: '2026-01-01T00:00:05Z', uncountedTerminatedPods: {} });
  t.false('active' in status || 'failed' in status, 'zero counters are left out, as omitempty does');
  t.deepEqual(status.conditions.map((c: any) => [c.type, c.status, c.reason, c.message]), [
    ['SuccessCriteriaMet', 'True', 'CompletionsReached', 'Reached expected number of succeeded pods'],
    ['Complete', 'True', 'CompletionsReached', 'Reached expected number of succeeded pods'],
  ]);
  t.deepEqual(pods(loop)[0]!.metadata!.finalizers ?? [], []);
  t.deepEqual(rounds.flatMap((x) => x.events.map((e) => e.reason)), ['Completed']);
});

test('job: completions 5 parallelism 2 never runs more than 2 pods and needs 5 successes', (t) => {
  const loop = jobLoop();
  loop.create(jobManifest('work', { completions: 5, parallelism: 2 }));
  for (let i = 0; i < 20 && loop.get('jobs', 'work')!.status && !(loop.get('jobs', 'work')!.status as any).completionTime; i++) {
    loop.settle();
    t.true(activePods(loop).length <= 2);
    startAll(loop);
    loop.advance(1000);
    exitSome(loop, 1, 0);
  }
  loop.settle();
  const status = loop.get('jobs', 'work')!.status as any;
  t.is(status.succeeded, 5);
  t.is(pods(loop).length, 5);
  t.truthy(status.completionTime);
});

test('job: parallelism without completions completes when one pod succeeded and the rest ended', (t) => {
  const loop = jobLoop();
  loop.create(jobManifest('queue', { parallelism: 3 }));
  loop.settle();
  t.is(activePods(loop).length, 3);
  startAll(loop);
  exitSome(loop, 1, 0);
  loop.settle();
  t.is(activePods(loop).length, 2, 'no replacement once one succeeded');
  t.falsy((loop.get('jobs', 'queue')!.status as any).completionTime);
  exitSome(loop, 2, 0);
  loop.settle();
  t.is((loop.get('jobs', 'queue')!.status as any).succeeded, 3);
  t.truthy((loop.get('jobs', 'queue')!.status as any).completionTime);
});

test('job: pods of a deleted Job lose the tracking finalizer when the garbage collector deletes them', (t) => {
  const loop = jobLoop();
  loop.create(jobManifest('doomed', { parallelism: 2, completions: 2 }));
  loop.settle();
  startAll(loop);
  loop.apply({ verb: 'delete', target: { group: 'batch', version: 'v1', resource: 'jobs', namespace: 'default', name: 'doomed' }, options: { propagationPolicy: 'Background' } });
  // A stand-in garbage collector: the pods' owner is gone, they go too.
  for (const p of pods(loop)) loop.apply({ verb: 'delete', target: { group: '', version: 'v1', resource: 'pods', namespace: 'default', name: p.metadata!.name! } });
  t.is(pods(loop).length, 2, 'held by the finalizer');
  const r = loop.settle();
  t.is(r[0]!.keys.filter((k) => k.startsWith('orphan:default/doomed-')).length, 2);
  t.true(pods(loop).every((p) => (p.metadata?.finalizers ?? []).length === 0));
  kill(loop);
  t.is(pods(loop).length, 0);
});

test('job: with manualSelector a matching pod without a controller is adopted (owner reference and finalizer) and counted', (t) => {
  const loop = jobLoop();
  const manual = (name: string) => jobManifest(name, { manualSelector: true, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { restartPolicy: 'Never', containers: [{ name: 'main', image: 'busybox' }] } } });
  const strayPod = (name: string, app: string) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default', labels: { app } }, spec: { restartPolicy: 'Never', containers: [{ name: 'main', image: 'busybox' }] } });
  loop.create(strayPod('stray', 'manual'));
  const job = loop.create(manual('manual'));
  loop.settle();
  const stray = loop.get('pods', 'stray')!;
  t.like(stray.metadata.ownerReferences![0], { kind: 'Job', name: 'manual', uid: job.metadata.uid, controller: true });
  t.deepEqual(stray.metadata.finalizers, ['batch.kubernetes.io/job-tracking']);
  t.is(pods(loop).length, 1, 'the adopted pod is the one pod the Job wants');
  startAll(loop);
  exitSome(loop, 1, 0);
  loop.settle();
  t.is((loop.get('jobs', 'manual')!.status as any).succeeded, 1);
  // A stray pod showing up later wakes the Job its labels match.
  loop.create(manual('later'));
  loop.settle();
  loop.create(strayPod('late-stray', 'later'));
  const r = loop.step();
  t.deepEqual(r.keys, ['default/later']);
  t.true(r.writes.some((w) => w.verb === 'patch' && w.target.name === 'late-stray'));
});

test('job: a Job managed by another controller (spec.managedBy) is left alone', (t) => {
  const loop = jobLoop();
  loop.create(jobManifest('theirs', { managedBy: 'example.com/batch' }));
  loop.create(jobManifest('ours', { managedBy: 'kubernetes.io/job-controller' }));
  loop.settle();
  t.deepEqual(pods(loop).map((p) => p.metadata!.labels!['batch.kubernetes.io/job-name']), ['ours']);
  t.falsy(loop.get('jobs', 'theirs')!.status && (loop.get('jobs', 'theirs')!.status as any).startTime);
});

test('job: a pod create that fails is reported as FailedCreate with the apiserver message, and retried', (t) => {
  const loop = jobLoop();
  const job = loop.create(jobManifest('clash'));
  const taken = `clash-${nameSuffix(`${job.metadata.uid}/0/0`)}`;
  loop.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: taken, namespace: 'default' }, spec: { containers: [{ name: 'c', image: 'busybox' }] } });
  const first = loop.step();
  t.false(first.results.find((_r, i) => first.writes[i]!.verb === 'create')!.ok);
  const second = loop.step();
  t.deepEqual(second.events.filter((e) => e.reason === 'FailedCreate'), [{ type: 'Warning', reason: 'FailedCreate', message: `Error creating: pods "${taken}" already exists` }]);
  loop.settle();
  t.is(pods(loop).filter((p) => p.metadata!.labels?.['job-name'] === 'clash').length, 1, 'the retry creates the pod under another name');
});
