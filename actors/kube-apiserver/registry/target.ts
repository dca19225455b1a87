// From a request's path to the resource it names, with the apiserver's answers for paths it does
// not serve: 404 for an unknown resource or subresource, 405 for a verb the resource refuses.

import type { Target } from '../../../protocols/kube/api.ts';
import { resourceFor, type ResourceInfo, subresourceOf, type Verb } from '../../../protocols/kube/resources.ts';
import { type FailureStatus, methodNotSupported } from '../../../protocols/kube/status.ts';

/** The apiserver's 404 for a path it does not serve. */
export const notFoundResource = (): FailureStatus => ({ ...NOT_FOUND });

const NOT_FOUND: FailureStatus = {
  kind: 'Status',
  apiVersion: 'v1',
  metadata: {},
  status: 'Failure',
  message: 'the server could not find the requested resource',
  reason: 'NotFound',
  details: {},
  code: 404,
};

/** The built-in resources; custom resources join through the shell's resolver. */
export function resolveBuiltin(target: Target): ResourceInfo | FailureStatus {
  const r = resourceFor(target.group, target.resource);
  if (r === undefined || r.version !== target.version) return NOT_FOUND;
  if (target.subresource !== undefined && subresourceOf(r, target.subresource) === undefined) return NOT_FOUND;
  return r;
}

export const isStatus = (x: unknown): x is FailureStatus => typeof x === 'object' && x !== null && (x as { kind?: unknown }).kind === 'Status';

/** The verbs a target allows: the subresource's when it names one. */
export function checkVerb(r: ResourceInfo, target: Target, verb: Verb): FailureStatus | undefined {
  const verbs = target.subresource === undefined ? r.verbs : (subresourceOf(r, target.subresource)?.verbs ?? []);
  if (verbs.includes(verb)) return undefined;
  return methodNotSupported({ group: r.group, resource: target.subresource === undefined ? r.resource : `${r.resource}/${target.subresource}` }, verb);
}
