// How an item of a non-atomic list is named: by its key fields in a list map, by its value in a
// set. The error sentences are SMD's, since they reach clients inside apply's error messages.

import { type Json, type PathElement, isObject, keyElement, serializeElement, valueElement } from './path-element.ts';
import type { ListShape } from './schema.ts';
import { goQuote } from '../../../../protocols/kube/field-errors.ts';

export type ItemName = { readonly ok: true; readonly pe: PathElement } | { readonly ok: false; readonly error: string };

export function itemElement(shape: Exclude<ListShape, { type: 'atomic' }>, item: Json): ItemName {
  if (shape.type === 'map' && shape.keys.length > 0) {
    if (item === null) return { ok: false, error: 'associative list with keys may not have a null element' };
    if (!isObject(item)) return { ok: false, error: 'associative list with keys may not have non-map elements' };
    const key: Record<string, Json> = {};
    for (const k of shape.keys) {
      if (k in item) key[k] = item[k]!;
      else if (shape.defaults && k in shape.defaults) key[k] = shape.defaults[k]!;
    }
    if (Object.keys(key).length === 0) {
      const keys = `[${shape.keys.map(goQuote).join(' ')}]`;
      return { ok: false, error: `associative list with keys has an element that omits all key fields ${keys} (and doesn't have default values for any key fields)` };
    }
    return { ok: true, pe: keyElement(key) };
  }
  if (isObject(item)) return { ok: false, error: "associative list without keys has an element that's a map type" };
  if (Array.isArray(item)) return { ok: false, error: 'not supported: associative list with lists as elements' };
  if (item === null) return { ok: false, error: "associative list without keys has an element that's an explicit null" };
  return { ok: true, pe: valueElement(item) };
}

export interface IndexedItems {
  /** Item names in list order; a name repeats where the list holds duplicates. */
  readonly names: readonly PathElement[];
  /** The names' FieldsV1 keys, index for index. */
  readonly keys: readonly string[];
  /** By serialized name: the item, or null where the name is duplicated (SMD cannot pick one). */
  readonly byName: ReadonlyMap<string, Json>;
  readonly errors: readonly string[];
}

export function indexItems(shape: Exclude<ListShape, { type: 'atomic' }>, list: readonly Json[] | undefined): IndexedItems {
  const names: PathElement[] = [];
  const keys: string[] = [];
  const byName = new Map<string, Json>();
  const errors: string[] = [];
  (list ?? []).forEach((item, i) => {
    const named = itemElement(shape, item);
    if (!named.ok) {
      errors.push(`element ${i}: ${named.error}`);
      return;
    }
    const k = serializeElement(named.pe);
    byName.set(k, byName.has(k) ? null : item);
    names.push(named.pe);
    keys.push(k);
  });
  return { names, keys, byName, errors };
}
