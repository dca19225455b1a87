// A garbage collector over a few kinds, run by the ControllerLoop, and the objects its tests build.

import type { KubeObject, OwnerReference } from '../../../../protocols/kube/objects.ts';
import { deleteCall, resourceFor } from '../../../../actors/client/index.ts';
import { gcSpec } from '../../../../actors/kube-controller-manager/garbagecollector/controller.ts';
import type { GCMemory } from '../../../../actors/kube-controller-manager/garbagecollector/reconcile.ts';
import { ControllerLoop } from '../loop.ts';

export const GC_KINDS = ['configmaps', 'secrets', 'replicasets.apps', 'nodes', 'leases.coordination.k8s.io'].map((k) => resourceFor(k));

export const gcLoop = () => new ControllerLoop<GCMemory>(gcSpec(GC_KINDS));

export function ownerRef(owner: KubeObject, extra: Partial<OwnerReference> = {}): OwnerReference {
  return { apiVersion: owner.apiVersion, kind: owner.kind, name: owner.metadata.name!, uid: owner.metadata.uid!, ...extra };
}

export function configMap(loop: ControllerLoop<GCMemory>, name: string, owners: readonly OwnerReference[] = [], finalizers: readonly string[] = []): KubeObject {
  return loop.create({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, namespace: 'default', ...(owners.length ? { ownerReferences: [...owners] } : {}), ...(finalizers.length ? { finalizers: [...finalizers] } : {}) },
    data: {},
  });
}

export function remove(loop: ControllerLoop<GCMemory>, name: string, propagationPolicy?: 'Background' | 'Foreground' | 'Orphan'): void {
  loop.apply(deleteCall('cm', name, { namespace: 'default' }, propagationPolicy ? { propagationPolicy } : {}));
}

export const names = (loop: ControllerLoop<GCMemory>): string[] => loop.list('cm', 'default').map((o) => o.metadata.name!);

/** Drops a finalizer an outside party holds, as its controller would once done. */
export function release(loop: ControllerLoop<GCMemory>, name: string, finalizer: string): void {
  const cm = loop.get('cm', name, 'default')!;
  loop.apply({ verb: 'update', target: { group: '', version: 'v1', resource: 'configmaps', namespace: 'default', name }, body: { ...cm, metadata: { ...cm.metadata, finalizers: (cm.metadata.finalizers ?? []).filter((f) => f !== finalizer) } } });
}
