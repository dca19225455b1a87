// The field set algebra, checked against SMD's definitions and as laws over random sets.

import test from 'ava';
import fc from 'fast-check';
import {
  type FieldSet,
  EMPTY,
  FieldSetBuilder,
  difference,
  equals,
  fromPaths,
  has,
  intersection,
  isEmpty,
  paths,
  recursiveDifference,
  union,
  withPrefix,
} from '../../../../../actors/kube-apiserver/patch/apply/field-set.ts';
import { type Path, field, keyElement, pathString, valueElement } from '../../../../../actors/kube-apiserver/patch/apply/path-element.ts';

const P = (...names: string[]): Path => names.map(field);

test('members and inner nodes are told apart', (t) => {
  const s = fromPaths([P('spec', 'replicas'), P('metadata', 'labels'), P('metadata', 'labels', 'app')]);
  t.true(has(s, P('spec', 'replicas')));
  t.false(has(s, P('spec')), 'an inner node is not a member');
  t.true(has(s, P('metadata', 'labels')));
  t.true(has(s, P('metadata', 'labels', 'app')));
  t.false(has(s, []));
});

test('paths list a level\'s members before its children, in element order', (t) => {
  const s = fromPaths([P('spec', 'replicas'), P('apiVersion'), P('metadata', 'name'), P('kind')]);
  t.deepEqual(paths(s).map(pathString), ['.apiVersion', '.kind', '.metadata.name', '.spec.replicas']);
});

test('difference keeps the children of a member the other set has', (t) => {
  // SMD: Difference is level by level; only RecursiveDifference drops a member's subtree.
  const a = fromPaths([P('a'), P('a', 'b'), P('a', 'c')]);
  const b = fromPaths([P('a')]);
  t.deepEqual(paths(difference(a, b)).map(pathString), ['.a.b', '.a.c']);
  t.true(isEmpty(recursiveDifference(a, b)));
});

test('intersection of disjoint subtrees is empty, with no empty nodes left', (t) => {
  const a = fromPaths([P('spec', 'replicas')]);
  const b = fromPaths([P('spec', 'paused')]);
  t.deepEqual(intersection(a, b), EMPTY);
});

test('withPrefix gives the set below an element', (t) => {
  const s = fromPaths([[field('list'), keyElement({ name: 'a' }), field('value')], [field('list'), keyElement({ name: 'a' })]]);
  const below = withPrefix(s, field('list'));
  t.true(has(below, [keyElement({ name: 'a' })]));
  t.true(has(below, [keyElement({ name: 'a' }), field('value')]));
  t.deepEqual(withPrefix(s, field('other')), EMPTY);
});

test('the builder makes the same set as folding unions', (t) => {
  const list = [P('b', 'x'), P('a'), [field('l'), valueElement('z')], [field('l'), valueElement(1)], P('b')];
  const b = new FieldSetBuilder();
  for (const p of list) b.insert(p);
  t.true(equals(b.build(), fromPaths(list)));
});

const names = fc.constantFrom('a', 'b', 'c');
const pathArb: fc.Arbitrary<Path> = fc.array(
  fc.oneof(names.map(field), names.map((n) => keyElement({ name: n })), fc.integer({ min: 0, max: 2 }).map(valueElement)),
  { minLength: 1, maxLength: 4 },
);
const setArb: fc.Arbitrary<FieldSet> = fc.array(pathArb, { maxLength: 8 }).map(fromPaths);
const key = (p: Path): string => pathString(p) + '|' + JSON.stringify(p);
const members = (s: FieldSet): Set<string> => new Set(paths(s).map(key));

test('union, intersection and difference are the set operations on member paths', (t) => {
  fc.assert(
    fc.property(setArb, setArb, (a, b) => {
      const ma = members(a);
      const mb = members(b);
      const u = members(union(a, b));
      const i = members(intersection(a, b));
      const d = members(difference(a, b));
      return (
        u.size === new Set([...ma, ...mb]).size &&
        [...ma, ...mb].every((p) => u.has(p)) &&
        i.size === [...ma].filter((p) => mb.has(p)).length &&
        [...i].every((p) => ma.has(p) && mb.has(p)) &&
        d.size === [...ma].filter((p) => !mb.has(p)).length &&
        [...d].every((p) => ma.has(p) && !mb.has(p))
      );
    }),
  );
  t.pass();
});

test('union is commutative and idempotent; the results hold no empty nodes', (t) => {
  const noEmpty = (s: FieldSet): boolean => s.every((n) => (n.member || n.children.length > 0) && noEmpty(n.children));
  fc.assert(
    fc.property(setArb, setArb, (a, b) => equals(union(a, b), union(b, a)) && equals(union(a, a), a) && noEmpty(difference(a, b)) && noEmpty(intersection(a, b)) && noEmpty(recursiveDifference(a, b))),
  );
  t.pass();
});
