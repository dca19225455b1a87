// The FieldsV1 encoding of a field set, as managedFields store it: a JSON object whose keys are
// serialized path elements, `{}` for a member, and `"."` marking a node that is a member and
// also has members below it. Written in SMD's element order, so the JSON text matches Kubernetes'.

import { type FieldNode, type FieldSet, EMPTY } from './field-set.ts';
import { type Json, compareElements, isObject, parseElement, serializeElement } from './path-element.ts';

export type FieldsV1 = { readonly [key: string]: FieldsV1 };

function emit(set: FieldSet, self: boolean): Record<string, FieldsV1> {
  const out: Record<string, FieldsV1> = {};
  if (self && set.length > 0) out['.'] = {};
  for (const n of set) out[serializeElement(n.pe)] = n.children.length === 0 ? {} : emit(n.children, n.member);
  return out;
}

export const toFieldsV1 = (set: FieldSet): FieldsV1 => emit(set, false);

export type DecodedFields = { readonly ok: true; readonly set: FieldSet } | { readonly ok: false; readonly error: string };

// A node is a member when its object is empty or holds ".", as SMD's reader decides.
function read(obj: { readonly [key: string]: Json }): { set: FieldSet; member: boolean } | string {
  const nodes: FieldNode[] = [];
  let member = false;
  let sawChild = false;
  for (const key of Object.keys(obj)) {
    if (key === '.') {
      member = true;
      continue;
    }
    const parsed = parseElement(key);
    if (!parsed.ok) {
      if (parsed.unknown) continue;
      return `parsing key as path element: ${parsed.error}`;
    }
    const inner = obj[key]!;
    if (!isObject(inner)) return `ReadMapCB: expect { or n, but found ${JSON.stringify(inner)?.[0] ?? '?'}`;
    const child = read(inner);
    if (typeof child === 'string') return child;
    sawChild = true;
    if (child.member || child.set.length > 0) nodes.push({ pe: parsed.pe, member: child.member, children: child.set });
  }
  nodes.sort((a, b) => compareElements(a.pe, b.pe));
  return { set: nodes, member: member || !sawChild };
}

export function fromFieldsV1(f: Json | undefined): DecodedFields {
  if (f === undefined || f === null) return { ok: true, set: EMPTY };
  if (!isObject(f)) return { ok: false, error: 'ReadMapCB: expect { or n' };
  const r = read(f);
  return typeof r === 'string' ? { ok: false, error: r } : { ok: true, set: r.set };
}
