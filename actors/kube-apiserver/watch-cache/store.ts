// The current objects, keyed and kept in key order as etcd returns a range, so that a list is a
// walk over one array from a binary-searched start, with no sorting per request.

import type { KubeObject } from '../../../protocols/kube/objects.ts';
import { deepFrozen } from '../deep-frozen.ts';
import type { Element } from './types.ts';

// A cached object is shared, not copied: with the watchers and lists of the replica's host (a
// message within a host is immutable, not a copy), and, below its top level, with the write's
// answer. Nothing may change one in place. Tests check that by freezing every object the caches
// take in: an in-place write then throws and the run's trace differs from an unfrozen run's.
let freezing = false;

/** Freezes (through and through) every object a cache takes in from now on, or stops doing so. For tests. */
export function freezeCachedObjects(on: boolean): void {
  freezing = on;
}

/** The first index whose key is >= `key` (byte order for the ASCII of Kubernetes names). */
export function lowerBound(keys: readonly string[], key: string): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (keys[mid]! < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Pending keys up to this many are spliced in one by one; more are merged in one pass. */
const SPLICE_MAX = 16;

const byKeyOrder = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export class Store {
  private readonly byKey = new Map<string, Element>();
  private keys: string[] = [];
  /** In step with `keys`, so a list walks one array without map lookups. */
  private elements: Element[] = [];
  /**
   * Keys added since the arrays were last read, not in them yet: a run of creates costs a map
   * entry each, and the arrays are brought up to date once, when a list reads them, rather than
   * shifted by a splice per event. Their elements are read from `byKey` then.
   */
  private readonly pending = new Set<string>();
  /**
   * The elements whose key has a '/' again, by what comes before the first '/' (a namespace) and
   * after it (a name): a lookup by namespace and name then makes no key text, whose hashing cost
   * more than the lookup itself (admission looks up a namespace and a service account or two on
   * every write). Built on the first such lookup, kept up to date after.
   */
  private byParts: Map<string, Map<string, Element>> | undefined;

  get size(): number {
    return this.byKey.size;
  }

  get(key: string): Element | undefined {
    return this.byKey.get(key);
  }

  /** get(`${namespace}/${name}`), for a namespace without a '/'. */
  getIn(namespace: string, name: string): Element | undefined {
    return (this.byParts ?? this.indexParts()).get(namespace)?.get(name);
  }

  private indexParts(): Map<string, Map<string, Element>> {
    this.byParts = new Map();
    for (const e of this.byKey.values()) this.index(e);
    return this.byParts;
  }

  private index(e: Element): void {
    const slash = e.key.indexOf('/');
    if (slash < 0) return;
    const namespace = e.key.slice(0, slash);
    let names = this.byParts!.get(namespace);
    if (names === undefined) this.byParts!.set(namespace, (names = new Map()));
    names.set(e.key.slice(slash + 1), e);
  }

  private unindex(key: string): void {
    const slash = key.indexOf('/');
    if (slash < 0) return;
    const namespace = key.slice(0, slash);
    const names = this.byParts!.get(namespace);
    if (names === undefined) return;
    names.delete(key.slice(slash + 1));
    if (names.size === 0) this.byParts!.delete(namespace);
  }

  set(e: Element): void {
    if (freezing) deepFrozen(e.object);
    const known = this.byKey.has(e.key);
    this.byKey.set(e.key, e);
    if (this.byParts !== undefined) this.index(e);
    if (!known) this.pending.add(e.key);
    else if (!this.pending.has(e.key)) this.elements[lowerBound(this.keys, e.key)] = e;
  }

  delete(key: string): void {
    if (!this.byKey.delete(key)) return;
    if (this.byParts !== undefined) this.unindex(key);
    if (this.pending.delete(key)) return;
    const i = lowerBound(this.keys, key);
    this.keys.splice(i, 1);
    this.elements.splice(i, 1);
  }

  replace(elements: readonly Element[]): void {
    this.byKey.clear();
    this.pending.clear();
    this.byParts = undefined;
    for (const e of elements) {
      if (freezing) deepFrozen(e.object);
      this.byKey.set(e.key, e);
    }
    this.elements = [...this.byKey.values()].sort((a, b) => byKeyOrder(a.key, b.key));
    this.keys = this.elements.map((e) => e.key);
  }

  /** The arrays with every pending key in its place. */
  private settle(): void {
    if (this.pending.size === 0) return;
    const added = [...this.pending].sort(byKeyOrder);
    this.pending.clear();
    if (added.length <= SPLICE_MAX) {
      for (const k of added) {
        const i = lowerBound(this.keys, k);
        this.keys.splice(i, 0, k);
        this.elements.splice(i, 0, this.byKey.get(k)!);
      }
      return;
    }
    const keys: string[] = [];
    const elements: Element[] = [];
    let i = 0;
    for (const k of added) {
      while (i < this.keys.length && this.keys[i]! < k) {
        keys.push(this.keys[i]!);
        elements.push(this.elements[i++]!);
      }
      keys.push(k);
      elements.push(this.byKey.get(k)!);
    }
    for (; i < this.keys.length; i++) {
      keys.push(this.keys[i]!);
      elements.push(this.elements[i]!);
    }
    this.keys = keys;
    this.elements = elements;
  }

  /** The objects under `prefix`, in key order: what inRange(prefix, '') holds, without its array of elements. */
  objectsIn(prefix: string): KubeObject[] {
    // Admission asks for kinds that mostly have no objects at all (LimitRanges, quotas) on every write.
    if (this.byKey.size === 0) return [];
    this.settle();
    const out: KubeObject[] = [];
    for (let i = lowerBound(this.keys, prefix); i < this.keys.length; i++) {
      if (!this.keys[i]!.startsWith(prefix)) break;
      out.push(this.elements[i]!.object);
    }
    return out;
  }

  /** All elements in key order, as an array (the list path's plain walk). */
  inRange(prefix: string, from: string): Element[] {
    this.settle();
    const out: Element[] = [];
    const start = from > prefix ? from : prefix;
    for (let i = lowerBound(this.keys, start); i < this.keys.length; i++) {
      const k = this.keys[i]!;
      if (!k.startsWith(prefix)) break;
      out.push(this.elements[i]!);
    }
    return out;
  }
}
