import test from 'ava';
import fc from 'fast-check';
import { redactSecrets } from '../../../../actors/kube-apiserver/encryption/index.ts';

const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db' }, type: 'Opaque', data: { password: 'aHVudGVyMg==' }, stringData: { user: 'admin' } };

test('a Secret keeps its keys, loses its values; the original is untouched', (t) => {
  const r = redactSecrets(secret);
  t.deepEqual(r, { ...secret, data: { password: 'REDACTED' }, stringData: { user: 'REDACTED' } });
  t.is(secret.data.password, 'aHVudGVyMg==');
});

test('Secrets inside messages (list items, watch events) are found; other objects pass through unchanged', (t) => {
  const cm = { apiVersion: 'v1', kind: 'ConfigMap', data: { k: 'v' } };
  const msg = { type: 'WatchEvents', events: [{ type: 'ADDED', object: secret }, { type: 'ADDED', object: cm }] };
  const r = redactSecrets(msg);
  t.deepEqual(r.events[0]?.object.data, { password: 'REDACTED' });
  t.is(r.events[1]?.object, cm, 'not copied');
  const plain = { items: [cm] };
  t.is(redactSecrets(plain), plain);
});

// The general walk (every key of every object through Object.keys) as it was before the walk
// skipped scalars: the faster one must give exactly the same value, copies in the same places.
const isSecretRef = (o: Record<string, unknown>): boolean => o.kind === 'Secret' && (o.apiVersion === 'v1' || o.apiVersion === undefined);
function walkRef(v: unknown): unknown {
  if (typeof v !== 'object' || v === null) return v;
  if (Array.isArray(v)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < v.length; i++) {
      const y = walkRef(v[i]);
      if (y !== v[i]) (out ??= [...v])[i] = y;
    }
    return out ?? v;
  }
  const o = v as Record<string, unknown>;
  if (isSecretRef(o)) {
    const copy: Record<string, unknown> = { ...o };
    const blank = (m: unknown) => (typeof m !== 'object' || m === null || Array.isArray(m) ? m : Object.fromEntries(Object.keys(m).map((k) => [k, 'REDACTED'])));
    if ('data' in o) copy.data = blank(o.data);
    if ('stringData' in o) copy.stringData = blank(o.stringData);
    return copy;
  }
  let out: Record<string, unknown> | undefined;
  for (const k of Object.keys(o)) {
    const y = walkRef(o[k]);
    if (y !== o[k]) (out ??= { ...o })[k] = y;
  }
  return out ?? v;
}

/** Same values, and copies exactly where the reference copies (identity kept elsewhere). */
function sameShape(a: unknown, b: unknown, original: unknown): boolean {
  if (typeof a !== 'object' || a === null) return Object.is(a, b);
  if (typeof b !== 'object' || b === null || (a === original) !== (b === original)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length || ka.some((k, i) => k !== kb[i])) return false;
  const o = (original ?? {}) as Record<string, unknown>;
  return ka.every((k) => sameShape((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], o[k]));
}

test('redaction gives exactly what walking every key gives, copying only the paths to Secrets', (t) => {
  const secretArb = fc.record({ apiVersion: fc.constantFrom('v1', undefined, 'v2'), kind: fc.constantFrom('Secret', 'ConfigMap'), data: fc.oneof(fc.dictionary(fc.string({ maxLength: 3 }), fc.string({ maxLength: 3 }), { noNullPrototype: true }), fc.constant(null), fc.constant('x')) }, { requiredKeys: ['kind'], noNullPrototype: true });
  // `kind` after children that hold Secrets themselves: the Secret is redacted whole, from itself.
  const kindLast = (tie: (k: string) => fc.Arbitrary<unknown>) =>
    fc.tuple(tie('node'), fc.constantFrom('v1', undefined, 'v2'), fc.constantFrom('Secret', 'Pod'), fc.dictionary(fc.string({ maxLength: 3 }), fc.string({ maxLength: 3 }), { noNullPrototype: true })).map(([nested, apiVersion, kind, data]) => ({ data, nested, ...(apiVersion !== undefined ? { apiVersion } : {}), kind }));
  const tree = fc.letrec((tie) => ({
    node: fc.oneof({ depthSize: 'small' }, fc.string({ maxLength: 3 }), fc.integer(), fc.constant(null), secretArb, kindLast(tie), fc.array(tie('node'), { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 3 }), tie('node'), { maxKeys: 3, noNullPrototype: true })),
  })).node;
  fc.assert(fc.property(tree, (msg) => sameShape(redactSecrets(msg), walkRef(msg), msg)), { numRuns: 150 });
  t.pass();
});
