// The HPA's target as its scale subresource shows it: Deployments, ReplicaSets and StatefulSets
// (apps/v1), read from the controller's informers rather than a GET of /scale each sync, and a
// rescale written as an autoscaling/v1 Scale to the target's /scale, with the target's
// resourceVersion as the precondition so a stale read fails and is retried on the next sync.

import type { ApiCall } from '../../../protocols/kube/api.ts';
import type { KubeObject } from '../../../protocols/kube/objects.ts';
import { labelSelectorAsSelector, selectorString } from '../../../protocols/kube/validation/index.ts';
import { type Listers, resourceFor, targetOf } from '../../client/index.ts';

/** group/Kind → the informer holding that kind. */
export const SCALE_TARGETS: Readonly<Record<string, { readonly informer: string; readonly resource: string }>> = {
  'apps/Deployment': { informer: 'deployments', resource: 'deployments' },
  'apps/ReplicaSet': { informer: 'replicasets', resource: 'replicasets' },
  'apps/StatefulSet': { informer: 'statefulsets', resource: 'statefulsets' },
};

export interface ScaleRef {
  readonly apiVersion?: string;
  readonly kind: string;
  readonly name: string;
}

export interface TargetScale {
  readonly resource: string;
  readonly namespace: string;
  readonly name: string;
  readonly uid?: string;
  readonly resourceVersion?: string;
  readonly specReplicas: number;
  readonly statusReplicas: number;
  /** The target's selector as a string; '' when it has none or it does not parse. */
  readonly selector: string;
}

export type ScaleRead = { readonly ok: true; readonly scale: TargetScale } | { readonly ok: false; readonly error: string };

const groupOf = (apiVersion: string | undefined): string => {
  const v = apiVersion ?? '';
  const slash = v.indexOf('/');
  return slash < 0 ? '' : v.slice(0, slash);
};

export function readScale(ref: ScaleRef, namespace: string, listers: Listers): ScaleRead {
  const group = groupOf(ref.apiVersion);
  const t = SCALE_TARGETS[`${group}/${ref.kind}`];
  if (t === undefined) return { ok: false, error: `no matches for kind "${ref.kind}" in group "${group}"` };
  const obj = listers[t.informer]?.namespace(namespace).get(ref.name);
  if (obj === undefined) return { ok: false, error: `${t.resource}.${group} "${ref.name}" not found` };
  const spec = (obj as { spec?: { replicas?: number; selector?: unknown } }).spec ?? {};
  const status = (obj as { status?: { replicas?: number } }).status ?? {};
  const parsed = labelSelectorAsSelector(spec.selector as Parameters<typeof labelSelectorAsSelector>[0]);
  return {
    ok: true,
    scale: {
      resource: t.resource,
      namespace,
      name: ref.name,
      ...(obj.metadata.uid === undefined ? {} : { uid: obj.metadata.uid }),
      ...(obj.metadata.resourceVersion === undefined ? {} : { resourceVersion: obj.metadata.resourceVersion }),
      specReplicas: spec.replicas ?? 1,
      statusReplicas: status.replicas ?? 0,
      selector: parsed.ok ? selectorString(parsed.value) : '',
    },
  };
}

export function rescaleCall(s: TargetScale, replicas: number): ApiCall {
  const body: KubeObject = {
    apiVersion: 'autoscaling/v1',
    kind: 'Scale',
    metadata: { name: s.name, namespace: s.namespace, ...(s.uid === undefined ? {} : { uid: s.uid }), ...(s.resourceVersion === undefined ? {} : { resourceVersion: s.resourceVersion }) },
    spec: { replicas },
    status: { replicas: s.statusReplicas, selector: s.selector },
  };
  return { verb: 'update', target: targetOf(resourceFor(s.resource), { namespace: s.namespace, name: s.name, subresource: 'scale' }), body };
}
