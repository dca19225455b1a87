// apps/v1 StatefulSets: SetDefaults_StatefulSet, ValidateStatefulSetSpec (which, as in Kubernetes,
// checks the template's labels and annotations but not its pod spec), the update rule that only
// replicas, ordinals, template, updateStrategy, persistentVolumeClaimRetentionPolicy and
// minReadySeconds may change, and the status rules.

import { type FieldError, FieldPath, fieldError } from '../../../../protocols/kube/field-errors.ts';
import type { KubeObject } from '../../../../protocols/kube/objects.ts';
import { labelSelectorAsSelector, nameIsDNSLabel, validateAnnotations, validateLabels } from '../../../../protocols/kube/validation/index.ts';
import { genericStrategy } from '../generic.ts';
import type { Strategy } from '../types.ts';
import { collisionCountNotDecremented, nonNegative, selectorMatchesTemplate, validateRequiredSelector } from './apps-common.ts';
import { goLabelSelector, invalidGo } from './go-syntax.ts';
import { type J, isObject, isSet, jsonEqual, list, rec, selectorObj, strMap } from './json.ts';
import { defaultPodTemplate } from './pod-defaults.ts';
import { validatePodSpecificAnnotations } from './pod-validation.ts';
import { workloadWarnings } from './warnings.ts';

export function defaultStatefulSet(obj: J): J {
  const spec = rec(obj.spec);
  obj.spec = spec;
  spec.podManagementPolicy ||= 'OrderedReady';
  const us = rec(spec.updateStrategy);
  spec.updateStrategy = us;
  if (!us.type) {
    us.type = 'RollingUpdate';
    us.rollingUpdate ??= {};
  }
  if (us.type === 'RollingUpdate' && isObject(us.rollingUpdate)) us.rollingUpdate.partition ??= 0;
  const retention = rec(spec.persistentVolumeClaimRetentionPolicy);
  spec.persistentVolumeClaimRetentionPolicy = retention;
  retention.whenDeleted ||= 'Retain';
  retention.whenScaled ||= 'Retain';
  spec.replicas ??= 1;
  spec.revisionHistoryLimit ??= 10;
  spec.template = defaultPodTemplate(rec(spec.template));
  for (const pvc of list(spec.volumeClaimTemplates)) {
    pvc.spec = rec(pvc.spec);
    pvc.spec.volumeMode ||= 'Filesystem';
    pvc.status = { phase: 'Pending', ...rec(pvc.status) };
  }
  return obj;
}

const RETENTION = ['Retain', 'Delete'];

function goRollingUpdate(ru: unknown): string {
  return isSet(ru) ? `apps.RollingUpdateStatefulSetStrategy{Partition:${rec(ru).partition ?? 0}, MaxUnavailable:(*intstr.IntOrString)(nil)}` : '(*apps.RollingUpdateStatefulSetStrategy)(nil)';
}

function validateUpdateStrategy(us: J, path: FieldPath): FieldError[] {
  switch (us.type ?? '') {
    case '':
      return [fieldError.required(path)];
    case 'OnDelete':
      return isSet(us.rollingUpdate) ? [invalidGo(path.child('rollingUpdate'), { goSyntax: goRollingUpdate(us.rollingUpdate) }, "only allowed for updateStrategy 'RollingUpdate'")] : [];
    case 'RollingUpdate':
      return isSet(us.rollingUpdate) ? nonNegative(us.rollingUpdate.partition, path.child('rollingUpdate', 'partition')) : [];
    default: {
      const ru = isSet(us.rollingUpdate) ? '(*apps.RollingUpdateStatefulSetStrategy)(0xc000000000)' : '(*apps.RollingUpdateStatefulSetStrategy)(nil)';
      return [invalidGo(path, { goSyntax: `apps.StatefulSetUpdateStrategy{Type:"${us.type}", RollingUpdate:${ru}}` }, "must be 'RollingUpdate' or 'OnDelete'")];
    }
  }
}

/** ValidateStatefulSetSpec. */
export function validateStatefulSetSpec(spec: J, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const pmp = spec.podManagementPolicy ?? '';
  if (pmp === '') errs.push(fieldError.required(path.child('podManagementPolicy')));
  else if (pmp !== 'OrderedReady' && pmp !== 'Parallel') errs.push(fieldError.invalid(path.child('podManagementPolicy'), pmp, "must be 'OrderedReady' or 'Parallel'"));
  errs.push(...validateUpdateStrategy(rec(spec.updateStrategy), path.child('updateStrategy')));
  if (isSet(spec.persistentVolumeClaimRetentionPolicy)) {
    const p = rec(spec.persistentVolumeClaimRetentionPolicy);
    const at = path.child('persistentVolumeClaimRetentionPolicy');
    for (const f of ['whenDeleted', 'whenScaled']) if (!RETENTION.includes(p[f])) errs.push(fieldError.notSupported(at.child(f), p[f] ?? '', RETENTION));
  }
  errs.push(...nonNegative(spec.replicas, path.child('replicas')), ...nonNegative(spec.minReadySeconds, path.child('minReadySeconds')));
  if (isSet(spec.ordinals)) errs.push(...nonNegative(spec.ordinals.start, path.child('ordinals.start')));
  errs.push(...validateRequiredSelector(spec.selector, path.child('selector'), 'empty selector is invalid for statefulset'));
  const template = rec(spec.template);
  const at = path.child('template');
  const parsed = labelSelectorAsSelector(selectorObj(spec.selector));
  if (!parsed.ok) errs.push(invalidGo(path.child('selector'), goLabelSelector(spec.selector), ''));
  else {
    const meta = rec(template.metadata);
    errs.push(...selectorMatchesTemplate(spec.selector, template, at));
    errs.push(...validateLabels(strMap(meta.labels), at.child('labels')), ...validateAnnotations(strMap(meta.annotations), at.child('annotations')));
    errs.push(...validatePodSpecificAnnotations(meta.annotations, rec(template.spec), at.child('annotations')));
  }
  const podSpec = rec(template.spec);
  if (podSpec.restartPolicy !== 'Always') errs.push(fieldError.notSupported(at.child('spec', 'restartPolicy'), podSpec.restartPolicy ?? '', ['Always']));
  if (isSet(podSpec.activeDeadlineSeconds)) errs.push(fieldError.forbidden(at.child('spec', 'activeDeadlineSeconds'), 'activeDeadlineSeconds in StatefulSet is not Supported'));
  return errs;
}

export const STATEFULSET_UPDATE_FORBIDDEN =
  "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden";
const MUTABLE = ['replicas', 'template', 'updateStrategy', 'minReadySeconds', 'ordinals', 'persistentVolumeClaimRetentionPolicy'];

function validateStatefulSetUpdate(obj: J, old: J): FieldError[] {
  const errs = validateStatefulSetSpec(rec(obj.spec), FieldPath.root('spec'));
  const next = { ...rec(obj.spec) };
  const prev = { ...rec(old.spec) };
  for (const f of MUTABLE) {
    delete next[f];
    delete prev[f];
  }
  if (!jsonEqual(next, prev)) errs.push(fieldError.forbidden('spec', STATEFULSET_UPDATE_FORBIDDEN));
  return errs;
}

function validateStatus(status: J, old: J): FieldError[] {
  const path = FieldPath.root('status');
  const errs = ['replicas', 'readyReplicas', 'currentReplicas', 'updatedReplicas', 'availableReplicas', 'observedGeneration', 'collisionCount'].flatMap((f) => nonNegative(status[f], path.child(f)));
  for (const f of ['readyReplicas', 'currentReplicas', 'updatedReplicas', 'availableReplicas']) {
    if ((status[f] ?? 0) > (status.replicas ?? 0)) errs.push(fieldError.invalid(path.child(f), status[f], 'cannot be greater than status.replicas'));
  }
  if ((status.availableReplicas ?? 0) > (status.readyReplicas ?? 0)) errs.push(fieldError.invalid(path.child('availableReplicas'), status.availableReplicas, 'cannot be greater than status.readyReplicas'));
  return [...errs, ...collisionCountNotDecremented(status, rec(old.status))];
}

/** MaxUnavailableStatefulSet is alpha (off) in 1.32: the field is dropped unless the old object used it. */
function dropMaxUnavailable(obj: J, old?: J): void {
  const ru = rec(rec(obj.spec).updateStrategy).rollingUpdate;
  if (isObject(ru) && !isSet(rec(rec(rec(old?.spec).updateStrategy).rollingUpdate).maxUnavailable)) delete ru.maxUnavailable;
}

const base = genericStrategy(true);

export const statefulSetStrategy: Strategy = {
  ...base,
  nameValidator: nameIsDNSLabel,
  defaults: (obj) => defaultStatefulSet(obj) as KubeObject,
  warnings: workloadWarnings('spec.template', (spec) => rec(spec.template), false),
  prepareForCreate(obj, ctx) {
    base.prepareForCreate(obj, ctx);
    dropMaxUnavailable(obj);
  },
  prepareForUpdate(obj, old, ctx) {
    dropMaxUnavailable(obj, old);
    base.prepareForUpdate(obj, old, ctx);
  },
  validate: (obj) => validateStatefulSetSpec(rec(obj.spec), FieldPath.root('spec')),
  validateUpdate: (obj, old) => validateStatefulSetUpdate(obj, old),
  status: { prepareForUpdate: base.status!.prepareForUpdate, validateUpdate: (obj, old) => validateStatus(rec(obj.status), old) },
};
