import test from 'ava';
import fc from 'fast-check';
import {
  backoffDelay,
  intensityExceeded,
  recordRestart,
  resolveSupervision,
  restartGroup,
  shouldRestart,
} from '../../runtime/supervision.ts';

test('restart types follow OTP: permanent always, transient after failure, temporary never', (t) => {
  const failed = { kind: 'failed', error: 'x', messageType: 'm' } as const;
  const normal = { kind: 'normal' } as const;
  const shutdown = { kind: 'shutdown' } as const;
  t.deepEqual(
    (['permanent', 'transient', 'temporary'] as const).map((r) => [shouldRestart(r, failed), shouldRestart(r, normal), shouldRestart(r, shutdown)]),
    [
      [true, true, false],
      [true, false, false],
      [false, false, false],
    ],
  );
});

test('intensity: more than maxRestarts within the period, counting only the window', (t) => {
  let h: number[] = [];
  for (const at of [0, 100, 200]) h = recordRestart(h, at, 1000);
  t.false(intensityExceeded(h, 3));
  h = recordRestart(h, 300, 1000);
  t.true(intensityExceeded(h, 3));
  // Restarts older than the period fall out of the window.
  h = recordRestart([0, 100, 200], 1150, 1000);
  t.deepEqual(h, [200, 1150]);
  t.false(intensityExceeded(h, 3));
});

test('intensity window boundary: a restart exactly one period ago still counts, as in OTP', (t) => {
  // OTP's supervisor keeps restarts R with R >= Now - Period: "more than MaxR restarts within
  // MaxT" includes one that is exactly MaxT old.
  t.deepEqual(recordRestart([0], 1000, 1000), [0, 1000]);
  t.true(intensityExceeded(recordRestart([0], 1000, 1000), 1));
  // One millisecond later it has left the window.
  t.deepEqual(recordRestart([0], 1001, 1000), [1001]);
  t.false(intensityExceeded(recordRestart([0], 1001, 1000), 1));
  // With fractional virtual times too: the boundary is exact.
  t.deepEqual(recordRestart([0.5, 2.25], 1002.25, 1000), [2.25, 1002.25]);
});

test('backoff doubles per attempt and is capped', (t) => {
  const b = { min: 100, max: 1000, jitter: 0 };
  t.deepEqual([0, 1, 2, 3, 4, 10, 2000].map((a) => backoffDelay(b, a, 0.5)), [100, 200, 400, 800, 1000, 1000, 1000]);
});

test('backoff jitter adds up to the given fraction, never less than the base', (t) => {
  t.notThrows(() =>
    fc.assert(
    fc.property(fc.integer({ min: 0, max: 60 }), fc.double({ min: 0, max: 0.999, noNaN: true }), (attempt, r) => {
      const b = { min: 50, max: 5000, jitter: 0.2 };
      const base = Math.min(b.max, b.min * 2 ** attempt);
      const d = backoffDelay(b, attempt, r);
      return d >= Math.round(base) && d <= Math.round(base * 1.2);
    }),
    ),
  );
});

test('restart groups: the failed child, all of them, or it and those started after it', (t) => {
  fc.assert(
    fc.property(fc.uniqueArray(fc.string({ minLength: 1 }), { minLength: 1, maxLength: 12 }), fc.nat(), (names, k) => {
      const failed = names[k % names.length]!;
      const i = names.indexOf(failed);
      t.deepEqual(restartGroup('one-for-one', names, failed), [failed]);
      t.deepEqual(restartGroup('one-for-all', names, failed), names);
      t.deepEqual(restartGroup('rest-for-one', names, failed), names.slice(i));
    }),
  );
});

test('bad supervision options name the field', (t) => {
  t.throws(() => resolveSupervision({ maxRestarts: -1 }, '/app'), {
    message: '/app: supervision.maxRestarts: Invalid value: -1: must be greater than or equal to 0',
  });
  t.throws(() => resolveSupervision({ strategy: 'all-for-one' as never }, '/app'), { message: /supervision\.strategy: Invalid value: all-for-one/ });
  t.throws(() => resolveSupervision({ backoff: { min: 10, max: 5, jitter: 0 } }, '/app'), { message: /supervision\.backoff\.max/ });
});
