// Kubernetes timestamps: written from virtual time and read back.

import test from 'ava';
import fc from 'fast-check';
import { DEFAULT_EPOCH_MS, parseRfc3339, rfc3339, rfc3339Micro } from '../../../protocols/kube/time.ts';

test('the epoch prints as 2026-01-01 and reads back', (t) => {
  t.is(rfc3339(DEFAULT_EPOCH_MS), '2026-01-01T00:00:00Z');
  t.is(parseRfc3339('2026-01-01T00:00:00Z'), DEFAULT_EPOCH_MS);
  t.is(parseRfc3339('2024-02-29T23:59:59.5Z'), Date.UTC(2024, 1, 29, 23, 59, 59, 500));
});

test('text that is not a UTC RFC 3339 timestamp does not parse', (t) => {
  for (const text of ['', '2026-01-01', '2026-01-01T00:00:00', '2026-01-01T00:00:00+01:00', 'yesterday']) t.is(parseRfc3339(text), undefined, text);
});

test('a timestamp reads back as the time it was written from (seconds for Time, microseconds for MicroTime)', (t) => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 8_000_000_000_000 }), (ms) => {
      t.is(parseRfc3339(rfc3339(ms)), Math.floor(ms / 1000) * 1000);
      t.is(parseRfc3339(rfc3339Micro(ms)), ms);
      t.is(rfc3339(ms), new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z'));
    }),
    { numRuns: 500 },
  );
});
