// What the etcd scenarios share: the etcd-only cluster they start, a summary of each member, and a
// requester that sends store commands to a member and keeps every answer.

import { type AskResult, defineActor, stateKey } from '../../runtime/index.ts';
import { digest, type MemberState } from '../../actors/etcd/member/member.ts';
import type { StoreCommand } from '../../protocols/etcd/kv.ts';
import { type ClientReply, etcdMemberService, type MemberMsg } from '../../protocols/etcd/member.ts';
import type { Membership } from '../../protocols/etcd/raft.ts';
import type { ScenarioContext } from '../scenario.ts';


export type MemberView = { role: string; term: number; leader: string | null; applied: number; commit: number; revision: number; keys: number; hash: string };

export function memberView(m: MemberState): MemberView {
  return {
    role: m.removed ? 'removed' : m.raft.role,
    term: m.raft.term,
    leader: m.raft.leader,
    applied: m.raft.log.applied,
    commit: m.raft.log.committed,
    revision: m.store.revision,
    keys: m.store.range('\0', '\0', { countOnly: true }).count,
    hash: digest(m).slice(0, 16),
  };
}

/** Every member's view, by id; undefined while a member is down. */
export function memberViews(s: ScenarioContext): Record<string, MemberView | undefined> {
  const etcd = s.cluster().etcd;
  return Object.fromEntries(etcd.members.map((id) => [id, (m => m && memberView(m))(etcd.state(id))]));
}

export type Answer = { readonly kind: 'response'; readonly reply: ClientReply } | { readonly kind: 'timeout' };
export type RequesterMsg =
  | { readonly type: 'Send'; readonly id: number; readonly member: string; readonly command: StoreCommand; readonly serializable?: boolean }
  /** A membership change, asked of the member named (it must lead). */
  | { readonly type: 'Change'; readonly id: number; readonly member: string; readonly membership: Membership }
  | { readonly type: 'Answer'; readonly id: number; readonly result: AskResult<ClientReply> };

export const requesterKey = stateKey<Record<number, Answer>>('etcd-requester');

/** Sends each request once (no retries) and records what came back, or that nothing did. */
export const requester = (timeoutMs = 2000) =>
  defineActor<RequesterMsg, Record<number, Answer>>({
    kind: requesterKey.kind,
    init: () => ({}),
    receive: (answers, m, ctx) => {
      if (m.type === 'Send') {
        const { id, command, serializable } = m;
        ctx.ask<MemberMsg, ClientReply>(
          etcdMemberService.on(m.member),
          (replyTo) => ({ type: 'Request', id, command, ...(serializable ? { serializable } : {}), replyTo }),
          timeoutMs,
          (result) => ({ type: 'Answer', id, result }),
        );
        return answers;
      }
      if (m.type === 'Change') {
        const { id, membership } = m;
        ctx.ask<MemberMsg, ClientReply>(etcdMemberService.on(m.member), (replyTo) => ({ type: 'ChangeMembership', id, membership, replyTo }), timeoutMs, (result) => ({ type: 'Answer', id, result }));
        return answers;
      }
      return { ...answers, [m.id]: m.result.ok ? { kind: 'response', reply: m.result.reply } : { kind: 'timeout' } };
    },
    describe: (answers) => answers,
  });

/** The answers the requester at `path` has kept. */
export function answersOf(s: ScenarioContext, path: string): Record<number, Answer> {
  return s.system.stateOf(path, requesterKey) ?? {};
}

/** The revision of a successful answer, or undefined. */
export function revisionOf(a: Answer | undefined): number | undefined {
  return a?.kind === 'response' && a.reply.type === 'Response' && a.reply.result.ok ? a.reply.result.response.header.revision : undefined;
}

/** The value a range answer found for its key (null: absent), or undefined when it is no such answer. */
export function valueOf(a: Answer | undefined): string | null | undefined {
  if (a?.kind !== 'response' || a.reply.type !== 'Response' || !a.reply.result.ok) return undefined;
  const kvs = (a.reply.result.response as { kvs?: { value: string }[] }).kvs;
  return kvs === undefined ? undefined : (kvs[0]?.value ?? null);
}

export function describeAnswer(a: Answer | undefined): string {
  if (a === undefined) return 'no answer yet';
  if (a.kind === 'timeout') return 'timed out';
  if (a.reply.type === 'NotLeader') return `not the leader (leader: ${a.reply.leader ?? 'unknown'})`;
  if (a.reply.type === 'KeptAlive') return `lease ${a.reply.lease} kept alive for ${a.reply.ttl}s`;
  if (a.reply.type === 'MembershipChanged') return `members now ${a.reply.membership.voters.join(', ')}`;
  return a.reply.result.ok ? `ok at revision ${a.reply.result.response.header.revision}` : a.reply.result.error.message;
}
