// The pod a Job creates: its template with the tracking finalizer and the Job as controlling
// owner; an Indexed Job's pod also carries its completion index (annotation and label, the
// JOB_COMPLETION_INDEX variable read from the annotation) and the hostname `<job>-<index>`.
// Kubernetes leaves the name to generateName; the controller names the pod itself (the same
// `<job>-` or `<job>-<index>-` prefix and a five-character suffix from the apiserver's alphabet)
// so that its SuccessfulCreate event can say which pod it created.

import type { Job, KubeObject, Pod } from '../../../protocols/kube/objects.ts';
import { COMPLETION_INDEX, COMPLETION_INDEX_ENV, TRACKING_FINALIZER } from './pods.ts';

const ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** Five characters from `seed` (FNV-1a), as utilrand.String would draw them. */
export function nameSuffix(seed: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 0x01000193) >>> 0;
  let out = '';
  for (let i = 0; i < 5; i++) {
    out += ALPHABET[h % ALPHABET.length];
    h = Math.imul(h ^ (h >>> 13), 0x5bd1e995) >>> 0;
  }
  return out;
}

type Container = NonNullable<NonNullable<Pod['spec']>['containers']>[number];

function withIndexEnv(c: Container): Container {
  if ((c.env ?? []).some((e) => e.name === COMPLETION_INDEX_ENV)) return c;
  return { ...c, env: [...(c.env ?? []), { name: COMPLETION_INDEX_ENV, valueFrom: { fieldRef: { fieldPath: `metadata.annotations['${COMPLETION_INDEX}']` } } }] };
}

export function podForJob(job: Job, name: string, index: number | undefined, extraAnnotations: Readonly<Record<string, string>> = {}): KubeObject {
  const template = structuredClone(job.spec!.template);
  const meta = template.metadata ?? {};
  const spec = template.spec!;
  const annotations = { ...meta.annotations, ...extraAnnotations };
  const labels = { ...meta.labels };
  const podSpec = { ...spec };
  const prefix = podNamePrefix(job, index);
  if (index !== undefined) {
    annotations[COMPLETION_INDEX] = String(index);
    labels[COMPLETION_INDEX] = String(index);
    podSpec.hostname = `${job.metadata!.name}-${index}`;
    podSpec.containers = spec.containers.map(withIndexEnv);
    if (spec.initContainers) podSpec.initContainers = spec.initContainers.map(withIndexEnv);
  }
  const finalizers = [...(meta.finalizers ?? [])];
  if (!finalizers.includes(TRACKING_FINALIZER)) finalizers.push(TRACKING_FINALIZER);
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      generateName: prefix,
      namespace: job.metadata!.namespace!,
      labels,
      ...(Object.keys(annotations).length > 0 ? { annotations } : {}),
      finalizers,
      ownerReferences: [{ apiVersion: 'batch/v1', kind: 'Job', name: job.metadata!.name!, uid: job.metadata!.uid!, controller: true, blockOwnerDeletion: true }],
    },
    spec: podSpec,
  };
}

export const podNamePrefix = (job: Job, index: number | undefined): string => (index === undefined ? `${job.metadata!.name}-` : `${job.metadata!.name}-${index}-`);
