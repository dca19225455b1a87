// The etcd member actor: a thin shell around the Raft core. It persists what each step asks for
// (fsync before sending anything that depends on it), sends to its peers, applies committed
// entries to its state machine, and answers its clients. The parts:
//
//   persist.ts     the loop around the core: step, persist, send after fsync, apply
//   requests.ts    writes, reads (ReadIndex or serializable), leases
//   watches.ts     watch streams
//   membership.ts  membership changes, and this member's removal
//   snapshots.ts   snapshots of the store, taken, installed, read back
//   wal.ts         what is on disk and how it is read back after a crash
//   sessions.ts    exactly-once writes
//
// The state machine is the MVCC store (actors/etcd/mvcc): writes are applied in log order on
// every member, and each member's store answers reads once they are safe.

import { defineActor } from '../../../runtime/index.ts';
import type { MemberMsg } from '../../../protocols/etcd/member.ts';
import { createRaft } from '../raft/raft.ts';
import { defaultRaftConfig, type RaftConfig } from '../raft/types.ts';
import { MvccStore } from '../mvcc/index.ts';
import { adopt, changeMembership, fromPeer, remove } from './membership.ts';
import { stepAndHandle, synced } from './persist.ts';
import { expireLeases, keepAlive, request } from './requests.ts';
import { stateOf } from './snapshots.ts';
import { type Env, type MemberOptions, type MemberState, memberStateKey, type SelfMsg } from './state.ts';
import { BOOT, readDurable } from './wal.ts';
import { checkStreams, progressNotify, watchRequest } from './watches.ts';

export { type MemberOptions, type MemberState, memberStateKey } from './state.ts';

/**
 * A store's digest by applied index: the replicated state changes only by applying entries or
 * installing a snapshot, both of which move the index, and scenarios describe members often.
 */
const digests = new WeakMap<MvccStore, { readonly applied: number; readonly hash: string }>();
export function digest(s: MemberState): string {
  const applied = s.raft.log.applied;
  const known = digests.get(s.store);
  if (known?.applied === applied) return known.hash;
  const hash = s.store.hash();
  digests.set(s.store, { applied, hash });
  return hash;
}

export function etcdMember(options: MemberOptions) {
  const tickMs = options.tickMs ?? 100;
  const config: RaftConfig = { ...defaultRaftConfig, ...options.raft, id: options.id };
  const env: Env = { options, config, snapshotEvery: options.snapshotEvery ?? 10_000, step: (s, ctx, input) => stepAndHandle(env, s, ctx, input) };

  return defineActor<MemberMsg | SelfMsg, MemberState>({
    kind: memberStateKey.kind,
    init: (ctx) => {
      const { hardState, entries, snapshot } = readDurable(ctx.disk);
      const seed = Math.floor(ctx.random() * 2 ** 32);
      const raft = createRaft(config, { voters: options.peers, learners: options.learners ?? [] }, seed, { ...(hardState ? { hardState } : {}), entries, ...(snapshot ? { snapshot } : {}) });
      const { store, sessions } = snapshot ? stateOf(snapshot, options.store) : { store: new MvccStore(options.store), sessions: {} };
      ctx.timers.every('tick', tickMs, { type: 'Tick' });
      ctx.timers.every('progress', options.progressNotifyMs ?? 600_000, { type: 'ProgressNotify' });
      const boot = (ctx.disk.get(BOOT) ?? 0) + 1;
      ctx.disk.put(BOOT, boot);
      ctx.disk.fsync();
      const state: MemberState = {
        proposer: `${options.id}/${boot}`,
        raft,
        store,
        sessions,
        streams: {},
        changing: null,
        removed: false,
        gone: [],
        joined: options.join !== true,
        members: [...options.peers, ...(options.learners ?? [])],
        outbox: {},
        batch: 0,
        syncing: 0,
        snapPut: null,
        durableSnap: 0,
        written: { term: hardState?.term ?? 0, vote: hardState?.vote ?? null },
        persistedLast: raft.log.lastIndex(),
        nextProposal: 1,
        writes: {},
        reads: {},
        readyReads: [],
        leading: false,
        revoking: {},
      };
      // The configuration applied so far: the log after the snapshot is applied again, in order
      // (raft.membership may already be a later one, appended but not yet committed).
      if (snapshot) adopt(env, state, snapshot.membership);
      return state;
    },
    receive: (s, m, ctx) => {
      switch (m.type) {
        case 'Tick':
          env.step(s, ctx, { type: 'tick' });
          expireLeases(env, s, ctx);
          checkStreams(s, ctx);
          break;
        case 'Raft':
          fromPeer(env, s, ctx, m.message);
          break;
        case 'ProgressNotify':
          progressNotify(s, ctx);
          break;
        case 'Removed':
          if (!s.removed) remove(s, ctx);
          break;
        case 'Synced':
          synced(env, s, ctx, m.batch);
          break;
        case 'Request':
          request(env, s, ctx, m);
          break;
        case 'ChangeMembership':
          changeMembership(env, s, ctx, m);
          break;
        case 'Watch':
        case 'WatchCancel':
        case 'WatchProgress':
          watchRequest(s, ctx, m);
          break;
        case 'LeaseKeepAlive':
          keepAlive(s, ctx, m);
          break;
        case 'TransferLeadership':
          env.step(s, ctx, { type: 'transfer-leadership', to: m.to });
          break;
      }
      return s;
    },
    // The store and the log are what a member holds most of, and follow from the indexes here.
    digest: (s) => ({
      term: s.raft.term,
      vote: s.raft.vote,
      role: s.raft.role,
      leader: s.raft.leader,
      committed: s.raft.log.committed,
      applied: s.raft.log.applied,
      last: [s.raft.log.lastIndex(), s.raft.log.lastTerm()],
      snap: s.raft.log.snapIndex,
      stable: s.raft.stable,
      elapsed: [s.raft.electionElapsed, s.raft.heartbeatElapsed, s.raft.randomizedTimeout],
      progress: [...s.raft.progress].map(([id, p]) => [id, p.match, p.next]),
      reads: s.raft.reads.length,
      revision: s.store.revision,
      compacted: s.store.compactRevision,
      streams: Object.keys(s.streams).length,
      batch: [s.batch, s.syncing],
      removed: s.removed,
    }),
    describe: (s) => ({
      role: s.removed ? 'removed' : s.raft.role,
      term: s.raft.term,
      leader: s.raft.leader,
      commit: s.raft.log.committed,
      applied: s.raft.log.applied,
      lastIndex: s.raft.log.lastIndex(),
      revision: s.store.revision,
      keys: s.store.range('\0', '\0', { countOnly: true }).count,
      hash: digest(s).slice(0, 16),
      voters: s.raft.membership.voters.join(','),
      snapshot: s.raft.log.snapIndex,
      watchStreams: Object.keys(s.streams).length,
    }),
  });
}
