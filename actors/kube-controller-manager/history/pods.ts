// What both set controllers need of pods besides revisions: a pod built from a template as
// controller.GetPodFromTemplate builds it, and readiness and availability as podutil judges them.
// Time comes in as wall ms (epochMs + virtual now), the scale conditions' timestamps are written in.

import type { KubeObject, OwnerReference, Pod } from '../../../protocols/kube/objects.ts';
import { parseRfc3339 } from '../../../protocols/kube/time.ts';

interface Template {
  readonly metadata?: { readonly labels?: Record<string, string>; readonly annotations?: Record<string, string>; readonly finalizers?: string[] };
  readonly spec?: unknown;
}

/** A new pod of `template` controlled by `ref`, named by the server from `<owner>-` unless the caller names it. */
export function podFromTemplate(template: Template, namespace: string, ownerName: string, ref: OwnerReference): Pod {
  const m = template.metadata ?? {};
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      generateName: `${ownerName}-`,
      namespace,
      labels: { ...m.labels },
      ...(m.annotations ? { annotations: { ...m.annotations } } : {}),
      ...(m.finalizers ? { finalizers: [...m.finalizers] } : {}),
      ownerReferences: [ref],
    },
    spec: structuredClone(template.spec ?? {}) as Pod['spec'],
  };
}

const readyCondition = (pod: Pod) => (pod.status?.conditions ?? []).find((c) => c.type === 'Ready');

export const isPodReady = (pod: Pod): boolean => readyCondition(pod)?.status === 'True';

/** podutil.IsPodAvailable: ready, and ready for at least minReadySeconds by `wallMs`. */
export function isPodAvailable(pod: Pod, minReadySeconds: number, wallMs: number): boolean {
  const c = readyCondition(pod);
  if (c?.status !== 'True') return false;
  if (minReadySeconds <= 0) return true;
  const since = c.lastTransitionTime === undefined ? undefined : parseRfc3339(c.lastTransitionTime);
  return since !== undefined && since + minReadySeconds * 1000 < wallMs;
}

export const isTerminating = (o: KubeObject): boolean => o.metadata.deletionTimestamp !== undefined && o.metadata.deletionTimestamp !== null;

