// The cluster objects plugins read (framework ClusterObjects), from the scheduler's informers,
// and the cluster view the registry's plugins are built over.

import type { CSINode, PersistentVolume, PersistentVolumeClaim, Pod, PodDisruptionBudget, StorageClass } from '../../../protocols/kube/objects.ts';
import type { LabelSelector } from '../../../protocols/kube/validation/index.ts';
import { matchesLabels } from '../../../protocols/kube/validation/index.ts';
import type { Listers } from '../../client/index.ts';
import type { ClusterObjects } from '../framework/types.ts';
import { type ClusterView, selectorOfObject } from '../registry.ts';

export function clusterObjects(l: Listers): ClusterObjects {
  return {
    persistentVolumeClaim: (ns, name) => l.pvcs?.namespace(ns).get(name) as PersistentVolumeClaim | undefined,
    persistentVolumes: () => (l.pvs?.list() ?? []) as PersistentVolume[],
    storageClass: (name) => l.storageclasses?.get(name) as StorageClass | undefined,
    podDisruptionBudgets: (ns) => (l.pdbs?.namespace(ns).list() ?? []) as PodDisruptionBudget[],
    csiNode: (name) => l.csinodes?.get(name) as CSINode | undefined,
  };
}

/** A ClusterView reading the listers of the moment (`listers()`); `nodes` is set per attempt. */
export function clusterView(listers: () => Listers): ClusterView {
  return {
    nodes: [],
    namespaceLabels: (ns) => listers().namespaces?.get(ns)?.metadata.labels ?? undefined,
    ownerSelectors(pod: Pod): LabelSelector[] {
      const l = listers();
      const ns = pod.metadata?.namespace ?? 'default';
      const labels = pod.metadata?.labels ?? {};
      const out: LabelSelector[] = [];
      for (const svc of l.services?.namespace(ns).list() ?? []) {
        const sel = selectorOfObject((svc.spec as { selector?: unknown } | undefined)?.selector, 'map');
        if (sel !== undefined && matchesLabels(sel, labels)) out.push(sel);
      }
      for (const ref of pod.metadata?.ownerReferences ?? []) {
        if (ref.controller !== true) continue;
        const owner = ref.kind === 'ReplicaSet' ? l.replicasets?.namespace(ns).get(ref.name) : ref.kind === 'StatefulSet' ? l.statefulsets?.namespace(ns).get(ref.name) : undefined;
        const sel = owner && selectorOfObject((owner.spec as { selector?: unknown } | undefined)?.selector, 'labelSelector');
        if (sel !== undefined) out.push(sel);
      }
      return out;
    },
  };
}
