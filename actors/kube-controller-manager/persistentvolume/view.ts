// What one reconcile of the PV controller reads, taken from the informers' listers once per
// reconcile, and the outcome it builds: writes, Events, a look again later. The controller works
// in steps: each reconcile makes the first write a binding or reclaim still needs and returns,
// and the next reconcile (after the informer saw that write) makes the next, so no write depends
// on the answer to another in the same reconcile.

import type { ApiCall } from '../../../protocols/kube/api.ts';
import type { KubeObject, Node, PersistentVolume, PersistentVolumeClaim, Pod, StorageClass } from '../../../protocols/kube/objects.ts';
import { rfc3339 } from '../../../protocols/kube/time.ts';
import { type EventType, type Listers, type ReconcileResult, referenceTo } from '../../client/index.ts';

/** --pvclaimbinder-sync-period: claims and volumes are looked at again this often (the informers' resync). */
export const SYNC_PERIOD_MS = 15_000;
/** The simulation's in-tree provisioner, built into this controller as in-tree plugins were. */
export const HOST_PATH_PROVISIONER = 'kybernetes.io/host-path';
export const HOST_PATH_ROOT = '/var/lib/kybernetes/pv';

export interface BinderView {
  readonly volumes: readonly PersistentVolume[];
  volume(name: string): PersistentVolume | undefined;
  claim(namespace: string, name: string): PersistentVolumeClaim | undefined;
  storageClass(name: string): StorageClass | undefined;
  storageClasses(): readonly StorageClass[];
  pods(namespace: string): readonly Pod[];
  node(name: string): Node | undefined;
  /** The timestamp written now (phase transitions). */
  readonly stamp: string;
}

export function binderView(listers: Listers, now: number, epochMs: number): BinderView {
  const volumes = (listers.volumes?.list() ?? []) as PersistentVolume[];
  return {
    volumes,
    volume: (name) => listers.volumes?.get(name) as PersistentVolume | undefined,
    claim: (ns, name) => listers.claims?.namespace(ns).get(name) as PersistentVolumeClaim | undefined,
    storageClass: (name) => listers.classes?.get(name) as StorageClass | undefined,
    storageClasses: () => (listers.classes?.list() ?? []) as unknown as StorageClass[],
    pods: (ns) => (listers.pods?.namespace(ns).list() ?? []) as Pod[],
    node: (name) => listers.nodes?.get(name) as Node | undefined,
    stamp: rfc3339(epochMs + now),
  };
}

/** A reconcile's result under construction. */
export class Outcome {
  readonly writes: ApiCall[] = [];
  readonly events: { ref: ReturnType<typeof referenceTo>; type: EventType; reason: string; message: string }[] = [];
  requeueAfter?: number;

  write(call: ApiCall): this {
    this.writes.push(call);
    return this;
  }

  event(obj: PersistentVolume | PersistentVolumeClaim, type: EventType, reason: string, message: string): this {
    this.events.push({ ref: referenceTo(obj as unknown as KubeObject), type, reason, message });
    return this;
  }

  resync(): this {
    this.requeueAfter = SYNC_PERIOD_MS;
    return this;
  }

  result(): ReconcileResult {
    return { writes: this.writes, events: this.events, ...(this.requeueAfter === undefined ? {} : { requeueAfter: this.requeueAfter }) };
  }
}

export const asObject = (o: PersistentVolume | PersistentVolumeClaim): KubeObject => o as unknown as KubeObject;

export const hasAnnotation = (o: { metadata?: { annotations?: Record<string, string> } }, key: string): boolean =>
  o.metadata?.annotations?.[key] !== undefined;

export function withAnnotations<T extends { metadata?: { annotations?: Record<string, string> } }>(o: T, add: Record<string, string>): T {
  return { ...o, metadata: { ...o.metadata, annotations: { ...o.metadata?.annotations, ...add } } };
}
