import test from 'ava';
import fc from 'fast-check';
import { DEFAULT_EPOCH_MS, rfc3339, rfc3339Micro } from '../../../protocols/kube/time.ts';

test('metav1.Time to the second, MicroTime to the microsecond', (t) => {
  t.is(rfc3339(0), '1970-01-01T00:00:00Z');
  t.is(rfc3339(DEFAULT_EPOCH_MS), '2026-01-01T00:00:00Z');
  t.is(rfc3339(951_782_400_000), '2000-02-29T00:00:00Z');
  t.is(rfc3339Micro(DEFAULT_EPOCH_MS + 1234.5678), '2026-01-01T00:00:01.234567Z');
});

test('property: agrees with the calendar of JavaScript\'s Date (years 1970 to 2400)', (t) => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 13_569_465_600_000 }), (ms) => {
      const iso = new Date(ms).toISOString();
      t.is(rfc3339(ms), `${iso.slice(0, 19)}Z`);
      t.is(rfc3339Micro(ms), `${iso.slice(0, 23)}000Z`);
    }),
  );
});
