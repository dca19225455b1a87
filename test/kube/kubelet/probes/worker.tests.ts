// The prober worker with the cases of Kubernetes' worker_test.go: what a tick does for each pod
// and container state, initial delay, thresholds, holding after a failed liveness or startup
// probe, liveness held back until the startup probe passed, and the tick grid.

import test from 'ava';
import fc from 'fast-check';
import { containerReady, containerStarted, newProbeWorker, probeRecord, probeTick, triggerNow, type ProbeView, type ProbeWorker } from '../../../../actors/kubelet/probes/worker.ts';
import type { ProbeKind } from '../../../../actors/kubelet/probes/spec.ts';

const S = 1000;
const ok = { result: 'Success', output: '' } as const;
const bad = { result: 'Failure', output: 'HTTP probe failed with statuscode: 500' } as const;
const worker = (kind: ProbeKind, probe: object = {}, now = 0) => newProbeWorker({ podUid: 'u', containerName: 'c', kind, probe: { httpGet: { port: 80 }, ...probe }, now });
const running = (id = 'c1', startedAt = 0, started = true): ProbeView => ({ podPhase: 'Running', restartPolicy: 'Always', deleting: false, container: { id, state: 'running', startedAt, started } });

/** Tick at `now` and, when it probes, record `v`. */
function step(w: ProbeWorker, view: ProbeView, now: number, v: typeof ok | typeof bad = ok) {
  const tick = probeTick(w, view, now);
  if (tick.decision !== 'probe') return { worker: tick.worker, decision: tick.decision, kill: false };
  const r = probeRecord(tick.worker, v);
  return { worker: r.worker, decision: tick.decision, kill: r.kill };
}

test('TestDoProbe: a terminated pod stops every worker', (t) => {
  for (const phase of ['Failed', 'Succeeded']) {
    const tick = probeTick(worker('readiness'), { podPhase: phase, restartPolicy: 'Always', deleting: false }, 0);
    t.is(tick.decision, 'stop');
    t.true(tick.worker.stopped);
  }
});

test('TestDoProbe: no container yet keeps going and reports nothing', (t) => {
  const tick = probeTick(worker('liveness'), { podPhase: 'Pending', restartPolicy: 'Always', deleting: false }, 0);
  t.is(tick.decision, 'skip');
  t.is(tick.worker.reported, undefined);
});

test('TestDoProbe: a waiting or terminated container reports Failure; Never stops the worker', (t) => {
  for (const kind of ['readiness', 'liveness', 'startup'] as const) {
    const waiting = probeTick(worker(kind), { podPhase: 'Pending', restartPolicy: 'Always', deleting: false, container: { id: 'c1', state: 'waiting', started: false } }, 0);
    t.is(waiting.decision, 'skip');
    t.is(waiting.worker.reported, 'Failure');
    const restarting = probeTick(worker(kind), { podPhase: 'Running', restartPolicy: 'OnFailure', deleting: false, container: { id: 'c1', state: 'terminated', started: false } }, 0);
    t.is(restarting.decision, 'skip');
    const never = probeTick(worker(kind), { podPhase: 'Running', restartPolicy: 'Never', deleting: false, container: { id: 'c1', state: 'terminated', started: false } }, 0);
    t.is(never.decision, 'stop');
    t.is(never.worker.reported, 'Failure');
  }
});

test('TestDoProbe: a deleting pod ends liveness and startup probing with Success', (t) => {
  const view = { ...running(), deleting: true };
  for (const kind of ['liveness', 'startup'] as const) {
    const tick = probeTick(worker(kind), view, 0);
    t.is(tick.decision, 'stop');
    t.is(tick.worker.reported, 'Success');
  }
  t.is(probeTick(worker('readiness'), view, 0).decision, 'probe');
});

test('TestInitialDelay: inside the delay the initial result stands; after it, probes count', (t) => {
  const want = { readiness: 'Failure', liveness: 'Success', startup: 'Unknown' } as const;
  for (const kind of ['readiness', 'liveness', 'startup'] as const) {
    const view = running('c1', 0, kind !== 'startup');
    const early = step(worker(kind, { initialDelaySeconds: 10 }), view, 9_999);
    t.is(early.decision, 'skip', kind);
    t.is(early.worker.reported, want[kind], kind);
    const late = step(worker(kind, { initialDelaySeconds: 10 }), view, 10_000);
    t.is(late.decision, 'probe', kind);
    t.is(late.worker.reported, 'Success', kind);
  }
});

test('TestFailureThreshold: liveness turns Failure on the third failure in a row', (t) => {
  let w = worker('liveness', { failureThreshold: 3 });
  const results: (string | undefined)[] = [];
  for (const [i, v] of [ok, bad, bad, ok, bad, bad, bad].entries()) {
    const r = step(w, running(), i * 10 * S, v);
    w = r.worker;
    results.push(w.reported);
  }
  t.deepEqual(results, ['Success', 'Success', 'Success', 'Success', 'Success', 'Success', 'Failure']);
});

test('TestSuccessThreshold: readiness turns Success after 3 successes, Failure after 1 failure', (t) => {
  let w = worker('readiness', { successThreshold: 3, failureThreshold: 1 });
  const results: (string | undefined)[] = [];
  for (const [i, v] of [ok, ok, ok, ok, bad, ok, ok, ok].entries()) {
    w = step(w, running(), i * 10 * S, v).worker;
    results.push(w.reported);
  }
  t.deepEqual(results, ['Failure', 'Failure', 'Success', 'Success', 'Failure', 'Failure', 'Failure', 'Success']);
});

test('TestOnHold: after a liveness failure the worker waits for a new container, which starts from Success', (t) => {
  let w = worker('liveness', { failureThreshold: 1 });
  const r = step(w, running('c1'), 0, bad);
  t.true(r.kill);
  t.true(r.worker.onHold);
  t.is(r.worker.resultRun, 0);
  w = r.worker;
  const held = probeTick(w, running('c1'), 10 * S);
  t.is(held.decision, 'skip');
  t.is(held.worker.reported, 'Failure');
  const fresh = probeTick(held.worker, running('c2', 15 * S), 20 * S);
  t.is(fresh.decision, 'probe');
  t.false(fresh.worker.onHold);
  t.is(fresh.worker.reported, 'Success');
});

test('TestResultRunOnLivenessCheckFailure: the run counter resets only when the threshold is met', (t) => {
  let w = worker('liveness', { failureThreshold: 3 });
  w = step(w, running('c1'), 0, ok).worker;
  w = step(w, running('c1'), 10 * S, bad).worker;
  t.is(w.resultRun, 1);
  w = step(w, running('c1'), 20 * S, bad).worker;
  t.is(w.resultRun, 2);
  t.is(w.reported, 'Success');
  const third = step(w, running('c1'), 30 * S, bad);
  t.is(third.worker.resultRun, 0);
  t.is(third.worker.reported, 'Failure');
  t.true(third.kill);
  // next container: one failure is again below the threshold
  const next = step(third.worker, running('c2', 35 * S), 40 * S, bad);
  t.is(next.worker.resultRun, 1);
  t.is(next.worker.reported, 'Success');
  t.false(next.kill);
});

test('TestStartupProbe: startup probes until started, then stops; a startup failure kills', (t) => {
  let w = worker('startup', { failureThreshold: 2 });
  let r = step(w, running('c1', 0, false), 0, bad);
  t.is(r.worker.reported, 'Unknown');
  r = step(r.worker, running('c1', 0, false), 10 * S, bad);
  t.is(r.worker.reported, 'Failure');
  t.true(r.kill);
  w = worker('startup');
  r = step(w, running('c1', 0, false), 0, ok);
  t.is(r.worker.reported, 'Success');
  t.is(probeTick(r.worker, running('c1', 0, true), 10 * S).decision, 'skip', 'no startup probing once started');
});

test('TestLivenessProbeDisabledByStarted: liveness and readiness wait for the startup probe', (t) => {
  for (const kind of ['liveness', 'readiness'] as const) {
    const before = step(worker(kind, { failureThreshold: 1 }), running('c1', 0, false), 0, bad);
    t.is(before.decision, 'skip');
    t.false(before.kill);
    const after = step(worker(kind, { failureThreshold: 1 }), running('c1', 0, true), 0, bad);
    t.is(after.decision, 'probe');
    t.is(after.worker.reported, 'Failure');
    t.is(after.kill, kind === 'liveness');
  }
});

test('errored probes count nothing', (t) => {
  const w = worker('liveness', { failureThreshold: 1 });
  const tick = probeTick(w, running(), 0);
  const r = probeRecord(tick.worker, { result: 'Unknown', output: '', error: 'invalid port number: 0' });
  t.false(r.kill);
  t.is(r.worker.resultRun, 0);
  t.is(r.worker.reported, 'Success');
});

test('ticks keep the grid of the worker start and skip missed ones; a manual trigger runs now', (t) => {
  const w = worker('readiness', { periodSeconds: 10 }, 3 * S);
  t.is(w.nextRunAt, 3 * S);
  const a = probeTick(w, running(), 3 * S).worker;
  t.is(a.nextRunAt, 13 * S);
  const b = probeTick(a, running(), 45 * S).worker;
  t.is(b.nextRunAt, 53 * S);
  t.is(triggerNow(b, 47 * S).nextRunAt, 47 * S);
  t.is(newProbeWorker({ podUid: 'u', containerName: 'c', kind: 'liveness', probe: {}, now: 0, firstRunDelayMs: 4_321 }).nextRunAt, 4_321);
});

test('started and ready as the prober manager computes them', (t) => {
  t.true(containerStarted(true, 'c1', undefined));
  t.false(containerStarted(false, 'c1', undefined));
  const startup = step(worker('startup'), running('c1', 0, false), 0, ok).worker;
  t.true(containerStarted(true, 'c1', startup));
  t.false(containerStarted(true, 'c2', startup), 'a new container has not started by the old result');
  t.false(containerStarted(true, 'c1', worker('startup')));
  t.true(containerReady(true, true, 'c1', undefined));
  t.false(containerReady(true, false, 'c1', undefined));
  const readiness = step(worker('readiness'), running('c1'), 0, ok).worker;
  t.true(containerReady(true, true, 'c1', readiness));
  t.false(containerReady(true, true, 'c1', probeTick(worker('readiness'), running('c1'), 0).worker));
});

test('property: reported Failure needs failureThreshold failures in a row, Success successThreshold successes', (t) => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 }), fc.array(fc.boolean(), { maxLength: 30 }), (ft, st, outcomes) => {
      let w = worker('readiness', { failureThreshold: ft, successThreshold: st });
      let run = 0;
      let last: boolean | undefined;
      let expected = 'Failure';
      for (const [i, good] of outcomes.entries()) {
        run = last === good ? run + 1 : 1;
        last = good;
        if (run >= (good ? st : ft)) expected = good ? 'Success' : 'Failure';
        w = step(w, running(), i * 10 * S, good ? ok : bad).worker;
        if (w.reported !== expected) return false;
      }
      return true;
    }),
  );
  t.pass();
});

test('property: after any tick the next run is in the future and on the worker\'s grid', (t) => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 100_000 }), fc.integer({ min: 1, max: 60 }), fc.array(fc.integer({ min: 0, max: 200_000 }), { maxLength: 20 }), (start, period, gaps) => {
      let w = worker('liveness', { periodSeconds: period }, start);
      let now = start;
      for (const gap of gaps) {
        now = Math.max(now + gap, w.nextRunAt);
        w = probeTick(w, running(), now).worker;
        if (w.nextRunAt <= now || (w.nextRunAt - start) % (period * S) !== 0) return false;
      }
      return true;
    }),
  );
  t.pass();
});
