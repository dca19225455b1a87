// Equality of JSON values as SMD's value.Equals sees it: maps regardless of key order, lists in order.

import { type Json, isObject } from './path-element.ts';

export function deepEqual(a: Json | undefined, b: Json | undefined): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined || a === null || b === null) return false;
  // Loops, not every(): its callback per item cost more than the comparison on the large equal
  // parts a write leaves alone. A hole is passed over, as every() passes it.
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (i in a && !deepEqual(a[i], b[i])) return false;
    return true;
  }
  if (isObject(a)) {
    if (!isObject(b)) return false;
    const ka = Object.keys(a);
    if (ka.length !== Object.keys(b).length) return false;
    for (let i = 0; i < ka.length; i++) {
      const k = ka[i]!;
      if (!(k in b) || !deepEqual(a[k], b[k])) return false;
    }
    return true;
  }
  return false;
}
