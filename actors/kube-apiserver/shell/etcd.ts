// Talking to etcd through the replica's own client: a command out, its answer back to what asked.

import type { ActorRef } from '../../../runtime/index.ts';
import type { StoreCommand, StoreResult } from '../../../protocols/etcd/kv.ts';
import type { ApiResponse, ApiResult } from '../../../protocols/kube/api.ts';
import type { Step } from '../registry/index.ts';
import type { Shell } from './state.ts';
import { sealCommand } from './transform.ts';

export function request(sh: Shell, command: StoreCommand, then: (result: StoreResult) => void): void {
  const id = sh.s.nextEtcdId++;
  sh.s.caches.own.sending(command);
  const t = sh.s.transform;
  // The answer's values are opened where it comes in (the replica's outlet): no wrapper made per request.
  sh.s.waiting.set(id, then);
  // The client keeps no one to reply to: its answer comes back through the replica's outlet.
  sh.etcd.receive(sh.s.etcd, { type: 'Request', id, command: t === undefined ? command : sealCommand(t, command), replyTo: sh.ctx.self as never }, sh.ctx, sh.s.etcdOut);
}

export function reply(sh: Shell, to: ActorRef<ApiResponse>, id: number, result: ApiResult): void {
  sh.s.served++;
  sh.ctx.send(to, { type: 'ApiResponse', id, result });
}

/** Runs a registry step to its answer, through as many etcd round trips as it takes. */
export function runStep(sh: Shell, step: Step, done: (result: ApiResult) => void): void {
  if (step.kind === 'done') done(step.result);
  else request(sh, step.command, (result) => runStep(sh, step.then(result), done));
}
