// What server-side apply needs to know of a kind's schema: for each list, whether it is atomic,
// a set of scalars, or a map keyed by some of its items' fields; for each object, whether it is
// a struct with named fields, a map with free keys (labels), or atomic. The walks step through
// it node by node as they step through an object, the way SMD follows type references, so each
// step is a lookup rather than a search from the root.

import type { Json } from './path-element.ts';

export type ListShape =
  | { readonly type: 'atomic' }
  | { readonly type: 'set' }
  /** `defaults` are the key fields' schema defaults (a port's protocol is TCP when left out). */
  | { readonly type: 'map'; readonly keys: readonly string[]; readonly defaults?: Readonly<Record<string, Json>> };

export type MapShape = 'struct' | 'granular' | 'atomic';

export interface SchemaNode {
  /** How this node reads when its value is a list. */
  list(): ListShape;
  /** How this node reads when its value is an object. */
  map(): MapShape;
  /** A struct's field, or any value of a free map. */
  child(key: string): SchemaNode;
  /** False for a key a struct does not declare (SMD: "field not declared in schema"). */
  declares(key: string): boolean;
  /** An item of this list. */
  item(): SchemaNode;
}

export interface ApplySchema {
  readonly root: SchemaNode;
}

export type SchemaPath = readonly string[];

/** In a SchemaPath: an item of the list. */
export const ITEM = '[]';

/** The node a path of field names (ITEM for list items) leads to. */
export function nodeAt(schema: ApplySchema, path: SchemaPath): SchemaNode {
  let n = schema.root;
  for (const seg of path) n = seg === ITEM ? n.item() : n.child(seg);
  return n;
}

/** SMD's deduced type, where no schema is known: every object a map of free keys, every list atomic. */
const deduced: SchemaNode = {
  list: () => ({ type: 'atomic' }),
  map: () => 'granular',
  child: () => deduced,
  declares: () => true,
  item: () => deduced,
};

export const untypedSchema: ApplySchema = { root: deduced };
export const deducedNode = deduced;

/** Dotted, list items left out, a free map's values as `*`: `spec.template.spec.containers.ports`. */
export type DottedPath = string;

/**
 * A schema from two tables keyed by dotted paths; lists not named are atomic, objects not named
 * are `otherwise`. Children of a free map are keyed `<map>.*`.
 */
export function tableSchema(lists: Readonly<Record<DottedPath, ListShape>>, maps: Readonly<Record<DottedPath, MapShape>>, otherwise: MapShape = 'struct'): ApplySchema {
  const node = (path: DottedPath): SchemaNode => {
    const children = new Map<string, SchemaNode>();
    const shape = maps[path] ?? otherwise;
    const join = (seg: string): DottedPath => (path === '' ? seg : `${path}.${seg}`);
    return {
      list: () => lists[path] ?? { type: 'atomic' },
      map: () => shape,
      child: (key) => {
        const k = shape === 'granular' ? '*' : key;
        let c = children.get(k);
        if (!c) children.set(k, (c = node(join(k))));
        return c;
      },
      declares: () => true,
      item: () => {
        let c = children.get(ITEM);
        if (!c) children.set(ITEM, (c = node(path)));
        return c;
      },
    };
  };
  return { root: node('') };
}
