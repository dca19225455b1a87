// Metadata validation common to every kind, ahead of the kind's own: ValidateObjectMeta and
// ValidateObjectMetaUpdate.

import { type FieldError, fieldError } from '../../../protocols/kube/field-errors.ts';
import type { KubeObject } from '../../../protocols/kube/objects.ts';
import type { ResourceInfo } from '../../../protocols/kube/resources.ts';
import { isDNS1123Label, validateAnnotations, validateLabels, validateObjectName } from '../../../protocols/kube/validation/index.ts';
import type { Strategy } from '../strategies/types.ts';

export function validateMeta(obj: KubeObject, r: ResourceInfo, strategy: Strategy): FieldError[] {
  const m = obj.metadata;
  const errs: FieldError[] = [...validateObjectName(m, strategy.nameValidator)];
  if (r.namespaced) {
    if (!m.namespace) errs.push(fieldError.required('metadata.namespace'));
    else for (const msg of isDNS1123Label(m.namespace)) errs.push(fieldError.invalid('metadata.namespace', m.namespace, msg));
  } else if (m.namespace) errs.push(fieldError.forbidden('metadata.namespace', 'not allowed on this type'));
  errs.push(...validateLabels(m.labels, 'metadata.labels'), ...validateAnnotations(m.annotations));
  return errs;
}

export function validateMetaUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  const immutable = (field: 'name' | 'namespace' | 'uid' | 'creationTimestamp') => {
    if ((obj.metadata[field] ?? '') !== (old.metadata[field] ?? '')) errs.push(fieldError.invalid(`metadata.${field}`, obj.metadata[field], 'field is immutable'));
  };
  immutable('name');
  immutable('namespace');
  immutable('uid');
  immutable('creationTimestamp');
  return errs;
}
