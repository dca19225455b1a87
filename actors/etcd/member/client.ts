// The etcd client actor: the client protocol (actors/client/etcd-client-core.ts) on its own, for
// the components and scripts that talk to etcd through a client beside them. It answers each
// request and passes each watch's updates on to whoever asked, as messages.

import { type ActorRef, defineActor, stateKey } from '../../../runtime/index.ts';
import type { ClientMsg, ClientResult, WatchCreated, WatchUpdate } from '../../../protocols/etcd/client.ts';
import type { NodeId } from '../../../protocols/etcd/raft.ts';
import { type EtcdClientOutlet, type EtcdClientSelfMsg, type EtcdClientState, etcdClientCore, etcdClientDigest } from '../../client/etcd-client-core.ts';

export type { EtcdClientState } from '../../client/etcd-client-core.ts';

/** The typed name checks and tools read a client's state by (system.stateOf). */
export const etcdClientStateKey = stateKey<EtcdClientState>('etcd-client');

/** Answers and watch updates go on as messages to whoever asked. */
const outlet: EtcdClientOutlet = {
  result: (op, result, ctx) => {
    if (op.replyTo) ctx.send(op.replyTo as ActorRef<ClientResult>, { type: 'Result', id: op.id, result });
  },
  watch: (_id, w, update, ctx) => {
    if (update.type === 'WatchCreated') ctx.send(w.createdTo as ActorRef<WatchCreated>, update);
    else ctx.send(w.replyTo as ActorRef<WatchUpdate>, update);
  },
};

/** `members`: the ids of the members to try, which are the names of their hosts. */
export function etcdClient(options: { readonly members: readonly NodeId[]; readonly timeoutMs?: number; readonly window?: number }) {
  const core = etcdClientCore(options);
  return defineActor<ClientMsg | EtcdClientSelfMsg, EtcdClientState>({
    kind: etcdClientStateKey.kind,
    init: (ctx) => core.init(ctx),
    receive: (s, m, ctx) => {
      core.receive(s, m, ctx, outlet);
      return s;
    },
    digest: etcdClientDigest,
    describe: (s) => ({ acked: s.acked, queued: s.queue.length + s.inFlight.length, attempts: s.attempts, watches: Object.keys(s.watches).length }),
  });
}
