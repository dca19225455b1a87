// What an update may change in a Pod (ValidatePodUpdate).
// The spec is immutable but for images, activeDeadlineSeconds (only down), tolerations (only
// additions), scheduling gates (only removals), a negative grace period going to 1 and, while the
// pod is gated, added node constraints; anything else is one Forbidden error on `spec` with a diff.

import { type FieldError, FieldPath, fieldError } from '../../../../protocols/kube/field-errors.ts';
import { inclusiveRangeError } from '../../../../protocols/kube/validation/index.ts';
import { type J, isSet, jsonEqual, list, rec, str } from './json.ts';
import { validatePodMetadataAndSpec } from './pod-validation.ts';
import { MIRROR_POD_ANNOTATION } from '../../../../protocols/kube/pod-references.ts';
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

/** A node selector term that only gained requirements (validateNodeSelectorTermHasOnlyAdditions). */
function termOnlyAdded(next: J, prev: J): boolean {
  for (const k of ['matchExpressions', 'matchFields']) {
    const n = list(next[k]);
    if (!list(prev[k]).every((req) => n.some((r) => jsonEqual(r, req)))) return false;
  }
  return true;
}

/**
 * The scheduling directives a pod still gated by schedulingGates may tighten: nodeSelector
 * entries added, required node affinity terms given more requirements. Returns the errors, and
 * the spec with those fields taken from the old one (what the immutability check compares).
 */
function gatedPodMutations(munged: J, oldSpec: J, specPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  if (!jsonEqual(munged.nodeSelector, oldSpec.nodeSelector)) {
    const next = rec(munged.nodeSelector);
    if (Object.entries(rec(oldSpec.nodeSelector)).some(([k, v]) => next[k] !== v)) {
      errs.push(fieldError.invalid(specPath.child('nodeSelector'), munged.nodeSelector ?? null, 'only additions to spec.nodeSelector are allowed (no mutations or deletions)'));
    }
    munged.nodeSelector = oldSpec.nodeSelector;
  }
  const oldNA = rec(oldSpec.affinity).nodeAffinity;
  const newNA = rec(munged.affinity).nodeAffinity;
  if (!jsonEqual(oldNA, newNA)) {
    const oldTerms = list(rec(rec(oldNA).requiredDuringSchedulingIgnoredDuringExecution).nodeSelectorTerms);
    const newTerms = list(rec(rec(newNA).requiredDuringSchedulingIgnoredDuringExecution).nodeSelectorTerms);
    const path = specPath.child('affinity', 'nodeAffinity', 'requiredDuringSchedulingIgnoredDuringExecution', 'nodeSelectorTerms');
    if (oldTerms.length > 0) {
      if (newTerms.length !== oldTerms.length) errs.push(fieldError.invalid(path, newTerms, 'no additions/deletions to non-empty NodeSelectorTerms list are allowed'));
      else oldTerms.forEach((t, i) => {
        if (!termOnlyAdded(newTerms[i]!, t)) errs.push(fieldError.invalid(path.index(i), newTerms[i], 'only additions are allowed (no mutations or deletions)'));
      });
    }
    if (!isSet(munged.affinity)) {
      if (isSet(oldNA)) munged.affinity = { nodeAffinity: oldNA };
    } else if (!isSet(oldSpec.affinity) && !isSet(munged.affinity.podAffinity) && !isSet(munged.affinity.podAntiAffinity)) delete munged.affinity;
    else munged.affinity = { ...munged.affinity, nodeAffinity: oldNA };
    if (isSet(munged.affinity) && !isSet(munged.affinity.nodeAffinity)) delete munged.affinity.nodeAffinity;
  }
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
  if (list(oldSpec.schedulingGates).length > 0) errs.push(...gatedPodMutations(munged, oldSpec, specPath));
  if (!jsonEqual(munged, oldSpec)) {
    errs.push(fieldError.forbidden(specPath, `pod updates may not change fields other than ${UPDATABLE_POD_SPEC_FIELDS}\n${specDiff(oldSpec, munged)}`));
  }
  return errs;
}
