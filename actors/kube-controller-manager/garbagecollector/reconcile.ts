// The garbage collector's decision for one object, as pkg/controller/garbagecollector decides it:
// an owner deleting in the foreground loses its foregroundDeletion finalizer once no dependent
// blocks it; an owner deleting with the orphan finalizer has its reference removed from every
// dependent, then loses the finalizer; any other object is deleted when none of its owners
// remains, or has the references to gone and foreground-deleting owners removed when one does.
//
// An owner missing from the cache is not taken as gone on the cache's word (its informer may lag
// the dependent's): as attemptToDeleteItem does, a live GET of the owner decides. The GET goes out
// with the reconcile's calls, its answer is heard by `written` and kept in memory (uids found
// absent, as the absentOwnerCache keeps them; uids found present), and the key comes back: a 404
// fails the call, which requeues at once; any other answer asks for an immediate requeue.

import type { ApiCall, ApiResult, Target } from '../../../protocols/kube/api.ts';
import type { KubeObject, OwnerReference } from '../../../protocols/kube/objects.ts';
import { deleteCall, getCall, type Listers, patchCall, type ReconcileResult, referenceTo } from '../../client/index.ts';
import { blockingDependents, dependentsOf, deletingDependents, FOREGROUND, hasFinalizer, ORPHAN, refState, type RefState, beingDeleted } from './graph.ts';
import { splitItemKey } from './resources.ts';

export interface GCMemory {
  [k: string]: unknown;
  /** Owner uids a live read found missing; uids are never reused, so this stays true. */
  absent: Record<string, true>;
  /** Owner uids a live read found while the cache did not: solid until looked at once. */
  present: Record<string, true>;
  /** Outstanding owner reads: probe id → the uid the reference names. */
  probes: Record<string, string>;
}

export const gcMemory = (): GCMemory => ({ absent: {}, present: {}, probes: {} });

/** As the absentOwnerCache's size: the oldest verdicts go first. */
const ABSENT_CACHE_SIZE = 500;
/** A live read said present while the cache still did not: look again after this long. */
const STALE_CACHE_RECHECK_MS = 1000;

const probeId = (key: string, t: Target): string => `${key}>${t.resource}/${t.namespace ?? ''}/${t.name ?? ''}`;

/** Hears the owner reads a reconcile sent. */
export function gcWritten(key: string, call: ApiCall, result: ApiResult, memory: GCMemory): void {
  if (call.verb !== 'get') return;
  const id = probeId(key, call.target);
  const uid = memory.probes[id];
  if (uid === undefined) return;
  delete memory.probes[id];
  const gone = result.ok ? (result.body as KubeObject).metadata?.uid !== uid : result.code === 404;
  if (gone) {
    memory.absent[uid] = true;
    const uids = Object.keys(memory.absent);
    for (const old of uids.slice(0, Math.max(0, uids.length - ABSENT_CACHE_SIZE))) delete memory.absent[old];
  } else if (result.ok) memory.present[uid] = true;
}

/** A reference's standing: `live` is an owner the cache lacks but a live read found. */
type Standing = 'solid' | 'waiting' | 'dangling' | 'unverified' | 'live' | 'unknown' | 'invalidNamespace';
type Verdict = { readonly ref: OwnerReference; readonly st: RefState; readonly standing: Standing };

function standing(ref: OwnerReference, st: RefState, memory: GCMemory): Standing {
  if (st.state !== 'absent') return st.state;
  if (memory.absent[ref.uid]) return 'dangling';
  if (!memory.present[ref.uid]) return 'unverified';
  delete memory.present[ref.uid];
  return 'live';
}

const nothing: ReconcileResult = { writes: [] };

function mergePatch(informer: string, obj: KubeObject, metadata: Record<string, unknown>): ApiCall {
  const m = obj.metadata;
  const patch = JSON.stringify({ metadata: { ...metadata, uid: m.uid, resourceVersion: m.resourceVersion } });
  return patchCall(informer, m.name!, 'merge', patch, m.namespace ? { namespace: m.namespace } : {});
}

const withoutFinalizer = (informer: string, obj: KubeObject, f: string): ApiCall =>
  mergePatch(informer, obj, { finalizers: (obj.metadata.finalizers ?? []).filter((x) => x !== f) });

const withoutOwners = (informer: string, obj: KubeObject, uids: ReadonlySet<string>): ApiCall =>
  mergePatch(informer, obj, { ownerReferences: (obj.metadata.ownerReferences ?? []).filter((r) => !uids.has(r.uid)) });

function remove(informer: string, obj: KubeObject, policy: 'Background' | 'Foreground' | 'Orphan'): ApiCall {
  const m = obj.metadata;
  return deleteCall(informer, m.name!, m.namespace ? { namespace: m.namespace } : {}, {
    propagationPolicy: policy,
    preconditions: { uid: m.uid!, resourceVersion: m.resourceVersion! },
  });
}

/** The foreground-deleting owner: done waiting when no dependent blocks it. */
function processDeletingDependents(informer: string, owner: KubeObject, listers: Listers): ReconcileResult {
  if (blockingDependents(owner, listers).length > 0) return nothing;
  return { writes: [withoutFinalizer(informer, owner, FOREGROUND)] };
}

/** The orphaning owner: its dependents first let go of it, then it loses the finalizer. */
function orphanDependents(informer: string, owner: KubeObject, listers: Listers): ReconcileResult {
  const deps = dependentsOf(owner, listers);
  if (deps.length === 0) return { writes: [withoutFinalizer(informer, owner, ORPHAN)] };
  const uid = new Set([owner.metadata.uid!]);
  return { writes: deps.map((d) => withoutOwners(d.informer, d.obj, uid)) };
}

export function reconcileGC(key: string, listers: Listers, memory: GCMemory): ReconcileResult {
  const { informer, objKey } = splitItemKey(key);
  const obj = listers[informer]?.get(objKey);
  if (obj === undefined) return nothing;
  if (beingDeleted(obj)) {
    if (hasFinalizer(obj, FOREGROUND)) return processDeletingDependents(informer, obj, listers);
    if (hasFinalizer(obj, ORPHAN)) return orphanDependents(informer, obj, listers);
    return nothing;
  }
  const refs = obj.metadata.ownerReferences ?? [];
  if (refs.length === 0) return nothing;

  const verdicts: Verdict[] = refs.map((ref) => {
    const st = refState(ref, obj, listers);
    return { ref, st, standing: standing(ref, st, memory) };
  });
  const having = (...s: Standing[]) => verdicts.filter((v) => s.includes(v.standing));
  const events = having('invalidNamespace').map((v) => invalidNamespaceEvent(obj, v.ref));
  const unverified = having('unverified');
  if (unverified.length > 0) {
    const writes = unverified.map((v) => {
      const st = v.st as Extract<RefState, { state: 'absent' }>;
      const call = getCall(st.resource, v.ref.name, st.namespace === undefined ? {} : { namespace: st.namespace });
      memory.probes[probeId(key, call.target)] = v.ref.uid;
      return call;
    });
    return { writes, requeueAfter: 0, ...(events.length ? { events } : {}) };
  }
  const recheck = having('live').length > 0;
  const withEvents = (r: ReconcileResult): ReconcileResult => ({ ...r, ...(events.length ? { events } : {}), ...(recheck ? { requeueAfter: STALE_CACHE_RECHECK_MS } : {}) });
  const gone = having('dangling', 'waiting');
  if (having('solid', 'live').length > 0) {
    if (gone.length === 0) return withEvents(nothing);
    return withEvents({ writes: [withoutOwners(informer, obj, new Set(gone.map((v) => v.ref.uid)))] });
  }
  // An owner the garbage collector cannot look up, or a namespace-crossing reference, keeps the object.
  if (having('unknown', 'invalidNamespace').length > 0) return withEvents(nothing);
  if (having('waiting').length > 0) {
    const deps = dependentsOf(obj, listers);
    if (deps.length > 0) {
      // Its own dependents go first; a dependent also deleting in the foreground could wait on it in a cycle.
      const unblock = deps.some((d) => deletingDependents(d.obj)) && refs.some((r) => r.blockOwnerDeletion === true);
      const unblocked = refs.map((r) => (r.blockOwnerDeletion === true ? { ...r, blockOwnerDeletion: false } : r));
      return withEvents({ writes: [...(unblock ? [mergePatch(informer, obj, { ownerReferences: unblocked })] : []), remove(informer, obj, 'Foreground')] });
    }
  }
  const policy = hasFinalizer(obj, ORPHAN) ? 'Orphan' : hasFinalizer(obj, FOREGROUND) ? 'Foreground' : 'Background';
  return withEvents({ writes: [remove(informer, obj, policy)] });
}

/** As the graph builder reports a reference no lookup can satisfy. */
function invalidNamespaceEvent(obj: KubeObject, ref: OwnerReference) {
  const ns = obj.metadata.namespace ?? '';
  const owner = `[${ref.apiVersion}/${ref.kind}, namespace: ${ns}, name: ${ref.name}, uid: ${ref.uid}]`;
  return { ref: referenceTo(obj), type: 'Warning' as const, reason: 'OwnerRefInvalidNamespace', message: `ownerRef ${owner} does not exist in namespace "${ns}"` };
}
