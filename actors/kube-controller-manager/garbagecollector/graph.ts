// The ownership graph read from the informers' caches rather than kept as a second copy: an
// owner's dependents are the objects whose ownerReferences carry its uid (a namespaced owner's
// only in its own namespace, as an ownerReference cannot cross namespaces), and each reference of
// a dependent is classified as attemptToDeleteItem classifies it.

import type { KubeObject, OwnerReference } from '../../../protocols/kube/objects.ts';
import type { Listers } from '../../client/index.ts';
import { locateOwner } from './resources.ts';

export const FOREGROUND = 'foregroundDeletion';
export const ORPHAN = 'orphan';

export const beingDeleted = (o: KubeObject): boolean => o.metadata.deletionTimestamp !== undefined && o.metadata.deletionTimestamp !== null;
export const hasFinalizer = (o: KubeObject, f: string): boolean => (o.metadata.finalizers ?? []).includes(f);
/** Deleting in the foreground: kept until its blocking dependents are gone. */
export const deletingDependents = (o: KubeObject): boolean => beingDeleted(o) && hasFinalizer(o, FOREGROUND);

export interface Dependent {
  readonly informer: string;
  readonly obj: KubeObject;
  /** Its reference to the owner. */
  readonly ref: OwnerReference;
}

/** Every cached object referring to `owner` by uid. */
export function dependentsOf(owner: KubeObject, listers: Listers): Dependent[] {
  const uid = owner.metadata.uid;
  const ns = owner.metadata.namespace;
  const out: Dependent[] = [];
  for (const informer of Object.keys(listers).sort()) {
    const l = listers[informer]!;
    for (const obj of ns ? l.namespace(ns).list() : l.list()) {
      const ref = (obj.metadata.ownerReferences ?? []).find((r) => r.uid === uid);
      if (ref !== undefined) out.push({ informer, obj, ref });
    }
  }
  return out;
}

/** The dependents a foreground deletion waits for: those whose reference blocks owner deletion. */
export const blockingDependents = (owner: KubeObject, listers: Listers): Dependent[] => dependentsOf(owner, listers).filter((d) => d.ref.blockOwnerDeletion === true);

/**
 * One reference as the cache sees it: `solid` (the owner exists and is not deleting dependents),
 * `waiting` (it is, in the foreground), `absent` (nothing with that uid where the reference
 * points: a live read must confirm it), `unknown` (a kind not served or not watched) or
 * `invalidNamespace`.
 */
export type RefState =
  | { readonly state: 'solid' | 'waiting'; readonly owner: KubeObject }
  | { readonly state: 'absent'; readonly informer: string; readonly objKey: string; readonly resource: string; readonly namespace?: string }
  | { readonly state: 'unknown' | 'invalidNamespace' };

export function refState(ref: OwnerReference, dependent: KubeObject, listers: Listers): RefState {
  const at = locateOwner(ref, dependent);
  if (at.kind !== 'located') return { state: at.kind };
  const l = listers[at.informer];
  if (l === undefined) return { state: 'unknown' };
  const owner = l.get(at.objKey);
  if (owner === undefined || owner.metadata.uid !== ref.uid) {
    const resource = at.resource.group === '' ? at.resource.resource : `${at.resource.resource}.${at.resource.group}`;
    return { state: 'absent', informer: at.informer, objKey: at.objKey, resource, ...(at.namespace === undefined ? {} : { namespace: at.namespace }) };
  }
  return { state: deletingDependents(owner) ? 'waiting' : 'solid', owner };
}
