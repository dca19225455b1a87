// A DaemonSet's pods: the template they are made from (CreatePodTemplate: the daemon tolerations,
// the revision hash and template-generation labels), each pinned to its node by a required node
// affinity on metadata.name so the scheduler binds it there, and the node a pod is for.

import type { DaemonSet, KubeObject, Pod } from '../../../protocols/kube/objects.ts';
import { podFromTemplate } from '../history/pods.ts';
import { controllerRef, REVISION_HASH_LABEL } from '../history/revisions.ts';
import { daemonTolerations } from './eligibility.ts';

export const TEMPLATE_GENERATION_LABEL = 'pod-template-generation';
/** The annotation the apiserver keeps the template's generation in (apps.DeprecatedTemplateGeneration). */
export const TEMPLATE_GENERATION_ANNOTATION = 'deprecated.daemonset.template.generation';

type Spec = NonNullable<Pod['spec']>;

export function templateGeneration(ds: DaemonSet): string | undefined {
  const g = ds.metadata?.annotations?.[TEMPLATE_GENERATION_ANNOTATION];
  return g !== undefined && /^\d+$/.test(g) ? g : undefined;
}

/** util.IsPodUpdated: the pod carries the current hash, or the current template generation. */
export function isPodUpdated(pod: Pod, hash: string, generation: string | undefined): boolean {
  const labels = pod.metadata?.labels ?? {};
  return (hash !== '' && labels[REVISION_HASH_LABEL] === hash) || (generation !== undefined && labels[TEMPLATE_GENERATION_LABEL] === generation);
}

/** ReplaceDaemonSetPodNodeNameNodeAffinity: the required terms become one, matching only `node`; preferences stay. */
export function pinToNode(spec: Spec, node: string): Spec {
  const nodeAffinity = spec.affinity?.nodeAffinity ?? {};
  const term = { matchFields: [{ key: 'metadata.name', operator: 'In', values: [node] }] };
  return { ...spec, affinity: { ...spec.affinity, nodeAffinity: { ...nodeAffinity, requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [term] } } } };
}

/** util.GetTargetNodeName: spec.nodeName once bound, else the node its affinity pins it to. */
export function targetNode(pod: Pod): string | undefined {
  if (pod.spec?.nodeName) return pod.spec.nodeName;
  const terms = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? [];
  for (const t of terms) for (const f of t.matchFields ?? []) if (f.key === 'metadata.name' && f.operator === 'In' && f.values?.length === 1) return f.values[0];
  return undefined;
}

/** The pod for `node` at revision `hash`. */
export function newDaemonPod(ds: DaemonSet, node: string, hash: string): Pod {
  const template = ds.spec!.template;
  const generation = templateGeneration(ds);
  const pod = podFromTemplate(template, ds.metadata!.namespace!, ds.metadata!.name!, controllerRef(ds as KubeObject, 'DaemonSet'));
  const labels = { ...pod.metadata!.labels, ...(generation !== undefined ? { [TEMPLATE_GENERATION_LABEL]: generation } : {}), ...(hash ? { [REVISION_HASH_LABEL]: hash } : {}) };
  const spec = pinToNode({ ...pod.spec!, tolerations: daemonTolerations(pod.spec!) }, node);
  return { ...pod, metadata: { ...pod.metadata, labels }, spec };
}

const scheduledFirst = (p: Pod) => (p.spec?.nodeName ? 0 : 1);

/** podByCreationTimestampAndPhase: bound pods first, then oldest, then by name. */
export function oldestFirst(pods: readonly Pod[]): Pod[] {
  return [...pods].sort((a, b) => {
    if (scheduledFirst(a) !== scheduledFirst(b)) return scheduledFirst(a) - scheduledFirst(b);
    const ta = a.metadata?.creationTimestamp ?? '';
    const tb = b.metadata?.creationTimestamp ?? '';
    if (ta !== tb) return ta < tb ? -1 : 1;
    return (a.metadata?.name ?? '') < (b.metadata?.name ?? '') ? -1 : 1;
  });
}
