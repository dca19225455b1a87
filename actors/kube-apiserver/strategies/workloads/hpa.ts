// autoscaling/v2 HorizontalPodAutoscalers: SetDefaults_HorizontalPodAutoscaler (minReplicas 1, a
// CPU-utilization metric at 80% when none is given, behavior rules completed from the defaults)
// and ValidateHorizontalPodAutoscalerSpec (replica bounds, target reference, metrics, behavior).

import { type FieldError, FieldPath, fieldError } from '../../../../protocols/kube/field-errors.ts';
import type { KubeObject } from '../../../../protocols/kube/objects.ts';
import { isDNS1123Label, validateLabelSelector } from '../../../../protocols/kube/validation/index.ts';
import { genericStrategy } from '../generic.ts';
import type { Strategy } from '../types.ts';
import { nonNegative } from './apps-common.ts';
import { type J, isObject, isSet, list, rec, selectorObj, str } from './json.ts';
import { QUANTITY_FORMAT_ERROR, formatQuantity, tryParseQuantity } from '../../../../protocols/kube/quantity.ts';

const scaleUpDefaults = (): J => ({
  stabilizationWindowSeconds: 0,
  selectPolicy: 'Max',
  policies: [
    { type: 'Pods', value: 4, periodSeconds: 15 },
    { type: 'Percent', value: 100, periodSeconds: 15 },
  ],
});
const scaleDownDefaults = (): J => ({ selectPolicy: 'Max', policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }] });

function completeRules(from: unknown, defaults: J): J {
  if (!isSet(from)) return defaults;
  const f = rec(from);
  for (const k of ['selectPolicy', 'stabilizationWindowSeconds', 'policies']) if (isSet(f[k])) defaults[k] = f[k];
  return defaults;
}

export function defaultHPA(obj: J): J {
  const spec = rec(obj.spec);
  obj.spec = spec;
  spec.minReplicas ??= 1;
  if (list(spec.metrics).length === 0) spec.metrics = [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }];
  if (isObject(spec.behavior)) {
    spec.behavior.scaleUp = completeRules(spec.behavior.scaleUp, scaleUpDefaults());
    spec.behavior.scaleDown = completeRules(spec.behavior.scaleDown, scaleDownDefaults());
  }
  return obj;
}

/** IsValidPathSegmentName. */
function pathSegmentErrors(name: string): string[] {
  if (name === '.' || name === '..') return [`may not be '${name}'`];
  return ['/', '%'].filter((c) => name.includes(c)).map((c) => `may not contain '${c}'`);
}

function validateReference(ref: J, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  for (const f of ['kind', 'name']) {
    const v = str(ref[f]);
    if (v === '') errs.push(fieldError.required(path.child(f)));
    else errs.push(...pathSegmentErrors(v).map((m) => fieldError.invalid(path.child(f), v, m)));
  }
  return errs;
}

function validateMetricIdentifier(id: J, path: FieldPath): FieldError[] {
  const name = str(id.name);
  const errs = name === '' ? [fieldError.required(path.child('name'), 'must specify a metric name')] : pathSegmentErrors(name).map((m) => fieldError.invalid(path.child('name'), name, m));
  return [...errs, ...validateLabelSelector(selectorObj(id.selector), path.child('selector'))];
}

function positiveQuantity(v: unknown, path: FieldPath): FieldError[] {
  if (!isSet(v)) return [];
  const q = typeof v === 'string' || typeof v === 'number' ? tryParseQuantity(String(v)) : undefined;
  if (q === undefined) return [fieldError.invalid(path, v, QUANTITY_FORMAT_ERROR)];
  return q.nanos > 0n ? [] : [fieldError.invalid(path, formatQuantity(q), 'must be positive')];
}

function validateTarget(t: J, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const type = str(t.type);
  if (type === '') errs.push(fieldError.required(path.child('type'), 'must specify a metric target type'));
  if (!['Utilization', 'Value', 'AverageValue'].includes(type)) errs.push(fieldError.invalid(path.child('type'), type, 'must be either Utilization, Value, or AverageValue'));
  errs.push(...positiveQuantity(t.value, path.child('value')), ...positiveQuantity(t.averageValue, path.child('averageValue')));
  if (isSet(t.averageUtilization) && t.averageUtilization < 1) errs.push(fieldError.invalid(path.child('averageUtilization'), t.averageUtilization, 'must be greater than 0'));
  return errs;
}

function validateResourceTarget(src: J, path: FieldPath): FieldError[] {
  const t = rec(src.target);
  const errs = validateTarget(t, path.child('target'));
  if (!isSet(t.averageUtilization) && !isSet(t.averageValue)) errs.push(fieldError.required(path.child('target', 'averageUtilization'), 'must set either a target raw value or a target utilization'));
  if (isSet(t.averageUtilization) && isSet(t.averageValue)) errs.push(fieldError.forbidden(path.child('target', 'averageValue'), 'may not set both a target raw value and a target utilization'));
  return errs;
}

function validateSource(kind: string, src: J, path: FieldPath): FieldError[] {
  const t = rec(src.target);
  switch (kind) {
    case 'object': {
      const errs = [...validateReference(rec(src.describedObject), path.child('describedObject')), ...validateMetricIdentifier(rec(src.metric), path.child('metric')), ...validateTarget(t, path.child('target'))];
      if (!isSet(t.value) && !isSet(t.averageValue)) errs.push(fieldError.required(path.child('target', 'averageValue'), 'must set either a target value or averageValue'));
      return errs;
    }
    case 'external': {
      const errs = [...validateMetricIdentifier(rec(src.metric), path.child('metric')), ...validateTarget(t, path.child('target'))];
      if (!isSet(t.value) && !isSet(t.averageValue)) errs.push(fieldError.required(path.child('target', 'averageValue'), 'must set either a target value for metric or a per-pod target'));
      if (isSet(t.value) && isSet(t.averageValue)) errs.push(fieldError.forbidden(path.child('target', 'value'), 'may not set both a target value for metric and a per-pod target'));
      return errs;
    }
    case 'pods': {
      const errs = [...validateMetricIdentifier(rec(src.metric), path.child('metric')), ...validateTarget(t, path.child('target'))];
      if (!isSet(t.averageValue)) errs.push(fieldError.required(path.child('target', 'averageValue'), 'must specify a positive target averageValue'));
      return errs;
    }
    case 'resource':
      return [...(str(src.name) === '' ? [fieldError.required(path.child('name'), 'must specify a resource name')] : []), ...validateResourceTarget(src, path)];
    default: {
      const errs = str(src.name) === '' ? [fieldError.required(path.child('name'), 'must specify a resource name')] : [];
      const c = str(src.container);
      if (c === '') errs.push(fieldError.required(path.child('container'), 'must specify a container'));
      else errs.push(...isDNS1123Label(c).map((m) => fieldError.invalid(path.child('container'), c, m)));
      return [...errs, ...validateResourceTarget(src, path)];
    }
  }
}

const METRIC_TYPES = ['ContainerResource', 'External', 'Object', 'Pods', 'Resource'];
const SOURCE_OF: Readonly<Record<string, string>> = { Object: 'object', Pods: 'pods', Resource: 'resource', External: 'external', ContainerResource: 'containerResource' };

function validateMetricSpec(m: J, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const type = str(m.type);
  if (type === '') errs.push(fieldError.required(path.child('type'), 'must specify a metric source type'));
  if (!METRIC_TYPES.includes(type)) errs.push(fieldError.notSupported(path.child('type'), type, METRIC_TYPES));
  const present = ['object', 'external', 'pods', 'resource', 'containerResource'].filter((k) => isSet(m[k]));
  if (present.length > 0) errs.push(...validateSource(present[0]!, rec(m[present[0]!]), path.child(present[0]!)));
  const expected = SOURCE_OF[type];
  if (expected === undefined) errs.push(fieldError.notSupported(path.child('type'), type, METRIC_TYPES));
  else if (!isSet(m[expected])) errs.push(fieldError.required(path.child(expected), 'must populate information for the given metric source'));
  if (present.length !== 1) for (const k of present.filter((k) => k !== expected).sort()) errs.push(fieldError.forbidden(path.child(k), 'must populate the given metric source only'));
  return errs;
}

function validateScalingRules(rules: unknown, path: FieldPath): FieldError[] {
  if (!isSet(rules)) return [];
  const r = rec(rules);
  const errs: FieldError[] = [];
  const sw = r.stabilizationWindowSeconds;
  if (isSet(sw) && sw < 0) errs.push(fieldError.invalid(path.child('stabilizationWindowSeconds'), sw, 'must be greater than or equal to zero'));
  if (isSet(sw) && sw > 3600) errs.push(fieldError.invalid(path.child('stabilizationWindowSeconds'), sw, 'must be less than or equal to 3600'));
  if (isSet(r.selectPolicy) && !['Disabled', 'Max', 'Min'].includes(r.selectPolicy)) errs.push(fieldError.notSupported(path.child('selectPolicy'), r.selectPolicy, ['Disabled', 'Max', 'Min']));
  const policies = list(r.policies);
  if (policies.length === 0) errs.push(fieldError.required(path.child('policies'), 'must specify at least one Policy'));
  policies.forEach((p, i) => {
    const at = path.child('policies').index(i);
    if (p.type !== 'Pods' && p.type !== 'Percent') errs.push(fieldError.notSupported(at.child('type'), p.type ?? '', ['Percent', 'Pods']));
    if (!((p.value ?? 0) > 0)) errs.push(fieldError.invalid(at.child('value'), p.value ?? 0, 'must be greater than zero'));
    if (!((p.periodSeconds ?? 0) > 0)) errs.push(fieldError.invalid(at.child('periodSeconds'), p.periodSeconds ?? 0, 'must be greater than zero'));
    if ((p.periodSeconds ?? 0) > 1800) errs.push(fieldError.invalid(at.child('periodSeconds'), p.periodSeconds, 'must be less than or equal to 1800'));
  });
  return errs;
}

/**
 * validateHorizontalPodAutoscalerSpec. HPAScaleToZero is alpha in 1.32, so minReplicas must be
 * at least 1, unless (`minLowerBound` 0) the stored object already scales to zero.
 */
export function validateHPASpec(spec: J, path: FieldPath, minLowerBound = 1): FieldError[] {
  const errs: FieldError[] = [];
  const min = spec.minReplicas;
  const max = spec.maxReplicas ?? 0;
  if (isSet(min) && min < minLowerBound) errs.push(fieldError.invalid(path.child('minReplicas'), min, `must be greater than or equal to ${minLowerBound}`));
  if (max < 1) errs.push(fieldError.invalid(path.child('maxReplicas'), max, 'must be greater than 0'));
  if (isSet(min) && max < min) errs.push(fieldError.invalid(path.child('maxReplicas'), max, 'must be greater than or equal to `minReplicas`'));
  errs.push(...validateReference(rec(spec.scaleTargetRef), path.child('scaleTargetRef')));
  const metrics = list(spec.metrics);
  metrics.forEach((m, i) => errs.push(...validateMetricSpec(m, path.child('metrics').index(i))));
  if (min === 0 && !metrics.some((m) => m.type === 'Object' || m.type === 'External')) {
    errs.push(fieldError.forbidden(path.child('metrics'), 'must specify at least one Object or External metric to support scaling to zero replicas'));
  }
  if (isSet(spec.behavior)) {
    errs.push(...validateScalingRules(spec.behavior.scaleUp, path.child('behavior', 'scaleUp')), ...validateScalingRules(spec.behavior.scaleDown, path.child('behavior', 'scaleDown')));
  }
  return errs;
}

const base = genericStrategy(true);

export const hpaStrategy: Strategy = {
  ...base,
  defaults: (obj) => defaultHPA(obj) as KubeObject,
  validate: (obj) => validateHPASpec(rec(obj.spec), FieldPath.root('spec')),
  validateUpdate: (obj, old) => validateHPASpec(rec(obj.spec), FieldPath.root('spec'), rec(old.spec).minReplicas === 0 ? 0 : 1),
  status: {
    prepareForUpdate: base.status!.prepareForUpdate,
    validateUpdate: (obj) => ['currentReplicas', 'desiredReplicas'].flatMap((f) => nonNegative(rec(obj.status)[f], FieldPath.root('status', f))),
  },
};
