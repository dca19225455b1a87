// apiregistration.k8s.io/v1 APIService: the registration of a group/version served by another
// server, which the apiserver then proxies to (kube-aggregator's ValidateAPIService rules).

import { type FieldError, fieldError } from '../../../../protocols/kube/field-errors.ts';
import type { KubeObject } from '../../../../protocols/kube/objects.ts';
import { isDNS1035Label, isDNS1123Subdomain, nameIsDNSSubdomain } from '../../../../protocols/kube/validation/index.ts';
import { genericStrategy } from '../generic.ts';

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

function validate(obj: KubeObject): FieldError[] {
  const spec = (obj.spec ?? {}) as APIServiceSpec;
  const errs: FieldError[] = [];
  const group = spec.group ?? '';
  const version = spec.version ?? '';
  const expected = `${version}.${group}`;
  if (group === '' && obj.metadata.name !== version) errs.push(fieldError.invalid('metadata.name', obj.metadata.name, 'only v1 may have an empty group and it better be legacy kube'));
  if (group !== '' && obj.metadata.name !== expected) errs.push(fieldError.invalid('metadata.name', obj.metadata.name, `must be \`spec.version+"."+spec.group\`: "${expected}"`));
  if (group !== '') for (const msg of isDNS1123Subdomain(group)) errs.push(fieldError.invalid('spec.group', group, msg));
  for (const msg of isDNS1035Label(version)) errs.push(fieldError.invalid('spec.version', version, msg));
  const gpm = spec.groupPriorityMinimum ?? 0;
  if (gpm <= 0 || gpm > 20000) errs.push(fieldError.invalid('spec.groupPriorityMinimum', gpm, 'must be positive and less than 20000'));
  const vp = spec.versionPriority ?? 0;
  if (vp <= 0 || vp > 1000) errs.push(fieldError.invalid('spec.versionPriority', vp, 'must be positive and less than 1000'));
  if (spec.service === undefined) {
    if ((spec.caBundle ?? '') !== '') errs.push(fieldError.invalid('spec.caBundle', `${(spec.caBundle ?? '').length} bytes`, 'may not be set if service is nil'));
    if (spec.insecureSkipTLSVerify) errs.push(fieldError.invalid('spec.insecureSkipTLSVerify', true, 'may not be true if service is nil'));
  } else {
    if ((spec.service.namespace ?? '') === '') errs.push(fieldError.required('spec.service.namespace'));
    if ((spec.service.name ?? '') === '') errs.push(fieldError.required('spec.service.name'));
  }
  return errs;
}

export const apiServiceStrategy = genericStrategy(true, {
  nameValidator: nameIsDNSSubdomain,
  validate,
  validateUpdate: (obj) => validate(obj),
});
