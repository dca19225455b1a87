// The apply schema of a served kind, read from the apiserver's field schema and patch metadata:
// lists are what their +listType says (atomic when unmarked), objects are structs unless marked
// atomic, maps have free keys unless marked atomic. Where the schema says nothing (arbitrary
// JSON, a kind without one) SMD's deduced type applies, as for an unstructured object.

import { type KindRef, readType, rootTypeOf, typeAtPath } from '../../schema/field-schema.ts';
import { fieldPatchMeta, typePatchMeta } from '../../schema/patch-meta.ts';
import type { Json } from './path-element.ts';
import { type ApplySchema, type ListShape, type MapShape, type SchemaPath, ENTRY, ITEM, untypedSchema } from './schema.ts';

// Key fields with a schema default: a port's protocol is TCP when left out, so the item's key has it.
const KEY_DEFAULTS: Readonly<Record<string, Readonly<Record<string, Json>>>> = {
  'core/v1.ContainerPort': { protocol: 'TCP' },
  'core/v1.ServicePort': { protocol: 'TCP' },
};

const toTypePath = (p: SchemaPath): (string | number)[] => p.map((s) => (s === ITEM ? 0 : s));

export function kindSchema(ref: KindRef): ApplySchema {
  const root = rootTypeOf(ref);
  if (root === undefined) return untypedSchema;
  const cache = new Map<string, ListShape | MapShape>();
  // The patch metadata of the field a path ends at: its parent must be an object type.
  const metaAt = (p: SchemaPath) => {
    const last = p[p.length - 1];
    if (last === undefined || last === ITEM || last === ENTRY) return undefined;
    const parent = typeAtPath(root, toTypePath(p.slice(0, -1)));
    if (parent === undefined) return undefined;
    const t = readType(parent);
    return t.type === 'object' ? fieldPatchMeta(t.name, last) : undefined;
  };
  const list = (p: SchemaPath): ListShape => {
    const expr = typeAtPath(root, toTypePath(p));
    if (expr === undefined || expr === 'json') return { type: 'atomic' };
    const meta = metaAt(p);
    if (meta?.listType === 'set') return { type: 'set' };
    if (meta?.listType === 'map' && meta.listMapKeys && meta.listMapKeys.length > 0) {
      const t = readType(expr);
      const defaults = t.type === 'list' ? KEY_DEFAULTS[t.items] : undefined;
      return { type: 'map', keys: meta.listMapKeys, ...(defaults ? { defaults } : {}) };
    }
    return { type: 'atomic' };
  };
  const map = (p: SchemaPath): MapShape => {
    const expr = typeAtPath(root, toTypePath(p));
    if (expr === undefined || expr === 'json') return 'granular';
    const t = readType(expr);
    const meta = metaAt(p);
    if (t.type === 'object') return meta?.structType === 'atomic' || typePatchMeta(t.name)?.structType === 'atomic' ? 'atomic' : 'struct';
    if (t.type === 'map') return meta?.mapType === 'atomic' ? 'atomic' : 'granular';
    return 'granular';
  };
  const memo = <T extends ListShape | MapShape>(tag: string, f: (p: SchemaPath) => T) => (p: SchemaPath): T => {
    const k = `${tag}:${p.join('\u0000')}`;
    let v = cache.get(k) as T | undefined;
    if (v === undefined) {
      v = f(p);
      cache.set(k, v);
    }
    return v;
  };
  return { list: memo('l', list), map: memo('m', map) };
}
