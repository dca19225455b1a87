// A set of field paths as a tree, the shape structured-merge-diff's fieldpath.Set has: at each
// level the elements that are members themselves and the elements that have members below them.
// One node per element holds both facts. Nodes are kept sorted by SMD's element order, because
// that order is the order managedFields are written in and conflicts are listed in.
//
// The operations keep SMD's exact meaning: Difference removes members level by level and does
// not drop a subtree because its root is a member of the other set (RecursiveDifference does).

import { type Path, type PathElement, compareElements, serializeElement } from './path-element.ts';

export interface FieldNode {
  readonly pe: PathElement;
  readonly member: boolean;
  readonly children: FieldSet;
}

/** Sorted by element; no node is both a non-member and childless. */
export type FieldSet = readonly FieldNode[];

export const EMPTY: FieldSet = [];

export const isEmpty = (s: FieldSet): boolean => s.length === 0;

function node(pe: PathElement, member: boolean, children: FieldSet): FieldNode | undefined {
  return member || children.length > 0 ? { pe, member, children } : undefined;
}

/** Merges two sorted node lists, combining the nodes both have. */
function zip(a: FieldSet, b: FieldSet, both: (x: FieldNode, y: FieldNode) => FieldNode | undefined, onlyA: boolean, onlyB: boolean): FieldSet {
  const out: FieldNode[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const c = i >= a.length ? 1 : j >= b.length ? -1 : compareElements(a[i]!.pe, b[j]!.pe);
    if (c < 0) {
      if (onlyA) out.push(a[i]!);
      i++;
    } else if (c > 0) {
      if (onlyB) out.push(b[j]!);
      j++;
    } else {
      const n = both(a[i]!, b[j]!);
      if (n) out.push(n);
      i++;
      j++;
    }
  }
  return out;
}

export function union(a: FieldSet, b: FieldSet): FieldSet {
  if (a.length === 0) return b;
  if (b.length === 0) return a;
  return zip(a, b, (x, y) => node(x.pe, x.member || y.member, union(x.children, y.children)), true, true);
}

export function intersection(a: FieldSet, b: FieldSet): FieldSet {
  return zip(a, b, (x, y) => node(x.pe, x.member && y.member, intersection(x.children, y.children)), false, false);
}

export function difference(a: FieldSet, b: FieldSet): FieldSet {
  if (a.length === 0 || b.length === 0) return a;
  return zip(a, b, (x, y) => node(x.pe, x.member && !y.member, difference(x.children, y.children)), true, false);
}

/** Like difference, but a member of `b` also removes everything below it in `a`. */
export function recursiveDifference(a: FieldSet, b: FieldSet): FieldSet {
  if (a.length === 0 || b.length === 0) return a;
  return zip(a, b, (x, y) => (y.member ? undefined : node(x.pe, x.member, recursiveDifference(x.children, y.children))), true, false);
}

function find(s: FieldSet, pe: PathElement): FieldNode | undefined {
  let lo = 0;
  let hi = s.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const c = compareElements(s[mid]!.pe, pe);
    if (c === 0) return s[mid];
    if (c < 0) lo = mid + 1;
    else hi = mid - 1;
  }
  return undefined;
}

export function has(s: FieldSet, path: Path): boolean {
  let level = s;
  for (let i = 0; i < path.length; i++) {
    const n = find(level, path[i]!);
    if (!n) return false;
    if (i === path.length - 1) return n.member;
    level = n.children;
  }
  return false;
}

/** The paths below `pe`, relative to it. */
export const withPrefix = (s: FieldSet, pe: PathElement): FieldSet => find(s, pe)?.children ?? EMPTY;

/** Every member path, in SMD's order: a level's members first, then each child's paths. */
export function paths(s: FieldSet, prefix: Path = []): Path[] {
  const out: Path[] = [];
  for (const n of s) if (n.member) out.push([...prefix, n.pe]);
  for (const n of s) if (n.children.length > 0) out.push(...paths(n.children, [...prefix, n.pe]));
  return out;
}

export function equals(a: FieldSet, b: FieldSet): boolean {
  if (a.length !== b.length) return false;
  return a.every((x, i) => {
    const y = b[i]!;
    return compareElements(x.pe, y.pe) === 0 && x.member === y.member && equals(x.children, y.children);
  });
}

/** Builds a set from paths; the empty path is not a member, as in SMD. */
export function fromPaths(list: readonly Path[]): FieldSet {
  let out: FieldSet = EMPTY;
  for (const p of list) {
    if (p.length === 0) continue;
    out = union(out, single(p));
  }
  return out;
}

function single(p: Path): FieldSet {
  let set: FieldSet = [{ pe: p[p.length - 1]!, member: true, children: EMPTY }];
  for (let i = p.length - 2; i >= 0; i--) set = [{ pe: p[i]!, member: false, children: set }];
  return set;
}

/** A path as a chain from its last element back to the root: extending it costs one object. */
export interface Chain {
  readonly parent: Chain | undefined;
  readonly pe: PathElement;
  key?: string;
}

export const extend = (parent: Chain | undefined, pe: PathElement): Chain => ({ parent, pe });

/** The element's FieldsV1 key, computed once per chain link. */
export const chainKey = (c: Chain): string => (c.key ??= serializeElement(c.pe));

export function chainPath(c: Chain | undefined): Path {
  const out: PathElement[] = [];
  for (let x = c; x !== undefined; x = x.parent) out.push(x.pe);
  return out.reverse();
}

interface BuilderNode {
  readonly pe: PathElement;
  member: boolean;
  readonly children: FieldSetBuilder;
}

/**
 * Collects paths cheaply while walking an object, then sorts once. Walkers add thousands of
 * paths; folding them in one union at a time would cost a copy per path.
 */
export class FieldSetBuilder {
  private readonly nodes = new Map<string, BuilderNode>();

  private nodeFor(pe: PathElement, key: string): BuilderNode {
    let n = this.nodes.get(key);
    if (!n) {
      n = { pe, member: false, children: new FieldSetBuilder() };
      this.nodes.set(key, n);
    }
    return n;
  }

  insert(p: Path): void {
    this.insertChain(p.reduce<Chain | undefined>((c, pe) => extend(c, pe), undefined));
  }

  /** Inserts the path a chain ends at (nothing for the root). */
  insertChain(c: Chain | undefined): void {
    const steps: Chain[] = [];
    for (let x = c; x !== undefined; x = x.parent) steps.push(x);
    let level: FieldSetBuilder = this;
    let node: BuilderNode | undefined;
    for (let i = steps.length - 1; i >= 0; i--) {
      node = level.nodeFor(steps[i]!.pe, chainKey(steps[i]!));
      level = node.children;
    }
    if (node) node.member = true;
  }

  build(): FieldSet {
    const out: FieldNode[] = [];
    for (const n of this.nodes.values()) {
      const built = node(n.pe, n.member, n.children.build());
      if (built) out.push(built);
    }
    return out.sort((x, y) => compareElements(x.pe, y.pe));
  }
}
