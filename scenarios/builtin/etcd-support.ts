// What the etcd scenarios share: a three-member cluster on three hosts, views of its members,
// and a requester that sends store commands and keeps every answer.

import { type AskResult, defineActor, host } from '../../runtime/index.ts';
import { etcdMember } from '../../actors/etcd/member/member.ts';
import type { ClientReply, MemberMsg } from '../../actors/etcd/member/protocol.ts';
import type { StoreCommand } from '../../actors/etcd/mvcc/index.ts';
import type { ScenarioContext } from '../scenario.ts';

export const MEMBERS = ['etcd-1', 'etcd-2', 'etcd-3'];
export const pathOf = (id: string) => `/${id}/etcd-member`;

export type MemberView = { role: string; term: number; leader: string | null; applied: number; commit: number; revision: number; keys: number; hash: string };

export function spawnCluster(s: ScenarioContext): void {
  for (const id of MEMBERS) s.spawn(host({ children: [{ id: 'etcd-member', actor: etcdMember({ id, peers: MEMBERS, pathOf }) }] }), { name: id, restart: 'permanent' });
}

export function memberViews(s: ScenarioContext): Record<string, MemberView | undefined> {
  const out: Record<string, MemberView | undefined> = {};
  for (const h of s.inspect().children) if (MEMBERS.includes(h.name)) out[h.name] = h.children[0]?.description as MemberView | undefined;
  return out;
}

export function leaderOf(s: ScenarioContext, not?: string): string | undefined {
  return Object.entries(memberViews(s)).find(([id, m]) => m?.role === 'leader' && id !== not)?.[0];
}

export type Answer = { readonly kind: 'response'; readonly reply: ClientReply } | { readonly kind: 'timeout' };
export type RequesterMsg =
  | { readonly type: 'Send'; readonly id: number; readonly member: string; readonly command: StoreCommand; readonly serializable?: boolean }
  | { readonly type: 'Answer'; readonly id: number; readonly result: AskResult<ClientReply> };

/** Sends each request once (no retries) and records what came back, or that nothing did. */
export const requester = (timeoutMs = 2000) =>
  defineActor<RequesterMsg, Record<number, Answer>>({
    kind: 'etcd-requester',
    init: () => ({}),
    receive: (answers, m, ctx) => {
      if (m.type === 'Send') {
        const { id, command, serializable } = m;
        ctx.ask<MemberMsg, ClientReply>(
          ctx.address(pathOf(m.member)),
          (replyTo) => ({ type: 'Request', id, command, ...(serializable ? { serializable } : {}), replyTo }),
          timeoutMs,
          (result) => ({ type: 'Answer', id, result }),
        );
        return answers;
      }
      return { ...answers, [m.id]: m.result.ok ? { kind: 'response', reply: m.result.reply } : { kind: 'timeout' } };
    },
    describe: (answers) => answers,
  });

export function answersOf(s: ScenarioContext, hostName: string): Record<number, Answer> {
  return (s.inspect().children.find((h) => h.name === hostName)?.children[0]?.description as Record<number, Answer> | undefined) ?? {};
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
