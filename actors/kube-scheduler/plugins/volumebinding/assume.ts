// The scheduler's assume caches for PVs and PVCs: Reserve records the objects as the binding
// will make them (a PV's claimRef, a claim's selected node) before the API has them, so the next
// pods' Filter does not hand the same volume out twice; Unreserve drops them. An assumed object
// is used while the informer still holds the version it was made from, and forgotten once the
// informer has a newer one (the write arrived, or something else changed it), as AssumeCache does.

import type { PersistentVolume, PersistentVolumeClaim } from '../../../../protocols/kube/objects.ts';
import type { ClusterObjects } from '../../framework/types.ts';

interface Assumed<T> {
  readonly obj: T;
  /** The resourceVersion of the informer's object it was made from. */
  readonly from: string;
}

export class AssumeCache {
  private readonly pvs = new Map<string, Assumed<PersistentVolume>>();
  private readonly pvcs = new Map<string, Assumed<PersistentVolumeClaim>>();

  assumePV(pv: PersistentVolume, from: PersistentVolume): void {
    this.pvs.set(pv.metadata!.name!, { obj: pv, from: from.metadata?.resourceVersion ?? '' });
  }

  assumePVC(pvc: PersistentVolumeClaim, from: PersistentVolumeClaim): void {
    this.pvcs.set(`${pvc.metadata?.namespace}/${pvc.metadata?.name}`, { obj: pvc, from: from.metadata?.resourceVersion ?? '' });
  }

  restorePV(name: string): void {
    this.pvs.delete(name);
  }

  restorePVC(namespace: string, name: string): void {
    this.pvcs.delete(`${namespace}/${name}`);
  }

  private current<T extends { metadata?: { resourceVersion?: string } }>(map: Map<string, Assumed<T>>, key: string, informer: T | undefined): T | undefined {
    const a = map.get(key);
    if (a === undefined) return informer;
    if (informer === undefined || (informer.metadata?.resourceVersion ?? '') !== a.from) {
      map.delete(key);
      return informer;
    }
    return a.obj;
  }

  /** The cluster as the scheduler sees it: the informers' objects with the assumed ones over them. */
  overlay(cluster: ClusterObjects): ClusterObjects {
    return {
      persistentVolumeClaim: (ns, name) => this.current(this.pvcs, `${ns}/${name}`, cluster.persistentVolumeClaim(ns, name)),
      persistentVolumes: () => cluster.persistentVolumes().map((pv) => this.current(this.pvs, pv.metadata!.name!, pv)!),
      storageClass: (name) => cluster.storageClass(name),
      podDisruptionBudgets: (ns) => cluster.podDisruptionBudgets(ns),
    };
  }
}
