// LimitRange and ResourceQuota (ValidateLimitRange, ValidateResourceQuota): resource names,
// non-negative quantities, and a LimitRange's min <= defaultRequest <= default <= max ordering.
// Quantities print as Quantity.String() does.

import { type FieldError, FieldPath, fieldError } from '../../../../protocols/kube/field-errors.ts';
import type { KubeObject, LimitRange, ResourceQuota } from '../../../../protocols/kube/objects.ts';
import { nameIsDNSSubdomain } from '../../../../protocols/kube/validation/index.ts';
import { genericStrategy } from '../generic.ts';
import { IS_NEGATIVE } from '../meta.ts';
import type { Strategy } from '../types.ts';
import { QUANTITY_FORMAT_ERROR } from '../../../../protocols/kube/quantity.ts';
import { compareQuantity, qualifiedName, quantityOf, quantityText, requiredEnum, view } from './fields.ts';

type Quantities = Readonly<Record<string, string | number>>;

/** Resources whose quantities must be whole numbers (object counts and the like). */
const INTEGER_RESOURCES = new Set(['pods', 'services', 'replicationcontrollers', 'resourcequotas', 'secrets', 'configmaps', 'persistentvolumeclaims', 'services.nodeports', 'services.loadbalancers']);
const QUOTA_STANDARD = new Set([
  ...INTEGER_RESOURCES, 'cpu', 'memory', 'ephemeral-storage', 'requests.cpu', 'requests.memory', 'requests.storage', 'requests.ephemeral-storage',
  'limits.cpu', 'limits.memory', 'limits.ephemeral-storage',
]);
const LIMIT_STANDARD = new Set(['cpu', 'memory', 'ephemeral-storage', 'storage']);

/** A name outside kubernetes.io's domain (an extended resource) is the user's to define. */
const isExtended = (name: string) => name.includes('/') && !name.split('/')[0]!.endsWith('kubernetes.io');
const isHugePages = (name: string) => /^(requests\.|limits\.)?hugepages-/.test(name);

export function validateQuantityValue(name: string, value: string | number, at: FieldPath): FieldError[] {
  const q = quantityOf(value);
  if (q === undefined) return [fieldError.invalid(at, value, QUANTITY_FORMAT_ERROR)];
  if (q.nanos < 0n) return [fieldError.invalid(at, quantityText(value), IS_NEGATIVE)];
  if (INTEGER_RESOURCES.has(name) && q.nanos % 1_000_000_000n !== 0n) return [fieldError.invalid(at, quantityText(value), 'must be an integer')];
  return [];
}

function quotaResourceName(name: string, at: FieldPath): FieldError[] {
  const errs = qualifiedName(at, name);
  if (errs.length > 0) return errs;
  if (QUOTA_STANDARD.has(name) || name.startsWith('count/') || isHugePages(name) || isExtended(name) || name.startsWith('requests.') && isExtended(name.slice(9))) return [];
  return [fieldError.invalid(at, name, 'must be a standard resource for quota')];
}

export function validateResourceList(list: Quantities | undefined, at: FieldPath, nameCheck: (n: string, p: FieldPath) => FieldError[]): FieldError[] {
  return Object.entries(list ?? {}).flatMap(([k, v]) => [...nameCheck(k, at.key(k)), ...validateQuantityValue(k, v, at.key(k))]);
}

const SCOPES = ['BestEffort', 'CrossNamespacePodAffinity', 'NotBestEffort', 'NotTerminating', 'PriorityClass', 'Terminating'];

export function validateResourceQuota(obj: KubeObject): FieldError[] {
  const spec = view<ResourceQuota>(obj).spec ?? {};
  const at = FieldPath.root('spec');
  const errs = validateResourceList(spec.hard, at.child('hard'), quotaResourceName);
  (spec.scopes ?? []).forEach((s) => !SCOPES.includes(s) && errs.push(fieldError.notSupported(at.child('scopes'), s, SCOPES)));
  return errs;
}

function validateQuotaStatus(obj: KubeObject): FieldError[] {
  const status = view<ResourceQuota>(obj).status ?? {};
  const at = FieldPath.root('status');
  return [...validateResourceList(status.hard, at.child('hard'), quotaResourceName), ...validateResourceList(status.used, at.child('used'), quotaResourceName)];
}

export const resourceQuotaStrategy: Strategy = {
  ...genericStrategy(true),
  nameValidator: nameIsDNSSubdomain,
  prepareForCreate(obj) {
    delete obj.status;
  },
  prepareForUpdate(obj, old) {
    if (old.status === undefined) delete obj.status;
    else obj.status = old.status;
  },
  validate: validateResourceQuota,
  validateUpdate: validateResourceQuota,
  status: { ...genericStrategy(true).status!, validateUpdate: validateQuotaStatus },
};

const LIMIT_TYPES = ['Pod', 'Container', 'PersistentVolumeClaim'];

function limitName(name: string, at: FieldPath): FieldError[] {
  const errs = qualifiedName(at, name);
  if (errs.length > 0 || LIMIT_STANDARD.has(name) || isHugePages(name) || isExtended(name)) return errs;
  return [fieldError.invalid(at, name, 'must be a standard limit type or fully qualified')];
}

export function validateLimitRange(obj: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  (view<LimitRange>(obj).spec?.limits ?? []).forEach((l, i) => {
    const at = FieldPath.root('spec', 'limits').index(i);
    errs.push(...requiredEnum(at.child('type'), l.type, LIMIT_TYPES));
    for (const part of ['max', 'min', 'default', 'defaultRequest', 'maxLimitRequestRatio'] as const) errs.push(...validateResourceList(l[part], at.child(part), limitName));
    if (l.type === 'Pod') {
      if (Object.keys(l.default ?? {}).length > 0) errs.push(fieldError.forbidden(at.child('default'), 'may not be specified when `type` is \'Pod\''));
      if (Object.keys(l.defaultRequest ?? {}).length > 0) errs.push(fieldError.forbidden(at.child('defaultRequest'), 'may not be specified when `type` is \'Pod\''));
    }
    const names = new Set([...Object.keys(l.max ?? {}), ...Object.keys(l.min ?? {}), ...Object.keys(l.default ?? {}), ...Object.keys(l.defaultRequest ?? {})]);
    for (const k of [...names].sort()) {
      const q = (v: string | number | undefined) => (v === undefined ? undefined : quantityText(v));
      const min = q(l.min?.[k]);
      const max = q(l.max?.[k]);
      const def = q(l.default?.[k]);
      const req = q(l.defaultRequest?.[k]);
      if (min !== undefined && max !== undefined && compareQuantity(min, max) > 0) errs.push(fieldError.invalid(at.child('min').key(k), min, `min value ${min} is greater than max value ${max}`));
      if (req !== undefined && min !== undefined && compareQuantity(min, req) > 0) errs.push(fieldError.invalid(at.child('defaultRequest').key(k), req, `min value ${min} is greater than default request value ${req}`));
      if (req !== undefined && max !== undefined && compareQuantity(req, max) > 0) errs.push(fieldError.invalid(at.child('defaultRequest').key(k), req, `default request value ${req} is greater than max value ${max}`));
      if (req !== undefined && def !== undefined && compareQuantity(req, def) > 0) errs.push(fieldError.invalid(at.child('defaultRequest').key(k), req, `default request value ${req} is greater than default limit value ${def}`));
      if (def !== undefined && min !== undefined && compareQuantity(min, def) > 0) errs.push(fieldError.invalid(at.child('default').key(k), def, `min value ${min} is greater than default value ${def}`));
      if (def !== undefined && max !== undefined && compareQuantity(def, max) > 0) errs.push(fieldError.invalid(at.child('default').key(k), def, `default value ${def} is greater than max value ${max}`));
    }
  });
  return errs;
}

/** SetDefaults_LimitRangeItem: a Container limit defaults to max, its request to the limit, else to min. */
function defaultLimitRange(obj: KubeObject): KubeObject {
  for (const l of view<LimitRange>(obj).spec?.limits ?? []) {
    if (l.type !== 'Container') continue;
    const def: Record<string, string | number> = { ...l.default };
    const req: Record<string, string | number> = { ...l.defaultRequest };
    for (const [k, v] of Object.entries(l.max ?? {})) if (!(k in def)) def[k] = v;
    for (const [k, v] of Object.entries(def)) if (!(k in req)) req[k] = v;
    for (const [k, v] of Object.entries(l.min ?? {})) if (!(k in req)) req[k] = v;
    l.default = def as typeof l.default;
    l.defaultRequest = req as typeof l.defaultRequest;
  }
  return obj;
}

export const limitRangeStrategy: Strategy = {
  ...genericStrategy(false),
  nameValidator: nameIsDNSSubdomain,
  defaults: defaultLimitRange,
  validate: validateLimitRange,
  validateUpdate: validateLimitRange,
};
