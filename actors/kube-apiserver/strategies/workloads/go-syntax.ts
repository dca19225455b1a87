// Values Kubernetes prints with Go's %#v in its messages (a label map, an IntOrString, a
// LabelSelector): "spec.selector: Invalid value: v1.LabelSelector{MatchLabels:...}: field is
// immutable". These build the Go text; the errors carry it in their detail (see invalidGo), which
// the formatter prints verbatim.

import { type FieldError, type PathLike, fieldError, goQuote } from '../../../../protocols/kube/field-errors.ts';
import { type J, isSet, list, rec, strs } from './json.ts';

export interface GoSyntax {
  readonly goSyntax: string;
}

const goMap = (m: unknown): string => {
  if (!isSet(m)) return 'map[string]string(nil)';
  const r = rec(m);
  return `map[string]string{${Object.keys(r)
    .sort()
    .map((k) => `${goQuote(k)}:${goQuote(String(r[k]))}`)
    .join(', ')}}`;
};

const goStrings = (v: unknown): string => (isSet(v) ? `[]string{${strs(v).map(goQuote).join(', ')}}` : '[]string(nil)');

/** `map[string]string{"app":"web", "tier":"db"}`, keys sorted as Go's fmt sorts them; nil as Go prints it. */
export const goStringMap = (m: unknown): GoSyntax => ({ goSyntax: goMap(m) });

/** `intstr.IntOrString{Type:1, IntVal:0, StrVal:"25%"}`; an absent value is the zero struct. */
export function goIntOrString(v: unknown): GoSyntax {
  if (typeof v === 'string') return { goSyntax: `intstr.IntOrString{Type:1, IntVal:0, StrVal:${goQuote(v)}}` };
  return { goSyntax: `intstr.IntOrString{Type:0, IntVal:${typeof v === 'number' ? v : 0}, StrVal:""}` };
}

/** A metav1.LabelSelector as %#v prints the dereferenced pointer. */
export function goLabelSelector(sel: unknown): GoSyntax {
  const s: J = rec(sel);
  const exprs = isSet(s.matchExpressions)
    ? `[]v1.LabelSelectorRequirement{${list(s.matchExpressions)
        .map((e) => `v1.LabelSelectorRequirement{Key:${goQuote(String(e.key ?? ''))}, Operator:${goQuote(String(e.operator ?? ''))}, Values:${goStrings(e.values)}}`)
        .join(', ')}}`
    : '[]v1.LabelSelectorRequirement(nil)';
  return { goSyntax: `v1.LabelSelector{MatchLabels:${goMap(s.matchLabels)}, MatchExpressions:${exprs}}` };
}

/**
 * An Invalid error whose value Kubernetes prints with %#v. The formatter prints an error without a
 * value as "Invalid value: <detail>", so the Go text leads the detail and the message reads
 * exactly as Kubernetes' ("Invalid value: map[string]string{...}: `selector` does not match...").
 */
export function invalidGo(path: PathLike, value: GoSyntax, detail: string): FieldError {
  const { badValue: _shownInDetail, ...rest } = fieldError.invalid(path, null, detail === '' ? value.goSyntax : `${value.goSyntax}: ${detail}`);
  return rest;
}

/** NotSupported with a %#v value, built as invalidGo is. */
export function notSupportedGo(path: PathLike, value: GoSyntax, supported: readonly string[]): FieldError {
  const { badValue: _shownInDetail, detail, ...rest } = fieldError.notSupported(path, null, supported);
  return { ...rest, detail: `${value.goSyntax}: ${detail}` };
}
