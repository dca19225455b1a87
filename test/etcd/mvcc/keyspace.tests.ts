// The key index's shortcuts against the plain way: new keys sorted in only when a walk needs the
// key order, and a one-key range read without a walk.

import test from 'ava';
import fc from 'fast-check';
import { isDeepStrictEqual } from 'node:util';
import { Keyspace, type RangeEnd } from '../../../actors/etcd/mvcc/keyspace.ts';

// Byte strings (what the store holds), short enough that they collide and share prefixes.
const key = fc.string({ unit: fc.constantFrom('a', 'b', '/', '\0', '\x7f', '\xff'), maxLength: 4 });
const end: fc.Arbitrary<RangeEnd> = fc.oneof(fc.constant(null), fc.constant(''), key);
const op = fc.oneof(
  { weight: 5, arbitrary: fc.record({ type: fc.constant('append' as const), keys: fc.array(key, { minLength: 1, maxLength: 2 }), tombstone: fc.boolean() }) },
  // Enough new keys at once to be merged rather than put in place one by one.
  { weight: 1, arbitrary: fc.record({ type: fc.constant('append' as const), keys: fc.uniqueArray(key, { minLength: 9, maxLength: 20 }), tombstone: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('dropLast' as const), key }) },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('walk' as const), key, end }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('compact' as const), back: fc.nat({ max: 5 }) }) },
);

test('the key order, walks, one-key reads and compaction match a key index kept sorted at every write', (t) => {
  t.notThrows(() =>
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        const ks = new Keyspace();
        // The model: every key with history, sorted afresh at each look.
        const model = new Map<string, number>();
        let rev = 1;
        const modelKeys = () => [...model.keys()].sort();
        for (const o of ops) {
          if (o.type === 'append') {
            for (const k of o.keys) {
              rev++;
              ks.append({ sub: 0, kv: { key: k, createRevision: o.tombstone ? 0 : rev, modRevision: rev, version: o.tombstone ? 0 : 1, value: 'v', lease: 0 } });
              model.set(k, (model.get(k) ?? 0) + 1);
            }
          } else if (o.type === 'dropLast') {
            ks.dropLast(o.key);
            const n = model.get(o.key);
            if (n === 1) model.delete(o.key);
            else if (n !== undefined) model.set(o.key, n - 1);
          } else if (o.type === 'walk') {
            const want = modelKeys().filter((k) => (o.end === null ? k === o.key : k >= o.key && (o.end === '' || k < o.end)));
            if (!isDeepStrictEqual([...ks.keysIn(o.key, o.end)], want)) return false;
            // A range read is the live values of the walked keys, one key or many.
            for (const at of [rev, rev - 1]) {
              const general = want.map((k) => ks.get(k, at)).filter((kv) => kv !== undefined);
              if (!isDeepStrictEqual(ks.range(o.key, o.end, at), general)) return false;
            }
          } else {
            ks.compact(Math.max(1, rev - o.back), true);
            for (const k of [...model.keys()]) {
              const n = ks.history(k).length;
              if (n === 0) model.delete(k);
              else model.set(k, n);
            }
          }
          if (ks.size !== model.size) return false;
        }
        return isDeepStrictEqual(ks.allKeys(), modelKeys());
      }),
      { numRuns: 300 },
    ),
  );
});

test('many new keys at once are merged into the key order, which a walk from the middle then follows', (t) => {
  const ks = new Keyspace();
  const names = Array.from({ length: 40 }, (_, i) => `/registry/pods/default/pod-${i}`);
  for (const [i, k] of names.entries()) ks.append({ sub: 0, kv: { key: k, createRevision: i + 2, modRevision: i + 2, version: 1, value: '', lease: 0 } });
  t.deepEqual(ks.allKeys(), [...names].sort());
  ks.append({ sub: 0, kv: { key: '/registry/pods/default/pod-100', createRevision: 50, modRevision: 50, version: 1, value: '', lease: 0 } });
  t.deepEqual([...ks.keysIn('/registry/pods/default/pod-1', '/registry/pods/default/pod-2')].slice(0, 4), [
    '/registry/pods/default/pod-1',
    '/registry/pods/default/pod-10',
    '/registry/pods/default/pod-100',
    '/registry/pods/default/pod-11',
  ]);
});
