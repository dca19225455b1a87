// Volume sources and toleration lists that validated clean are remembered by their JSON text:
// validating through the memo gives, call after call, what validating every time gives, for
// values that differ by little (a name, a number's sign, a NaN, an undefined field).

import test from 'ava';
import fc from 'fast-check';
import { FieldPath } from '../../../../../protocols/kube/field-errors.ts';
import { CleanMemo } from '../../../../../actors/kube-apiserver/strategies/workloads/clean-memo.ts';
import { RecentCopies } from '../../../../../actors/kube-apiserver/strategies/same-json.ts';
import { validateTolerations } from '../../../../../actors/kube-apiserver/strategies/workloads/scheduling-validation.ts';
import { validateVolumes } from '../../../../../actors/kube-apiserver/strategies/workloads/volume-validation.ts';

const number = fc.constantFrom(3607, 100, 0, -0, Number.NaN, 0o644, 0o1000, undefined, null);
const text = fc.constantFrom('token', '../x', '', 'ca.crt', '1Gi', 'x', undefined);
const source = fc.oneof(
  fc.record({ projected: fc.record({ defaultMode: number, sources: fc.array(fc.oneof(fc.record({ serviceAccountToken: fc.record({ expirationSeconds: number, path: text }) }), fc.record({ configMap: fc.record({ name: text, items: fc.array(fc.record({ key: text, path: text, mode: number }), { maxLength: 2 }) }) })), { maxLength: 3 }) }) }),
  fc.record({ emptyDir: fc.record({ sizeLimit: text }) }),
  fc.record({ hostPath: fc.record({ path: text, type: text }) }),
  fc.record({ emptyDir: fc.constant({}), configMap: fc.record({ name: text }) }),
);
const volume = fc.tuple(fc.constantFrom('kube-api-access-1', 'kube-api-access-2', 'BAD', ''), source).map(([name, s]) => ({ name, ...s }));
const toleration = fc.record({ key: text, operator: fc.constantFrom('Exists', 'Equal', 'In', undefined), effect: fc.constantFrom('NoExecute', 'NoSchedule', '', undefined), tolerationSeconds: number, value: text }, { requiredKeys: [] });

test('validateVolumes through the memo gives what it gives without one, call after call (property)', (t) => {
  fc.assert(
    fc.property(fc.array(fc.array(volume, { maxLength: 3 }), { minLength: 1, maxLength: 8 }), (specs) => {
      const memo = new CleanMemo();
      // Each list twice: the second time the clean sources come from the memo.
      return [...specs, ...specs].every((volumes) => {
        const path = FieldPath.root('spec', 'volumes');
        const want = validateVolumes(volumes, path, null);
        const got = validateVolumes(volumes, path, memo);
        return JSON.stringify(got.errs) === JSON.stringify(want.errs) && JSON.stringify([...got.names]) === JSON.stringify([...want.names]);
      });
    }),
    { numRuns: 300 },
  );
  t.pass();
});

test('validateTolerations through the memo gives what it gives without one, call after call (property)', (t) => {
  fc.assert(
    fc.property(fc.array(fc.array(toleration, { maxLength: 3 }), { minLength: 1, maxLength: 8 }), (lists) => {
      const memo = new CleanMemo();
      return [...lists, ...lists].every((ts) => {
        const path = FieldPath.root('spec', 'tolerations');
        return JSON.stringify(validateTolerations(ts, path, memo)) === JSON.stringify(validateTolerations(ts, path, null));
      });
    }),
    { numRuns: 300 },
  );
  t.pass();
});

test('the memo skips validation it has seen clean, and never remembers errors or values JSON would blur', (t) => {
  const memo = new CleanMemo();
  let runs = 0;
  const clean = () => (runs++, []);
  memo.check({ a: 1 }, clean);
  memo.check({ a: 1 }, clean);
  t.is(runs, 1);
  memo.check({ a: Number.NaN }, clean);
  memo.check({ a: Number.NaN }, clean);
  memo.check({ a: undefined }, clean);
  memo.check({ a: undefined }, clean);
  t.is(runs, 5);
  const byName = new CleanMemo();
  byName.check({ name: 'x', b: 1 }, clean, 'name');
  byName.check({ name: 'y', b: 1 }, clean, 'name');
  t.is(runs, 6);
  const failing = () => (runs++, [{ type: 'FieldValueRequired' as const, field: 'f', badValue: '', detail: '' }]);
  memo.check({ c: 1 }, failing);
  t.is(memo.check({ c: 1 }, failing).length, 1);
  t.is(runs, 8);
});

test('after lookups have long found nothing, a memo searches and copies once in 16 lookups, and lets a value that repeats back in', (t) => {
  const copies = new RecentCopies<number>(4);
  let compared = 0;
  const same = (e: number, v: number) => (compared++, e === v);
  const lookup = (v: number) => {
    const hit = copies.find(same, v, undefined) !== undefined;
    if (!hit && copies.worthCopying()) copies.add(v);
    return hit;
  };
  for (let v = 0; v < 100; v++) t.false(lookup(v));
  // Four misses settle it, then one lookup in 16 searches (and copies what it missed).
  const searched = compared;
  t.true(searched < 4 * (4 + 100 / 16 + 1), `${searched} comparisons`);
  let hits = 0;
  for (let i = 0; i < 40; i++) if (lookup(7)) hits++;
  // 7 gets in at the first searched lookup, and is found at the next: from then on, every time.
  t.true(hits >= 40 - 2 * 16 && lookup(7) && lookup(7), `${hits} hits`);
});
