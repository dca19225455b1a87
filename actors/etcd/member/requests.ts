// Client requests on a member: writes go through the log and are answered once applied (at most
// once per session tag), linearizable reads wait for ReadIndex and for the state machine to
// reach the index it gives, serializable reads are answered at once. Leases count down on the
// leader, which revokes expired ones through the log.

import type { MemberMsg } from '../../../protocols/etcd/member.ts';
import type { Entry } from '../../../protocols/etcd/raft.ts';
import type { Ready } from '../raft/types.ts';
import { applyCommand } from '../mvcc/index.ts';
import { applied } from './membership.ts';
import { applyProposal, type Proposal, remembered } from './sessions.ts';
import { type Ctx, type Env, type MemberState, reply } from './state.ts';

export function request(env: Env, s: MemberState, ctx: Ctx, m: MemberMsg & { type: 'Request' }): void {
  if (s.removed) {
    // Out of the cluster: it neither knows a leader nor serves, so the client goes elsewhere.
    reply(ctx, m.replyTo, { type: 'NotLeader', id: m.id, leader: null });
    return;
  }
  if (m.command.type === 'range') {
    if (m.serializable) {
      reply(ctx, m.replyTo, { type: 'Response', id: m.id, result: applyCommand(s.store, m.command) });
      return;
    }
    const rid = s.nextProposal++;
    s.reads[rid] = { client: m.id, command: m.command, replyTo: m.replyTo };
    env.step(s, ctx, { type: 'read', id: rid });
    return;
  }
  if (s.raft.role !== 'leader') {
    reply(ctx, m.replyTo, { type: 'NotLeader', id: m.id, leader: s.raft.leader });
    return;
  }
  const again = remembered(s.sessions, m.session);
  if (again !== undefined) {
    reply(ctx, m.replyTo, { type: 'Response', id: m.id, result: again });
    return;
  }
  const pid = s.nextProposal++;
  s.writes[pid] = { client: m.id, replyTo: m.replyTo };
  // A lease starts counting on the leader's clock, carried in the entry for every member.
  const command = m.command.type === 'leaseGrant' ? { ...m.command, now: ctx.now() } : m.command;
  // The same fields in the same order either way (the entry goes on the wire), without a spread.
  const proposal: Proposal = m.session ? { proposer: s.proposer, pid, command, session: m.session } : { proposer: s.proposer, pid, command };
  env.step(s, ctx, { type: 'propose', id: pid, data: proposal });
}

/** Committed entries, in log order, to the state machine; a write proposed here is answered. */
export function applyEntries(env: Env, s: MemberState, ctx: Ctx, entries: readonly Entry[]): void {
  for (const e of entries) {
    if (e.config) applied(env, s, ctx, e.config);
    const d = e.data as Proposal | undefined;
    if (d === undefined) continue;
    const result = applyProposal(s.store, s.sessions, d);
    if (d.command.type === 'leaseRevoke') delete s.revoking[d.command.id];
    if (d.proposer === s.proposer) {
      const w = s.writes[d.pid];
      if (w) {
        delete s.writes[d.pid];
        reply(ctx, w.replyTo, { type: 'Response', id: w.client, result });
      }
    }
  }
}

/** What a step decided about requests: writes refused, reads confirmed or failed, leadership. */
export function answerRequests(s: MemberState, ctx: Ctx, ready: Ready): void {
  for (const id of ready.dropped) {
    const w = s.writes[id];
    if (w) {
      delete s.writes[id];
      // A leader handing over drops proposals: naming itself would bring the client straight back.
      reply(ctx, w.replyTo, { type: 'NotLeader', id: w.client, leader: s.raft.role === 'leader' ? null : s.raft.leader });
    }
  }
  for (const rs of ready.reads) {
    const read = s.reads[rs.id];
    if (read) {
      delete s.reads[rs.id];
      s.readyReads.push({ index: rs.index, read });
    }
  }
  for (const id of ready.failedReads) {
    const read = s.reads[id];
    if (read) {
      delete s.reads[id];
      reply(ctx, read.replyTo, { type: 'NotLeader', id: read.client, leader: s.raft.leader });
    }
  }
  serveReads(s, ctx);
  const leading = s.raft.role === 'leader';
  if (leading && !s.leading) s.store.promote(ctx.now());
  if (!leading && s.leading) s.store.demote();
  s.leading = leading;
}

/** Confirmed reads whose index the state machine has reached. */
function serveReads(s: MemberState, ctx: Ctx): void {
  const applied = s.raft.log.applied;
  s.readyReads = s.readyReads.filter(({ index, read }) => {
    if (index > applied) return true;
    reply(ctx, read.replyTo, { type: 'Response', id: read.client, result: applyCommand(s.store, read.command) });
    return false;
  });
}

/** The leader revokes what has expired, through the log, so every member deletes the same keys. */
export function expireLeases(env: Env, s: MemberState, ctx: Ctx): void {
  if (!s.leading) return;
  for (const id of s.store.expire(ctx.now())) {
    if (s.revoking[id]) continue;
    s.revoking[id] = true;
    const pid = s.nextProposal++;
    env.step(s, ctx, { type: 'propose', id: pid, data: { proposer: s.proposer, pid, command: { type: 'leaseRevoke', id } } });
  }
}

/** Only the leader keeps lease clocks, so only it renews a lease. */
export function keepAlive(s: MemberState, ctx: Ctx, m: MemberMsg & { type: 'LeaseKeepAlive' }): void {
  if (s.removed || !s.leading) reply(ctx, m.replyTo, { type: 'NotLeader', id: m.id, leader: s.removed ? null : s.raft.leader });
  else reply(ctx, m.replyTo, { type: 'KeptAlive', id: m.id, lease: m.lease, ttl: s.store.keepAlive(m.lease, ctx.now()).ttl });
}
