// What server-side apply needs to know of a kind's schema: for each list, whether it is atomic,
// a set of scalars, or a map keyed by some of its items' fields; for each object, whether it is
// a struct with named fields, a map with free keys (labels), or atomic. Paths name fields from
// the object's root, with ITEM for "an item of this list" and ENTRY for "a value of this map", so
// a table keyed by paths such as `spec.template.spec.containers` can answer.

import type { Json } from './path-element.ts';

export type ListShape =
  | { readonly type: 'atomic' }
  | { readonly type: 'set' }
  /** `defaults` are the key fields' schema defaults (a port's protocol is TCP when left out). */
  | { readonly type: 'map'; readonly keys: readonly string[]; readonly defaults?: Readonly<Record<string, Json>> };

export type MapShape = 'struct' | 'granular' | 'atomic';

export type SchemaPath = readonly string[];

export const ITEM = '[]';
export const ENTRY = '*';

export interface ApplySchema {
  list(path: SchemaPath): ListShape;
  map(path: SchemaPath): MapShape;
}

/**
 * SMD's deduced type, used where no schema is known (an unstructured custom resource): every
 * object a map of free keys, every list atomic.
 */
export const untypedSchema: ApplySchema = {
  list: () => ({ type: 'atomic' }),
  map: () => 'granular',
};

/** Dotted, list items left out: `spec.template.spec.containers.ports`, as patch tables key paths. */
export const dotted = (p: SchemaPath): string => p.filter((s) => s !== ITEM).join('.');

/** A schema from two tables keyed by dotted paths; lists not named are atomic. */
export function tableSchema(lists: Readonly<Record<string, ListShape>>, maps: Readonly<Record<string, MapShape>>, otherwise: MapShape = 'struct'): ApplySchema {
  return {
    list: (p) => lists[dotted(p)] ?? { type: 'atomic' },
    map: (p) => maps[dotted(p)] ?? otherwise,
  };
}

/** The schema path of a map's child: a struct's field by name, a free map's value as ENTRY. */
export const childPath = (path: SchemaPath, shape: MapShape, key: string): SchemaPath => [...path, shape === 'granular' ? ENTRY : key];
