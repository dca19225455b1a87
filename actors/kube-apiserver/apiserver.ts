// kube-apiserver: one replica. Each call runs through the registry's steps; a step that needs
// etcd waits for the replica's etcd client (beside it on its host) and continues when it answers.
// Many calls are in flight at once; the etcd client serializes their commands.

import { type ActorContext, type ActorRef, defineActor, stateKey } from '../../runtime/index.ts';
import type { ClientMsg, ClientResult } from '../../protocols/etcd/client.ts';
import type { ApiResponse, ApiserverMsg } from '../../protocols/kube/api.ts';
import { handleCall, type RegistryEnv, type Step } from './registry/index.ts';
import { resolveBuiltin } from './registry/target.ts';
import { DEFAULT_EPOCH_MS } from './storage/clock.ts';
import { strategyFor } from './strategies/index.ts';

export interface ApiserverOptions {
  /** The etcd client this replica stores through. */
  readonly etcd: ActorRef<ClientMsg>;
  /** Unix ms of virtual time 0, for timestamps; default 2026-01-01T00:00:00Z. */
  readonly epochMs?: number;
}

interface Pending {
  readonly callId: number;
  readonly replyTo: ActorRef<ApiResponse>;
  readonly then: (result: ClientResult['result']) => Step;
}

export interface ApiserverState {
  nextEtcdId: number;
  /** Calls waiting for etcd, by the etcd request id. */
  readonly waiting: Map<number, Pending>;
  served: number;
}

export const apiserverStateKey = stateKey<ApiserverState>('kube-apiserver');

type Msg = ApiserverMsg | ClientResult;
type Ctx = ActorContext<Msg>;

export function kubeApiserver(options: ApiserverOptions) {
  const epoch = options.epochMs ?? DEFAULT_EPOCH_MS;

  const env = (ctx: Ctx): RegistryEnv => ({
    nowMs: epoch + ctx.now(),
    pick: (n) => Math.floor(ctx.random() * n),
    resolve: resolveBuiltin,
    strategyFor,
  });

  const run = (s: ApiserverState, ctx: Ctx, step: Step, callId: number, replyTo: ActorRef<ApiResponse>): void => {
    if (step.kind === 'done') {
      s.served++;
      ctx.send(replyTo, { type: 'ApiResponse', id: callId, result: step.result });
      return;
    }
    const id = s.nextEtcdId++;
    s.waiting.set(id, { callId, replyTo, then: step.then });
    ctx.send(options.etcd, { type: 'Request', id, command: step.command, replyTo: ctx.self });
  };

  return defineActor<Msg, ApiserverState>({
    kind: apiserverStateKey.kind,
    init: () => ({ nextEtcdId: 1, waiting: new Map(), served: 0 }),
    receive(s, msg, ctx) {
      switch (msg.type) {
        case 'Call':
          run(s, ctx, handleCall(msg.call, env(ctx)), msg.id, msg.replyTo);
          break;
        case 'Result': {
          const p = s.waiting.get(msg.id);
          if (p === undefined) break;
          s.waiting.delete(msg.id);
          run(s, ctx, p.then(msg.result), p.callId, p.replyTo);
          break;
        }
        case 'Watch':
        case 'StopWatch':
          break;
      }
      return s;
    },
    describe: (s) => ({ waiting: s.waiting.size, served: s.served }),
  });
}
