import test from 'ava';
import fc from 'fast-check';
import { isDeepStrictEqual } from 'node:util';
import { Disk } from '../../runtime/kernel/index.ts';
import { copyData } from '../../runtime/kernel/disk.ts';
import { Rng } from '../../runtime/index.ts';

test('a crash keeps every synced write and a seeded prefix of the unsynced ones', (t) => {
  t.notThrows(() =>
    fc.assert(
      fc.property(fc.nat({ max: 20 }), fc.nat({ max: 20 }), fc.integer(), (synced, unsynced, seed) => {
        const d = new Disk('h');
        for (let i = 0; i < synced; i++) d.append('log', i);
        d.commit(d.syncPoint());
        for (let i = synced; i < synced + unsynced; i++) d.append('log', i);
        const [report] = d.crash(new Rng(seed));
        const after = d.records('log') as number[];
        const kept = report?.kept ?? 0;
        // The same seed chooses the same survivors.
        const again = new Disk('h');
        for (let i = 0; i < synced + unsynced; i++) again.append('log', i);
        again.commit(new Map([['log', synced]]));
        again.crash(new Rng(seed));
        return (
          JSON.stringify(after) === JSON.stringify(Array.from({ length: synced + kept }, (_, i) => i)) &&
          kept <= unsynced &&
          JSON.stringify(again.records('log')) === JSON.stringify(after)
        );
      }),
    ),
  );
});

test('put replaces a file; reads see unsynced writes; a crash may take the put back', (t) => {
  const d = new Disk('h');
  d.put('state', { term: 1 });
  d.commit(d.syncPoint());
  d.put('state', { term: 2 });
  t.deepEqual(d.get('state'), { term: 2 });
  t.is(d.unsynced('state'), 1);
  let lostOnce = false;
  for (let seed = 0; seed < 20 && !lostOnce; seed++) {
    const c = new Disk('h');
    c.put('state', { term: 1 });
    c.commit(c.syncPoint());
    c.put('state', { term: 2 });
    c.crash(new Rng(seed));
    const term = (c.get('state') as { term: number }).term;
    t.true(term === 1 || term === 2);
    lostOnce ||= term === 1;
  }
  t.true(lostOnce, 'some seed loses the unsynced put');
});

/** Every object and array in a value, to check that a copy shares none of them. */
function objectsIn(v: unknown, into = new Set<object>()): Set<object> {
  if (typeof v !== 'object' || v === null || into.has(v)) return into;
  into.add(v);
  if (v instanceof Map) for (const [k, x] of v) (objectsIn(k, into), objectsIn(x, into));
  else if (v instanceof Set) for (const x of v) objectsIn(x, into);
  else for (const k of Object.keys(v)) objectsIn((v as Record<string, unknown>)[k], into);
  return into;
}

test('a record is copied as structuredClone copies it, sharing no object with what was written', (t) => {
  const value = fc.anything({
    maxDepth: 4,
    withBigInt: true,
    withBoxedValues: true,
    withDate: true,
    withMap: true,
    withSet: true,
    withNullPrototype: true,
    withObjectString: true,
    withSparseArray: true,
    withTypedArray: true,
  });
  t.notThrows(() =>
    fc.assert(
      fc.property(value, (v) => {
        const copy = copyData(v);
        const mine = objectsIn(v);
        return isDeepStrictEqual(copy, structuredClone(v)) && [...objectsIn(copy)].every((o) => !mine.has(o));
      }),
    ),
  );
});

test('a cycle, a function or an own __proto__ key is copied (or refused) as structuredClone does', (t) => {
  const cyclic: Record<string, unknown> = { a: [1, 2] };
  cyclic.self = cyclic;
  const c = copyData(cyclic) as Record<string, unknown>;
  t.is(c.self, c);
  t.not(c, cyclic);
  const refusal = (f: () => unknown) => {
    try {
      f();
      return 'copied';
    } catch (e) {
      return (e as { name?: string }).name;
    }
  };
  t.is(refusal(() => copyData({ f: () => 1 })), 'DataCloneError');
  t.is(refusal(() => copyData([Symbol('s')])), refusal(() => structuredClone([Symbol('s')])));
  const proto = JSON.parse('{"__proto__":{"x":1}}') as object;
  const p = copyData(proto) as object;
  t.deepEqual(Object.keys(p), ['__proto__']);
  t.is(Object.getPrototypeOf(p), Object.prototype);
});

test('changing a record after it was appended, or one read back, changes nothing on the disk', (t) => {
  const d = new Disk('h');
  const record = { entry: { index: 1, data: { command: { success: [{ value: 'v1' }] } } } };
  d.append('log', record);
  record.entry.data.command.success[0]!.value = 'changed';
  record.entry.index = 9;
  const [read] = d.records('log') as (typeof record)[];
  t.deepEqual(read, { entry: { index: 1, data: { command: { success: [{ value: 'v1' }] } } } });
  read!.entry.index = 5;
  t.is((d.records('log') as (typeof record)[])[0]!.entry.index, 1);
});

test('a file keeps no write from before its last durable put: 1,000 synced puts leave one', (t) => {
  const d = new Disk('h');
  for (let i = 0; i < 1000; i++) {
    d.append('log', i);
    d.put('log', null);
    d.put('state', { term: i });
    d.commit(d.syncPoint());
  }
  d.append('log', 'after');
  d.put('state', { term: 1000 });
  // Unsynced writes stay, and the put before them that a crash cannot take back.
  t.deepEqual(d.records('log'), ['after']);
  t.deepEqual(d.get('state'), { term: 1000 });
  t.deepEqual(d.durable().get<unknown>({ name: 'state' }), { term: 999 });
  t.is(d.synced('state'), 1000);
  t.is(d.unsynced('state'), 1);
  // Held: the last durable put and the one write after it (was all 1,000 puts and more).
  t.is(d.durableWrites('state', 0).length, 1);
  t.is((d as unknown as { files: Map<string, { ops: unknown[] }> }).files.get('state')!.ops.length, 2);
  t.deepEqual(d.durableWrites('state', 999), [{ kind: 'put', value: { term: 999 } }]);
  t.is(d.syncPoint().get('state'), 1001);
  const [, report] = d.crash(new Rng(1));
  t.is(report!.file, 'state');
  t.is(d.synced('state'), 1000 + report!.kept);
  t.deepEqual(d.get('state'), report!.kept === 1 ? { term: 1000 } : { term: 999 });
});
