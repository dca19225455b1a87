// The registry formats the request's time once per virtual millisecond: nowText is rfc3339, for
// times that repeat, move on and go back.

import test from 'ava';
import fc from 'fast-check';
import { nowText } from '../../../actors/kube-apiserver/registry/now.ts';
import { rfc3339 } from '../../../protocols/kube/time.ts';

test('nowText gives rfc3339 of the time it is given, call after call (property)', (t) => {
  const ms = fc.integer({ min: 0, max: 4_102_444_800_000 });
  fc.assert(fc.property(fc.array(fc.oneof(ms, fc.constant(1_767_225_600_000)), { maxLength: 20 }), (times) => times.every((m) => nowText(m) === rfc3339(m))));
  t.is(nowText(1_767_225_600_000), '2026-01-01T00:00:00Z');
});
