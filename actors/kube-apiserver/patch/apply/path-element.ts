// One step of a field path as structured-merge-diff names it: a field of a map (`f:`), an item
// of a list map by its keys (`k:`), an item of a set by its value (`v:`) or a list index (`i:`).
// The order, the FieldsV1 spelling and the printed form follow sigs.k8s.io/structured-merge-diff
// so that managedFields and conflict messages read byte for byte as a real apiserver's.

import { goQuote } from '../../../../protocols/kube/field-errors.ts';

export type Json = null | boolean | number | string | readonly Json[] | { readonly [key: string]: Json };

export type PathElement =
  | { readonly kind: 'field'; readonly name: string }
  /** Key fields sorted by name, as SMD sorts them. */
  | { readonly kind: 'key'; readonly fields: readonly (readonly [string, Json])[] }
  | { readonly kind: 'value'; readonly value: Json }
  | { readonly kind: 'index'; readonly index: number };

export type Path = readonly PathElement[];

export const field = (name: string): PathElement => ({ kind: 'field', name });
export const valueElement = (value: Json): PathElement => ({ kind: 'value', value });
export const indexElement = (index: number): PathElement => ({ kind: 'index', index });
export function keyElement(fields: Readonly<Record<string, Json>>): PathElement {
  const sorted = Object.keys(fields)
    .sort(compareStrings)
    .map((k) => [k, fields[k]!] as const);
  return { kind: 'key', fields: sorted };
}

export const isObject = (v: unknown): v is { readonly [key: string]: Json } => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Go's strings.Compare: by UTF-16 code units here, which agrees with UTF-8 bytes outside surrogates. */
export const compareStrings = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

// SMD's value order: numbers, strings, booleans, lists, maps, null.
function rank(v: Json): number {
  if (typeof v === 'number') return 0;
  if (typeof v === 'string') return 1;
  if (typeof v === 'boolean') return 2;
  if (Array.isArray(v)) return 3;
  if (v === null) return 5;
  return 4;
}

export function compareValues(a: Json, b: Json): number {
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return ra < rb ? -1 : 1;
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'string' && typeof b === 'string') return compareStrings(a, b);
  if (typeof a === 'boolean' && typeof b === 'boolean') return a === b ? 0 : a ? 1 : -1;
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; ; i++) {
      if (i >= a.length && i >= b.length) return 0;
      if (i >= a.length) return -1;
      if (i >= b.length) return 1;
      const c = compareValues(a[i]!, b[i]!);
      if (c !== 0) return c;
    }
  }
  if (isObject(a) && isObject(b)) return compareMaps(a, b);
  return 0;
}

// Maps compare key by key in lexical order; the side that lacks a key the other has is greater.
function compareMaps(a: { readonly [key: string]: Json }, b: { readonly [key: string]: Json }): number {
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort(compareStrings);
  const la = Object.keys(a).length;
  const lb = Object.keys(b).length;
  let i = 0;
  for (const k of keys) {
    if (i === la) return -1;
    if (i === lb) return 1;
    if (!(k in a)) return 1;
    if (!(k in b)) return -1;
    const c = compareValues(a[k]!, b[k]!);
    if (c !== 0) return c;
    i++;
  }
  return 0;
}

const KIND_RANK = { field: 0, key: 1, value: 2, index: 3 } as const;

export function compareElements(a: PathElement, b: PathElement): number {
  if (a.kind !== b.kind) return KIND_RANK[a.kind] < KIND_RANK[b.kind] ? -1 : 1;
  switch (a.kind) {
    case 'field':
      return compareStrings(a.name, (b as typeof a).name);
    case 'key': {
      const bf = (b as typeof a).fields;
      for (let i = 0; ; i++) {
        if (i >= a.fields.length && i >= bf.length) return 0;
        if (i >= a.fields.length) return -1;
        if (i >= bf.length) return 1;
        const c = compareStrings(a.fields[i]![0], bf[i]![0]) || compareValues(a.fields[i]![1], bf[i]![1]);
        if (c !== 0) return c;
      }
    }
    case 'value':
      return compareValues(a.value, (b as typeof a).value);
    case 'index': {
      const bi = (b as typeof a).index;
      return a.index < bi ? -1 : a.index > bi ? 1 : 0;
    }
  }
}

// Go's encoding/json escapes HTML-significant characters and the JS line separators; maps are
// written with sorted keys. FieldsV1 keys are built with it, so the same escapes must appear.
function goJsonString(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (c < 0x20 || ch === '<' || ch === '>' || ch === '&' || c === 0x2028 || c === 0x2029) out += `\\u${c.toString(16).padStart(4, '0')}`;
    else if (c >= 0xd800 && c <= 0xdfff) out += '\\ufffd';
    else out += ch;
  }
  return `${out}"`;
}

export function goJson(v: Json): string {
  // undefined (a message's value can hold it; a JSON body cannot) is written as JSON writes it:
  // null in a list, left out of an object.
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return goJsonString(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[${v.map(goJson).join(',')}]`;
  const o = v as { readonly [key: string]: Json };
  const keys = Object.keys(o).filter((k) => o[k] !== undefined).sort(compareStrings);
  return `{${keys.map((k) => `${goJsonString(k)}:${goJson(o[k]!)}`).join(',')}}`;
}

/** The FieldsV1 key: `f:replicas`, `k:{"name":"nginx"}`, `v:"a"`, `i:0`. */
export function serializeElement(pe: PathElement): string {
  switch (pe.kind) {
    case 'field':
      return `f:${pe.name}`;
    case 'key':
      return `k:{${pe.fields.map(([k, v]) => `${goJsonString(k)}:${goJson(v)}`).join(',')}}`;
    case 'value':
      return `v:${goJson(pe.value)}`;
    case 'index':
      return `i:${pe.index}`;
  }
}

export type ParsedElement = { readonly ok: true; readonly pe: PathElement } | { readonly ok: false; readonly unknown: boolean; readonly error: string };

/** A FieldsV1 key back to its element; unknown prefixes are reported so readers can skip them as SMD does. */
export function parseElement(s: string): ParsedElement {
  if (s.length < 2) return { ok: false, unknown: false, error: 'key must be 2 characters long:' };
  if (s[1] !== ':') return { ok: false, unknown: false, error: `missing colon: ${s}` };
  const body = s.slice(2);
  switch (s[0]) {
    case 'f':
      return { ok: true, pe: field(body) };
    case 'i': {
      if (!/^[+-]?\d+$/.test(body)) return { ok: false, unknown: false, error: `strconv.Atoi: parsing ${goQuote(body)}: invalid syntax` };
      return { ok: true, pe: indexElement(Number(body)) };
    }
    case 'v':
    case 'k': {
      let parsed: Json;
      try {
        parsed = JSON.parse(body) as Json;
      } catch (e) {
        return { ok: false, unknown: false, error: (e as Error).message };
      }
      if (s[0] === 'v') return { ok: true, pe: valueElement(parsed) };
      if (!isObject(parsed)) return { ok: false, unknown: false, error: 'ReadObjectCB: expect { or n' };
      return { ok: true, pe: keyElement(parsed) };
    }
    default:
      return { ok: false, unknown: true, error: 'unknown path element type' };
  }
}

// Go's %v of a float64 prints integers in exponent form from 1e21 on, as JS does.
function goScalarString(v: Json): string {
  if (v === null) return 'null';
  if (typeof v === 'string') return goQuote(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[${v.map(goScalarString).join(',')}]`;
  const o = v as { readonly [key: string]: Json };
  return Object.keys(o)
    .sort(compareStrings)
    .map((k) => `${k}=${goScalarString(o[k]!)}`)
    .join('');
}

/** As SMD prints a path element: `.replicas`, `[name="nginx"]`, `[="a"]`, `[0]`. */
export function elementString(pe: PathElement): string {
  switch (pe.kind) {
    case 'field':
      return `.${pe.name}`;
    case 'key':
      return `[${pe.fields.map(([k, v]) => `${k}=${goScalarString(v)}`).join(',')}]`;
    case 'value':
      return `[=${goScalarString(pe.value)}]`;
    case 'index':
      return `[${pe.index}]`;
  }
}

export const pathString = (p: Path): string => p.map(elementString).join('');
