// The scale subresource (autoscaling/v1 Scale) of Deployments, ReplicaSets and StatefulSets:
// what GET .../scale returns and what PUT .../scale changes (pkg/registry/apps/*/storage's
// scaleFromX / scaleUpdatedObjectInfo), plus ValidateScale.

import { type FieldError, fieldError } from '../../../../protocols/kube/field-errors.ts';
import { type FailureStatus, type GroupResource, conflict } from '../../../../protocols/kube/status.ts';
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

export type ScaledObject = { readonly ok: true; readonly object: KubeObject } | { readonly ok: false; readonly status: FailureStatus };

/**
 * scaleUpdatedObjectInfo: the object with the Scale's spec.replicas, and the Scale's
 * resourceVersion as the write's precondition (none when the Scale carries none). A Scale naming
 * another uid is refused as Kubernetes refuses it. `resource` is the scaled one (apps/deployments).
 */
export function fromScale(obj: KubeObject, scale: KubeObject, resource: GroupResource): ScaledObject {
  const uid = scale.metadata.uid;
  if (uid !== undefined && uid !== '' && uid !== obj.metadata.uid) {
    const why = `Precondition failed: UID in precondition: ${uid}, UID in object meta: ${obj.metadata.uid ?? ''}`;
    return { ok: false, status: conflict({ group: resource.group, resource: `${resource.resource}/scale` }, obj.metadata.name ?? '', why) };
  }
  const out = structuredClone(obj);
  out.spec = { ...rec(out.spec), replicas: rec(scale.spec).replicas ?? 0 };
  const { resourceVersion: _stored, ...meta } = out.metadata;
  out.metadata = scale.metadata.resourceVersion ? { ...meta, resourceVersion: scale.metadata.resourceVersion } : meta;
  return { ok: true, object: out };
}

/** ValidateScale (its metadata is the pipeline's); errors are reported on kind Scale.autoscaling. */
export function validateScale(scale: KubeObject): FieldError[] {
  const replicas = rec(scale.spec).replicas;
  return typeof replicas === 'number' && replicas < 0 ? [fieldError.invalid('spec.replicas', replicas, 'must be greater than or equal to 0')] : [];
}
