// The generic-garbage-collector's controller: one informer per collectable resource, one work
// queue of objects. A change looks at the object itself, at the owners it names that are waiting
// on their dependents (a dependent gone or let go may release them), and, when the object is gone
// or being deleted, at its dependents (which may now have no owner, or an owner to let go of).

import type { KubeObject } from '../../../protocols/kube/objects.ts';
import type { ResourceInfo } from '../../../protocols/kube/resources.ts';
import { keyOf, type Listers, type Notification, type ControllerSpec } from '../../client/index.ts';
import type { ControllerContext, ControllerDef } from '../context.ts';
import { beingDeleted, dependentsOf } from './graph.ts';
import { type GCMemory, gcMemory, gcWritten, reconcileGC } from './reconcile.ts';
import { deletableResources, gcInformers, itemKey, locateOwner } from './resources.ts';

export const GC_NAME = 'generic-garbage-collector';
/** --concurrent-gc-syncs. */
const WORKERS = 20;

function ownerKeys(obj: KubeObject, listers: Listers): string[] {
  const out: string[] = [];
  for (const ref of obj.metadata.ownerReferences ?? []) {
    const at = locateOwner(ref, obj);
    if (at.kind !== 'located') continue;
    const owner = listers[at.informer]?.get(at.objKey);
    if (owner !== undefined && owner.metadata.uid === ref.uid && beingDeleted(owner)) out.push(itemKey(at.informer, at.objKey));
  }
  return out;
}

export function gcKeys(informer: string, n: Notification, listers: Listers): string[] {
  const keys = new Set<string>();
  if (n.type !== 'delete') keys.add(itemKey(informer, keyOf(n.obj)));
  for (const k of ownerKeys(n.obj, listers)) keys.add(k);
  if (n.type === 'update') for (const k of ownerKeys(n.old, listers)) keys.add(k);
  const released = n.type === 'delete' || (beingDeleted(n.obj) && (n.type === 'add' || !beingDeleted(n.old)));
  if (released) for (const d of dependentsOf(n.obj, listers)) keys.add(itemKey(d.informer, keyOf(d.obj)));
  // Deleted and recreated between two looks: the old object's dependents lost their owner.
  if (n.type === 'update' && n.old.metadata.uid !== n.obj.metadata.uid) for (const d of dependentsOf(n.old, listers)) keys.add(itemKey(d.informer, keyOf(d.obj)));
  return [...keys];
}

/** The controller over `resources` (all deletable built-ins by default; tests narrow it). */
export function gcSpec(resources: readonly ResourceInfo[] = deletableResources()): Pick<ControllerSpec<GCMemory>, 'informers' | 'keysFor' | 'reconcile' | 'memory' | 'written'> {
  return {
    informers: gcInformers(resources),
    keysFor: gcKeys,
    reconcile: (key, listers, _now, memory) => reconcileGC(key, listers, memory),
    memory: gcMemory,
    written: gcWritten,
  };
}

export const garbageCollector: ControllerDef<GCMemory> = {
  name: GC_NAME,
  spec: (c: ControllerContext) => ({ ...gcSpec(), client: c.client(GC_NAME), component: GC_NAME, epochMs: c.epochMs, workers: WORKERS }),
};
