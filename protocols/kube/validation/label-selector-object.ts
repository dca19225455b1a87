// metav1.LabelSelector objects (a Deployment's spec.selector, a NetworkPolicy's podSelector):
// their validation with field paths, and their conversion to a selector. The object types here
// are structural, so the Kubernetes object types elsewhere in protocols/kube fit them unchanged.

import { type FieldError, FieldPath, type PathLike, fieldError, goQuote } from '../field-errors.ts';
import { type LabelSelector, type Labels, type Parsed, type Requirement, compareBytes, everything, newRequirement, nothing, selectorOf } from './label-selector.ts';
import { isQualifiedName, isValidLabelValue } from './names.ts';

export interface LabelSelectorRequirementObject {
  readonly key: string;
  readonly operator: string;
  readonly values?: readonly string[] | null;
}

export interface LabelSelectorObject {
  readonly matchLabels?: Labels | null;
  readonly matchExpressions?: readonly LabelSelectorRequirementObject[] | null;
}

const OPERATORS: Readonly<Record<string, Requirement['operator']>> = { In: 'in', NotIn: 'notin', Exists: 'exists', DoesNotExist: '!' };

/** ValidateLabelName: each message of the qualified-name check at the key's path. */
export function validateLabelName(name: string, path: PathLike): FieldError[] {
  return isQualifiedName(name).map((msg) => fieldError.invalid(path, name, msg));
}

/**
 * ValidateLabels (metadata.labels, matchLabels). Errors name the map, not the entry: Kubernetes
 * reports "metadata.labels: Invalid value: ..." with the bad key or value as the value.
 */
export function validateLabels(labels: Labels | null | undefined, path: PathLike): FieldError[] {
  const errs: FieldError[] = [];
  for (const k of Object.keys(labels ?? {}).sort(compareBytes)) {
    errs.push(...validateLabelName(k, path));
    for (const msg of isValidLabelValue(labels![k]!)) errs.push(fieldError.invalid(path, labels![k]!, msg));
  }
  return errs;
}

/** ValidateLabelSelectorRequirement, with the value checks Kubernetes applies to new objects. */
export function validateLabelSelectorRequirement(sr: LabelSelectorRequirementObject, path: PathLike): FieldError[] {
  const at = FieldPath.of(path);
  const errs: FieldError[] = [];
  const values = sr.values ?? [];
  switch (sr.operator) {
    case 'In':
    case 'NotIn':
      if (values.length === 0) errs.push(fieldError.required(at.child('values'), "must be specified when `operator` is 'In' or 'NotIn'"));
      break;
    case 'Exists':
    case 'DoesNotExist':
      if (values.length > 0) errs.push(fieldError.forbidden(at.child('values'), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
      break;
    default:
      errs.push(fieldError.invalid(at.child('operator'), sr.operator, 'not a valid selector operator'));
  }
  errs.push(...validateLabelName(sr.key, at.child('key')));
  values.forEach((v, i) => {
    for (const msg of isValidLabelValue(v)) errs.push(fieldError.invalid(at.child('values').index(i), v, msg));
  });
  return errs;
}

/** ValidateLabelSelector: an absent selector is valid here; whether a kind requires one is the kind's rule. */
export function validateLabelSelector(ps: LabelSelectorObject | null | undefined, path: PathLike): FieldError[] {
  if (ps === null || ps === undefined) return [];
  const at = FieldPath.of(path);
  const errs = validateLabels(ps.matchLabels, at.child('matchLabels'));
  (ps.matchExpressions ?? []).forEach((expr, i) => errs.push(...validateLabelSelectorRequirement(expr, at.child('matchExpressions').index(i))));
  return errs;
}

/**
 * metav1.LabelSelectorAsSelector. An absent selector selects nothing and an empty one ({})
 * everything: a PodDisruptionBudget or a Deployment with `selector: {}` covers every pod of the
 * namespace, one without a selector none. matchLabels become key=value requirements, visited in
 * key order so the first error reported is the same on every run (Go's map order is random).
 */
export function labelSelectorAsSelector(ps: LabelSelectorObject | null | undefined): Parsed<LabelSelector> {
  if (ps === null || ps === undefined) return { ok: true, value: nothing() };
  const matchLabels = ps.matchLabels ?? {};
  const expressions = ps.matchExpressions ?? [];
  if (Object.keys(matchLabels).length + expressions.length === 0) return { ok: true, value: everything() };
  const requirements: Requirement[] = [];
  for (const k of Object.keys(matchLabels).sort(compareBytes)) {
    const r = newRequirement(k, '=', [matchLabels[k]!]);
    if (!r.ok) return r;
    requirements.push(r.value);
  }
  for (const expr of expressions) {
    const op = Object.hasOwn(OPERATORS, expr.operator) ? OPERATORS[expr.operator] : undefined;
    if (op === undefined) return { ok: false, error: `${goQuote(expr.operator)} is not a valid label selector operator` };
    const r = newRequirement(expr.key, op, expr.values ?? []);
    if (!r.ok) return r;
    requirements.push(r.value);
  }
  return { ok: true, value: selectorOf(requirements) };
}
