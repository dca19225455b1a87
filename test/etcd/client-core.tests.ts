// The etcd client core as an actor runs it inside itself (the kube-apiserver does): an outlet that
// answers one result by asking again, in place, must not have the client send anything twice.

import test from 'ava';
import { etcdClientCore, type EtcdClientCtx, type EtcdClientOutlet } from '../../actors/client/etcd-client-core.ts';
import type { StoreCommand, StoreResult } from '../../protocols/etcd/kv.ts';

interface Asked {
  readonly to: string;
  readonly request: { readonly id: number; readonly command: StoreCommand; readonly session?: { readonly seq: number } };
}

/** A context that records the asks and answers none: the test plays the member. */
function fakeCtx() {
  const asks: Asked[] = [];
  const disk = new Map<string, unknown>();
  const ctx = {
    self: { path: '/h/a', uid: 1 },
    path: '/h/a',
    timers: { once: () => {}, every: () => {} },
    disk: { get: (f: { name: string }) => disk.get(f.name), put: (f: { name: string }, v: unknown) => disk.set(f.name, v), fsync: () => {} },
    send: () => {},
    ask: (to: { path: string }, make: (r: unknown) => Asked['request']) => asks.push({ to: to.path, request: make({ path: '/h/a/$ask', uid: 2 }) }),
  } as unknown as EtcdClientCtx;
  return { ctx, asks };
}

const ok = (revision: number): StoreResult => ({ ok: true, response: { header: { revision }, succeeded: true, responses: [] } as never });
const put = (key: string): StoreCommand => ({ type: 'put', key, value: 'v' });

test('an outlet that asks again while handling an answer gets one attempt per request, in order, each answered once', (t) => {
  const core = etcdClientCore({ members: ['m1', 'm2', 'm3'] });
  const { ctx, asks } = fakeCtx();
  const s = core.init(ctx);
  const answered: number[] = [];
  const out: EtcdClientOutlet = {
    result: (op) => {
      answered.push(op.id);
      // The first answer's handler writes again at once, as a registry step's next round trip does.
      if (op.id === 1) core.receive(s, { type: 'Request', id: 2, command: put('b'), replyTo: ctx.self as never }, ctx, out);
    },
    watch: () => {},
  };
  core.receive(s, { type: 'Request', id: 1, command: put('a'), replyTo: ctx.self as never }, ctx, out);
  t.is(asks.length, 1);
  core.receive(s, { type: 'Answer', result: { ok: true, reply: { type: 'Response', id: asks[0]!.request.id, result: ok(5) } } }, ctx, out);
  t.deepEqual(answered, [1]);
  t.is(asks.length, 2, 'the second request is asked once, not again after the outlet returns');
  t.is((asks[1]!.request.command as { key: string }).key, 'b');
  t.deepEqual(
    asks.map((a) => a.request.session?.seq),
    [1, 2],
    'each write its own sequence number',
  );
  core.receive(s, { type: 'Answer', result: { ok: true, reply: { type: 'Response', id: asks[1]!.request.id, result: ok(6) } } }, ctx, out);
  t.deepEqual(answered, [1, 2]);
  t.is(asks.length, 2);
  t.is(s.inFlight, null);
});

test('a write that times out is asked again with the same sequence number, on the next member', (t) => {
  const core = etcdClientCore({ members: ['m1', 'm2', 'm3'] });
  const { ctx, asks } = fakeCtx();
  const s = core.init(ctx);
  const out: EtcdClientOutlet = { result: () => {}, watch: () => {} };
  core.receive(s, { type: 'Request', id: 1, command: put('a'), replyTo: ctx.self as never }, ctx, out);
  core.receive(s, { type: 'Answer', result: { ok: false, error: 'timeout' } }, ctx, out);
  core.receive(s, { type: 'Retry' }, ctx, out);
  t.is(asks.length, 2);
  t.deepEqual(
    asks.map((a) => [a.to, a.request.session?.seq]),
    [
      ['/m1/etcd-member', 1],
      ['/m2/etcd-member', 1],
    ],
  );
});
