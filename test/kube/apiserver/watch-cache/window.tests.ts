// The event window's dynamic capacity (watch_cache.go's resizeCacheLocked) and the oldest
// revision it serves (getAllEventsSinceLocked's "too old" bound).

import test from 'ava';
import { EventWindow } from '../../../../actors/kube-apiserver/watch-cache/window.ts';
import type { CachedEvent } from '../../../../actors/kube-apiserver/watch-cache/types.ts';

function ev(revision: number, recordedAt: number): CachedEvent {
  const current = { key: `ns/p${revision}`, object: { apiVersion: 'v1', kind: 'Pod', metadata: { name: `p${revision}` } }, labels: {}, fields: {} };
  return { type: 'ADDED', key: current.key, revision, current, previous: undefined, recordedAt };
}

const bounds = { lowerBoundCapacity: 4, upperBoundCapacity: 16, eventFreshMs: 75_000 };

test('a full window whose oldest event is fresh doubles, up to the upper bound', (t) => {
  const w = new EventWindow(bounds);
  w.reset(1);
  for (let r = 2; r <= 6; r++) w.push(ev(r, r));
  t.is(w.capacity, 8);
  for (let r = 7; r <= 40; r++) w.push(ev(r, r));
  t.is(w.capacity, 16);
  t.is(w.size, 16);
});

test('a full window whose oldest event is stale evicts instead of growing', (t) => {
  const w = new EventWindow(bounds);
  w.reset(1);
  for (let r = 2; r <= 5; r++) w.push(ev(r, 0));
  w.push(ev(6, 80_000));
  t.is(w.capacity, 4);
  t.deepEqual(w.since(0).map((e) => e.revision), [3, 4, 5, 6]);
});

test('a full window whose newest quarter is stale halves, down to the lower bound', (t) => {
  const w = new EventWindow(bounds);
  w.reset(1);
  for (let r = 2; r <= 17; r++) w.push(ev(r, r));
  t.is(w.capacity, 16);
  w.push(ev(18, 200_000));
  t.is(w.capacity, 8);
  t.deepEqual(w.since(0).map((e) => e.revision), [11, 12, 13, 14, 15, 16, 17, 18]);
});

test('until an event falls out, the listed revision is the oldest served; then the first event minus one', (t) => {
  const w = new EventWindow({ lowerBoundCapacity: 3, upperBoundCapacity: 3, eventFreshMs: 75_000 });
  t.is(w.oldestServable(), undefined);
  w.reset(10);
  t.is(w.oldestServable(), 10);
  for (const r of [12, 13, 15]) w.push(ev(r, 0));
  t.is(w.oldestServable(), 10);
  w.push(ev(17, 0));
  t.is(w.oldestServable(), 12);
  t.deepEqual(w.since(13).map((e) => e.revision), [15, 17]);
  w.reset(20);
  t.is(w.oldestServable(), 20);
  t.deepEqual(w.since(0), []);
});
