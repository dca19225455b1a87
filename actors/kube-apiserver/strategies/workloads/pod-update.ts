// What an update may change in a Pod (ValidatePodUpdate) and in its status
// (ValidatePodStatusUpdate). The spec is immutable but for images, activeDeadlineSeconds (only
// down), tolerations (only additions), scheduling gates (only removals) and a negative grace
// period going to 1; anything else is one Forbidden error on `spec` carrying a diff.

import { type FieldError, FieldPath, fieldError } from '../../../../protocols/kube/field-errors.ts';
import { inclusiveRangeError, isDNS1123Subdomain } from '../../../../protocols/kube/validation/index.ts';
import { type J, isSet, jsonEqual, list, rec, str } from './json.ts';
import { MIRROR_POD_ANNOTATION, validatePodMetadataAndSpec } from './pod-validation.ts';
import { validateTolerations } from './scheduling-validation.ts';

export const UPDATABLE_POD_SPEC_FIELDS =
  '`spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)';

const MAX_INT32 = 2147483647;

function validateContainerUpdates(next: J[], prev: J[], path: FieldPath): { errs: FieldError[]; stop: boolean } {
  if (next.length !== prev.length) return { errs: [fieldError.forbidden(path, 'pod updates may not add or remove containers')], stop: true };
  const errs: FieldError[] = [];
  next.forEach((c, i) => {
    const image = str(c.image);
    if (image === '') errs.push(fieldError.required(path.index(i).child('image')));
    if (image.trim() !== image) errs.push(fieldError.invalid(path.index(i).child('image'), image, 'must not have leading or trailing whitespace'));
  });
  return { errs, stop: false };
}

function validateOnlyAddedTolerations(next: unknown, prev: unknown, path: FieldPath): FieldError[] {
  for (const old of list(prev)) {
    if (!list(next).some((t) => jsonEqual({ ...old, tolerationSeconds: t.tolerationSeconds }, t))) {
      return [fieldError.forbidden(path, 'existing toleration can not be modified except its tolerationSeconds')];
    }
  }
  return validateTolerations(next, path);
}

function validateOnlyDeletedSchedulingGates(next: unknown, prev: unknown, path: FieldPath): FieldError[] {
  const old = new Set(list(prev).map((g) => str(g.name)));
  const errs: FieldError[] = [];
  list(next).forEach((g, i) => {
    if (!old.has(str(g.name))) errs.push(fieldError.forbidden(path.index(i).child('name'), `only deletion is allowed, but found new scheduling gate '${str(g.name)}'`));
  });
  return errs;
}

/** A JSON diff of two specs, one `-`/`+` pair per changed leaf (Kubernetes prints go-cmp's diff of its Go structs). */
export function specDiff(prev: unknown, next: unknown): string {
  const lines: string[] = [];
  const walk = (a: unknown, b: unknown, at: string): void => {
    if (jsonEqual(a, b)) return;
    const bothObjects = a !== null && b !== null && typeof a === 'object' && typeof b === 'object' && Array.isArray(a) === Array.isArray(b);
    if (bothObjects) {
      const keys = Array.isArray(a) ? [...Array(Math.max(a.length, (b as unknown[]).length)).keys()].map(String) : [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
      for (const k of keys) walk((a as J)[k], (b as J)[k], Array.isArray(a) ? `${at}[${k}]` : at === '' ? k : `${at}.${k}`);
      return;
    }
    if (a !== undefined) lines.push(`- \t${at}: ${JSON.stringify(a)}`);
    if (b !== undefined) lines.push(`+ \t${at}: ${JSON.stringify(b)}`);
  };
  walk(prev, next, '');
  return ['  core.PodSpec{', ...lines, '  }', ''].join('\n');
}

/** ValidatePodUpdate without ObjectMeta (the pipeline's). */
export function validatePodUpdate(pod: J, old: J): FieldError[] {
  const spec = rec(pod.spec);
  const oldSpec = rec(old.spec);
  const specPath = FieldPath.root('spec');
  const errs = validatePodMetadataAndSpec(pod);
  const annPath = FieldPath.root('metadata', 'annotations');
  const oldAnn = rec(old.metadata?.annotations);
  const newAnn = rec(pod.metadata?.annotations);
  if (Object.hasOwn(oldAnn, MIRROR_POD_ANNOTATION) && newAnn[MIRROR_POD_ANNOTATION] !== oldAnn[MIRROR_POD_ANNOTATION]) {
    errs.push(fieldError.forbidden(annPath.key(MIRROR_POD_ANNOTATION), 'may not remove or update mirror pod annotation'));
  }
  if (!Object.hasOwn(oldAnn, MIRROR_POD_ANNOTATION) && Object.hasOwn(newAnn, MIRROR_POD_ANNOTATION)) {
    errs.push(fieldError.forbidden(annPath.key(MIRROR_POD_ANNOTATION), 'may not add mirror pod annotation'));
  }
  for (const kind of ['containers', 'initContainers']) {
    const r = validateContainerUpdates(list(spec[kind]), list(oldSpec[kind]), specPath.child(kind));
    errs.push(...r.errs);
    if (r.stop) return errs;
  }
  const ads = specPath.child('activeDeadlineSeconds');
  if (isSet(spec.activeDeadlineSeconds)) {
    const v = spec.activeDeadlineSeconds;
    if (v < 0 || v > MAX_INT32) return [...errs, fieldError.invalid(ads, v, inclusiveRangeError(0, MAX_INT32))];
    if (isSet(oldSpec.activeDeadlineSeconds) && oldSpec.activeDeadlineSeconds < v) return [...errs, fieldError.invalid(ads, v, 'must be less than or equal to previous value')];
  } else if (isSet(oldSpec.activeDeadlineSeconds)) {
    errs.push(fieldError.invalid(ads, null, 'must not update from a positive integer to nil value'));
  }
  errs.push(...validateOnlyAddedTolerations(spec.tolerations, oldSpec.tolerations, specPath.child('tolerations')));
  errs.push(...validateOnlyDeletedSchedulingGates(spec.schedulingGates, oldSpec.schedulingGates, specPath.child('schedulingGates')));
  if (jsonEqual(spec, oldSpec)) return errs;
  const munged: J = structuredClone(spec);
  for (const kind of ['containers', 'initContainers']) list(munged[kind]).forEach((c, i) => (c.image = list(oldSpec[kind])[i]!.image));
  munged.activeDeadlineSeconds = oldSpec.activeDeadlineSeconds;
  munged.schedulingGates = oldSpec.schedulingGates;
  munged.tolerations = oldSpec.tolerations;
  if (typeof oldSpec.terminationGracePeriodSeconds === 'number' && oldSpec.terminationGracePeriodSeconds < 0 && munged.terminationGracePeriodSeconds === 1) {
    munged.terminationGracePeriodSeconds = oldSpec.terminationGracePeriodSeconds;
  }
  if (!jsonEqual(munged, oldSpec)) {
    errs.push(fieldError.forbidden(specPath, `pod updates may not change fields other than ${UPDATABLE_POD_SPEC_FIELDS}\n${specDiff(oldSpec, munged)}`));
  }
  return errs;
}

function validateStateTransitions(next: unknown, prev: unknown, path: FieldPath, restartPolicy: string, sidecars: ReadonlySet<string>): FieldError[] {
  if (restartPolicy === 'Always') return [];
  const errs: FieldError[] = [];
  list(prev).forEach((o, i) => {
    const terminated = rec(o.state).terminated;
    if (!isSet(terminated)) return;
    if (terminated.exitCode !== 0 && restartPolicy === 'OnFailure') return;
    if (sidecars.has(str(o.name))) return;
    for (const n of list(next)) {
      if (n.name === o.name && !isSet(rec(n.state).terminated)) errs.push(fieldError.forbidden(path.index(i).child('state'), 'may not be transitioned to non-terminated state'));
    }
  });
  return errs;
}

/** ValidatePodStatusUpdate without ObjectMeta: nominatedNodeName, qosClass, container state transitions. */
export function validatePodStatusUpdate(pod: J, old: J): FieldError[] {
  const status = rec(pod.status);
  const oldStatus = rec(old.status);
  const oldSpec = rec(old.spec);
  const path = FieldPath.root('status');
  const errs: FieldError[] = [];
  if (str(rec(pod.spec).nodeName) !== str(oldSpec.nodeName)) errs.push(fieldError.forbidden(path.child('nodeName'), 'may not be changed directly'));
  const nominated = str(status.nominatedNodeName);
  if (nominated !== str(oldStatus.nominatedNodeName) && nominated !== '') {
    errs.push(...isDNS1123Subdomain(nominated).map((m) => fieldError.invalid(path.child('nominatedNodeName'), nominated, m)));
  }
  if (str(status.qosClass) !== str(oldStatus.qosClass)) errs.push(fieldError.invalid(path.child('qosClass'), str(status.qosClass), 'field is immutable'));
  const policy = str(oldSpec.restartPolicy);
  const sidecars = new Set(list(oldSpec.initContainers).filter((c) => c.restartPolicy === 'Always').map((c) => str(c.name)));
  errs.push(...validateStateTransitions(status.containerStatuses, oldStatus.containerStatuses, path.child('containerStatuses'), policy, new Set()));
  errs.push(...validateStateTransitions(status.initContainerStatuses, oldStatus.initContainerStatuses, path.child('initContainerStatuses'), policy, sidecars));
  errs.push(...validateStateTransitions(status.ephemeralContainerStatuses, oldStatus.ephemeralContainerStatuses, path.child('ephemeralContainerStatuses'), 'Never', new Set()));
  return errs;
}
