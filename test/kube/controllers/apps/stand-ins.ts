// Stand-ins for what the set controllers' tests need beyond the controller: a binder that places
// pods through pods/binding (DaemonSet pods on the node their affinity names), a kubelet that marks
// bound pods Running and Ready, finishes graceful deletions, or fails a pod.

import type { KubeObject, Node, Pod } from '../../../../protocols/kube/objects.ts';
import { createCall, deleteCall, updateCall } from '../../../../actors/client/index.ts';
import { DEFAULT_EPOCH_MS, rfc3339 } from '../../../../protocols/kube/time.ts';
import type { ControllerLoop } from '../loop.ts';

export const pods = (loop: ControllerLoop<any>, ns = 'default') => loop.list('pods', ns) as Pod[];

export function node(name: string, extra: Partial<Node> = {}): KubeObject {
  return { apiVersion: 'v1', kind: 'Node', metadata: { name, labels: { 'kubernetes.io/hostname': name }, ...(extra.metadata ?? {}) }, spec: { ...(extra.spec ?? {}) } } as KubeObject;
}

/** The node a DaemonSet pod's required affinity pins it to (matchFields metadata.name In [node]). */
export function pinnedNode(p: Pod): string | undefined {
  const terms = p.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? [];
  for (const t of terms) for (const f of t.matchFields ?? []) if (f.key === 'metadata.name' && f.operator === 'In' && f.values?.length === 1) return f.values[0];
  return undefined;
}

export function bind(loop: ControllerLoop<any>, p: Pod, nodeName: string): void {
  loop.apply({ ...createCall({ apiVersion: 'v1', kind: 'Binding', metadata: { name: p.metadata!.name!, namespace: p.metadata!.namespace! }, target: { apiVersion: 'v1', kind: 'Node', name: nodeName } } as KubeObject), target: { group: '', version: 'v1', resource: 'pods', namespace: p.metadata!.namespace!, name: p.metadata!.name!, subresource: 'binding' } });
}

/** Binds every unbound pod: to its pinned node, else to `fallback`. */
export function bindAll(loop: ControllerLoop<any>, fallback = 'n1', ns = 'default'): void {
  for (const p of pods(loop, ns)) if (!p.spec?.nodeName && !p.metadata?.deletionTimestamp) bind(loop, p, pinnedNode(p) ?? fallback);
}

export function setPhase(loop: ControllerLoop<any>, p: Pod, phase: string, ready: boolean): void {
  const at = rfc3339(DEFAULT_EPOCH_MS + loop.now);
  const status = { ...p.status, phase, conditions: [{ type: 'Ready', status: ready ? 'True' : 'False', lastTransitionTime: at }] };
  loop.apply(updateCall({ ...(p as KubeObject), status } as KubeObject, { subresource: 'status' }));
}

/** The kubelet's part: finishes graceful deletions, then marks pods Running and Ready (only `which` if given). */
export function kubelet(loop: ControllerLoop<any>, which?: (p: Pod) => boolean, ns = 'default'): void {
  for (const p of pods(loop, ns)) {
    if (p.metadata?.deletionTimestamp) {
      loop.apply(deleteCall('pods', p.metadata.name!, { namespace: ns }, { gracePeriodSeconds: 0 }));
      continue;
    }
    if (p.status?.phase === 'Running' || p.status?.phase === 'Failed') continue;
    if (which === undefined || which(p)) setPhase(loop, p, 'Running', true);
  }
}
