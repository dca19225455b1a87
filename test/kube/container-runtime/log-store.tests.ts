// A container's log bounded as the kubelet rotates it: containerLogMaxSize per file,
// containerLogMaxFiles files.

import test from 'ava';
import fc from 'fast-check';
import { appendLines, kubeletLogLimits, type LogLine, readLines } from '../../../actors/container-runtime/log-store.ts';

const line = (i: number, len = 10): LogLine => ({ time: i, stream: 'stdout', log: 'x'.repeat(len) });

test('the kubelet\'s defaults: 10Mi per file, 5 files', (t) => {
  t.deepEqual(kubeletLogLimits, { maxSizeBytes: 10 * 1024 * 1024, maxFiles: 5 });
});

test('lines are kept in order and tailLines takes the last ones', (t) => {
  const s = appendLines([], [line(1), line(2), line(3)]);
  t.deepEqual(readLines(s).map((l) => l.time), [1, 2, 3]);
  t.deepEqual(readLines(s, 2).map((l) => l.time), [2, 3]);
  t.deepEqual(readLines(s, 0), []);
});

test('past the size a new file starts; past the file count the oldest file goes', (t) => {
  // Each line is 41 + 59 + 1 = 101 bytes; a 200-byte file holds two before it is full.
  const limits = { maxSizeBytes: 200, maxFiles: 2 };
  const s = appendLines([], [1, 2, 3, 4, 5, 6].map((i) => line(i, 59)), limits);
  t.is(s.length, 2);
  t.deepEqual(readLines(s).map((l) => l.time), [3, 4, 5, 6]);
});

test('whatever is written, the store stays within its files and keeps the newest line', (t) => {
  fc.assert(
    fc.property(fc.array(fc.array(fc.nat(300), { maxLength: 20 }), { maxLength: 20 }), fc.integer({ min: 100, max: 2000 }), fc.integer({ min: 1, max: 5 }), (batches, maxSizeBytes, maxFiles) => {
      let s = appendLines([], []);
      let n = 0;
      for (const b of batches) s = appendLines(s, b.map((len) => line(n++, len)), { maxSizeBytes, maxFiles });
      const kept = readLines(s);
      if (s.length > maxFiles) return false;
      // Every file but the current one reached the size before the next began; none holds a line past it.
      if (s.slice(0, -1).some((f) => f.bytes < maxSizeBytes)) return false;
      if (n > 0 && kept[kept.length - 1]!.time !== n - 1) return false;
      // Kept lines are the newest, in order, without gaps.
      return kept.every((l, i) => i === 0 || l.time === kept[i - 1]!.time + 1);
    }),
  );
  t.pass();
});
