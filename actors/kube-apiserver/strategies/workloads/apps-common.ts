// What the apps/v1 kinds share: a required, non-empty selector that matches the template's labels
// (ValidatePodTemplateSpecForReplicaSet), the selector's immutability in apps/v1, status counters.

import { type FieldError, FieldPath, fieldError } from '../../../../protocols/kube/field-errors.ts';
import { isEmptySelector, labelSelectorAsSelector, matchesLabels, validateLabelSelector } from '../../../../protocols/kube/validation/index.ts';
import { goLabelSelector, goStringMap, invalidGo } from './go-syntax.ts';
import { type J, isSet, jsonEqual, rec, selectorObj, strMap } from './json.ts';
import { validatePodTemplateSpec } from './pod-validation.ts';

/**
 * The selector checks of Deployment, ReplicaSet and StatefulSet: required, valid, not empty.
 * Returns the selector's errors and whether it converts to a label selector.
 */
export function validateRequiredSelector(selector: unknown, path: FieldPath, emptyMessage: string): FieldError[] {
  if (!isSet(selector)) return [fieldError.required(path)];
  const sel = selectorObj(selector)!;
  const errs = validateLabelSelector(sel, path);
  if (Object.keys(sel.matchLabels ?? {}).length + (sel.matchExpressions?.length ?? 0) === 0) errs.push(invalidGo(path, goLabelSelector(sel), emptyMessage));
  return errs;
}

/**
 * "`selector` does not match template `labels`" when a non-empty selector misses the template's
 * labels. An absent selector selects nothing, so it never matches: Kubernetes then reports this
 * beside "spec.selector: Required value".
 */
export function selectorMatchesTemplate(selector: unknown, template: J, path: FieldPath): FieldError[] {
  const parsed = labelSelectorAsSelector(selectorObj(selector));
  if (!parsed.ok || isEmptySelector(parsed.value)) return [];
  const labels = strMap(rec(template.metadata).labels) ?? {};
  if (parsed.value.type !== 'nothing' && matchesLabels(parsed.value, labels)) return [];
  return [invalidGo(path.child('metadata', 'labels'), goStringMap(rec(template.metadata).labels), '`selector` does not match template `labels`')];
}

/** ValidatePodTemplateSpecForReplicaSet (Deployments and ReplicaSets); `kind` words the activeDeadlineSeconds message. */
export function validateTemplateForReplicaSet(spec: J, path: FieldPath): FieldError[] {
  const template = rec(spec.template);
  const parsed = labelSelectorAsSelector(selectorObj(spec.selector));
  if (!parsed.ok) return [invalidGo(path.child('selector'), goLabelSelector(spec.selector), 'invalid label selector')];
  const at = path.child('template');
  const errs = selectorMatchesTemplate(spec.selector, template, at);
  errs.push(...validatePodTemplateSpec(template, at));
  errs.push(...alwaysRestartNoDeadline(template, at, 'ReplicaSet'));
  return errs;
}

/** The template rules every controller of long-running pods adds: restartPolicy Always, no activeDeadlineSeconds. */
export function alwaysRestartNoDeadline(template: J, at: FieldPath, kind: string): FieldError[] {
  const spec = rec(template.spec);
  const errs: FieldError[] = [];
  if (spec.restartPolicy !== 'Always') errs.push(fieldError.notSupported(at.child('spec', 'restartPolicy'), spec.restartPolicy ?? '', ['Always']));
  if (isSet(spec.activeDeadlineSeconds)) errs.push(fieldError.forbidden(at.child('spec', 'activeDeadlineSeconds'), `activeDeadlineSeconds in ${kind} is not Supported`));
  return errs;
}

export const nonNegative = (v: unknown, path: FieldPath): FieldError[] => (typeof v === 'number' && v < 0 ? [fieldError.invalid(path, v, 'must be greater than or equal to 0')] : []);

/** apps/v1 forbids changing the selector (ValidateImmutableField in the strategies' ValidateUpdate). */
export function selectorImmutable(obj: J, old: J): FieldError[] {
  const next = rec(obj.spec).selector;
  const prev = rec(old.spec).selector;
  return jsonEqual(next, prev) ? [] : [invalidGo('spec.selector', goLabelSelector(next), 'field is immutable')];
}

/**
 * Status counters: `counted` may not be negative (in that order), `capped` may not exceed
 * status.replicas, and availableReplicas may not exceed readyReplicas (Deployment and ReplicaSet).
 */
export function validateReplicaStatus(status: J, counted: readonly string[], capped: readonly string[], path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  for (const f of counted) errs.push(...nonNegative(status[f], path.child(f)));
  if (isSet(status.collisionCount)) errs.push(...nonNegative(status.collisionCount, path.child('collisionCount')));
  for (const f of capped) {
    if ((status[f] ?? 0) > (status.replicas ?? 0)) errs.push(fieldError.invalid(path.child(f), status[f], 'cannot be greater than status.replicas'));
  }
  if ((status.availableReplicas ?? 0) > (status.readyReplicas ?? 0)) errs.push(fieldError.invalid(path.child('availableReplicas'), status.availableReplicas, 'cannot be greater than readyReplicas'));
  return errs;
}

/** IsDecremented on status.collisionCount. */
export function collisionCountNotDecremented(status: J, oldStatus: J): FieldError[] {
  const prev = oldStatus.collisionCount;
  if (!isSet(prev)) return [];
  const next = status.collisionCount;
  if (isSet(next) && next >= prev) return [];
  return [fieldError.invalid('status.collisionCount', next ?? 0, 'cannot be decremented')];
}
