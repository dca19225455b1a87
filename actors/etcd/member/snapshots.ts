// Snapshots of a member's state machine: taken every so many applied entries so the Raft log can
// be compacted, installed when a leader sends one (the follower lagged behind its compacted log),
// and read back after a restart.

import { MvccStore, type StoreOptions, type StoreSnapshot } from '../mvcc/index.ts';
import type { Membership, Snapshot } from '../../../protocols/etcd/raft.ts';
import type { Sessions } from './sessions.ts';

/** What a Raft snapshot of a member carries: the store and the exactly-once table. */
export interface MemberSnapshotData {
  readonly store: StoreSnapshot;
  readonly sessions: Sessions;
}

export function takeSnapshot(index: number, term: number, membership: Membership, store: MvccStore, sessions: Sessions): Snapshot {
  const data: MemberSnapshotData = { store: store.snapshot(), sessions: { ...sessions } };
  return { index, term, membership, data };
}

/** The store and sessions a snapshot on disk holds, after a restart. */
export function stateOf(snapshot: Snapshot, options: StoreOptions = {}): { store: MvccStore; sessions: Sessions } {
  const data = structuredClone(snapshot.data) as MemberSnapshotData;
  return { store: MvccStore.fromSnapshot(data.store, options), sessions: data.sessions };
}

/** Installs a leader's snapshot in place, so that open watches carry on from it. */
export function install(snapshot: Snapshot, store: MvccStore): Sessions {
  const data = structuredClone(snapshot.data) as MemberSnapshotData;
  store.restore(data.store);
  return data.sessions;
}
