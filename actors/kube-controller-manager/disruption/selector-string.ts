// A LabelSelector as Go's %v prints the generated type, for the UnmanagedPods event's message:
// `&LabelSelector{MatchLabels:map[string]string{app: web,},MatchExpressions:[]LabelSelectorRequirement{},}`.

import type { LabelSelectorObject } from '../../../protocols/kube/validation/index.ts';

export function selectorString(s: LabelSelectorObject | null | undefined): string {
  if (s === null || s === undefined) return 'nil';
  const labels = s.matchLabels ?? {};
  const keys = Object.keys(labels).sort();
  const matchLabels = `map[string]string{${keys.map((k) => `${k}: ${labels[k]},`).join('')}}`;
  const exprs = (s.matchExpressions ?? []).map((e) => `LabelSelectorRequirement{Key:${e.key},Operator:${e.operator},Values:[${(e.values ?? []).join(' ')}],},`).join('');
  return `&LabelSelector{MatchLabels:${matchLabels},MatchExpressions:[]LabelSelectorRequirement{${exprs}},}`;
}
