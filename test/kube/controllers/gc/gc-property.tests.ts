// Over random ownership graphs and random deletions (each policy), interleaved with the
// collector's rounds: it never deletes an object, nor drops a reference, while that owner lives
// (exists and is not being deleted); and once settled nothing is left with a reference to a gone
// owner, nothing is stuck being deleted, and with Orphan deletions only, nothing but the deleted.

import test from 'ava';
import fc from 'fast-check';
import type { KubeObject } from '../../../../protocols/kube/objects.ts';
import type { Round } from '../loop.ts';
import { configMap, gcLoop, names, ownerRef, remove } from './gc-helpers.ts';

type Policy = 'Background' | 'Foreground' | 'Orphan';

const graphs = fc.integer({ min: 2, max: 7 }).chain((n) =>
  fc.record({
    owners: fc.array(fc.array(fc.record({ of: fc.nat(), block: fc.boolean() }), { maxLength: 3 }), { minLength: n, maxLength: n }),
    ops: fc.array(fc.record({ victim: fc.nat(n - 1), policy: fc.constantFrom<Policy>('Background', 'Foreground', 'Orphan'), rounds: fc.nat(2) }), { minLength: 1, maxLength: 4 }),
  }),
);

const byUid = (objs: readonly KubeObject[]) => new Map(objs.map((o) => [o.metadata.uid!, o]));
const lives = (o: KubeObject | undefined) => o !== undefined && !o.metadata.deletionTimestamp;

/** What the round did to objects that had a living owner when it looked. */
function violations(before: readonly KubeObject[], round: Round): string[] {
  const uids = byUid(before);
  const byName = new Map(before.map((o) => [o.metadata.name!, o]));
  const out: string[] = [];
  for (const w of round.writes) {
    const target = byName.get(w.target.name ?? '');
    if (target === undefined) continue;
    const refs = target.metadata.ownerReferences ?? [];
    if (w.verb === 'delete') for (const r of refs) if (lives(uids.get(r.uid))) out.push(`deleted ${target.metadata.name} while ${r.name} lives`);
    if (w.verb === 'patch') {
      const kept = (JSON.parse(w.patch) as { metadata: { ownerReferences?: { uid: string }[] } }).metadata.ownerReferences;
      if (kept === undefined) continue;
      for (const r of refs) if (!kept.some((k) => k.uid === r.uid) && lives(uids.get(r.uid))) out.push(`dropped ${r.name} from ${target.metadata.name} while it lives`);
    }
  }
  return out;
}

test('gc: property: never deletes or lets go of a living owner\'s dependent; settles with no reference to a gone owner', (t) => {
  fc.assert(
    fc.property(graphs, ({ owners, ops }) => {
      const loop = gcLoop();
      const made: KubeObject[] = [];
      owners.forEach((refs, i) => {
        const picked = i === 0 ? [] : [...new Map(refs.map((r) => [r.of % i, r.block])).entries()];
        made.push(configMap(loop, `o${i}`, picked.map(([j, block]) => ownerRef(made[j]!, block ? { blockOwnerDeletion: true } : {}))));
      });
      const bad: string[] = [];
      const step = () => {
        const before = loop.list('cm', 'default');
        const round = loop.step();
        bad.push(...violations(before, round));
        return round;
      };
      for (let i = 0; i < 50 && step().writes.length > 0; i++);
      if (names(loop).length !== made.length) return false;
      const victims = new Set<string>();
      for (const op of ops) {
        const name = `o${op.victim}`;
        const obj = loop.get('cm', name, 'default');
        if (obj !== undefined && !obj.metadata.deletionTimestamp) {
          remove(loop, name, op.policy);
          victims.add(name);
        }
        for (let i = 0; i < op.rounds; i++) step();
      }
      let settled = false;
      for (let i = 0; i < 100 && !settled; i++) settled = step().writes.length === 0;
      const left = loop.list('cm', 'default');
      const uids = byUid(left);
      const problems = [
        ...bad,
        ...(settled ? [] : ['never settled']),
        ...left.filter((o) => o.metadata.deletionTimestamp).map((o) => `${o.metadata.name} stuck deleting`),
        ...left.flatMap((o) => (o.metadata.ownerReferences ?? []).filter((r) => !uids.has(r.uid)).map((r) => `${o.metadata.name} refers to gone ${r.name}`)),
      ];
      if (ops.every((o) => o.policy === 'Orphan')) {
        const expected = made.map((o) => o.metadata.name!).filter((n) => !victims.has(n));
        if (JSON.stringify(names(loop)) !== JSON.stringify(expected.sort())) problems.push(`orphaning lost objects: ${names(loop)} vs ${expected}`);
      }
      if (problems.length > 0) t.log(problems);
      return problems.length === 0;
    }),
    { numRuns: 60, seed: 11 },
  );
  t.pass();
});
