// A member's side of membership changes: asked of the leader (ChangeMembership), proposed through
// the log, answered once applied. A configuration applied without this member removes it: it
// stops taking part, as etcd's removed member exits. Peers it has seen removed are told so when
// they speak (etcd answers them 410 Gone), so one that missed its removal stops too.

import { etcdMemberService, type MemberMsg } from '../../../protocols/etcd/member.ts';
import type { Membership, RaftMessage } from '../../../protocols/etcd/raft.ts';
import { type Ctx, type Env, type MemberState, reply } from './state.ts';
import { closeStreams } from './watches.ts';

const everyoneIn = (m: Membership) => [...m.voters, ...m.learners];

const sameMembers = (a: Membership, b: Membership) =>
  [...a.voters].sort().join() === [...b.voters].sort().join() && [...a.learners].sort().join() === [...b.learners].sort().join();

/** Add, remove or replace a member, or promote a learner: only the leader proposes, one change at a time. */
export function changeMembership(env: Env, s: MemberState, ctx: Ctx, m: MemberMsg & { type: 'ChangeMembership' }): void {
  if (s.removed || s.raft.role !== 'leader' || s.changing !== null) {
    reply(ctx, m.replyTo, { type: 'NotLeader', id: m.id, leader: s.removed || s.raft.role === 'leader' ? null : s.raft.leader });
    return;
  }
  // Waiting before the step: a change is answered when applied, and nothing applies within the
  // step that proposes it (the leader counts its own entry only once it is on disk).
  s.changing = { id: m.id, membership: m.membership, replyTo: m.replyTo };
  const ready = env.step(s, ctx, { type: 'propose-config', id: s.nextProposal++, membership: m.membership });
  if (ready === undefined || ready.dropped.length > 0) {
    // Refused while an earlier change is still being applied: the asker tries again later.
    s.changing = null;
    reply(ctx, m.replyTo, { type: 'NotLeader', id: m.id, leader: null });
  }
}

/** A message from a peer, unless this member has seen that peer removed: then it tells it so. */
export function fromPeer(env: Env, s: MemberState, ctx: Ctx, message: RaftMessage): void {
  if (s.gone.includes(message.from)) ctx.send(etcdMemberService.on(message.from), { type: 'Removed' });
  else env.step(s, ctx, { type: 'message', message });
}

/** A configuration applied from the log. */
export function applied(env: Env, s: MemberState, ctx: Ctx, membership: Membership): void {
  const c = s.changing;
  if (c && sameMembers(c.membership, membership)) {
    s.changing = null;
    reply(ctx, c.replyTo, { type: 'MembershipChanged', id: c.id, membership });
  }
  const before = s.members;
  adopt(env, s, membership);
  s.gone = s.gone.filter((id) => !s.members.includes(id));
  for (const id of before) if (!s.members.includes(id) && !s.gone.includes(id)) s.gone.push(id);
  if (s.joined && !s.members.includes(env.options.id)) remove(s, ctx);
}

/** Takes `membership` as the one applied; a member in it has joined. */
export function adopt(env: Env, s: MemberState, membership: Membership): void {
  s.members = everyoneIn(membership);
  if (s.members.includes(env.options.id)) s.joined = true;
}

/** This member is out of the cluster: no more ticks, steps or watches. */
export function remove(s: MemberState, ctx: Ctx): void {
  s.removed = true;
  ctx.timers.cancel('tick');
  ctx.timers.cancel('progress');
  closeStreams(s, ctx, 'etcdserver: the member has been permanently removed from the cluster');
}
