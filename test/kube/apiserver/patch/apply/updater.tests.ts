// The ownership rules of structured-merge-diff's Updater, with cases from its own test tables
// (merge/leaf_test.go, set_test.go, key_test.go): what the object ends as, who owns what, and
// which applies conflict.

import test from 'ava';
import { paths } from '../../../../../actors/kube-apiserver/patch/apply/field-set.ts';
import type { Json } from '../../../../../actors/kube-apiserver/patch/apply/path-element.ts';
import { pathString } from '../../../../../actors/kube-apiserver/patch/apply/path-element.ts';
import { tableSchema, untypedSchema } from '../../../../../actors/kube-apiserver/patch/apply/schema.ts';
import { type Managers, apply, update } from '../../../../../actors/kube-apiserver/patch/apply/updater.ts';

type Op = { apply: string; object: Json; force?: boolean; conflicts?: string[] } | { update: string; object: Json };

const leafSchema = tableSchema({}, {});
const setSchema = tableSchema({ list: { type: 'set' } }, {});
const keyedSchema = tableSchema({ list: { type: 'map', keys: ['name'] } }, {});

function run(t: import('ava').ExecutionContext, schema: ReturnType<typeof tableSchema>, ops: Op[]): { object: Json; owned: Record<string, string[]> } {
  let object: Json = {};
  let managers: Managers = new Map();
  for (const op of ops) {
    if ('update' in op) {
      managers = update(object, op.object, 'v1', managers, op.update, schema);
      object = op.object;
      continue;
    }
    const r = apply(object, op.object, 'v1', managers, op.apply, op.force ?? false, schema);
    if (op.conflicts) {
      t.false(r.ok, `apply by ${op.apply} should conflict`);
      if (!r.ok && 'conflicts' in r) t.deepEqual(r.conflicts.flatMap((c) => paths(c.set).map((p) => `${c.manager} ${pathString(p)}`)).sort(), [...op.conflicts].sort());
      continue;
    }
    if (!r.ok) {
      t.fail(`apply by ${op.apply} failed: ${JSON.stringify(r)}`);
      continue;
    }
    object = r.object;
    managers = r.managers;
  }
  const owned: Record<string, string[]> = {};
  for (const [m, vs] of managers) owned[m] = paths(vs.set).map(pathString);
  return { object, owned };
}

test('leaf: applying twice replaces the applier\'s fields', (t) => {
  const r = run(t, leafSchema, [
    { apply: 'default', object: { numeric: 1, string: 'string' } },
    { apply: 'default', object: { numeric: 2, string: 'string', bool: false } },
  ]);
  t.deepEqual(r.object, { numeric: 2, string: 'string', bool: false });
  t.deepEqual(r.owned, { default: ['.bool', '.numeric', '.string'] });
});

test('leaf: an update adds its field; a later apply that does not touch it leaves it alone', (t) => {
  const r = run(t, leafSchema, [
    { apply: 'default', object: { numeric: 1, string: 'string' } },
    { update: 'controller', object: { numeric: 1, string: 'string', bool: true } },
    { apply: 'default', object: { numeric: 2, string: 'string' } },
  ]);
  t.deepEqual(r.object, { numeric: 2, string: 'string', bool: true });
  t.deepEqual(r.owned, { default: ['.numeric', '.string'], controller: ['.bool'] });
});

test('leaf: an apply that changes a field an updater took conflicts; forced, it takes it back', (t) => {
  const r = run(t, leafSchema, [
    { apply: 'default', object: { numeric: 1, string: 'string' } },
    { update: 'controller', object: { numeric: 1, string: 'controller string', bool: true } },
    { apply: 'default', object: { numeric: 2, string: 'user string' }, conflicts: ['controller .string'] },
    { apply: 'default', object: { numeric: 2, string: 'user string' }, force: true },
  ]);
  t.deepEqual(r.object, { numeric: 2, string: 'user string', bool: true });
  t.deepEqual(r.owned, { default: ['.numeric', '.string'], controller: ['.bool'] });
});

test('leaf: a field the applier lost to an updater stays when the applier omits it', (t) => {
  const r = run(t, leafSchema, [
    { apply: 'default', object: { numeric: 2 } },
    { update: 'controller', object: { numeric: 1 } },
    { apply: 'default', object: {} },
  ]);
  t.deepEqual(r.object, { numeric: 1 });
  t.deepEqual(r.owned, { controller: ['.numeric'] });
});

test('leaf: an applier left with no fields is dropped; an emptied apply removes its fields', (t) => {
  const updated = run(t, leafSchema, [
    { apply: 'default', object: { string: 'string' } },
    { update: 'controller', object: { string: 'new string' } },
  ]);
  t.deepEqual(updated.owned, { controller: ['.string'] });
  const emptied = run(t, leafSchema, [
    { apply: 'default', object: { string: 'string' } },
    { apply: 'default', object: {} },
  ]);
  t.deepEqual(emptied.object, {});
  t.deepEqual(emptied.owned, {});
});

test('set: an update\'s items interleave with a later apply\'s new ones', (t) => {
  const r = run(t, setSchema, [
    { apply: 'default', object: { list: ['a', 'c'] } },
    { update: 'controller', object: { list: ['a', 'b', 'c', 'd'] } },
    { apply: 'default', object: { list: ['a', 'aprime', 'c', 'cprime'] } },
  ]);
  t.deepEqual(r.object, { list: ['a', 'b', 'aprime', 'c', 'd', 'cprime'] });
  t.deepEqual(r.owned, { default: ['.list[="a"]', '.list[="aprime"]', '.list[="c"]', '.list[="cprime"]'], controller: ['.list[="b"]', '.list[="d"]'] });
});

test('set: applying an item an updater added shares it', (t) => {
  const r = run(t, setSchema, [
    { apply: 'default', object: { list: ['a', 'c'] } },
    { update: 'controller', object: { list: ['a', 'b', 'c', 'd'] } },
    { apply: 'default', object: { list: ['a', 'b', 'c'] } },
  ]);
  t.deepEqual(r.object, { list: ['a', 'b', 'c', 'd'] });
  t.deepEqual(r.owned, { default: ['.list[="a"]', '.list[="b"]', '.list[="c"]'], controller: ['.list[="b"]', '.list[="d"]'] });
});

test('set: a reordering apply reorders; a reordering update owns nothing', (t) => {
  const twice = run(t, setSchema, [
    { apply: 'default', object: { list: ['a', 'b', 'c', 'd'] } },
    { apply: 'default', object: { list: ['a', 'd', 'c', 'b'] } },
  ]);
  t.deepEqual(twice.object, { list: ['a', 'd', 'c', 'b'] });
  const r = run(t, setSchema, [
    { apply: 'default', object: { list: ['a', 'b', 'c', 'd'] } },
    { update: 'controller', object: { list: ['a', 'd', 'c', 'b'] } },
    { apply: 'default', object: { list: ['a', 'b', 'c', 'd'] } },
  ]);
  t.deepEqual(r.object, { list: ['a', 'b', 'c', 'd'] });
  t.deepEqual(Object.keys(r.owned), ['default']);
});

test('set: items the applier stops applying are removed', (t) => {
  const r = run(t, setSchema, [
    { apply: 'default', object: { list: ['a', 'b', 'c', 'd'] } },
    { apply: 'default', object: { list: ['a', 'c'] } },
  ]);
  t.deepEqual(r.object, { list: ['a', 'c'] });
  t.deepEqual(r.owned, { default: ['.list[="a"]', '.list[="c"]'] });
});

test('list map: an item no longer applied goes, with its fields', (t) => {
  const r = run(t, keyedSchema, [
    { apply: 'default', object: { list: [{ name: 'a', value: 1 }] } },
    { apply: 'default', object: { list: [{ name: 'b', value: 2 }] } },
  ]);
  t.deepEqual(r.object, { list: [{ name: 'b', value: 2 }] });
  t.deepEqual(r.owned, { default: ['.list[name="b"]', '.list[name="b"].name', '.list[name="b"].value'] });
});

test('two appliers of one value share it; a change by either conflicts with the other', (t) => {
  const r = run(t, leafSchema, [
    { apply: 'a', object: { numeric: 1 } },
    { apply: 'b', object: { numeric: 1 } },
    { apply: 'a', object: { numeric: 2 }, conflicts: ['b .numeric'] },
  ]);
  t.deepEqual(r.owned, { a: ['.numeric'], b: ['.numeric'] });
});

test('a configuration with a list item lacking its key, or a repeated key, is refused', (t) => {
  const missing = apply({}, { list: [{ value: 1 }] }, 'v1', new Map(), 'm', false, keyedSchema);
  t.deepEqual(missing, { ok: false, error: '.list: element 0: associative list with keys has an element that omits all key fields ["name"] (and doesn\'t have default values for any key fields)' });
  const repeated = apply({}, { list: [{ name: 'x' }, { name: 'x' }] }, 'v1', new Map(), 'm', false, keyedSchema);
  t.deepEqual(repeated, { ok: false, error: '.list: duplicate entries for key [name="x"]' });
});

// From SMD's multiple-appliers field unsetting cases (one API version).
test('unsetting: a struct only its applier owned goes; one another applier or updater shares stays', (t) => {
  const sole = run(t, leafSchema, [
    { apply: 'apply-one', object: { struct: { name: 'a', complexField: { name: 'b' } } } },
    { apply: 'apply-one', object: { struct: { name: 'a' } } },
  ]);
  t.deepEqual(sole.object, { struct: { name: 'a' } });
  const sharedWithApplier = run(t, leafSchema, [
    { apply: 'apply-one', object: { struct: { name: 'a', complexField: { name: 'b' } } } },
    { apply: 'apply-two', object: { struct: { complexField: { name: 'b' } } } },
    { apply: 'apply-one', object: { struct: { name: 'a' } } },
  ]);
  t.deepEqual(sharedWithApplier.object, { struct: { name: 'a', complexField: { name: 'b' } } });
  t.deepEqual(sharedWithApplier.owned['apply-two'], ['.struct.complexField.name']);
  const sharedWithUpdater = run(t, leafSchema, [
    { update: 'updater', object: { struct: { name: 'a', scalarField: 'a' } } },
    { apply: 'applier', object: { struct: { name: 'a', scalarField: 'a' } } },
    { apply: 'applier', object: { struct: { name: 'a' } } },
  ]);
  t.deepEqual(sharedWithUpdater.object, { struct: { name: 'a', scalarField: 'a' } });
  t.deepEqual(sharedWithUpdater.owned, { updater: ['.struct', '.struct.name', '.struct.scalarField'], applier: ['.struct.name'] });
});

test('an updater that changes an applied value claims it', (t) => {
  const r = run(t, leafSchema, [
    { apply: 'applier', object: { struct: { name: 'a', scalarField: 'a' } } },
    { update: 'updater', object: { struct: { name: 'a', scalarField: 'b' } } },
  ]);
  t.deepEqual(r.owned, { applier: ['.struct.name'], updater: ['.struct.scalarField'] });
});

// From SMD's multiple-appliers nested-type cases: a list map whose items hold a set.
const nestedSchema = tableSchema({ listOfLists: { type: 'map', keys: ['name'] }, 'listOfLists.value': { type: 'set' } }, {});

test('nested: an item only the applier owned goes; one another applier owns stays with its fields', (t) => {
  const r = run(t, nestedSchema, [
    { apply: 'apply-one', object: { listOfLists: [{ name: 'a' }, { name: 'b', value: ['c'] }] } },
    { apply: 'apply-two', object: { listOfLists: [{ name: 'b', value: ['d'] }] } },
    { apply: 'apply-one', object: { listOfLists: [{ name: 'a' }] } },
  ]);
  t.deepEqual(r.object, { listOfLists: [{ name: 'a' }, { name: 'b', value: ['d'] }] });
  t.deepEqual(r.owned, {
    'apply-one': ['.listOfLists[name="a"]', '.listOfLists[name="a"].name'],
    'apply-two': ['.listOfLists[name="b"]', '.listOfLists[name="b"].name', '.listOfLists[name="b"].value[="d"]'],
  });
});

test('nested: a sub-item an updater added survives when another applier keeps its item', (t) => {
  const r = run(t, nestedSchema, [
    { apply: 'apply-one', object: { listOfLists: [{ name: 'a' }, { name: 'b', value: ['c'] }] } },
    { apply: 'apply-two', object: { listOfLists: [{ name: 'b', value: ['d'] }] } },
    { update: 'controller', object: { listOfLists: [{ name: 'a' }, { name: 'b', value: ['c', 'd', 'e'] }] } },
    { apply: 'apply-one', object: { listOfLists: [{ name: 'a' }] } },
  ]);
  t.deepEqual(r.object, { listOfLists: [{ name: 'a' }, { name: 'b', value: ['d', 'e'] }] });
  t.deepEqual(r.owned['controller'], ['.listOfLists[name="b"].value[="e"]']);
});

test('nested: an item goes with a sub-item an updater owned when no one else owns the item', (t) => {
  const r = run(t, nestedSchema, [
    { apply: 'apply-one', object: { listOfLists: [{ name: 'a' }, { name: 'b', value: ['c'] }] } },
    { apply: 'apply-two', object: { listOfLists: [{ name: 'a', value: ['b'] }] } },
    { update: 'controller', object: { listOfLists: [{ name: 'a', value: ['b'] }, { name: 'b', value: ['c', 'd'] }] } },
    { apply: 'apply-one', object: { listOfLists: [{ name: 'a' }] } },
  ]);
  t.deepEqual(r.object, { listOfLists: [{ name: 'a', value: ['b'] }] });
  t.deepEqual(r.owned, {
    'apply-one': ['.listOfLists[name="a"]', '.listOfLists[name="a"].name'],
    'apply-two': ['.listOfLists[name="a"]', '.listOfLists[name="a"].name', '.listOfLists[name="a"].value[="b"]'],
  });
});

// From SMD's deduced-type cases: without a schema, lists are atomic and every key is owned.
test('deduced: a list is one atomic field, replaced whole and owned as one', (t) => {
  const twice = run(t, untypedSchema, [
    { apply: 'default', object: { list: ['a', 'c'] } },
    { apply: 'default', object: { list: ['a', 'd', 'c', 'b'] } },
  ]);
  t.deepEqual(twice.object, { list: ['a', 'd', 'c', 'b'] });
  t.deepEqual(twice.owned, { default: ['.list'] });
  const taken = run(t, untypedSchema, [
    { apply: 'default', object: { list: ['a', 'c'] } },
    { update: 'controller', object: { list: ['a', 'b', 'c', 'd'] } },
    { apply: 'default', object: { list: ['a', 'b', 'c'] }, force: true },
  ]);
  t.deepEqual(taken.object, { list: ['a', 'b', 'c'] });
  t.deepEqual(taken.owned, { default: ['.list'] });
});

test('deduced: nested changes by an updater conflict field by field; forced, the apply wins them', (t) => {
  const config = { a: 2, b: { c: { d: 2, e: [3, 2, 1], f: [{ name: 'n', value: 1 }] } } };
  const r = run(t, untypedSchema, [
    { apply: 'default', object: { a: 1, b: { c: { d: 2, e: [1, 2, 3], f: [{ name: 'n', value: 1 }] } } } },
    { update: 'controller', object: { a: 1, b: { c: { d: 3, e: [1, 2, 3, 4], f: [{ name: 'n', value: 2 }], g: 5 } } } },
    { apply: 'default', object: config, conflicts: ['controller .b.c.d', 'controller .b.c.e', 'controller .b.c.f'] },
    { apply: 'default', object: config, force: true },
  ]);
  t.deepEqual(r.object, { a: 2, b: { c: { d: 2, e: [3, 2, 1], f: [{ name: 'n', value: 1 }], g: 5 } } });
});
