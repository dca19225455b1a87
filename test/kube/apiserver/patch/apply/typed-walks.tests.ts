// The walks over objects: which fields an object sets, what changed between two, how a
// configuration merges in, and what removing a set of fields leaves.

import test from 'ava';
import { compare } from '../../../../../actors/kube-apiserver/patch/apply/compare.ts';
import { type FieldSet, fromPaths, paths } from '../../../../../actors/kube-apiserver/patch/apply/field-set.ts';
import { mergeObjects } from '../../../../../actors/kube-apiserver/patch/apply/merge.ts';
import { type Json, field, keyElement, pathString } from '../../../../../actors/kube-apiserver/patch/apply/path-element.ts';
import { ensureNamedFieldsAreMembers, removeItems } from '../../../../../actors/kube-apiserver/patch/apply/remove.ts';
import { tableSchema, untypedSchema } from '../../../../../actors/kube-apiserver/patch/apply/schema.ts';
import { toFieldSet } from '../../../../../actors/kube-apiserver/patch/apply/to-field-set.ts';

const schema = tableSchema(
  { items: { type: 'map', keys: ['name'] }, tags: { type: 'set' }, args: { type: 'atomic' } },
  { labels: 'granular', selector: 'atomic', 'items.env': 'granular' },
);
const list = (s: FieldSet): string[] => paths(s).map(pathString);
const fieldsOf = (o: Json, sch = schema): string[] => {
  const r = toFieldSet(o, sch);
  if (!r.ok) throw new Error(r.error);
  return list(r.set);
};

test('field sets: scalars, free-map keys, atomic values and list items are members; filled struct fields are not', (t) => {
  // `labels` is a field of the root struct: like `spec`, it is no member while it holds keys.
  t.deepEqual(fieldsOf({ spec: { replicas: 1 }, labels: { app: 'x' }, selector: { a: 'b' }, args: ['1', '2'], tags: ['t'], items: [{ name: 'n', v: 1 }] }), [
    '.args',
    '.selector',
    '.items[name="n"]',
    '.items[name="n"].name',
    '.items[name="n"].v',
    '.labels.app',
    '.spec.replicas',
    '.tags[="t"]',
  ]);
});

test('field sets: an empty or null struct field is a member itself', (t) => {
  t.deepEqual(fieldsOf({ spec: {}, status: null }), ['.spec', '.status']);
});

test('field sets: without a schema every object key is a member and lists are atomic', (t) => {
  t.deepEqual(fieldsOf({ spec: { list: [1, 2], m: { a: 1 } } }, untypedSchema), ['.spec', '.spec.list', '.spec.m', '.spec.m.a']);
});

test('compare: added, modified and removed leaves, and whole subtrees that came or went', (t) => {
  const c = compare({ a: 1, b: { c: 1 }, items: [{ name: 'x', v: 1 }] }, { a: 2, d: { e: 1 }, items: [{ name: 'x', v: 1 }, { name: 'y' }] }, schema);
  t.deepEqual(list(c.modified), ['.a']);
  t.deepEqual(list(c.added), ['.d', '.d.e', '.items[name="y"]', '.items[name="y"].name']);
  t.deepEqual(list(c.removed), ['.b', '.b.c']);
});

test('compare: a reordered set or list map is no change; a reordered atomic list is', (t) => {
  const c = compare({ tags: ['a', 'b'], items: [{ name: 'x' }, { name: 'y' }], args: ['1', '2'] }, { tags: ['b', 'a'], items: [{ name: 'y' }, { name: 'x' }], args: ['2', '1'] }, schema);
  t.deepEqual(list(c.modified), ['.args']);
  t.deepEqual([...list(c.added), ...list(c.removed)], []);
});

test('merge: configuration wins at leaves, maps merge, atomic values are replaced', (t) => {
  const r = mergeObjects({ a: 1, labels: { x: '1' }, selector: { a: '1', b: '2' }, args: ['1'] }, { a: 2, labels: { y: '2' }, selector: { c: '3' }, args: ['9', '8'] }, schema);
  t.deepEqual(r, { ok: true, value: { a: 2, labels: { x: '1', y: '2' }, selector: { c: '3' }, args: ['9', '8'] } });
});

test('merge: list map items merge by key, in the configuration\'s order, live-only items kept in place', (t) => {
  const live = { items: [{ name: 'a', v: 1 }, { name: 'b', v: 1 }, { name: 'c', v: 1 }] };
  const config = { items: [{ name: 'c', w: 2 }, { name: 'a', w: 2 }, { name: 'd', w: 2 }] };
  const r = mergeObjects(live, config, schema);
  t.true(r.ok);
  if (r.ok) t.deepEqual((r.value as { items: Json[] }).items, [{ name: 'b', v: 1 }, { name: 'c', v: 1, w: 2 }, { name: 'a', v: 1, w: 2 }, { name: 'd', w: 2 }]);
});

test('remove: a member goes with its subtree; maps emptied by it go too', (t) => {
  const obj = { spec: { replicas: 1, paused: true }, labels: { a: '1' }, items: [{ name: 'x', v: 1 }, { name: 'y', v: 2 }] };
  const out = removeItems(obj, fromPaths([[field('spec'), field('replicas')], [field('labels'), field('a')], [field('items'), keyElement({ name: 'x' })], [field('items'), keyElement({ name: 'y' }), field('v')]]), schema);
  t.deepEqual(out, { spec: { paused: true }, items: [{ name: 'y' }] });
});

test('ensureNamedFieldsAreMembers marks struct fields with members below, not free-map keys', (t) => {
  const s = fromPaths([[field('spec'), field('replicas')], [field('labels'), field('a'), field('deep')]]);
  t.deepEqual(list(ensureNamedFieldsAreMembers(s, schema)), ['.labels', '.spec', '.labels.a.deep', '.spec.replicas']);
});
