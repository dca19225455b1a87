// A container's resources (ValidateContainerResourceRequirements): resource names, quantities,
// requests ≤ limits, and the extended resources that may not be overcommitted. Go ranges over the
// ResourceList maps in random order; here names are visited sorted, so the first error is stable.

import { type FieldError, FieldPath, fieldError } from '../../../../protocols/kube/field-errors.ts';
import { isQualifiedName } from '../../../../protocols/kube/validation/index.ts';
import { rec } from './json.ts';
import { type Quantity, QuantityError, compareQuantities, formatQuantity, parseQuantity, tryParseQuantity } from '../../../../protocols/kube/quantity.ts';

const CONTAINER_RESOURCES = new Set(['cpu', 'memory', 'ephemeral-storage']);
const OTHER_STANDARD = new Set(['pods', 'services', 'replicationcontrollers', 'resourcequotas', 'secrets', 'configmaps', 'persistentvolumeclaims', 'storage', 'requests.cpu', 'requests.memory', 'requests.ephemeral-storage', 'requests.storage', 'limits.cpu', 'limits.memory', 'limits.ephemeral-storage', 'services.nodeports', 'services.loadbalancers']);
const isHugePages = (name: string): boolean => name.startsWith('hugepages-');
const isNative = (name: string): boolean => !name.includes('/') || name.includes('kubernetes.io/');
const overcommitAllowed = (name: string): boolean => isNative(name) && !isHugePages(name);

const isStandard = (name: string): boolean => CONTAINER_RESOURCES.has(name) || OTHER_STANDARD.has(name) || isHugePages(name) || name.startsWith('requests.hugepages-');

/** validateResourceName then validateContainerResourceName (both report, as in Kubernetes). */
function validateContainerResourceName(name: string, path: FieldPath): FieldError[] {
  const errs = isQualifiedName(name).map((msg) => fieldError.invalid(path, name, msg));
  const plain = !name.includes('/');
  if (errs.length === 0 && plain && !isStandard(name)) errs.push(fieldError.invalid(path, name, 'must be a standard resource type or fully qualified'));
  if (plain) {
    if (!CONTAINER_RESOURCES.has(name) && !isHugePages(name)) errs.push(fieldError.invalid(path, name, 'must be a standard resource for containers'));
  } else if (!isNative(name) && (name.startsWith('requests.') || isQualifiedName(`requests.${name}`).length > 0)) {
    errs.push(fieldError.invalid(path, name, "doesn't follow extended resource name standard"));
  }
  return errs;
}

/** ValidateResourceQuantityValue; `undefined` is a quantity that did not parse (already reported). */
function validateQuantity(name: string, raw: unknown, path: FieldPath): { errs: FieldError[]; q?: Quantity } {
  let q: Quantity;
  try {
    q = parseQuantity(typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw : '');
  } catch (e) {
    // Kubernetes rejects these while decoding, before validation, with this same text.
    if (e instanceof QuantityError) return { errs: [fieldError.invalid(path, raw, e.message)] };
    throw e;
  }
  const errs: FieldError[] = [];
  if (q.nanos < 0n) errs.push(fieldError.invalid(path, formatQuantity(q), 'must be greater than or equal to 0'));
  if (!isNative(name) && q.nanos % 1_000_000_000n !== 0n) errs.push(fieldError.invalid(path, formatQuantity(q), 'must be an integer'));
  return { errs, q };
}

/** A container's `resources` (limits, then requests, then the hugepages rule). */
export function validateResourceRequirements(resources: unknown, path: FieldPath): FieldError[] {
  const r = rec(resources);
  const limits = rec(r.limits);
  const requests = rec(r.requests);
  const limPath = path.child('limits');
  const reqPath = path.child('requests');
  const errs: FieldError[] = [];
  const limitQ = new Map<string, Quantity>();
  let cpuOrMemory = false;
  let hugePages = false;
  for (const name of Object.keys(limits).sort()) {
    const at = limPath.key(name);
    errs.push(...validateContainerResourceName(name, at));
    const { errs: qErrs, q } = validateQuantity(name, limits[name], at);
    errs.push(...qErrs);
    if (q !== undefined) limitQ.set(name, q);
    if (name === 'cpu' || name === 'memory') cpuOrMemory = true;
    if (isHugePages(name)) hugePages = true;
  }
  for (const name of Object.keys(requests).sort()) {
    const at = reqPath.key(name);
    errs.push(...validateContainerResourceName(name, at));
    const { errs: qErrs, q } = validateQuantity(name, requests[name], at);
    errs.push(...qErrs);
    if (name === 'cpu' || name === 'memory') cpuOrMemory = true;
    if (isHugePages(name)) hugePages = true;
    const limit = limitQ.get(name);
    if (q !== undefined && limit !== undefined) {
      const cmp = compareQuantities(q, limit);
      if (cmp !== 0 && !overcommitAllowed(name)) errs.push(fieldError.invalid(reqPath, formatQuantity(q), `must be equal to ${name} limit of ${formatQuantity(limit)}`));
      else if (cmp > 0) errs.push(fieldError.invalid(reqPath, formatQuantity(q), `must be less than or equal to ${name} limit of ${formatQuantity(limit)}`));
    } else if (!Object.hasOwn(limits, name) && !overcommitAllowed(name)) {
      errs.push(fieldError.required(limPath, 'Limit must be set for non overcommitable resources'));
    }
  }
  if (!cpuOrMemory && hugePages) errs.push(fieldError.forbidden(path, 'HugePages require cpu or memory'));
  return errs;
}

/** The quantities of a resource list, for QoS and the like; unparsable entries are left out. */
export function quantities(resourceList: unknown): Map<string, Quantity> {
  const out = new Map<string, Quantity>();
  for (const [name, raw] of Object.entries(rec(resourceList))) {
    const q = typeof raw === 'string' || typeof raw === 'number' ? tryParseQuantity(String(raw)) : undefined;
    if (q !== undefined) out.set(name, q);
  }
  return out;
}
