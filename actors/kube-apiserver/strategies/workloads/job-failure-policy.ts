// A Job's podFailurePolicy (validatePodFailurePolicy and its rule checks, GA since 1.31): at most
// 20 rules, each with a supported action and exactly one of onExitCodes / onPodConditions.

import { type FieldError, FieldPath, fieldError, goQuote } from '../../../../protocols/kube/field-errors.ts';
import { isQualifiedName } from '../../../../protocols/kube/validation/index.ts';
import { type J, isSet, list, rec, str } from './json.ts';
import { invalidGo } from './go-syntax.ts';

const ACTIONS = ['Count', 'FailIndex', 'FailJob', 'Ignore'];
const OPERATORS = ['In', 'NotIn'];
const STATUSES = ['False', 'True', 'Unknown'];
const MAX_RULES = 20;
const MAX_VALUES = 255;
const MAX_PATTERNS = 20;

/** Go's %q of a []string: `["In" "NotIn"]`. */
const goQuotedList = (values: readonly string[]): string => `[${values.map(goQuote).join(' ')}]`;
/** Go's %#v of an []int32. */
const goInt32s = (v: unknown): { goSyntax: string } => ({ goSyntax: Array.isArray(v) ? `[]int32{${v.join(', ')}}` : '[]int32(nil)' });

/** An Invalid error whose value Kubernetes leaves out (field.OmitValueType). */
function invalidNoValue(path: FieldPath, detail: string): FieldError {
  const { badValue: _omitted, ...rest } = fieldError.invalid(path, null, detail);
  return rest;
}

function validateOnExitCodes(req: J, path: FieldPath, containers: ReadonlySet<string>): FieldError[] {
  const errs: FieldError[] = [];
  const op = str(req.operator);
  if (op === '') errs.push(fieldError.required(path.child('operator'), `valid values: ${goQuotedList(OPERATORS)}`));
  else if (!OPERATORS.includes(op)) errs.push(fieldError.notSupported(path.child('operator'), op, OPERATORS));
  if (isSet(req.containerName) && !containers.has(str(req.containerName))) {
    errs.push(fieldError.invalid(path.child('containerName'), str(req.containerName), 'must be one of the container or initContainer names in the pod template'));
  }
  const valuesPath = path.child('values');
  const values = Array.isArray(req.values) ? (req.values as unknown[]) : [];
  if (values.length === 0) errs.push(invalidGo(valuesPath, goInt32s(req.values), 'at least one value is required'));
  else if (values.length > MAX_VALUES) errs.push(fieldError.tooMany(valuesPath, values.length, MAX_VALUES));
  const seen = new Set<unknown>();
  let ordered = true;
  values.forEach((v, j) => {
    if (op === 'In' && v === 0) errs.push(fieldError.invalid(valuesPath.index(j), v, 'must not be 0 for the In operator'));
    if (seen.has(v)) errs.push(fieldError.duplicate(valuesPath.index(j), v));
    else seen.add(v);
    if (j > 0 && (values[j - 1] as number) > (v as number)) ordered = false;
  });
  if (!ordered) errs.push(invalidGo(valuesPath, goInt32s(values), 'must be ordered'));
  return errs;
}

function validateOnPodConditions(patterns: J[], path: FieldPath): FieldError[] {
  const errs = patterns.length > MAX_PATTERNS ? [fieldError.tooMany(path, patterns.length, MAX_PATTERNS)] : [];
  patterns.forEach((p, j) => {
    const at = path.index(j);
    errs.push(...isQualifiedName(str(p.type)).map((m) => fieldError.invalid(at.child('type'), str(p.type), m)));
    const status = str(p.status);
    if (status === '') errs.push(fieldError.required(at.child('status'), `valid values: ${goQuotedList(STATUSES)}`));
    else if (!STATUSES.includes(status)) errs.push(fieldError.notSupported(at.child('status'), status, STATUSES));
  });
  return errs;
}

/** validatePodFailurePolicy for a Job spec (its template names the containers rules may name). */
export function validatePodFailurePolicy(spec: J, path: FieldPath): FieldError[] {
  const rules = list(rec(spec.podFailurePolicy).rules);
  const rulesPath = path.child('rules');
  const errs = rules.length > MAX_RULES ? [fieldError.tooMany(rulesPath, rules.length, MAX_RULES)] : [];
  const podSpec = rec(rec(spec.template).spec);
  const containers = new Set([...list(podSpec.containers), ...list(podSpec.initContainers)].map((c) => str(c.name)));
  rules.forEach((rule, i) => {
    const at = rulesPath.index(i);
    const action = str(rule.action);
    if (action === '') errs.push(fieldError.required(at.child('action'), `valid values: ${goQuotedList(ACTIONS)}`));
    else if (action === 'FailIndex') {
      if (!isSet(spec.backoffLimitPerIndex)) errs.push(fieldError.invalid(at.child('action'), action, 'requires the backoffLimitPerIndex to be set'));
    } else if (!ACTIONS.includes(action)) errs.push(fieldError.notSupported(at.child('action'), action, ACTIONS));
    const patterns = list(rule.onPodConditions);
    if (isSet(rule.onExitCodes)) errs.push(...validateOnExitCodes(rec(rule.onExitCodes), at.child('onExitCodes'), containers));
    if (patterns.length > 0) errs.push(...validateOnPodConditions(patterns, at.child('onPodConditions')));
    if (isSet(rule.onExitCodes) && patterns.length > 0) errs.push(invalidNoValue(at, 'specifying both OnExitCodes and OnPodConditions is not supported'));
    if (!isSet(rule.onExitCodes) && patterns.length === 0) errs.push(invalidNoValue(at, 'specifying one of OnExitCodes and OnPodConditions is required'));
  });
  return errs;
}
