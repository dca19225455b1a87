import test from 'ava';
import fc from 'fast-check';
import { defaultControllerRateLimiter, forget as forgetLimiter, when } from '../../../actors/client/rate-limiter.ts';
import { add, addAfter, addRateLimited, done, forget, get, isDrained, len, nextWakeAt, numRequeues, shutDown, shutDownWithDrain, wake, workQueue } from '../../../actors/client/workqueue.ts';

test('an item added many times is queued once', (t) => {
  const q = workQueue();
  add(q, 'a');
  add(q, 'b');
  add(q, 'a');
  t.is(len(q), 2);
  t.deepEqual([get(q), get(q), get(q)], [{ item: 'a' }, { item: 'b' }, undefined]);
});

test('an item added while processing is queued again only after Done', (t) => {
  const q = workQueue();
  add(q, 'a');
  t.deepEqual(get(q), { item: 'a' });
  add(q, 'a');
  add(q, 'a');
  t.is(len(q), 0, 'not handed to a second worker');
  done(q, 'a');
  t.deepEqual(get(q), { item: 'a' });
  done(q, 'a');
  t.is(get(q), undefined);
});

test('the per-item backoff: 5 ms, 10 ms, 20 ms … to 1000 s; Forget starts it again', (t) => {
  const r = defaultControllerRateLimiter();
  // Past the bucket's burst of 100, so only the exponential shows, spread in time so the bucket refills.
  const delays = Array.from({ length: 20 }, (_, i) => when(r, 'x', i * 1_000_000));
  t.deepEqual(delays.slice(0, 6), [5, 10, 20, 40, 80, 160]);
  t.is(delays[17], 655_360);
  t.is(delays[18], 1_000_000);
  t.is(delays[19], 1_000_000);
  forgetLimiter(r, 'x');
  t.is(when(r, 'x', 30_000_000), 5);
});

test('the overall bucket: after 100 distinct failures at once, the next waits 100 ms', (t) => {
  const r = defaultControllerRateLimiter();
  for (let i = 0; i < 100; i++) t.is(when(r, `k${i}`, 0), 5);
  t.is(when(r, 'k100', 0), 100);
  t.is(when(r, 'k101', 0), 200);
});

test('rate-limited adds wait, count requeues, and are woken in order of readiness', (t) => {
  const q = workQueue();
  t.is(addRateLimited(q, 'a', 0), 5);
  t.is(addRateLimited(q, 'a', 0), 10);
  t.is(numRequeues(q, 'a'), 2);
  t.deepEqual(q.waiting, [{ item: 'a', readyAt: 5 }], 'a waiting item keeps its earlier time');
  addAfter(q, 'b', 3, 0);
  t.is(nextWakeAt(q), 3);
  wake(q, 4);
  t.deepEqual(get(q), { item: 'b' });
  t.is(get(q), undefined);
  wake(q, 5);
  t.deepEqual(get(q), { item: 'a' });
  forget(q, 'a');
  t.is(numRequeues(q, 'a'), 0);
});

test('ShutDown: adds are ignored, queued items still come out, then the shutdown', (t) => {
  const q = workQueue();
  add(q, 'a');
  addAfter(q, 'later', 100, 0);
  shutDown(q);
  add(q, 'b');
  wake(q, 1000);
  t.deepEqual([get(q), get(q)], [{ item: 'a' }, { shutdown: true }]);
});

test('ShutDownWithDrain is drained once every processing item is Done', (t) => {
  const q = workQueue();
  add(q, 'a');
  get(q);
  shutDownWithDrain(q);
  t.false(isDrained(q));
  done(q, 'a');
  t.true(isDrained(q));
});

test('property: no item is ever processing twice, and every added item is eventually processed', (t) => {
  const step = fc.oneof(fc.record({ op: fc.constant('add' as const), item: fc.constantFrom('a', 'b', 'c') }), fc.record({ op: fc.constantFrom('get' as const, 'done' as const) }));
  fc.assert(
    fc.property(fc.array(step, { maxLength: 60 }), (steps) => {
      const q = workQueue();
      const held: string[] = [];
      const pendingAdds = new Set<string>();
      for (const s of steps) {
        if (s.op === 'add') {
          add(q, s.item);
          pendingAdds.add(s.item);
        } else if (s.op === 'get') {
          const r = get(q);
          if (r && 'item' in r) {
            t.false(held.includes(r.item));
            held.push(r.item);
            pendingAdds.delete(r.item);
          }
        } else if (held.length > 0) done(q, held.shift()!);
      }
      for (const h of held) done(q, h);
      for (let r = get(q); r && 'item' in r; r = get(q)) {
        pendingAdds.delete(r.item);
        done(q, r.item);
      }
      t.deepEqual([...pendingAdds], []);
    }),
  );
});

test('property: delayed adds come out once each, in order of readiness, each at its earliest time', (t) => {
  const arb = fc.array(fc.record({ item: fc.constantFrom('a', 'b', 'c', 'd'), delay: fc.integer({ min: 1, max: 50 }), at: fc.integer({ min: 0, max: 20 }) }), { maxLength: 30 });
  fc.assert(
    fc.property(arb, (adds) => {
      const q = workQueue();
      const earliest = new Map<string, number>();
      let now = 0;
      for (const a of adds) {
        now += a.at;
        addAfter(q, a.item, a.delay, now);
        earliest.set(a.item, Math.min(earliest.get(a.item) ?? Infinity, now + a.delay));
      }
      t.deepEqual(Object.fromEntries(q.waiting.map((w) => [w.item, w.readyAt])), q.waitingAt);
      const out: [string, number][] = [];
      for (let at = nextWakeAt(q); at !== undefined; at = nextWakeAt(q)) {
        wake(q, at);
        for (let r = get(q); r && 'item' in r; r = get(q)) {
          out.push([r.item, at]);
          done(q, r.item);
        }
      }
      // Ties at one instant may come out in either order; times must not go back.
      t.true(out.every((o, i) => i === 0 || out[i - 1]![1] <= o[1]));
      const byTime = (x: [string, number], y: [string, number]) => x[1] - y[1] || (x[0] < y[0] ? -1 : 1);
      t.deepEqual([...out].sort(byTime), [...earliest].sort(byTime));
    }),
  );
});
