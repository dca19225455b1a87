// A simple etcd client: finds the leader by following NotLeader hints, retries elsewhere when a
// member does not answer in time, and remembers which writes were acknowledged.

import { type AskResult, defineActor } from '../../../runtime/index.ts';
import type { NodeId } from '../raft/types.ts';
import type { StoreCommand } from '../mvcc/index.ts';
import type { ClientReply, MemberMsg } from './protocol.ts';

export type ClientMsg =
  | { readonly type: 'WriteAll'; readonly commands: readonly StoreCommand[] }
  | { readonly type: 'Answer'; readonly result: AskResult<ClientReply> }
  | { readonly type: 'Retry' };

const RETRY_MS = 50;

interface ClientState {
  members: readonly NodeId[];
  target: number;
  queue: StoreCommand[];
  inFlight: StoreCommand | null;
  nextId: number;
  acked: { key: string; value: string; revision: number }[];
  attempts: number;
}

export function etcdClient(options: { readonly members: readonly NodeId[]; readonly pathOf: (id: NodeId) => string; readonly timeoutMs?: number }) {
  const timeout = options.timeoutMs ?? 500;
  const next = (s: ClientState, ctx: Parameters<Parameters<typeof defineActor<ClientMsg, ClientState>>[0]['receive']>[2]) => {
    if (s.inFlight === null) s.inFlight = s.queue.shift() ?? null;
    if (s.inFlight === null) return;
    const command = s.inFlight;
    const id = s.nextId++;
    s.attempts++;
    const to = ctx.address<MemberMsg>(options.pathOf(s.members[s.target % s.members.length]!));
    ctx.ask<MemberMsg, ClientReply>(to, (replyTo) => ({ type: 'Request', id, command, replyTo }), timeout, (result) => ({ type: 'Answer', result }));
  };
  return defineActor<ClientMsg, ClientState>({
    kind: 'etcd-client',
    init: () => ({ members: options.members, target: 0, queue: [], inFlight: null, nextId: 1, acked: [], attempts: 0 }),
    receive: (s, m, ctx) => {
      if (m.type === 'WriteAll') {
        s.queue.push(...m.commands);
        if (s.inFlight === null) next(s, ctx);
        return s;
      }
      if (m.type === 'Retry') {
        next(s, ctx);
        return s;
      }
      const r = m.result;
      if (r.ok && r.reply.type === 'Response' && s.inFlight) {
        const c = s.inFlight;
        const res = r.reply.result;
        if (c.type === 'put' && res.ok) s.acked.push({ key: c.key, value: c.value ?? '', revision: res.response.header.revision });
        s.inFlight = null;
      } else if (r.ok && r.reply.type === 'NotLeader' && r.reply.leader !== null) {
        s.target = s.members.indexOf(r.reply.leader);
      } else {
        // No answer, or no leader known (an election is under way): try the next member, later.
        s.target++;
        ctx.timers.once('retry', RETRY_MS, { type: 'Retry' });
        return s;
      }
      next(s, ctx);
      return s;
    },
    describe: (s) => ({ acked: s.acked.length, queued: s.queue.length + (s.inFlight ? 1 : 0), attempts: s.attempts }),
  });
}
