// policy/v1 PodDisruptionBudgets: ValidatePodDisruptionBudgetSpec (minAvailable xor
// maxUnavailable, each a non-negative int or a percentage up to 100%, a valid selector, the
// unhealthy-pod eviction policy) and the status counters. policy/v1 has no defaults.

import { type FieldError, FieldPath, fieldError } from '../../../../protocols/kube/field-errors.ts';
import { validateLabelSelector } from '../../../../protocols/kube/validation/index.ts';
import { genericStrategy } from '../generic.ts';
import type { Strategy } from '../types.ts';
import { nonNegative } from './apps-common.ts';
import { isNotMoreThan100Percent, validatePositiveIntOrPercent } from './int-or-percent.ts';
import { type J, isSet, rec, selectorObj } from './json.ts';

const EVICTION_POLICIES = ['AlwaysAllow', 'IfHealthyBudget'];

export function validatePDBSpec(spec: J, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  // Kubernetes prints the whole spec struct here (with pointer addresses); the JSON spec stands in.
  if (isSet(spec.minAvailable) && isSet(spec.maxUnavailable)) errs.push(fieldError.invalid(path, spec, 'minAvailable and maxUnavailable cannot be both set'));
  for (const f of ['minAvailable', 'maxUnavailable']) {
    if (isSet(spec[f])) errs.push(...validatePositiveIntOrPercent(spec[f], path.child(f)), ...isNotMoreThan100Percent(spec[f], path.child(f)));
  }
  errs.push(...validateLabelSelector(selectorObj(spec.selector), path.child('selector')));
  if (isSet(spec.unhealthyPodEvictionPolicy) && !EVICTION_POLICIES.includes(spec.unhealthyPodEvictionPolicy)) {
    errs.push(fieldError.notSupported(path.child('unhealthyPodEvictionPolicy'), spec.unhealthyPodEvictionPolicy, EVICTION_POLICIES));
  }
  return errs;
}

const base = genericStrategy(true);

export const pdbStrategy: Strategy = {
  ...base,
  validate: (obj) => validatePDBSpec(rec(obj.spec), FieldPath.root('spec')),
  validateUpdate: (obj) => validatePDBSpec(rec(obj.spec), FieldPath.root('spec')),
  status: {
    prepareForUpdate: base.status!.prepareForUpdate,
    validateUpdate: (obj) => ['disruptionsAllowed', 'currentHealthy', 'desiredHealthy', 'expectedPods'].flatMap((f) => nonNegative(rec(obj.status)[f], FieldPath.root('status', f))),
  },
};
