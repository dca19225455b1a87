// ControllerRefManager's claim, as the workload controllers run it on pods and revisions: an
// object that matches the owner's selector and has no controller is adopted (the owner becomes its
// controller), one the owner controls that no longer matches is released (the reference removed),
// and objects controlled by someone else are left alone. While the owner is being deleted it
// neither adopts nor releases; objects being deleted are never adopted.

import type { ApiCall } from '../../../protocols/kube/api.ts';
import type { KubeObject } from '../../../protocols/kube/objects.ts';
import { labelSelectorAsSelector, matchesLabels } from '../../../protocols/kube/validation/index.ts';
import { patchCall } from '../../client/index.ts';
import { controllerRef } from './revisions.ts';

export interface Claimed<T> {
  /** What the owner controls after this round: its own, plus what it adopts now. */
  readonly owned: T[];
  readonly writes: ApiCall[];
}

/**
 * A strategic merge patch of the owner references (merged by uid), carrying the object's uid so it
 * applies to this incarnation only, as the controller-ref managers send it: controllers such as
 * the DaemonSet controller may patch pods but not update them.
 */
function refPatch(o: KubeObject, refs: readonly unknown[]): ApiCall {
  const body = { metadata: { ownerReferences: refs, uid: o.metadata.uid } };
  return patchCall(o.kind, o.metadata.name!, 'strategic', JSON.stringify(body), { namespace: o.metadata.namespace! });
}

export function claim<T>(objs: readonly T[], owner: KubeObject, kind: string, matches: (o: T) => boolean): Claimed<T> {
  const uid = owner.metadata.uid;
  const owned: T[] = [];
  const writes: ApiCall[] = [];
  const ownerGone = owner.metadata.deletionTimestamp !== undefined && owner.metadata.deletionTimestamp !== null;
  for (const x of objs) {
    const o = x as unknown as KubeObject;
    const refs = o.metadata.ownerReferences ?? [];
    const ctrl = refs.find((r) => r.controller === true);
    if (ctrl !== undefined && ctrl.uid !== uid) continue;
    if (ctrl !== undefined) {
      if (matches(x)) owned.push(x);
      else if (!ownerGone) writes.push(refPatch(o, [{ $patch: 'delete', uid }]));
      continue;
    }
    if (ownerGone || o.metadata.deletionTimestamp || !matches(x)) continue;
    const ref = controllerRef(owner, kind);
    const adopted = { ...o, metadata: { ...o.metadata, ownerReferences: [...refs, ref] } };
    writes.push(refPatch(o, [ref]));
    owned.push(adopted as unknown as T);
  }
  return { owned, writes };
}

/** The owner's spec.selector as a predicate on labels; matches nothing when it does not parse. */
export function selectorMatcher(selector: Parameters<typeof labelSelectorAsSelector>[0]): (o: KubeObject) => boolean {
  const parsed = labelSelectorAsSelector(selector);
  if (!parsed.ok) return () => false;
  return (o) => matchesLabels(parsed.value, o.metadata.labels ?? {});
}

/** An orphan's change wakes every owner in its namespace whose selector matches it (it may be adopted). */
export function orphanKeys(obj: KubeObject, owners: readonly KubeObject[]): string[] {
  if ((obj.metadata.ownerReferences ?? []).some((r) => r.controller === true)) return [];
  return owners.filter((o) => selectorMatcher((o.spec as { selector?: Parameters<typeof labelSelectorAsSelector>[0] } | undefined)?.selector)(obj)).map((o) => `${o.metadata.namespace}/${o.metadata.name}`);
}
