// The scheduling parts of a pod spec: tolerations, node and pod (anti-)affinity, topology spread
// constraints (ValidateTolerations, validateAffinity, validateTopologySpreadConstraints).

import { type FieldError, FieldPath, fieldError } from '../../../../protocols/kube/field-errors.ts';
import { isDNS1123Label, isValidLabelValue, validateLabelName, validateLabelSelector } from '../../../../protocols/kube/validation/index.ts';
import { type J, isSet, list, rec, str, strs, selectorObj } from './json.ts';
import { CleanMemo } from './clean-memo.ts';

const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];
const TOLERATION_OPERATORS = ['Equal', 'Exists'];

const CLEAN_TOLERATIONS = new CleanMemo();

/** ValidateTolerations; `memo`: the toleration lists that validated clean before (null: validate). */
export function validateTolerations(tolerations: unknown, path: FieldPath, memo: CleanMemo | null = CLEAN_TOLERATIONS): FieldError[] {
  return memo === null ? tolerationErrors(tolerations, path) : memo.check(tolerations, () => tolerationErrors(tolerations, path));
}

function tolerationErrors(tolerations: unknown, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  list(tolerations).forEach((t, i) => {
    const at = path.index(i);
    const key = str(t.key);
    const op = str(t.operator);
    const effect = str(t.effect);
    if (key !== '') errs.push(...validateLabelName(key, at.child('key')));
    if (key === '' && op !== 'Exists') errs.push(fieldError.invalid(at.child('operator'), op, 'operator must be Exists when `key` is empty, which means "match all values and all keys"'));
    if (isSet(t.tolerationSeconds) && effect !== 'NoExecute') errs.push(fieldError.invalid(at.child('effect'), effect, "effect must be 'NoExecute' when `tolerationSeconds` is set"));
    switch (op) {
      case 'Equal':
      case '': {
        const msgs = isValidLabelValue(str(t.value));
        if (msgs.length > 0) errs.push(fieldError.invalid(at.child('operator'), str(t.value), msgs.join(';')));
        break;
      }
      case 'Exists':
        if (str(t.value) !== '') errs.push(fieldError.invalid(at.child('operator'), t.value, "value must be empty when `operator` is 'Exists'"));
        break;
      default:
        errs.push(fieldError.notSupported(at.child('operator'), op, TOLERATION_OPERATORS));
    }
    if (effect !== '' && !TAINT_EFFECTS.includes(effect)) errs.push(fieldError.notSupported(at.child('effect'), effect, TAINT_EFFECTS));
  });
  return errs;
}

function validateNodeSelectorRequirement(r: J, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const values = strs(r.values);
  switch (r.operator) {
    case 'In':
    case 'NotIn':
      if (values.length === 0) errs.push(fieldError.required(path.child('values'), "must be specified when `operator` is 'In' or 'NotIn'"));
      break;
    case 'Exists':
    case 'DoesNotExist':
      if (values.length > 0) errs.push(fieldError.forbidden(path.child('values'), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
      break;
    case 'Gt':
    case 'Lt':
      if (values.length !== 1) errs.push(fieldError.required(path.child('values'), "must be specified single value when `operator` is 'Lt' or 'Gt'"));
      break;
    default:
      errs.push(fieldError.invalid(path.child('operator'), r.operator ?? '', 'not a valid selector operator'));
  }
  errs.push(...validateLabelName(str(r.key), path.child('key')));
  values.forEach((v, i) => errs.push(...isValidLabelValue(v).map((m) => fieldError.invalid(path.child('values').index(i), v, m))));
  return errs;
}

function validateNodeFieldRequirement(r: J, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  if (r.operator === 'In' || r.operator === 'NotIn') {
    if (strs(r.values).length !== 1) errs.push(fieldError.required(path.child('values'), "must be only one value when `operator` is 'In' or 'NotIn' for node field selector"));
  } else errs.push(fieldError.invalid(path.child('operator'), r.operator ?? '', 'not a valid selector operator'));
  if (r.key !== 'metadata.name') errs.push(fieldError.invalid(path.child('key'), r.key ?? '', 'not a valid field selector key'));
  return errs;
}

function validateNodeSelectorTerm(term: J, path: FieldPath): FieldError[] {
  return [
    ...list(term.matchExpressions).flatMap((r, j) => validateNodeSelectorRequirement(r, path.child('matchExpressions').index(j))),
    ...list(term.matchFields).flatMap((r, j) => validateNodeFieldRequirement(r, path.child('matchFields').index(j))),
  ];
}

const validWeight = (w: unknown, path: FieldPath): FieldError[] => (typeof w === 'number' && w > 0 && w <= 100 ? [] : [fieldError.invalid(path, w ?? 0, 'must be in the range 1-100')]);

function validateNodeAffinity(na: J, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  if (isSet(na.requiredDuringSchedulingIgnoredDuringExecution)) {
    const at = path.child('requiredDuringSchedulingIgnoredDuringExecution', 'nodeSelectorTerms');
    const terms = list(na.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms);
    if (terms.length === 0) errs.push(fieldError.required(at, 'must have at least one node selector term'));
    terms.forEach((term, i) => errs.push(...validateNodeSelectorTerm(term, at.index(i))));
  }
  list(na.preferredDuringSchedulingIgnoredDuringExecution).forEach((p, i) => {
    const at = path.child('preferredDuringSchedulingIgnoredDuringExecution').index(i);
    errs.push(...validWeight(p.weight, at.child('weight')), ...validateNodeSelectorTerm(rec(p.preference), at.child('preference')));
  });
  return errs;
}

function validatePodAffinityTerm(term: J, path: FieldPath): FieldError[] {
  const errs = [...validateLabelSelector(selectorObj(term.labelSelector), path.child('labelSelector')), ...validateLabelSelector(selectorObj(term.namespaceSelector), path.child('namespaceSelector'))];
  for (const ns of strs(term.namespaces)) errs.push(...isDNS1123Label(ns).map((m) => fieldError.invalid(path.child('namespace'), ns, m)));
  if (str(term.topologyKey) === '') errs.push(fieldError.required(path.child('topologyKey'), 'can not be empty'));
  errs.push(...validateLabelName(str(term.topologyKey), path.child('topologyKey')));
  return errs;
}

function validatePodAffinity(pa: J, path: FieldPath): FieldError[] {
  return [
    ...list(pa.requiredDuringSchedulingIgnoredDuringExecution).flatMap((t, i) => validatePodAffinityTerm(t, path.child('requiredDuringSchedulingIgnoredDuringExecution').index(i))),
    ...list(pa.preferredDuringSchedulingIgnoredDuringExecution).flatMap((w, i) => {
      const at = path.child('preferredDuringSchedulingIgnoredDuringExecution').index(i);
      return [...validWeight(w.weight, at.child('weight')), ...validatePodAffinityTerm(rec(w.podAffinityTerm), at.child('podAffinityTerm'))];
    }),
  ];
}

/** validateAffinity. */
export function validateAffinity(affinity: unknown, path: FieldPath): FieldError[] {
  if (!isSet(affinity)) return [];
  const a = rec(affinity);
  return [
    ...(isSet(a.nodeAffinity) ? validateNodeAffinity(rec(a.nodeAffinity), path.child('nodeAffinity')) : []),
    ...(isSet(a.podAffinity) ? validatePodAffinity(rec(a.podAffinity), path.child('podAffinity')) : []),
    ...(isSet(a.podAntiAffinity) ? validatePodAffinity(rec(a.podAntiAffinity), path.child('podAntiAffinity')) : []),
  ];
}

const WHEN_UNSATISFIABLE = ['DoNotSchedule', 'ScheduleAnyway'];
const NODE_INCLUSION_POLICIES = ['Honor', 'Ignore'];

/** validateTopologySpreadConstraints: the essentials (skew, key, action, no repeated pair). */
export function validateTopologySpreadConstraints(constraints: unknown, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const all = list(constraints);
  all.forEach((c, i) => {
    const at = path.index(i);
    if (!(typeof c.maxSkew === 'number' && c.maxSkew > 0)) errs.push(fieldError.invalid(at.child('maxSkew'), c.maxSkew ?? 0, 'must be greater than zero'));
    if (str(c.topologyKey) === '') errs.push(fieldError.required(at.child('topologyKey'), 'can not be empty'));
    if (!WHEN_UNSATISFIABLE.includes(str(c.whenUnsatisfiable))) errs.push(fieldError.notSupported(at.child('whenUnsatisfiable'), c.whenUnsatisfiable ?? '', WHEN_UNSATISFIABLE));
    if (all.slice(i + 1).some((o) => o.topologyKey === c.topologyKey && o.whenUnsatisfiable === c.whenUnsatisfiable)) {
      errs.push(fieldError.duplicate(at.child('{topologyKey, whenUnsatisfiable}'), `{${str(c.topologyKey)}, ${str(c.whenUnsatisfiable)}}`));
    }
    if (isSet(c.minDomains)) {
      if (!(typeof c.minDomains === 'number' && c.minDomains > 0)) errs.push(fieldError.invalid(at.child('minDomains'), c.minDomains, 'must be greater than zero'));
      if (c.whenUnsatisfiable !== 'DoNotSchedule') errs.push(fieldError.invalid(at.child('minDomains'), c.minDomains, `can only use minDomains if whenUnsatisfiable=DoNotSchedule, not ${str(c.whenUnsatisfiable)}`));
    }
    for (const policy of ['nodeAffinityPolicy', 'nodeTaintsPolicy']) {
      if (isSet(c[policy]) && !NODE_INCLUSION_POLICIES.includes(str(c[policy]))) errs.push(fieldError.notSupported(at.child(policy), c[policy], NODE_INCLUSION_POLICIES));
    }
    errs.push(...validateLabelSelector(selectorObj(c.labelSelector), at.child('labelSelector')));
  });
  return errs;
}
