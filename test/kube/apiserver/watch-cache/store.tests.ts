// The watch cache's store puts new keys in order only when a list reads it: whatever the mix of
// sets, deletes and reads, it answers as a map sorted on every read would.

import test from 'ava';
import fc from 'fast-check';
import { Store } from '../../../../actors/kube-apiserver/watch-cache/store.ts';
import type { Element } from '../../../../actors/kube-apiserver/watch-cache/types.ts';

const key = fc.tuple(fc.constantFrom('a/', 'b/', 'ab/', '', 'a/b/'), fc.stringMatching(/^[a-c0-9-]{0,3}$/)).map(([ns, n]) => ns + n);
const op = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('set' as const), key }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('delete' as const), key }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('read' as const), key, prefix: fc.constantFrom('', 'a/', 'b/', 'ab/', 'c/') }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('replace' as const), keys: fc.array(key, { maxLength: 5 }) }) },
);
const element = (k: string, n: number): Element => ({ key: k, object: { apiVersion: 'v1', kind: 'X', metadata: { name: `${k}#${n}` } }, labels: {}, fields: {} });

test('the store answers every read as a map sorted on each read does', (t) => {
  fc.assert(
    fc.property(fc.array(op, { maxLength: 80 }), (ops) => {
      const store = new Store();
      const model = new Map<string, Element>();
      let n = 0;
      for (const o of ops) {
        if (o.kind === 'set') {
          const e = element(o.key, n++);
          store.set(e);
          model.set(o.key, e);
        } else if (o.kind === 'delete') {
          store.delete(o.key);
          model.delete(o.key);
        } else if (o.kind === 'replace') {
          const es = o.keys.map((k) => element(k, n++));
          store.replace(es);
          model.clear();
          for (const e of es) model.set(e.key, e);
        } else {
          const start = o.key > o.prefix ? o.key : o.prefix;
          const want = [...model.values()].filter((e) => e.key >= start && e.key.startsWith(o.prefix)).sort((a, b) => (a.key < b.key ? -1 : 1));
          // The objects under the prefix first (it settles pending keys too), then the range.
          const objects = store.objectsIn(o.prefix);
          const under = [...model.values()].filter((e) => e.key.startsWith(o.prefix)).sort((a, b) => (a.key < b.key ? -1 : 1));
          if (objects.length !== under.length || objects.some((x, i) => x !== under[i]!.object)) return false;
          // By namespace and name (the index is built at the first such read, kept up after).
          const slash = o.key.indexOf('/');
          if (slash >= 0 && store.getIn(o.key.slice(0, slash), o.key.slice(slash + 1)) !== model.get(o.key)) return false;
          const got = store.inRange(o.prefix, o.key);
          if (got.length !== want.length || got.some((e, i) => e !== want[i])) return false;
        }
        if (store.size !== model.size || store.get(o.kind === 'replace' ? '' : o.key) !== model.get(o.kind === 'replace' ? '' : o.key)) return false;
      }
      // Every key ever set or deleted, and some never: what is gone must be gone from the index too.
      for (const k of ['a/', 'b/x', 'ab/1', 'a/b/c', ...ops.flatMap((o) => (o.kind === 'replace' ? o.keys : [o.key]))]) {
        const slash = k.indexOf('/');
        if (slash >= 0 && store.getIn(k.slice(0, slash), k.slice(slash + 1)) !== model.get(k)) return false;
      }
      const all = store.inRange('', '');
      return all.length === model.size && all.every((e, i) => i === 0 || all[i - 1]!.key < e.key);
    }),
    { numRuns: 100 },
  );
  // Past the splice bound: many keys merged in one read, into keys already in order, some of
  // which were updated or deleted meanwhile.
  const store = new Store();
  const keys = Array.from({ length: 100 }, (_, i) => `ns/${(i * 37) % 100}`);
  for (const k of keys.slice(0, 30)) store.set(element(k, 0));
  store.inRange('', '');
  for (const k of keys.slice(30)) store.set(element(k, 1));
  for (const k of keys.slice(0, 10)) store.delete(k);
  const updated = element(keys[10]!, 2);
  store.set(updated);
  const got = store.inRange('', '');
  t.deepEqual(got.map((e) => e.key), keys.slice(10).sort());
  t.is(got.find((e) => e.key === keys[10]), updated);
});
