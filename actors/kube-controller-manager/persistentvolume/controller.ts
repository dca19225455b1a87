// The persistent-volume-binder controller (Kubernetes' PersistentVolumeController) as a
// ControllerDef: informers on volumes, claims, classes, pods (whose names the WaitForPodScheduled
// Event gives) and nodes (whose hostname a provisioned volume is pinned to). Keys are
// `pv:<name>` and `pvc:<namespace>/<name>`: a volume's change queues the volume and the claim it
// points at, a claim's change the claim and the volume it names, so either side finishing a
// binding lets the other go on, as the controller's own queueing of claims does.

import type { PersistentVolume, PersistentVolumeClaim } from '../../../protocols/kube/objects.ts';
import type { ControllerMemory, InformerSpec, Listers, Notification, ReconcileResult } from '../../client/index.ts';
import type { ControllerDef } from '../context.ts';
import { syncClaim } from './claim-sync.ts';
import { binderView } from './view.ts';
import { syncVolume } from './volume-sync.ts';

export const PV_BINDER = 'persistent-volume-binder';

export const BINDER_INFORMERS: readonly InformerSpec[] = [
  { name: 'volumes', resource: 'persistentvolumes' },
  { name: 'claims', resource: 'persistentvolumeclaims' },
  { name: 'classes', resource: 'storageclasses.storage.k8s.io' },
  { name: 'pods', resource: 'pods' },
  { name: 'nodes', resource: 'nodes' },
];

const claimKey = (ns: string, name: string) => `pvc:${ns}/${name}`;

export function binderKeys(informer: string, n: Notification, listers: Listers): string[] {
  const keys = new Set<string>();
  const objs = n.type === 'update' ? [n.obj, n.old] : [n.obj];
  if (informer === 'volumes') {
    for (const o of objs as unknown as PersistentVolume[]) {
      keys.add(`pv:${o.metadata!.name}`);
      const ref = o.spec?.claimRef;
      if (ref?.name) keys.add(claimKey(ref.namespace ?? '', ref.name));
    }
  } else if (informer === 'claims') {
    for (const o of objs as unknown as PersistentVolumeClaim[]) {
      const ns = o.metadata!.namespace!;
      keys.add(claimKey(ns, o.metadata!.name!));
      if (o.spec?.volumeName) keys.add(`pv:${o.spec.volumeName}`);
      // A deleted claim releases the volumes that point at it, whether or not it named them.
      if (n.type === 'delete') {
        for (const v of (listers.volumes?.list() ?? []) as PersistentVolume[]) {
          if (v.spec?.claimRef?.name === o.metadata!.name && v.spec?.claimRef?.namespace === ns) keys.add(`pv:${v.metadata!.name}`);
        }
      }
    }
  }
  return [...keys];
}

export function reconcileBinder(key: string, listers: Listers, now: number, epochMs: number): ReconcileResult {
  const view = binderView(listers, now, epochMs);
  if (key.startsWith('pv:')) {
    const volume = view.volume(key.slice(3));
    return volume === undefined ? { writes: [] } : syncVolume(volume, view).result();
  }
  if (key.startsWith('pvc:')) {
    const [ns, name] = key.slice(4).split('/') as [string, string];
    const claim = view.claim(ns, name);
    // A deleted claim leaves nothing to do here: its volumes are queued and released by their own keys.
    return claim === undefined ? { writes: [] } : syncClaim(claim, view).result();
  }
  return { writes: [] };
}

export const persistentVolumeBinder: ControllerDef<ControllerMemory> = {
  name: PV_BINDER,
  spec: (c) => ({
    kind: 'controller',
    client: c.client(PV_BINDER),
    informers: BINDER_INFORMERS,
    keysFor: binderKeys,
    reconcile: (key, listers, now) => reconcileBinder(key, listers, now, c.epochMs),
    component: 'persistentvolume-controller',
    epochMs: c.epochMs,
  }),
};
