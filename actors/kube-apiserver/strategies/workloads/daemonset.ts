// apps/v1 DaemonSets: SetDefaults_DaemonSet (RollingUpdate, maxUnavailable 1, maxSurge 0,
// revisionHistoryLimit 10), ValidateDaemonSetSpec in its order, selector immutability, status rules.

import { type FieldError, FieldPath, fieldError } from '../../../../protocols/kube/field-errors.ts';
import type { KubeObject } from '../../../../protocols/kube/objects.ts';
import { validateLabelSelector } from '../../../../protocols/kube/validation/index.ts';
import { genericStrategy } from '../generic.ts';
import type { Strategy } from '../types.ts';
import { alwaysRestartNoDeadline, collisionCountNotDecremented, nonNegative, selectorImmutable, selectorMatchesTemplate } from './apps-common.ts';
import { goIntOrString, goLabelSelector, invalidGo, notSupportedGo } from './go-syntax.ts';
import { intOrPercentValue, isNotMoreThan100Percent, validatePositiveIntOrPercent } from './int-or-percent.ts';
import { type J, isSet, rec, selectorObj } from './json.ts';
import { defaultPodTemplate } from './pod-defaults.ts';
import { validatePodTemplateSpec } from './pod-validation.ts';
import { workloadWarnings } from './warnings.ts';

export function defaultDaemonSet(obj: J): J {
  const spec = rec(obj.spec);
  obj.spec = spec;
  const us = rec(spec.updateStrategy);
  spec.updateStrategy = us;
  us.type ||= 'RollingUpdate';
  if (us.type === 'RollingUpdate') {
    const ru = rec(us.rollingUpdate);
    us.rollingUpdate = ru;
    ru.maxUnavailable ??= 1;
    ru.maxSurge ??= 0;
  }
  spec.revisionHistoryLimit ??= 10;
  spec.template = defaultPodTemplate(rec(spec.template));
  return obj;
}

function validateRollingUpdate(ru: J, path: FieldPath): FieldError[] {
  const errs = [
    ...validatePositiveIntOrPercent(ru.maxUnavailable, path.child('maxUnavailable')),
    ...validatePositiveIntOrPercent(ru.maxSurge, path.child('maxSurge')),
    ...isNotMoreThan100Percent(ru.maxUnavailable, path.child('maxUnavailable')),
    ...isNotMoreThan100Percent(ru.maxSurge, path.child('maxSurge')),
  ];
  const unavailable = intOrPercentValue(ru.maxUnavailable) !== 0;
  const surge = intOrPercentValue(ru.maxSurge) !== 0;
  if (unavailable && surge) errs.push(invalidGo(path.child('maxSurge'), goIntOrString(ru.maxSurge), 'may not be set when maxUnavailable is non-zero'));
  if (!unavailable && !surge) errs.push(fieldError.required(path.child('maxUnavailable'), 'cannot be 0 when maxSurge is 0'));
  return errs;
}


function validateUpdateStrategy(us: J, path: FieldPath): FieldError[] {
  switch (us.type) {
    case 'OnDelete':
      return [];
    case 'RollingUpdate':
      return isSet(us.rollingUpdate) ? validateRollingUpdate(rec(us.rollingUpdate), path.child('rollingUpdate')) : [fieldError.required(path.child('rollingUpdate'))];
    default: {
      const ru = isSet(us.rollingUpdate) ? '(*apps.RollingUpdateDaemonSet)(0xc000000000)' : '(*apps.RollingUpdateDaemonSet)(nil)';
      return [notSupportedGo(path, { goSyntax: `apps.DaemonSetUpdateStrategy{Type:"${us.type ?? ''}", RollingUpdate:${ru}}` }, ['RollingUpdate', 'OnDelete'])];
    }
  }
}

/** ValidateDaemonSetSpec. */
export function validateDaemonSetSpec(spec: J, path: FieldPath): FieldError[] {
  const template = rec(spec.template);
  const errs = validateLabelSelector(selectorObj(spec.selector), path.child('selector'));
  errs.push(...selectorMatchesTemplate(spec.selector, template, path.child('template')));
  if (isSet(spec.selector) && Object.keys(rec(spec.selector.matchLabels)).length + (spec.selector.matchExpressions?.length ?? 0) === 0) {
    errs.push(invalidGo(path.child('selector'), goLabelSelector(spec.selector), 'empty selector is invalid for daemonset'));
  }
  errs.push(...validatePodTemplateSpec(template, path.child('template')));
  errs.push(...alwaysRestartNoDeadline(template, path.child('template'), 'DaemonSet'));
  errs.push(...nonNegative(spec.minReadySeconds, path.child('minReadySeconds')));
  errs.push(...validateUpdateStrategy(rec(spec.updateStrategy), path.child('updateStrategy')));
  if (isSet(spec.revisionHistoryLimit)) errs.push(...nonNegative(spec.revisionHistoryLimit, path.child('revisionHistoryLimit')));
  return errs;
}

const STATUS_COUNTERS = ['currentNumberScheduled', 'numberMisscheduled', 'desiredNumberScheduled', 'numberReady', 'observedGeneration', 'updatedNumberScheduled', 'numberAvailable', 'numberUnavailable'];
const base = genericStrategy(true);

export const daemonSetStrategy: Strategy = {
  ...base,
  defaults: (obj) => defaultDaemonSet(obj) as KubeObject,
  warnings: workloadWarnings('spec.template', (spec) => rec(spec.template), false),
  validate: (obj) => validateDaemonSetSpec(rec(obj.spec), FieldPath.root('spec')),
  validateUpdate: (obj, old) => [...validateDaemonSetSpec(rec(obj.spec), FieldPath.root('spec')), ...selectorImmutable(obj, old)],
  status: {
    prepareForUpdate: base.status!.prepareForUpdate,
    validateUpdate(obj, old) {
      const status = rec(obj.status);
      const errs = STATUS_COUNTERS.flatMap((f) => nonNegative(status[f], FieldPath.root('status', f)));
      if (isSet(status.collisionCount)) errs.push(...nonNegative(status.collisionCount, FieldPath.root('status', 'collisionCount')));
      return [...errs, ...collisionCountNotDecremented(status, rec(old.status))];
    },
  },
};
