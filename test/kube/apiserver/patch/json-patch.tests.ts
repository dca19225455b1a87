import test from 'ava';
import { applyJsonPatchOps } from '../../../../actors/kube-apiserver/patch/json-patch.ts';

const ok = (doc: unknown, ops: unknown[]) => {
  const r = applyJsonPatchOps(doc, ops);
  if (!r.ok) throw new Error(r.error);
  return r.doc;
};
const err = (doc: unknown, ops: unknown[]) => {
  const r = applyJsonPatchOps(doc, ops);
  return r.ok ? undefined : r.error;
};

// RFC 6902 Appendix A.
test('A.1-A.7: add, remove, replace, move', (t) => {
  t.deepEqual(ok({ foo: 'bar' }, [{ op: 'add', path: '/baz', value: 'qux' }]), { foo: 'bar', baz: 'qux' });
  t.deepEqual(ok({ foo: ['bar', 'baz'] }, [{ op: 'add', path: '/foo/1', value: 'qux' }]), { foo: ['bar', 'qux', 'baz'] });
  t.deepEqual(ok({ baz: 'qux', foo: 'bar' }, [{ op: 'remove', path: '/baz' }]), { foo: 'bar' });
  t.deepEqual(ok({ foo: ['bar', 'qux', 'baz'] }, [{ op: 'remove', path: '/foo/1' }]), { foo: ['bar', 'baz'] });
  t.deepEqual(ok({ baz: 'qux', foo: 'bar' }, [{ op: 'replace', path: '/baz', value: 'boo' }]), { baz: 'boo', foo: 'bar' });
  t.deepEqual(ok({ foo: { bar: 'baz', waldo: 'fred' }, qux: { corge: 'grault' } }, [{ op: 'move', from: '/foo/waldo', path: '/qux/thud' }]), {
    foo: { bar: 'baz' },
    qux: { corge: 'grault', thud: 'fred' },
  });
  t.deepEqual(ok({ foo: ['all', 'grass', 'cows', 'eat'] }, [{ op: 'move', from: '/foo/1', path: '/foo/3' }]), { foo: ['all', 'cows', 'eat', 'grass'] });
});

test('A.8, A.9, A.15: test succeeds on equal values and fails otherwise, strings and numbers differ', (t) => {
  t.deepEqual(ok({ baz: 'qux', foo: ['a', 2, 'c'] }, [{ op: 'test', path: '/baz', value: 'qux' }, { op: 'test', path: '/foo/1', value: 2 }]), { baz: 'qux', foo: ['a', 2, 'c'] });
  t.is(err({ baz: 'qux' }, [{ op: 'test', path: '/baz', value: 'bar' }]), 'testing value /baz failed: test failed');
  t.truthy(err({ '/': 9, '~1': 10 }, [{ op: 'test', path: '/~01', value: '10' }]));
});

test('A.10, A.14, A.16: nested add, ~ escapes, adding a list value', (t) => {
  t.deepEqual(ok({ foo: 'bar' }, [{ op: 'add', path: '/child', value: { grandchild: {} } }]), { foo: 'bar', child: { grandchild: {} } });
  t.deepEqual(ok({ '/': 9, '~1': 10 }, [{ op: 'test', path: '/~01', value: 10 }]), { '/': 9, '~1': 10 });
  t.deepEqual(ok({ foo: ['bar'] }, [{ op: 'add', path: '/foo/-', value: ['abc', 'def'] }]), { foo: ['bar', ['abc', 'def']] });
});

test('A.12: adding to a nonexistent target fails, and nothing of the patch is applied', (t) => {
  const doc = { foo: 'bar' };
  t.is(err(doc, [{ op: 'add', path: '/a', value: 1 }, { op: 'add', path: '/baz/bat', value: 'qux' }]), 'add operation does not apply: doc is missing path: "/baz/bat": missing value');
  t.deepEqual(doc, { foo: 'bar' });
});

// evanphx/json-patch v4, which the apiserver uses, departs from the RFC here.
test('evanphx v4: replace of a missing member adds it; remove of one fails', (t) => {
  t.deepEqual(ok({ spec: {} }, [{ op: 'replace', path: '/spec/replicas', value: 3 }]), { spec: { replicas: 3 } });
  t.is(err({ spec: {} }, [{ op: 'remove', path: '/spec/replicas' }]), "error in remove for path: '/spec/replicas': Unable to remove nonexistent key: replicas: missing value");
});

test('evanphx v4: negative indices count from the end; out of range fails', (t) => {
  t.deepEqual(ok({ a: [1, 2, 3] }, [{ op: 'remove', path: '/a/-1' }]), { a: [1, 2] });
  t.deepEqual(ok({ a: [1, 2, 3] }, [{ op: 'replace', path: '/a/-3', value: 0 }]), { a: [0, 2, 3] });
  t.deepEqual(ok({ a: [1, 2] }, [{ op: 'add', path: '/a/-1', value: 9 }]), { a: [1, 2, 9] });
  t.is(err({ a: [1, 2] }, [{ op: 'add', path: '/a/5', value: 9 }]), "error in add for path: '/a/5': Unable to access invalid index: 5: invalid index referenced");
  t.truthy(err({ a: [1, 2] }, [{ op: 'replace', path: '/a/2', value: 9 }]));
  t.truthy(err({ a: [1, 2] }, [{ op: 'remove', path: '/a/-3' }]));
});

test('evanphx v4: test of a missing member passes against null; copy of one copies null', (t) => {
  t.deepEqual(ok({ a: 1 }, [{ op: 'test', path: '/b', value: null }]), { a: 1 });
  t.truthy(err({ a: 1 }, [{ op: 'test', path: '/b', value: 1 }]));
  t.deepEqual(ok({ a: 1 }, [{ op: 'copy', from: '/b', path: '/c' }]), { a: 1, c: null });
});

test('evanphx v4: a path of "" fails for add, replaces the document only with an object or list', (t) => {
  t.truthy(err({ a: 1 }, [{ op: 'add', path: '', value: { b: 2 } }]));
  t.deepEqual(ok({ a: 1 }, [{ op: 'replace', path: '', value: { b: 2 } }]), { b: 2 });
  t.deepEqual(ok({ a: 1 }, [{ op: 'replace', path: '', value: 7 }]), { a: 1 });
});

test('unknown operations, missing paths and scalars in the way fail', (t) => {
  t.is(err({}, [{ op: 'frobnicate', path: '/a' }]), 'Unexpected kind: frobnicate');
  t.is(err({}, [{ path: '/a' }]), 'Unexpected kind: unknown');
  t.truthy(err({}, [{ op: 'add', value: 1 }]));
  t.truthy(err({ a: 'x' }, [{ op: 'add', path: '/a/b', value: 1 }]));
  t.truthy(err({ a: null }, [{ op: 'add', path: '/a/b', value: 1 }]));
});

test('a member named __proto__ stays a member', (t) => {
  const r = ok({}, [{ op: 'add', path: '/__proto__', value: { polluted: true } }]) as Record<string, unknown>;
  t.true(Object.hasOwn(r, '__proto__'));
  t.is((r as { polluted?: boolean }).polluted, undefined);
});

test('copies may add up to 3 MiB in all, as the apiserver allows by default', (t) => {
  const big = 'x'.repeat(1024 * 1024);
  const ops = (n: number) => Array.from({ length: n }, (_, i) => ({ op: 'copy', from: '/a', path: `/c${i}` }));
  t.true(applyJsonPatchOps({ a: big }, ops(2)).ok);
  t.regex(err({ a: big }, ops(3)) ?? '', /^Unable to complete the copy, the accumulated size increase of copy is \d+, exceeding the limit 3145728$/);
});
