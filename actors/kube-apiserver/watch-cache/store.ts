// The current objects, keyed and kept in key order as etcd returns a range, so that a list is a
// walk over one array from a binary-searched start, with no sorting per request.

import type { Element } from './types.ts';

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

export class Store {
  private readonly byKey = new Map<string, Element>();
  private keys: string[] = [];
  /** In step with `keys`, so a list walks one array without map lookups. */
  private elements: Element[] = [];

  get size(): number {
    return this.keys.length;
  }

  get(key: string): Element | undefined {
    return this.byKey.get(key);
  }

  set(e: Element): void {
    const i = lowerBound(this.keys, e.key);
    if (this.keys[i] === e.key) this.elements[i] = e;
    else {
      this.keys.splice(i, 0, e.key);
      this.elements.splice(i, 0, e);
    }
    this.byKey.set(e.key, e);
  }

  delete(key: string): void {
    if (!this.byKey.delete(key)) return;
    const i = lowerBound(this.keys, key);
    this.keys.splice(i, 1);
    this.elements.splice(i, 1);
  }

  replace(elements: readonly Element[]): void {
    this.byKey.clear();
    for (const e of elements) this.byKey.set(e.key, e);
    this.elements = [...this.byKey.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    this.keys = this.elements.map((e) => e.key);
  }

  /** All elements in key order, as an array (the list path's plain walk). */
  inRange(prefix: string, from: string): Element[] {
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
