// The scale subresource (autoscaling/v1 Scale) of Deployments, ReplicaSets and StatefulSets:
// what GET .../scale returns and what PUT .../scale changes (pkg/registry/apps/*/storage's
// scaleFromX / scaleUpdatedObjectInfo), plus ValidateScale.

import { type FieldError, fieldError } from '../../../../protocols/kube/field-errors.ts';
import type { KubeObject } from '../../../../protocols/kube/objects.ts';
import { labelSelectorAsSelector, selectorString } from '../../../../protocols/kube/validation/index.ts';
import { type J, isSet, rec, selectorObj } from './json.ts';

/** The Scale of a Deployment, ReplicaSet or StatefulSet; status.selector is the selector's string form. */
export function toScale(obj: KubeObject): KubeObject {
  const spec = rec(obj.spec);
  const parsed = labelSelectorAsSelector(selectorObj(spec.selector));
  const m = obj.metadata;
  const metadata: J = { name: m.name, namespace: m.namespace, uid: m.uid, resourceVersion: m.resourceVersion, creationTimestamp: m.creationTimestamp };
  for (const k of Object.keys(metadata)) if (metadata[k] === undefined) delete metadata[k];
  return {
    apiVersion: 'autoscaling/v1',
    kind: 'Scale',
    metadata,
    spec: { replicas: spec.replicas ?? 0 },
    status: { replicas: rec(obj.status).replicas ?? 0, selector: parsed.ok ? selectorString(parsed.value) : '' },
  };
}

/** The object with the Scale's spec.replicas applied (a copy; the object's other fields are kept). */
export function fromScale(obj: KubeObject, scale: KubeObject): KubeObject {
  const out = structuredClone(obj);
  out.spec = { ...rec(out.spec), replicas: rec(scale.spec).replicas ?? 0 };
  return out;
}

/** ValidateScale (its metadata is the pipeline's). */
export function validateScale(scale: KubeObject): FieldError[] {
  const replicas = rec(scale.spec).replicas;
  return typeof replicas === 'number' && replicas < 0 ? [fieldError.invalid('spec.replicas', replicas, 'must be greater than or equal to 0')] : [];
}
