// The downward API's selectors, shared by env vars and downwardAPI volume files
// (validateObjectFieldSelector, validateContainerResourceFieldSelector): which pod fields and
// container resources each may expose, after ConvertDownwardAPIFieldLabel's conversion.

import { type FieldError, FieldPath, fieldError } from '../../../../protocols/kube/field-errors.ts';
import { isQualifiedName } from '../../../../protocols/kube/validation/index.ts';
import { type J, str } from './json.ts';

/** validEnvDownwardAPIFieldPathExpressions, sorted as sets.List gives them. */
export const ENV_FIELD_PATHS = ['metadata.name', 'metadata.namespace', 'metadata.uid', 'spec.nodeName', 'spec.serviceAccountName', 'status.hostIP', 'status.hostIPs', 'status.podIP', 'status.podIPs'];
/** validVolumeDownwardAPIFieldPathExpressions. */
export const VOLUME_FIELD_PATHS = ['metadata.annotations', 'metadata.labels', 'metadata.name', 'metadata.namespace', 'metadata.uid'];
const CONVERTIBLE_FIELD_PATHS = new Set([...ENV_FIELD_PATHS, 'metadata.annotations', 'metadata.labels', 'spec.restartPolicy', 'spec.schedulerName', 'status.phase']);
const RESOURCE_FIELD_PATHS = ['limits.cpu', 'limits.ephemeral-storage', 'limits.memory', 'requests.cpu', 'requests.ephemeral-storage', 'requests.memory'];
const SUBSCRIPTED = /^(.*)\['(.*)'\]$/;

/** podshelper.ConvertDownwardAPIFieldLabel: the error, or the internal path. */
function convertFieldLabel(apiVersion: string, label: string): { error: string } | { path: string } {
  if (apiVersion !== 'v1') return { error: `unsupported pod version: ${apiVersion}` };
  const sub = SUBSCRIPTED.exec(label);
  if (sub !== null) return sub[1] === 'metadata.annotations' || sub[1] === 'metadata.labels' ? { path: label } : { error: `field label does not support subscript: ${label}` };
  if (label === 'spec.host') return { path: 'spec.nodeName' };
  return CONVERTIBLE_FIELD_PATHS.has(label) ? { path: label } : { error: `field label not supported: ${label}` };
}

/** validateObjectFieldSelector: a fieldRef exposing one of `expressions` (or a label or annotation by key). */
export function validateObjectFieldSelector(ref: J, expressions: readonly string[], path: FieldPath): FieldError[] {
  if (!ref.apiVersion) return [fieldError.required(path.child('apiVersion'))];
  if (!ref.fieldPath) return [fieldError.required(path.child('fieldPath'))];
  const fp = str(ref.fieldPath);
  const converted = convertFieldLabel(str(ref.apiVersion), fp);
  if ('error' in converted) return [fieldError.invalid(path.child('fieldPath'), fp, `error converting fieldPath: ${converted.error}`)];
  const sub = SUBSCRIPTED.exec(converted.path);
  if (sub !== null) {
    const key = sub[1] === 'metadata.annotations' ? sub[2]!.toLowerCase() : sub[2]!;
    return isQualifiedName(key).map((m) => fieldError.invalid(path, key, m));
  }
  return expressions.includes(converted.path) ? [] : [fieldError.notSupported(path.child('fieldPath'), converted.path, expressions)];
}

/** validateContainerResourceFieldSelector (divisors not checked); a volume file must name its container. */
export function validateResourceFieldSelector(ref: J, path: FieldPath, volume: boolean): FieldError[] {
  const resource = str(ref.resource);
  if (volume && str(ref.containerName) === '') return [fieldError.required(path.child('containerName'))];
  if (resource === '') return [fieldError.required(path.child('resource'))];
  if (RESOURCE_FIELD_PATHS.includes(resource) || resource.startsWith('requests.hugepages-') || resource.startsWith('limits.hugepages-')) return [];
  return [fieldError.notSupported(path.child('resource'), resource, RESOURCE_FIELD_PATHS)];
}
