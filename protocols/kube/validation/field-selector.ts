// Field selectors as k8s.io/apimachinery/pkg/fields parses them (?fieldSelector=, kubectl
// --field-selector): terms `field=value`, `field==value`, `field!=value`, ANDed by commas, with
// '\' escaping ',', '=' and '\' in values. Which fields a kind offers is the apiserver's concern;
// here a field set is a flat map from field path to its value as a string.

import type { Parsed } from './label-selector.ts';
import { compareBytes } from './label-selector.ts';

export interface FieldTerm {
  readonly field: string;
  /** '==' is read as '=' and prints as '='. */
  readonly operator: '=' | '!=';
  readonly value: string;
}

/** No terms: matches every object. */
export interface FieldSelector {
  readonly terms: readonly FieldTerm[];
}

export type Fields = Readonly<Record<string, string>>;

/** fields.EscapeValue: makes any string safe as a term's value. */
export function escapeFieldValue(s: string): string {
  return s.replace(/[\\,=]/g, (c) => `\\${c}`);
}

/**
 * fields.UnescapeValue. A bare ',' or '=' in a value is refused, and Kubernetes names it by its
 * code point in decimal (`%v` of a Go rune): "unescaped character in value: 61" for '='.
 */
export function unescapeFieldValue(s: string): Parsed<string> {
  let out = '';
  let inSlash = false;
  for (const c of s) {
    if (inSlash) {
      if (c !== '\\' && c !== ',' && c !== '=') return { ok: false, error: `invalid field selector: invalid escape sequence: \\${c}` };
      out += c;
      inSlash = false;
    } else if (c === '\\') inSlash = true;
    else if (c === ',' || c === '=') return { ok: false, error: `invalid field selector: unescaped character in value: ${c.codePointAt(0)}` };
    else out += c;
  }
  if (inSlash) return { ok: false, error: 'invalid field selector: invalid escape sequence: \\' };
  return { ok: true, value: out };
}

/** Commas split terms unless escaped; the backslash stays in the term for unescaping later. */
function splitTerms(s: string): string[] {
  if (s.length === 0) return [];
  const terms: string[] = [];
  let start = 0;
  let inSlash = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (inSlash) inSlash = false;
    else if (c === '\\') inSlash = true;
    else if (c === ',') {
      terms.push(s.slice(start, i));
      start = i + 1;
    }
  }
  terms.push(s.slice(start));
  return terms;
}

/** The first operator from the left wins, '!=' and '==' before '='; the field part has no escaping. */
function splitTerm(term: string): { field: string; op: '!=' | '==' | '='; rhs: string } | undefined {
  for (let i = 0; i < term.length; i++) {
    for (const op of ['!=', '==', '='] as const) if (term.startsWith(op, i)) return { field: term.slice(0, i), op, rhs: term.slice(i + op.length) };
  }
  return undefined;
}

/**
 * fields.ParseSelector. Terms are sorted as raw text before parsing, so the canonical string is in
 * that order; empty terms (",,") are skipped, and a term with neither field nor value ("=") is
 * dropped. Any other operator ("a>b", "a!b") is "can't understand".
 */
export function parseFieldSelector(selector: string): Parsed<FieldSelector> {
  const terms: FieldTerm[] = [];
  for (const part of splitTerms(selector).sort(compareBytes)) {
    if (part === '') continue;
    const split = splitTerm(part);
    if (split === undefined) return { ok: false, error: `invalid selector: '${selector}'; can't understand '${part}'` };
    const value = unescapeFieldValue(split.rhs);
    if (!value.ok) return value;
    if (split.field === '' && value.value === '') continue;
    terms.push({ field: split.field, operator: split.op === '!=' ? '!=' : '=', value: value.value });
  }
  return { ok: true, value: { terms } };
}

/** A field the object does not have reads as "", so `f!=x` matches it and `f=` does too. */
export function matchesFields(selector: FieldSelector, fields: Fields): boolean {
  return selector.terms.every((t) => {
    const have = Object.hasOwn(fields, t.field) ? fields[t.field]! : '';
    return t.operator === '=' ? have === t.value : have !== t.value;
  });
}

export function fieldSelectorString(selector: FieldSelector): string {
  return selector.terms.map((t) => `${t.field}${t.operator}${escapeFieldValue(t.value)}`).join(',');
}

/** RequiresExactMatch: the value a selector pins a field to, which lets a list go straight to one key. */
export function fieldRequiresExactMatch(selector: FieldSelector, field: string): string | undefined {
  return selector.terms.find((t) => t.field === field && t.operator === '=')?.value;
}
