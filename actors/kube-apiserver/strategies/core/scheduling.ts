// coordination.k8s.io/v1 Lease and scheduling.k8s.io/v1 PriorityClass (ValidateLease,
// ValidatePriorityClass): a lease's duration and transitions; a priority class's reserved
// "system-" names, user ceiling, immutable value and preemptionPolicy.

import { type FieldError, fieldError } from '../../../../protocols/kube/field-errors.ts';
import type { KubeObject, Lease, PriorityClass } from '../../../../protocols/kube/objects.ts';
import { nameIsDNSSubdomain } from '../../../../protocols/kube/validation/index.ts';
import { genericStrategy } from '../generic.ts';
import { IS_NEGATIVE, validateImmutableField } from '../meta.ts';
import type { Strategy } from '../types.ts';
import { optionalEnum, view } from './fields.ts';

export function validateLease(obj: KubeObject): FieldError[] {
  const spec = view<Lease>(obj).spec ?? {};
  const errs: FieldError[] = [];
  if (spec.leaseDurationSeconds !== undefined && spec.leaseDurationSeconds <= 0) errs.push(fieldError.invalid('spec.leaseDurationSeconds', spec.leaseDurationSeconds, 'must be greater than 0'));
  if (spec.leaseTransitions !== undefined && spec.leaseTransitions < 0) errs.push(fieldError.invalid('spec.leaseTransitions', spec.leaseTransitions, IS_NEGATIVE));
  const s = spec as { strategy?: string; preferredHolder?: string };
  if (s.strategy !== undefined) errs.push(...optionalEnum('spec.strategy', s.strategy, ['OldestEmulationVersion']));
  if (s.preferredHolder !== undefined && s.preferredHolder !== '' && (s.strategy ?? '') === '') errs.push(fieldError.forbidden('spec.preferredHolder', 'preferredHolder can only be set if strategy is set'));
  return errs;
}

// Every node renews its Lease every 10 s, and leader election every 2 s: such a renewal starts
// from the watch cache's copy, which nothing of a Lease's update changes or takes parts of.
export const leaseStrategy: Strategy = { ...genericStrategy(false), nameValidator: nameIsDNSSubdomain, validate: validateLease, validateUpdate: validateLease, updateLeavesOldAlone: true };

export const HIGHEST_USER_DEFINABLE_PRIORITY = 1_000_000_000;
/** The built-in classes; only they may carry the "system-" prefix. */
export const SYSTEM_PRIORITY_CLASSES: Readonly<Record<string, number>> = { 'system-node-critical': 2_000_001_000, 'system-cluster-critical': 2_000_000_000 };

function systemClassError(name: string, value: number, globalDefault: boolean): string | undefined {
  const want = SYSTEM_PRIORITY_CLASSES[name];
  if (want === undefined) return `${name} is not a known system priority class`;
  if (want !== value) return `value of ${name} PriorityClass must be ${want}`;
  if (globalDefault) return `globalDefault of ${name} PriorityClass must be false`;
  return undefined;
}

export function validatePriorityClass(obj: KubeObject): FieldError[] {
  const pc = view<PriorityClass>(obj);
  const name = obj.metadata.name ?? '';
  const value = pc.value ?? 0;
  const errs: FieldError[] = [];
  if (name.startsWith('system-')) {
    const err = systemClassError(name, value, pc.globalDefault ?? false);
    if (err !== undefined) errs.push(fieldError.forbidden('metadata.name', `priority class names with 'system-' prefix are reserved for system use only. error: ${err}`));
  } else if (value > HIGHEST_USER_DEFINABLE_PRIORITY) errs.push(fieldError.forbidden('value', `maximum allowed value of a user defined priority is ${HIGHEST_USER_DEFINABLE_PRIORITY}`));
  if (pc.preemptionPolicy !== undefined) errs.push(...optionalEnum('preemptionPolicy', pc.preemptionPolicy, ['Never', 'PreemptLowerPriority']));
  return errs;
}

export const priorityClassStrategy: Strategy = {
  ...genericStrategy(false),
  nameValidator: nameIsDNSSubdomain,
  defaults(obj) {
    (obj as KubeObject & { preemptionPolicy?: string }).preemptionPolicy ??= 'PreemptLowerPriority';
    return obj;
  },
  validate: validatePriorityClass,
  validateUpdate(obj, old) {
    const pc = view<PriorityClass>(obj);
    const was = view<PriorityClass>(old);
    const errs: FieldError[] = [];
    if (pc.value !== was.value) errs.push(fieldError.forbidden('value', 'may not be changed in an update.'));
    errs.push(...validateImmutableField(pc.preemptionPolicy, was.preemptionPolicy, 'preemptionPolicy'));
    return errs;
  },
};
