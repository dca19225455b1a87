import test from 'ava';
import fc from 'fast-check';
import { DEFAULT_EPOCH_MS } from '../../../../protocols/kube/time.ts';
import { reconcileJob } from '../../../../actors/kube-controller-manager/job/controller.ts';
import { jobLoop, jobManifest } from './fixtures.ts';
import { LaggyLoop } from './laggy-loop.ts';
import { activePods, exitSome, pods, startAll } from './kubelet.ts';

const action = fc.oneof(
  fc.record({ kind: fc.constant('succeed' as const), n: fc.integer({ min: 1, max: 3 }) }),
  fc.record({ kind: fc.constant('fail' as const), n: fc.integer({ min: 1, max: 2 }) }),
  fc.record({ kind: fc.constant('start' as const) }),
  fc.record({ kind: fc.constant('advance' as const), ms: fc.integer({ min: 1000, max: 120_000 }) }),
);

test('job property: after any round a Job has no more active pods than parallelism, nor than the completions still to go', (t) => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 6 }), fc.boolean(), fc.array(action, { maxLength: 12 }), (parallelism, completions, indexed, actions) => {
      const loop = jobLoop();
      loop.create(jobManifest('p', { parallelism, completions, backoffLimit: 3, ...(indexed ? { completionMode: 'Indexed' } : {}) }));
      const check = () => {
        const active = activePods(loop).length;
        const succeededPods = pods(loop).filter((p) => p.status?.phase === 'Succeeded').length;
        if (active > parallelism) throw new Error(`${active} active pods > parallelism ${parallelism}`);
        if (active + succeededPods > completions) throw new Error(`${active} active + ${succeededPods} succeeded > completions ${completions}`);
      };
      loop.step();
      check();
      for (const a of actions) {
        if (a.kind === 'succeed') exitSome(loop, a.n, 0);
        else if (a.kind === 'fail') exitSome(loop, a.n, 1);
        else if (a.kind === 'start') startAll(loop);
        else loop.advance(a.ms);
        for (let i = 0; i < 4; i++) {
          loop.step();
          check();
        }
      }
      return true;
    }),
    { numRuns: 25 },
  );
  t.pass();
});

test('job: expectations hold back a second create while the cache has not seen the first', (t) => {
  const loop = jobLoop();
  loop.create(jobManifest('exp', { parallelism: 2, completions: 2 }));
  const stale = loop.listers();
  const first = reconcileJob('default/exp', stale, 0, loop.memory, DEFAULT_EPOCH_MS);
  t.is(first.writes.filter((w) => w.verb === 'create').length, 2);
  const again = reconcileJob('default/exp', stale, 1, loop.memory, DEFAULT_EPOCH_MS);
  t.is(again.writes.filter((w) => w.verb === 'create').length, 0, 'the same stale snapshot creates nothing more');
  const late = reconcileJob('default/exp', stale, 5 * 60_000, loop.memory, DEFAULT_EPOCH_MS);
  t.is(late.writes.filter((w) => w.verb === 'create').length, 2, 'expectations expire after 5 minutes');
});

test('job: a cache older than the last status write waits for it', (t) => {
  const loop = jobLoop();
  loop.create(jobManifest('rv'));
  const stale = loop.listers();
  loop.step();
  t.truthy(loop.memory.statusRV['default/rv']);
  const r = reconcileJob('default/rv', stale, 0, loop.memory, DEFAULT_EPOCH_MS);
  t.deepEqual(r.writes, []);
});

test('job property: with lagging informers, no more pods than parallelism run and every finished pod is counted exactly once', (t) => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 3 }),
      fc.integer({ min: 1, max: 5 }),
      fc.constantFrom('NonIndexed', 'Indexed', 'PerIndex'),
      fc.array(fc.oneof(fc.constant('succeed'), fc.constant('fail'), fc.constant('start')), { maxLength: 10 }),
      fc.infiniteStream(fc.integer({ min: 0, max: 3 })),
      (parallelism, completions, mode, actions, lags) => {
        const loop = jobLoop();
        const indexed = mode !== 'NonIndexed';
        const modeSpec = mode === 'NonIndexed' ? { backoffLimit: 100 } : mode === 'Indexed' ? { backoffLimit: 100, completionMode: 'Indexed' } : { completionMode: 'Indexed', backoffLimitPerIndex: 1 };
        loop.create(jobManifest('lag', { parallelism, completions, ...modeSpec }));
        const laggy = new LaggyLoop(loop, (_inf, _from, to) => to - lags.next().value);
        const check = () => {
          const active = activePods(loop).length;
          if (active > parallelism) throw new Error(`${active} active pods > parallelism ${parallelism}`);
        };
        const rounds = (n: number) => {
          for (let i = 0; i < n; i++) {
            laggy.step();
            check();
          }
        };
        rounds(3);
        for (const a of actions) {
          if (a === 'succeed') exitSome(loop, 1, 0);
          else if (a === 'fail') exitSome(loop, 1, 1);
          else startAll(loop);
          // A minute a step: informers lag by rounds, well within the 5-minute expectations timeout.
          loop.advance(60_000);
          rounds(3);
        }
        const caughtUp = new LaggyLoop(loop, (_inf, _from, to) => to);
        for (let i = 0; i < 12; i++) caughtUp.step();
        const status = loop.get('jobs', 'lag')!.status as any;
        const all = pods(loop);
        // An Indexed Job counts an index once, however many of its pods succeeded.
        const succeededPods = all.filter((p) => p.status?.phase === 'Succeeded');
        const succeeded = indexed ? new Set(succeededPods.map((p) => p.metadata!.annotations!['batch.kubernetes.io/job-completion-index'])).size : succeededPods.length;
        const failed = all.filter((p) => p.status?.phase === 'Failed' || (p.metadata?.deletionTimestamp !== undefined && p.status?.phase !== 'Succeeded')).length;
        if ((status.succeeded ?? 0) !== succeeded || (status.failed ?? 0) !== failed) {
          throw new Error(`status counts ${status.succeeded}/${status.failed}, pods ${succeeded}/${failed}`);
        }
        if (JSON.stringify(status.uncountedTerminatedPods) !== '{}') throw new Error(`uncounted left: ${JSON.stringify(status.uncountedTerminatedPods)}`);
        return true;
      },
    ),
    { numRuns: 30 },
  );
  t.pass();
});
