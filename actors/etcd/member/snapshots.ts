// Snapshots of a member's state machine: taken every so many applied entries so the Raft log can
// be compacted, installed when a leader sends one (the follower lagged behind its compacted log),
// and read back after a restart.

import { MvccStore, type StoreOptions, type StoreSnapshot } from '../mvcc/index.ts';
import type { Membership, Snapshot } from '../../../protocols/etcd/raft.ts';
import { step } from '../raft/raft.ts';
import { adopt } from './membership.ts';
import { copySessions, type Sessions } from './sessions.ts';
import type { Ctx, Env, MemberState } from './state.ts';
import { LOG, purgedLog, SNAPSHOT } from './wal.ts';

/** What a Raft snapshot of a member carries: the store and the exactly-once table. */
export interface MemberSnapshotData {
  readonly store: StoreSnapshot;
  readonly sessions: Sessions;
}

export function takeSnapshot(index: number, term: number, membership: Membership, store: MvccStore, sessions: Sessions): Snapshot {
  const data: MemberSnapshotData = { store: store.snapshot(), sessions: copySessions(sessions) };
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

/** A leader's snapshot (Ready.snapshot) replaces the state machine, and the log up to it. */
export function installSnapshot(env: Env, s: MemberState, ctx: Ctx, snapshot: Snapshot): void {
  ctx.disk.put(SNAPSHOT, snapshot);
  s.snapPut = { index: snapshot.index, batch: s.batch };
  if (s.raft.log.lastIndex() === snapshot.index) {
    ctx.disk.append(LOG, { truncateFrom: snapshot.index + 1 });
    s.persistedLast = snapshot.index;
  }
  s.sessions = install(snapshot, s.store);
  adopt(env, s, snapshot.membership);
}

/** Every `snapshotEvery` applied entries: the store goes to disk and the log up to it is compacted. */
export function maybeSnapshot(env: Env, s: MemberState, ctx: Ctx): void {
  const log = s.raft.log;
  if (log.applied - log.snapIndex < env.snapshotEvery) return;
  const snap = takeSnapshot(log.applied, log.term(log.applied)!, s.raft.membership, s.store, s.sessions);
  ctx.disk.put(SNAPSHOT, snap);
  s.snapPut = { index: snap.index, batch: s.batch };
  // The log's entries up to the newest snapshot a completed fsync covers can go, in one write. Not
  // up to one still unsynced: a crash may keep the rewrite and lose that snapshot's put, and a
  // restart would find neither the snapshot nor the entries it covers.
  const purged = s.durableSnap > 0 ? purgedLog(ctx.disk.records(LOG), s.durableSnap) : undefined;
  if (purged !== undefined) ctx.disk.rewrite(LOG, purged);
  // Straight to the core, not through the shell's step: compacting what is applied asks for
  // nothing (its Ready is empty), and it runs within the handling of the Ready that applied it.
  step(s.raft, { type: 'compact', snapshot: snap });
}
