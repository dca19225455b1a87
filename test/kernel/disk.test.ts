import test from 'ava';
import fc from 'fast-check';
import { Disk } from '../../runtime/kernel/index.ts';
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
