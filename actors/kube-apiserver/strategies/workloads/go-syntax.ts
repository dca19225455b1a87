// Values Kubernetes prints with Go's %#v in its messages (a label map, an IntOrString, a
// LabelSelector): "spec.selector: Invalid value: v1.LabelSelector{MatchLabels:...}: field is
// immutable". A FieldError carries them as `{ goSyntax }`, which the formatter is to print as it
// stands (the change protocols/kube/field-errors.ts needs is in the branch's report).

import { goQuote } from '../../../../protocols/kube/field-errors.ts';
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
