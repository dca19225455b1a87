// apps/v1 Deployments: SetDefaults_Deployment, ValidateDeploymentSpec, the strategy's selector
// immutability and its generation rule (a spec or annotation change bumps it, since annotations
// are copied to the ReplicaSets).

import { type FieldError, FieldPath, fieldError } from '../../../../protocols/kube/field-errors.ts';
import type { KubeObject } from '../../../../protocols/kube/objects.ts';
import { genericStrategy } from '../generic.ts';
import type { Strategy } from '../types.ts';
import { collisionCountNotDecremented, nonNegative, selectorImmutable, validateReplicaStatus, validateRequiredSelector, validateTemplateForReplicaSet } from './apps-common.ts';
import { goIntOrString, invalidGo, notSupportedGo } from './go-syntax.ts';
import { intOrPercentValue, isNotMoreThan100Percent, validatePositiveIntOrPercent } from './int-or-percent.ts';
import { type J, isSet, jsonEqual, rec } from './json.ts';
import { defaultPodTemplate } from './pod-defaults.ts';
import { workloadWarnings } from './warnings.ts';

export function defaultDeployment(obj: J): J {
  const spec = rec(obj.spec);
  obj.spec = spec;
  spec.replicas ??= 1;
  const strategy = rec(spec.strategy);
  spec.strategy = strategy;
  strategy.type ||= 'RollingUpdate';
  if (strategy.type === 'RollingUpdate') {
    const ru = rec(strategy.rollingUpdate);
    strategy.rollingUpdate = ru;
    ru.maxUnavailable ??= '25%';
    ru.maxSurge ??= '25%';
  }
  spec.revisionHistoryLimit ??= 10;
  spec.progressDeadlineSeconds ??= 600;
  spec.template = defaultPodTemplate(rec(spec.template));
  return obj;
}

function validateStrategy(strategy: J, path: FieldPath): FieldError[] {
  switch (strategy.type) {
    case 'Recreate':
      return isSet(strategy.rollingUpdate) ? [fieldError.forbidden(path.child('rollingUpdate'), "may not be specified when strategy `type` is 'Recreate'")] : [];
    case 'RollingUpdate': {
      if (!isSet(strategy.rollingUpdate)) return [fieldError.required(path.child('rollingUpdate'), 'this should be defaulted and never be nil')];
      const ru = rec(strategy.rollingUpdate);
      const at = path.child('rollingUpdate');
      const errs = [...validatePositiveIntOrPercent(ru.maxUnavailable, at.child('maxUnavailable')), ...validatePositiveIntOrPercent(ru.maxSurge, at.child('maxSurge'))];
      if (intOrPercentValue(ru.maxUnavailable) === 0 && intOrPercentValue(ru.maxSurge) === 0) {
        errs.push(invalidGo(at.child('maxUnavailable'), goIntOrString(ru.maxUnavailable), 'may not be 0 when `maxSurge` is 0'));
      }
      errs.push(...isNotMoreThan100Percent(ru.maxUnavailable, at.child('maxUnavailable')));
      return errs;
    }
    default: {
      const ru = isSet(strategy.rollingUpdate) ? '(*apps.RollingUpdateDeployment)(0xc000000000)' : '(*apps.RollingUpdateDeployment)(nil)';
      return [notSupportedGo(path, { goSyntax: `apps.DeploymentStrategy{Type:"${strategy.type ?? ''}", RollingUpdate:${ru}}` }, ['Recreate', 'RollingUpdate'])];
    }
  }
}

/** ValidateDeploymentSpec. */
export function validateDeploymentSpec(spec: J, path: FieldPath): FieldError[] {
  const errs = nonNegative(spec.replicas, path.child('replicas'));
  errs.push(...validateRequiredSelector(spec.selector, path.child('selector'), 'empty selector is invalid for deployment'));
  errs.push(...validateTemplateForReplicaSet(spec, path));
  errs.push(...validateStrategy(rec(spec.strategy), path.child('strategy')));
  errs.push(...nonNegative(spec.minReadySeconds, path.child('minReadySeconds')));
  if (isSet(spec.revisionHistoryLimit)) errs.push(...nonNegative(spec.revisionHistoryLimit, path.child('revisionHistoryLimit')));
  if (isSet(spec.progressDeadlineSeconds)) {
    errs.push(...nonNegative(spec.progressDeadlineSeconds, path.child('progressDeadlineSeconds')));
    if (spec.progressDeadlineSeconds <= (spec.minReadySeconds ?? 0)) errs.push(fieldError.invalid(path.child('progressDeadlineSeconds'), spec.progressDeadlineSeconds, 'must be greater than minReadySeconds'));
  }
  return errs;
}

const COUNTED = ['observedGeneration', 'replicas', 'updatedReplicas', 'readyReplicas', 'availableReplicas', 'unavailableReplicas'];
const CAPPED = ['updatedReplicas', 'readyReplicas', 'availableReplicas'];
const base = genericStrategy(true);

export const deploymentStrategy: Strategy = {
  ...base,
  defaults: (obj) => defaultDeployment(obj) as KubeObject,
  warnings: workloadWarnings('spec.template', (spec) => rec(spec.template), true),
  prepareForUpdate(obj, old, ctx) {
    base.prepareForUpdate(obj, old, ctx);
    if (!jsonEqual(obj.metadata.annotations ?? {}, old.metadata.annotations ?? {}) && jsonEqual(obj.spec, old.spec)) {
      obj.metadata = { ...obj.metadata, generation: (old.metadata.generation ?? 1) + 1 };
    }
  },
  validate: (obj) => validateDeploymentSpec(rec(obj.spec), FieldPath.root('spec')),
  validateUpdate: (obj, old) => [...validateDeploymentSpec(rec(obj.spec), FieldPath.root('spec')), ...selectorImmutable(obj, old)],
  status: {
    // deploymentStatusStrategy keeps the old spec and labels only: the controller's status
    // writes carry the revision annotations.
    prepareForUpdate(obj, old, ctx) {
      const annotations = obj.metadata.annotations;
      base.status!.prepareForUpdate(obj, old, ctx);
      if (annotations === undefined) delete obj.metadata.annotations;
      else obj.metadata = { ...obj.metadata, annotations };
    },
    validateUpdate: (obj, old) => [...validateReplicaStatus(rec(obj.status), COUNTED, CAPPED, FieldPath.root('status')), ...collisionCountNotDecremented(rec(obj.status), rec(old.status))],
  },
};
