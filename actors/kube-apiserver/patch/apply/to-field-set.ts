// The fields an object sets, as SMD's ToFieldSet lists them: every scalar, every atomic list or
// map as one leaf, every list item (with its fields below), every free-map key, and struct fields
// only where they hold null or an empty object. The same walk checks what SMD's typed conversion
// checks of list items (key fields present, no duplicates unless allowed).

import { type Chain, type FieldSet, FieldSetBuilder, chainKey, chainPath, extend } from './field-set.ts';
import { itemElement } from './list-items.ts';
import { type Json, field, isObject, pathString } from './path-element.ts';
import type { ApplySchema, SchemaNode } from './schema.ts';

export type FieldSetResult = { readonly ok: true; readonly set: FieldSet } | { readonly ok: false; readonly error: string };

interface Walk {
  readonly allowDuplicates: boolean;
  /** A configuration must name only declared fields; a live object is read as it is. */
  readonly strict: boolean;
  readonly out: FieldSetBuilder;
  readonly errors: string[];
}

function visit(w: Walk, v: Json, node: SchemaNode, at: Chain | undefined): void {
  if (Array.isArray(v)) return visitList(w, v, node, at);
  if (isObject(v)) return visitMap(w, v, node, at);
  w.out.insertChain(at);
}

function visitList(w: Walk, list: readonly Json[], node: SchemaNode, at: Chain | undefined): void {
  const shape = node.list();
  if (shape.type === 'atomic') {
    w.out.insertChain(at);
    return;
  }
  const seen = new Set<string>();
  const duplicates = new Set<string>();
  const items: (Chain | undefined)[] = [];
  list.forEach((item, i) => {
    const named = itemElement(shape, item);
    if (!named.ok) {
      w.errors.push(`${pathString(chainPath(at))}: element ${i}: ${named.error}`);
      items.push(undefined);
      return;
    }
    const c = extend(at, named.pe);
    const k = chainKey(c);
    items.push(c);
    if (!seen.has(k)) seen.add(k);
    else if (!duplicates.has(k)) {
      duplicates.add(k);
      if (!w.allowDuplicates) w.errors.push(`${pathString(chainPath(at))}: duplicate entries for key ${pathString([named.pe])}`);
      w.out.insertChain(c);
    }
  });
  const itemNode = node.item();
  list.forEach((item, i) => {
    const c = items[i];
    if (!c || duplicates.has(chainKey(c))) return;
    visit(w, item, itemNode, c);
    w.out.insertChain(c);
  });
}

function visitMap(w: Walk, m: { readonly [key: string]: Json }, node: SchemaNode, at: Chain | undefined): void {
  const shape = node.map();
  if (shape === 'atomic') {
    w.out.insertChain(at);
    return;
  }
  for (const key of Object.keys(m)) {
    const v = m[key]!;
    const c = extend(at, field(key));
    if (w.strict && shape === 'struct' && !node.declares(key)) {
      w.errors.push(`${pathString(chainPath(c))}: field not declared in schema`);
      continue;
    }
    visit(w, v, node.child(key), c);
    if (v === null || (isObject(v) && Object.keys(v).length === 0) || shape === 'granular') w.out.insertChain(c);
  }
}

function walk(obj: Json, schema: ApplySchema, allowDuplicates: boolean): Walk {
  const w: Walk = { allowDuplicates, strict: !allowDuplicates, out: new FieldSetBuilder(), errors: [] };
  visit(w, obj, schema.root, undefined);
  return w;
}

/**
 * The root is an object. Not allowing duplicates reads it as SMD reads a configuration: repeated
 * list keys and undeclared struct fields are errors.
 */
export function toFieldSet(obj: Json, schema: ApplySchema, allowDuplicates = true): FieldSetResult {
  const w = walk(obj, schema, allowDuplicates);
  if (w.errors.length === 1) return { ok: false, error: w.errors[0]! };
  if (w.errors.length > 1) return { ok: false, error: ['errors:', ...w.errors.map((e) => `  ${e}`)].join('\n') };
  return { ok: true, set: w.out.build() };
}

/** For live objects, whose item errors SMD tolerates: the set, whatever it could read. */
export const liveFieldSet = (obj: Json, schema: ApplySchema): FieldSet => walk(obj, schema, true).out.build();
