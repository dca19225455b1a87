// apiregistration.k8s.io/v1 APIService: the registration of a group/version served by another
// server, which the apiserver then proxies to (kube-aggregator's ValidateAPIService rules).

import { type FieldError, fieldError } from '../../../../protocols/kube/field-errors.ts';
import type { KubeObject } from '../../../../protocols/kube/objects.ts';
import { isDNS1035Label, isDNS1123Subdomain } from '../../../../protocols/kube/validation/index.ts';
import { genericStrategy } from '../generic.ts';
import type { Strategy } from '../types.ts';

export interface APIServiceSpec {
  readonly group?: string;
  readonly version?: string;
  /** Absent: served by this apiserver itself (a Local APIService). */
  readonly service?: { readonly namespace?: string; readonly name?: string; readonly port?: number };
  readonly groupPriorityMinimum?: number;
  readonly versionPriority?: number;
  readonly insecureSkipTLSVerify?: boolean;
  readonly caBundle?: string;
}

/** apimachinery's IsValidPathSegmentName: what an APIService's name must be before anything else. */
const pathSegmentName = (name: string): string[] => {
  if (name === '.' || name === '..') return [`may not be '${name}'`];
  return ['/', '%'].filter((c) => name.includes(c)).map((c) => `may not contain '${c}'`);
};

function validate(obj: KubeObject): FieldError[] {
  const spec = (obj.spec ?? {}) as APIServiceSpec;
  const errs: FieldError[] = [];
  const group = spec.group ?? '';
  const version = spec.version ?? '';
  const required = `${version}.${group}`;
  const name = obj.metadata.name ?? '';
  // The name must be version.group ("v1." for the core group), once it is a path segment at all.
  if (name !== '' && pathSegmentName(name).length === 0 && name !== required) errs.push(fieldError.invalid('metadata.name', name, `must be \`spec.version+"."+spec.group\`: "${required}"`));
  if (group === '' && version !== 'v1') errs.push(fieldError.required('spec.group', 'only v1 may have an empty group and it better be legacy kube'));
  if (group !== '') for (const msg of isDNS1123Subdomain(group)) errs.push(fieldError.invalid('spec.group', group, msg));
  for (const msg of isDNS1035Label(version)) errs.push(fieldError.invalid('spec.version', version, msg));
  const gpm = spec.groupPriorityMinimum ?? 0;
  if (gpm <= 0 || gpm > 20000) errs.push(fieldError.invalid('spec.groupPriorityMinimum', gpm, 'must be positive and less than 20000'));
  const vp = spec.versionPriority ?? 0;
  if (vp <= 0 || vp > 1000) errs.push(fieldError.invalid('spec.versionPriority', vp, 'must be positive and less than 1000'));
  if (spec.service === undefined) {
    if ((spec.caBundle ?? '') !== '') errs.push(fieldError.invalid('spec.caBundle', `${(spec.caBundle ?? '').length} bytes`, 'local APIServices may not have a caBundle'));
    if (spec.insecureSkipTLSVerify) errs.push(fieldError.invalid('spec.insecureSkipTLSVerify', true, 'local APIServices may not have insecureSkipTLSVerify'));
    return errs;
  }
  if ((spec.service.namespace ?? '') === '') errs.push(fieldError.required('spec.service.namespace'));
  if ((spec.service.name ?? '') === '') errs.push(fieldError.required('spec.service.name'));
  const port = spec.service.port ?? 443;
  if (!Number.isInteger(port) || port < 1 || port > 65535) errs.push(fieldError.invalid('spec.service.port', port, 'port is not valid: must be between 1 and 65535, inclusive'));
  if (spec.insecureSkipTLSVerify && (spec.caBundle ?? '') !== '') errs.push(fieldError.invalid('spec.insecureSkipTLSVerify', true, 'may not be true if caBundle is present'));
  return errs;
}

/** A condition's status is True, False or Unknown (ValidateAPIServiceStatus). */
function validateStatus(obj: KubeObject): FieldError[] {
  const conditions = ((obj.status ?? {}) as { conditions?: readonly { status?: string }[] }).conditions ?? [];
  return conditions.flatMap((c, i) =>
    c.status === 'True' || c.status === 'False' || c.status === 'Unknown' ? [] : [fieldError.notSupported(`status.conditions[${i}].status`, c.status ?? '', ['True', 'False', 'Unknown'])],
  );
}

/** SetDefaults_ServiceReference: port 443. */
function defaults(obj: KubeObject): KubeObject {
  const spec = obj.spec as APIServiceSpec | undefined;
  if (spec?.service !== undefined && spec.service.port === undefined) obj.spec = { ...spec, service: { ...spec.service, port: 443 } };
  return obj;
}

const base = genericStrategy(true, {
  nameValidator: pathSegmentName,
  defaults,
  validate,
  validateUpdate: (obj) => validate(obj),
});

export const apiServiceStrategy: Strategy = { ...base, status: { ...base.status!, validateUpdate: (obj: KubeObject) => validateStatus(obj) } };
