// A context for driving the etcd client core without the runtime: it records what the core sends
// and asks, and answers no ask (the test plays the member).

import type { EtcdClientCtx, EtcdClientSelfMsg } from '../../actors/client/etcd-client-core.ts';
import type { StoreCommand } from '../../protocols/etcd/kv.ts';
import type { ClientReply } from '../../protocols/etcd/member.ts';
import type { AskResult } from '../../runtime/index.ts';

export interface Asked {
  readonly to: string;
  readonly request: { readonly id: number; readonly command: StoreCommand; readonly session?: { readonly seq: number; readonly lowest?: number } };
  /** The message the client gets for an answer (or for no answer) to this ask. */
  readonly answer: (result: AskResult<ClientReply>) => EtcdClientSelfMsg;
}

export interface Sent {
  readonly to: string;
  readonly msg: { readonly type: string; readonly stream?: string };
}

/** A client actor at /h/a; `path` is what the core is told it runs at (a watch's child, say). */
export function fakeClientCtx(path = '/h/a') {
  const asks: Asked[] = [];
  const sent: Sent[] = [];
  const disk = new Map<string, unknown>();
  const ctx = {
    self: { path: '/h/a', uid: 1 },
    path,
    timers: { once: () => {}, every: () => {} },
    disk: { get: (f: { name: string }) => disk.get(f.name), put: (f: { name: string }, v: unknown) => disk.set(f.name, v), fsync: () => {} },
    send: (to: { path: string }, msg: Sent['msg']) => sent.push({ to: to.path, msg }),
    ask: (to: { path: string }, make: (r: unknown) => Asked['request'], _timeout: number, answer: Asked['answer']) => asks.push({ to: to.path, request: make({ path: '/h/a/$ask', uid: 2 }), answer }),
  } as unknown as EtcdClientCtx;
  return { ctx, asks, sent };
}
