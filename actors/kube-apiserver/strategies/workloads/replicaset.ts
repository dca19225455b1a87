// apps/v1 ReplicaSets: SetDefaults_ReplicaSet, ValidateReplicaSetSpec (whose empty-selector message
// says "deployment", as Kubernetes' does), selector immutability, status rules.

import { type FieldError, FieldPath } from '../../../../protocols/kube/field-errors.ts';
import type { KubeObject } from '../../../../protocols/kube/objects.ts';
import { genericStrategy } from '../generic.ts';
import type { Strategy } from '../types.ts';
import { nonNegative, selectorImmutable, validateReplicaStatus, validateRequiredSelector, validateTemplateForReplicaSet } from './apps-common.ts';
import { type J, rec } from './json.ts';
import { defaultPodTemplate } from './pod-defaults.ts';
import { workloadWarnings } from './warnings.ts';

export function defaultReplicaSet(obj: J): J {
  const spec = rec(obj.spec);
  obj.spec = spec;
  spec.replicas ??= 1;
  spec.template = defaultPodTemplate(rec(spec.template));
  return obj;
}

export function validateReplicaSetSpec(spec: J, path: FieldPath): FieldError[] {
  return [
    ...nonNegative(spec.replicas, path.child('replicas')),
    ...nonNegative(spec.minReadySeconds, path.child('minReadySeconds')),
    ...validateRequiredSelector(spec.selector, path.child('selector'), 'empty selector is invalid for deployment'),
    ...validateTemplateForReplicaSet(spec, path),
  ];
}

const COUNTED = ['replicas', 'fullyLabeledReplicas', 'readyReplicas', 'availableReplicas', 'observedGeneration'];
const CAPPED = ['fullyLabeledReplicas', 'readyReplicas', 'availableReplicas'];
const base = genericStrategy(true);

export const replicaSetStrategy: Strategy = {
  ...base,
  defaults: (obj) => defaultReplicaSet(obj) as KubeObject,
  warnings: workloadWarnings('spec.template', (spec) => rec(spec.template), true),
  validate: (obj) => validateReplicaSetSpec(rec(obj.spec), FieldPath.root('spec')),
  validateUpdate: (obj, old) => [...validateReplicaSetSpec(rec(obj.spec), FieldPath.root('spec')), ...selectorImmutable(obj, old)],
  status: {
    prepareForUpdate: base.status!.prepareForUpdate,
    validateUpdate: (obj) => validateReplicaStatus(rec(obj.status), COUNTED, CAPPED, FieldPath.root('status')),
  },
};
