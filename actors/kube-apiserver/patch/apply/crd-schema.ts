// The apply schema of a custom resource, from its CRD version's openAPIV3Schema as Kubernetes
// reads the structural schema: `properties` make a struct, `additionalProperties` a free map,
// x-kubernetes-map-type / -list-type / -list-map-keys say what is atomic, a set or a list map,
// and x-kubernetes-preserve-unknown-fields lets undeclared fields in, untyped. Every object has
// apiVersion, kind and the ObjectMeta of built-in kinds at its root.

import { objectMetaNode } from './kind-schema.ts';
import { type Json, isObject } from './path-element.ts';
import { type ApplySchema, type ListShape, type MapShape, type SchemaNode, deducedNode } from './schema.ts';

/** The parts of JSONSchemaProps this reads. */
export interface StructuralSchema {
  readonly type?: string;
  readonly properties?: Readonly<Record<string, StructuralSchema>>;
  readonly additionalProperties?: StructuralSchema | boolean;
  readonly items?: StructuralSchema;
  readonly default?: Json;
  readonly 'x-kubernetes-list-type'?: string;
  readonly 'x-kubernetes-list-map-keys'?: readonly string[];
  readonly 'x-kubernetes-map-type'?: string;
  readonly 'x-kubernetes-preserve-unknown-fields'?: boolean;
  readonly 'x-kubernetes-embedded-resource'?: boolean;
}

function listShape(s: StructuralSchema): ListShape {
  const type = s['x-kubernetes-list-type'];
  if (type === 'set') return { type: 'set' };
  const keys = s['x-kubernetes-list-map-keys'];
  if (type === 'map' && keys && keys.length > 0) {
    const defaults: Record<string, Json> = {};
    for (const k of keys) {
      const d = s.items?.properties?.[k]?.default;
      if (d !== undefined) defaults[k] = d;
    }
    return Object.keys(defaults).length > 0 ? { type: 'map', keys, defaults } : { type: 'map', keys };
  }
  return { type: 'atomic' };
}

function node(s: StructuralSchema, root: boolean): SchemaNode {
  const props = s.properties ?? {};
  const additional = isObject(s.additionalProperties as Json) ? (s.additionalProperties as StructuralSchema) : undefined;
  const preserve = s['x-kubernetes-preserve-unknown-fields'] === true;
  // Root objects and embedded resources carry the type and ObjectMeta without declaring them.
  const implicit = root || s['x-kubernetes-embedded-resource'] === true;
  const hasProps = s.properties !== undefined;
  let map: MapShape = 'struct';
  if (s['x-kubernetes-map-type'] === 'atomic') map = 'atomic';
  else if (!hasProps && (additional || s.additionalProperties === true || preserve)) map = 'granular';
  const list = listShape(s);
  const kids = new Map<string, SchemaNode>();
  const childOf = (key: string): SchemaNode => {
    if (Object.hasOwn(props, key)) return node(props[key]!, false);
    if (implicit && key === 'metadata') return objectMetaNode();
    if (implicit && (key === 'apiVersion' || key === 'kind')) return deducedNode;
    if (additional) return node(additional, false);
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
    declares: (key) =>
      Object.hasOwn(props, key) || (implicit && (key === 'apiVersion' || key === 'kind' || key === 'metadata')) || additional !== undefined || s.additionalProperties === true || preserve,
    item: () => (s.items ? node(s.items, false) : deducedNode),
  };
}

export const crdSchema = (openAPIV3Schema: StructuralSchema): ApplySchema => ({ root: node(openAPIV3Schema, true) });
