// The apply schema of a served kind, read from the apiserver's field schema and patch metadata:
// lists are what their +listType says (atomic when unmarked), objects are structs unless marked
// atomic, maps have free keys unless marked atomic. Where the schema says nothing (arbitrary
// JSON, a kind without one) SMD's deduced type applies, as for an unstructured object.

import { type KindRef, fieldTypeOf, readType, rootTypeOf } from '../../schema/field-schema.ts';
import { type FieldPatchMeta, fieldPatchMeta, typePatchMeta } from '../../schema/patch-meta.ts';
import type { Json } from './path-element.ts';
import { type ApplySchema, type ListShape, type MapShape, type SchemaNode, deducedNode, untypedSchema } from './schema.ts';

// Key fields with a schema default: a port's protocol is TCP when left out, so the item's key has it.
const KEY_DEFAULTS: Readonly<Record<string, Readonly<Record<string, Json>>>> = {
  'core/v1.ContainerPort': { protocol: 'TCP' },
  'core/v1.ServicePort': { protocol: 'TCP' },
};

// One node per (type expression, field metadata): types recur (every PodSpec), nodes are shared.
const nodes = new Map<string, Map<FieldPatchMeta | undefined, SchemaNode>>();

function nodeOf(expr: string | undefined, meta: FieldPatchMeta | undefined): SchemaNode {
  if (expr === undefined || expr === 'json') return deducedNode;
  let byMeta = nodes.get(expr);
  if (!byMeta) nodes.set(expr, (byMeta = new Map()));
  let n = byMeta.get(meta);
  if (!n) byMeta.set(meta, (n = makeNode(expr, meta)));
  return n;
}

function makeNode(expr: string, meta: FieldPatchMeta | undefined): SchemaNode {
  const t = readType(expr);
  let list: ListShape = { type: 'atomic' };
  if (t.type === 'list' && meta?.listType === 'set') list = { type: 'set' };
  else if (t.type === 'list' && meta?.listType === 'map' && meta.listMapKeys && meta.listMapKeys.length > 0) {
    const defaults = KEY_DEFAULTS[t.items];
    list = { type: 'map', keys: meta.listMapKeys, ...(defaults ? { defaults } : {}) };
  }
  let map: MapShape = 'granular';
  if (t.type === 'object') map = meta?.structType === 'atomic' || typePatchMeta(t.name)?.structType === 'atomic' ? 'atomic' : 'struct';
  else if (t.type === 'map' && meta?.mapType === 'atomic') map = 'atomic';
  const kids = new Map<string, SchemaNode>();
  const childOf = (key: string): SchemaNode => {
    if (t.type === 'object') return nodeOf(fieldTypeOf(t.name, key), fieldPatchMeta(t.name, key));
    if (t.type === 'map') return nodeOf(t.values, undefined);
    return deducedNode;
  };
  return {
    list: () => list,
    map: () => map,
    child: (key) => {
      let c = kids.get(key);
      if (!c) kids.set(key, (c = childOf(key)));
      return c;
    },
    declares: (key) => t.type !== 'object' || fieldTypeOf(t.name, key) !== undefined,
    item: () => (t.type === 'list' ? nodeOf(t.items, undefined) : deducedNode),
  };
}

/** ObjectMeta's node, for the metadata of objects the field schema does not describe (custom resources). */
export const objectMetaNode = (): SchemaNode => nodeOf('meta/v1.ObjectMeta', undefined);

export function kindSchema(ref: KindRef): ApplySchema {
  const root = rootTypeOf(ref);
  return root === undefined ? untypedSchema : { root: nodeOf(root, undefined) };
}
