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

/** Resources whose quantities must be whole numbers (object counts). */
const INTEGER_RESOURCES = new Set(['pods', 'services', 'replicationcontrollers', 'resourcequotas', 'secrets', 'configmaps', 'persistentvolumeclaims', 'services.nodeports', 'services.loadbalancers']);
const COMPUTE = ['cpu', 'memory', 'ephemeral-storage'];
const REQUESTS_LIMITS = ['requests.cpu', 'requests.memory', 'requests.ephemeral-storage', 'limits.cpu', 'limits.memory', 'limits.ephemeral-storage'];
/** helper.IsStandardResourceName, IsStandardQuotaResourceName, IsStandardContainerResourceName (hugepages apart). */
const STANDARD = new Set([...COMPUTE, ...REQUESTS_LIMITS, ...INTEGER_RESOURCES, 'storage', 'requests.storage']);
const QUOTA_STANDARD = new Set([...COMPUTE, ...REQUESTS_LIMITS, ...INTEGER_RESOURCES, 'requests.storage']);
const CONTAINER_STANDARD = new Set(COMPUTE);

const isHugePages = (name: string) => name.startsWith('hugepages-');
const isQuotaHugePages = (name: string) => /^(requests\.|limits\.)?hugepages-/.test(name);
const unqualified = (name: string) => !name.includes('/');
/** A name in the kubernetes.io domain (or with none) is Kubernetes' own. */
const isNative = (name: string) => unqualified(name) || name.split('/')[0]!.includes('kubernetes.io');

/** validateResourceName: a qualified name, and a standard one unless it has a domain. */
function resourceName(name: string, at: FieldPath): FieldError[] {
  const errs = qualifiedName(at, name);
  if (errs.length > 0) return errs;
  if (unqualified(name) && !STANDARD.has(name) && !isHugePages(name)) errs.push(fieldError.invalid(at, name, 'must be a standard resource type or fully qualified'));
  return errs;
}

function quotaResourceName(name: string, at: FieldPath): FieldError[] {
  const errs = resourceName(name, at);
  if (unqualified(name) && !QUOTA_STANDARD.has(name) && !isQuotaHugePages(name)) errs.push(fieldError.invalid(at, name, 'must be a standard resource for quota'));
  return errs;
}

/** validateContainerResourceName: what a Pod or Container limit may name. */
function containerResourceName(name: string, at: FieldPath): FieldError[] {
  const errs = resourceName(name, at);
  if (unqualified(name) && !CONTAINER_STANDARD.has(name) && !isHugePages(name)) errs.push(fieldError.invalid(at, name, 'must be a standard resource for containers'));
  else if (!isNative(name) && name.startsWith('requests.')) errs.push(fieldError.invalid(at, name, "doesn't follow extended resource name standard"));
  return errs;
}

/** ValidateResourceQuantityValue: not negative, and whole for object counts. */
export function validateQuantityValue(name: string, value: string | number, at: FieldPath): FieldError[] {
  const q = quantityOf(value);
  if (q === undefined) return [fieldError.invalid(at, value, QUANTITY_FORMAT_ERROR)];
  if (q.nanos < 0n) return [fieldError.invalid(at, quantityText(value), IS_NEGATIVE)];
  if (INTEGER_RESOURCES.has(name) && q.nanos % 1_000_000_000n !== 0n) return [fieldError.invalid(at, quantityText(value), 'must be an integer')];
  return [];
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

const limitName = (type: string | undefined) => (type === 'Pod' || type === 'Container' ? containerResourceName : resourceName);

export function validateLimitRange(obj: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  (view<LimitRange>(obj).spec?.limits ?? []).forEach((l, i) => {
    const at = FieldPath.root('spec', 'limits').index(i);
    errs.push(...requiredEnum(at.child('type'), l.type, LIMIT_TYPES));
    const nameCheck = limitName(l.type);
    for (const part of ['max', 'min'] as const) for (const k of Object.keys(l[part] ?? {})) errs.push(...nameCheck(k, at.child(part).key(k)));
    if (l.type === 'Pod') {
      if (Object.keys(l.default ?? {}).length > 0) errs.push(fieldError.forbidden(at.child('default'), 'may not be specified when `type` is \'Pod\''));
      if (Object.keys(l.defaultRequest ?? {}).length > 0) errs.push(fieldError.forbidden(at.child('defaultRequest'), 'may not be specified when `type` is \'Pod\''));
    } else for (const part of ['default', 'defaultRequest'] as const) for (const k of Object.keys(l[part] ?? {})) errs.push(...nameCheck(k, at.child(part).key(k)));
    if (l.type === 'PersistentVolumeClaim' && l.min?.storage === undefined && l.max?.storage === undefined)
      errs.push(fieldError.required(at.child('limits'), 'either minimum or maximum storage value is required, but neither was provided'));
    for (const k of Object.keys(l.maxLimitRequestRatio ?? {})) errs.push(...nameCheck(k, at.child('maxLimitRequestRatio').key(k)));
    const names = new Set([...Object.keys(l.max ?? {}), ...Object.keys(l.min ?? {}), ...Object.keys(l.default ?? {}), ...Object.keys(l.defaultRequest ?? {}), ...Object.keys(l.maxLimitRequestRatio ?? {})]);
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
      // Kubernetes reports min (resp. max) as the value of these two.
      if (def !== undefined && min !== undefined && compareQuantity(min, def) > 0) errs.push(fieldError.invalid(at.child('default').key(k), min, `min value ${min} is greater than default value ${def}`));
      if (def !== undefined && max !== undefined && compareQuantity(def, max) > 0) errs.push(fieldError.invalid(at.child('default').key(k), max, `default value ${def} is greater than max value ${max}`));
      const ratio = q(l.maxLimitRequestRatio?.[k]);
      if (ratio !== undefined && compareQuantity(ratio, 1) < 0) errs.push(fieldError.invalid(at.child('maxLimitRequestRatio').key(k), ratio, `ratio ${ratio} is less than 1`));
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
