// Metadata validation common to every kind, ahead of the kind's own: ValidateObjectMeta and
// ValidateObjectMetaUpdate (strategies/meta.ts). Kubernetes' core-group validation also checks
// finalizer names against its standard ones; the other groups' generic validation does not.

import type { FieldError } from '../../../protocols/kube/field-errors.ts';
import type { KubeObject } from '../../../protocols/kube/objects.ts';
import type { ResourceInfo } from '../../../protocols/kube/resources.ts';
import { validateObjectMeta, validateObjectMetaUpdate } from '../strategies/meta.ts';
import type { Strategy } from '../strategies/types.ts';

const kubeFinalizers = (r: ResourceInfo): boolean => r.group === '' && !r.custom;

export function validateMeta(obj: KubeObject, r: ResourceInfo, strategy: Strategy): FieldError[] {
  return validateObjectMeta(obj.metadata, { namespaced: r.namespaced, nameValidator: strategy.nameValidator, kubeFinalizers: kubeFinalizers(r) });
}

/** The update rules, which include everything validateMeta checks of the new object. */
export function validateMetaUpdate(obj: KubeObject, old: KubeObject, r: ResourceInfo): FieldError[] {
  return validateObjectMetaUpdate(obj.metadata, old.metadata, 'metadata', { kubeFinalizers: kubeFinalizers(r) });
}
