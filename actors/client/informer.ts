// A shared informer's core: the reflector's store operations applied to the indexed store, turned
// into the notifications its handlers receive, as sharedIndexInformer's HandleDeltas does. A
// relist's Replace notifies only what changed: objects new to the store are added, those with a
// new resourceVersion updated, those gone deleted (client-go's DeletedFinalStateUnknown: the
// last state the store knew); an object whose resourceVersion is the same is not a change.
// Resync replays every object as an update of itself, to handlers that asked for resyncs.

import type { ListOptions } from '../../protocols/kube/api.ts';
import type { KubeObject } from '../../protocols/kube/objects.ts';
import { reflectorState, type ReflectorState, type StoreOp } from './reflector.ts';
import { emptyStore, get, type Indexers, keyOf, keys, list, put, remove, type Store } from './store.ts';

export type Notification =
  | { readonly type: 'add'; readonly obj: KubeObject }
  | { readonly type: 'update'; readonly old: KubeObject; readonly obj: KubeObject }
  /** `unknownFinalState`: the object vanished in a relist, so this is its last state the cache saw. */
  | { readonly type: 'delete'; readonly obj: KubeObject; readonly unknownFinalState?: true };

export interface InformerState {
  reflector: ReflectorState;
  store: Store;
  /** The replica index its current watch went to, for moving on when it looks dead. */
  watchHost: number;
  /** A watch waiting for a token of the client's rate limiter, as client-go throttles watches too. */
  throttledWatch: { id: number; options: ListOptions } | null;
}

export const informerState = (indexers: Indexers): InformerState => ({ reflector: reflectorState(), store: emptyStore(indexers), watchHost: -1, throttledWatch: null });

/** HasSynced: the first list is in the store. */
export const hasSynced = (s: InformerState): boolean => s.reflector.synced;

export function applyOp(s: InformerState, indexers: Indexers, op: StoreOp): Notification[] {
  if (op.type === 'replace') {
    const out: Notification[] = [];
    const fresh = new Set<string>();
    for (const obj of op.items) {
      const key = keyOf(obj);
      fresh.add(key);
      const old = put(s.store, indexers, obj);
      if (old === undefined) out.push({ type: 'add', obj });
      else if (old.metadata.resourceVersion !== obj.metadata.resourceVersion) out.push({ type: 'update', old, obj });
    }
    for (const key of keys(s.store)) {
      if (fresh.has(key)) continue;
      const old = remove(s.store, indexers, key)!;
      out.push({ type: 'delete', obj: old, unknownFinalState: true });
    }
    return out;
  }
  if (op.type === 'DELETED') {
    const old = remove(s.store, indexers, keyOf(op.object));
    return [{ type: 'delete', obj: op.object, ...(old === undefined ? { unknownFinalState: true as const } : {}) }];
  }
  const old = put(s.store, indexers, op.object);
  return [old === undefined ? { type: 'add', obj: op.object } : { type: 'update', old, obj: op.object }];
}

/** A resync's notifications: every cached object as an update of itself, in key order. */
export const resync = (s: InformerState): Notification[] => list(s.store).map((obj) => ({ type: 'update', old: obj, obj }));

export const cached = (s: InformerState, key: string): KubeObject | undefined => get(s.store, key);
