// The memos' comparison with a copy: with the keys each copy remembers and for-in over the value,
// it says exactly what comparing JSON texts says, the field left out (when one is) aside.

import test from 'ava';
import fc from 'fast-check';
import { tokenVolume } from '../../../../actors/kube-apiserver/admission/service-account.ts';
import { isJsonRoundTrip, isSettled } from '../../../../actors/kube-apiserver/storage/json-copy.ts';
import { keyed, keysOf, sameFields, sameJson, snapshot, snapshotFields, snapshotSharing } from '../../../../actors/kube-apiserver/strategies/same-json.ts';

// Values that differ by little: a key more or less, keys in another order, -0, NaN, undefined.
const key = fc.constantFrom('a', 'b', 'name', '0', '10', '__proto__');
const scalar = fc.oneof({ arbitrary: fc.constantFrom<unknown>(0, 1, '', 'x', true, null), weight: 6 }, { arbitrary: fc.constantFrom<unknown>(-0, Number.NaN, undefined), weight: 1 });
const value = fc.letrec((tie) => ({
  v: fc.oneof({ maxDepth: 3 }, scalar, fc.array(tie('v'), { maxLength: 3 }), fc.dictionary(key, tie('v'), { maxKeys: 4 })),
})).v;
/** `v` with its last key (or item) gone, at the top or one level down when `deep`. */
function shorter(v: unknown, deep: boolean): unknown {
  if (typeof v !== 'object' || v === null) return v;
  if (Array.isArray(v)) return deep ? v.map((x) => shorter(x, false)) : v.slice(0, -1);
  const entries = Object.entries(v);
  return Object.fromEntries(deep ? entries.map(([k, x]) => [k, shorter(x, false)]) : entries.slice(0, -1));
}
const pair = fc.oneof(
  fc.tuple(value, value),
  // A value and a near copy of it, either way round: the comparison's interesting cases.
  value.chain((v) => {
    const same = JSON.parse(JSON.stringify(v ?? null)) as unknown;
    return fc.tuple(fc.constant(v), fc.constantFrom(same, shorter(same, false), shorter(same, true)), fc.boolean()).map(([a, b, swap]) => (swap ? [b, a] : [a, b]));
  }),
);

const text = (v: unknown): string | undefined => JSON.stringify(v);
/** What sameJson means: a copy of plain JSON data, and the value has the same text and is plain JSON itself. */
const plain = (v: unknown): boolean => snapshot(v) !== undefined;

test('sameJson with a copy is sameness of JSON text for plain JSON data (property)', (t) => {
  let same = 0;
  fc.assert(
    fc.property(pair, ([v, w]) => {
      const copy = snapshot(w);
      if (copy === undefined) return true;
      const expected = plain(v) && text(v) === text(w);
      if (expected) same++;
      return sameJson(v, copy) === expected;
    }),
    { numRuns: 300 },
  );
  t.true(same > 30, `${same} same`);
});

test('sameFields leaves the one field out of both sides and compares the rest in order (property)', (t) => {
  const obj = fc.dictionary(key, value, { maxKeys: 4 });
  fc.assert(
    fc.property(obj, obj, key, fc.boolean(), (v, w, except, near) => {
      const other = near ? { ...JSON.parse(JSON.stringify(v)), [except]: 'other' } : w;
      const copy = snapshotFields(other, except);
      if (copy === undefined) return true;
      const drop = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([k]) => k !== except));
      const expected = plain(drop(v)) && text(drop(v)) === text(drop(other));
      return sameFields(v, copy, except) === expected;
    }),
    { numRuns: 200 },
  );
  t.pass();
});

test("a copy's objects remember their keys, which neither JSON nor Object.keys shows", (t) => {
  const copy = snapshot({ b: 1, a: { d: [{ z: 1, y: 2 }], c: 2 } }) as Record<string, any>;
  t.deepEqual(keysOf(copy), ['b', 'a']);
  t.deepEqual(keysOf(copy.a.d[0]), ['z', 'y']);
  t.is(JSON.stringify(copy), '{"b":1,"a":{"d":[{"z":1,"y":2}],"c":2}}');
  t.deepEqual(Object.keys(copy), ['b', 'a']);
  t.deepEqual(keysOf(keyed({ x: 1, 2: 0 })), ['2', 'x']);
  // Objects without remembered keys are read as they are.
  t.deepEqual(keysOf({ q: 1 }), ['q']);
});

/** `v` and everything below it frozen, and found to round trip (settled, storage/json-copy.ts). */
function settled<T>(v: T): T {
  const freeze = (x: unknown): void => {
    if (typeof x === 'object' && x !== null) for (const y of Object.values(x)) freeze(y);
    Object.freeze(x);
  };
  freeze(v);
  isJsonRoundTrip(v);
  return v;
}

/** The keys of every object of `v`, in order, depth first: what JSON text and the comparison read. */
const shape = (v: unknown): unknown =>
  typeof v !== 'object' || v === null ? v : Array.isArray(v) ? v.map(shape) : Object.keys(v).map((k) => [k, shape((v as Record<string, unknown>)[k])]);

test('a sharing copy is a copy with the same text, keys and answers; settled parts are shared, nothing else (property)', (t) => {
  let shared = 0;
  // Parts of the value settled (frozen through and through) at random, the rest left plain.
  const frozenPart = fc.dictionary(fc.constantFrom('a', 'b', 'name', '0'), fc.jsonValue({ maxDepth: 2 }), { minKeys: 1, maxKeys: 3 }).map((v) => settled(v));
  const part = fc.oneof(value, frozenPart);
  const holder = fc.dictionary(key, part, { maxKeys: 4 });
  fc.assert(
    fc.property(holder, value, (v, other) => {
      const copy = snapshotSharing(v);
      const plainCopy = snapshot(v);
      if (plainCopy === undefined) return copy === undefined;
      if (text(copy) !== text(plainCopy) || JSON.stringify(shape(copy)) !== JSON.stringify(shape(plainCopy))) return false;
      for (const k of Object.keys(v)) {
        const x = v[k];
        const isShared = (copy as Record<string, unknown>)[k] === x && typeof x === 'object' && x !== null;
        if (isShared) shared++;
        // Settled values are shared, and only they (a frozen value the round trip would change is not settled).
        if (isShared !== (typeof x === 'object' && x !== null && isSettled(x))) return false;
      }
      return sameJson(v, copy) && sameJson(other, copy) === sameJson(other, plainCopy!);
    }),
    // Many holders hold an unsettled -0, NaN or undefined and are skipped: at 300 runs some seeds
    // shared as few as 9 parts; at 1,000 the fewest over 400 seeds was 59.
    { numRuns: 1000 },
  );
  t.true(shared > 20, `${shared} shared`);
  // A frozen value with a part that can change is copied, so a later change does not reach the copy.
  const inner = { a: 1 };
  const shallow = { x: Object.freeze({ inner }) };
  const copy = snapshotSharing(shallow) as { x: { inner: { a: number } } };
  t.not(copy.x, shallow.x);
  inner.a = 2;
  t.is(copy.x.inner.a, 1);
  t.false(sameJson(shallow, copy));
});

test("every pod's token volume projection and default tolerations are one settled value each, with the text the plugins always wrote", (t) => {
  const volume = tokenVolume('kube-api-access-abcde');
  t.is(
    JSON.stringify(volume),
    '{"name":"kube-api-access-abcde","projected":{"sources":[{"serviceAccountToken":{"expirationSeconds":3607,"path":"token"}},{"configMap":{"name":"kube-root-ca.crt","items":[{"key":"ca.crt","path":"ca.crt"}]}},{"downwardAPI":{"items":[{"path":"namespace","fieldRef":{"apiVersion":"v1","fieldPath":"metadata.namespace"}}]}}],"defaultMode":420}}',
  );
  t.is(tokenVolume('other').projected, volume.projected);
  t.true(isSettled(volume.projected!) && isSettled(volume.projected!.sources![2]!.downwardAPI!.items![0]!.fieldRef!));
  // A spec's copy shares it: the comparison knows it by identity.
  const spec = { volumes: [volume] };
  const copy = snapshotSharing(spec) as typeof spec;
  t.is(copy.volumes[0]!.projected, volume.projected);
  t.not(copy.volumes[0], volume);
});
