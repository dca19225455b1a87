// A Pod's own validation around ValidatePodSpec: pod-specific annotations, the checks that apply
// to Pods but not to templates (ValidatePodCreate, validatePodMetadataAndSpec), and the pod
// template of the workload kinds (ValidatePodTemplateSpec).

import { type FieldError, FieldPath, fieldError } from '../../../../protocols/kube/field-errors.ts';
import { validateAnnotations, validateLabels } from '../../../../protocols/kube/validation/index.ts';
import { type J, isSet, list, rec, str, strMap } from './json.ts';
import { validatePodSpec } from './pod-spec-validation.ts';
import { MIRROR_POD_ANNOTATION } from '../../../../protocols/kube/pod-references.ts';

const DELETION_COST = 'controller.kubernetes.io/pod-deletion-cost';

/** ValidatePodSpecificAnnotations (the mirror-pod and deletion-cost rules). */
export function validatePodSpecificAnnotations(annotations: unknown, spec: J, path: FieldPath): FieldError[] {
  const a = rec(annotations);
  const errs: FieldError[] = [];
  if (Object.hasOwn(a, MIRROR_POD_ANNOTATION) && str(spec.nodeName) === '') {
    errs.push(fieldError.invalid(path.key(MIRROR_POD_ANNOTATION), a[MIRROR_POD_ANNOTATION], 'must set spec.nodeName if mirror pod annotation is set'));
  }
  if (Object.hasOwn(a, DELETION_COST)) {
    const v = str(a[DELETION_COST]);
    const n = Number(v);
    if (!/^[+-]?[0-9]+$/.test(v) || n < -2147483648 || n > 2147483647) errs.push(fieldError.invalid(path.key(DELETION_COST), v, 'must be a 32bit integer'));
  }
  return errs;
}

/** validatePodMetadataAndSpec without ObjectMeta (the pipeline's). */
export function validatePodMetadataAndSpec(pod: J): FieldError[] {
  const spec = rec(pod.spec);
  const specPath = FieldPath.root('spec');
  const errs = validatePodSpecificAnnotations(pod.metadata?.annotations, spec, FieldPath.root('metadata', 'annotations'));
  errs.push(...validatePodSpec(spec, specPath, true));
  if (str(spec.serviceAccountName) === '') {
    list(spec.volumes).forEach((v, vi) =>
      list(rec(v.projected).sources).forEach((s, si) => {
        if (isSet(s.serviceAccountToken)) {
          errs.push(fieldError.forbidden(specPath.child('volumes').index(vi).child('projected', 'sources').index(si).child('serviceAccountToken'), 'must not be specified when serviceAccountName is not set'));
        }
      }),
    );
  }
  for (const kind of ['containers', 'initContainers']) {
    list(spec[kind]).forEach((c, i) => {
      const image = str(c.image);
      if (image !== image.trim()) errs.push(fieldError.invalid(specPath.child(kind).index(i).child('image'), image, 'must not have leading or trailing whitespace'));
    });
  }
  return errs;
}

/** ValidatePodCreate (minus ObjectMeta). */
export function validatePodCreate(pod: J): FieldError[] {
  const spec = rec(pod.spec);
  const errs = validatePodMetadataAndSpec(pod);
  if (list(spec.ephemeralContainers).length > 0) errs.push(fieldError.forbidden('spec.ephemeralContainers', 'cannot be set on create'));
  if (str(spec.nodeName) !== '' && list(spec.schedulingGates).length > 0) errs.push(fieldError.forbidden('spec.nodeName', 'cannot be set until all schedulingGates have been cleared'));
  return errs;
}

/**
 * ValidatePodTemplateSpec: the template's labels and annotations (reported at `<path>.labels`,
 * as Kubernetes does, not `<path>.metadata.labels`), then its spec as a template.
 */
export function validatePodTemplateSpec(template: unknown, path: FieldPath): FieldError[] {
  const t = rec(template);
  const meta = rec(t.metadata);
  const spec = rec(t.spec);
  const errs = [
    ...validateLabels(strMap(meta.labels), path.child('labels')),
    ...validateAnnotations(strMap(meta.annotations), path.child('annotations')),
    ...validatePodSpecificAnnotations(meta.annotations, spec, path.child('annotations')),
    ...validatePodSpec(spec, path.child('spec'), false),
  ];
  if (list(spec.ephemeralContainers).length > 0) errs.push(fieldError.forbidden(path.child('spec', 'ephemeralContainers'), 'ephemeral containers not allowed in pod template'));
  return errs;
}
