import test from 'ava';
import fc from 'fast-check';
import { reserve, tokenBucket, tryAccept } from '../../../actors/client/token-bucket.ts';

test('QPS 5 burst 10: ten calls at once go now, the next wait 200 ms apart', (t) => {
  const b = tokenBucket(5, 10);
  const waits = Array.from({ length: 13 }, () => reserve(b, 0));
  t.deepEqual(waits, [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 200, 400, 600]);
});

test('the bucket refills at qps up to burst', (t) => {
  const b = tokenBucket(20, 30);
  for (let i = 0; i < 30; i++) reserve(b, 0);
  t.is(reserve(b, 0), 50);
  t.is(reserve(b, 10_000), 0); // a long pause refills, but only to 30
  t.is(b.tokens, 29);
});

test('tryAccept refuses without a whole token and takes none', (t) => {
  const b = tokenBucket(1 / 300, 25);
  for (let i = 0; i < 25; i++) t.true(tryAccept(b, 0));
  t.false(tryAccept(b, 0));
  t.false(tryAccept(b, 299_999));
  t.true(tryAccept(b, 300_000));
});

test('property: n calls within a window of w ms never exceed burst + qps·w (started no earlier than they may)', (t) => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 50 }), fc.integer({ min: 1, max: 30 }), fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 1, maxLength: 80 }), (qps, burst, gaps) => {
      const b = tokenBucket(qps, burst);
      let now = 0;
      const starts: number[] = [];
      for (const g of gaps) {
        now += g;
        starts.push(now + reserve(b, now));
      }
      const last = Math.max(...starts);
      return starts.length <= burst + Math.ceil((qps * last) / 1000) + 1;
    }),
  );
  t.pass();
});
