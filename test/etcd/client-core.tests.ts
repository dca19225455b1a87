// The etcd client core as an actor runs it inside itself (the kube-apiserver does): an outlet that
// answers one result by asking again, in place, must not have the client send anything twice.

import test from 'ava';
import { etcdClientCore, etcdClientDigest, type EtcdClientOutlet } from '../../actors/client/etcd-client-core.ts';
import type { StoreCommand, StoreResult, WatchEvent, WatchResponse } from '../../protocols/etcd/kv.ts';
import { type ClientWatch, onResponse, resumeRequest } from '../../actors/client/etcd-watch.ts';
import { type Asked, fakeClientCtx } from './client-ctx.ts';

const ok = (revision: number): StoreResult => ({ ok: true, response: { header: { revision }, succeeded: true, responses: [] } as never });
const put = (key: string): StoreCommand => ({ type: 'put', key, value: 'v' });

test('an outlet that asks again while handling an answer gets one attempt per request, in order, each answered once', (t) => {
  const core = etcdClientCore({ members: ['m1', 'm2', 'm3'] });
  const { ctx, asks } = fakeClientCtx();
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
  core.receive(s, asks[0]!.answer({ ok: true, reply: { type: 'Response', id: asks[0]!.request.id, result: ok(5) } }), ctx, out);
  t.deepEqual(answered, [1]);
  t.is(asks.length, 2, 'the second request is asked once, not again after the outlet returns');
  t.is((asks[1]!.request.command as { key: string }).key, 'b');
  t.deepEqual(
    asks.map((a) => a.request.session?.seq),
    [1, 2],
    'each write its own sequence number',
  );
  core.receive(s, asks[1]!.answer({ ok: true, reply: { type: 'Response', id: asks[1]!.request.id, result: ok(6) } }), ctx, out);
  t.deepEqual(answered, [1, 2]);
  t.is(asks.length, 2);
  t.deepEqual(s.inFlight, []);
  // Acknowledged puts are counted, not kept: a long-lived client holds no list of what it wrote.
  t.is(s.acked, 2);
  t.is(s.lastAckedRevision, 6);
  t.like(etcdClientDigest(s), { acked: 2, lastAcked: 6 });
  core.receive(s, { type: 'Request', id: 3, command: put('c'), replyTo: ctx.self as never }, ctx, out);
  core.receive(s, asks[2]!.answer({ ok: true, reply: { type: 'Response', id: asks[2]!.request.id, result: { ok: false, error: { code: 'Unavailable', message: 'no' } } as never } }), ctx, out);
  t.is(s.acked, 2, 'a refused put is not acknowledged');
});

test('a write that times out is asked again with the same sequence number, on the next member', (t) => {
  const core = etcdClientCore({ members: ['m1', 'm2', 'm3'] });
  const { ctx, asks } = fakeClientCtx();
  const s = core.init(ctx);
  const out: EtcdClientOutlet = { result: () => {}, watch: () => {} };
  core.receive(s, { type: 'Request', id: 1, command: put('a'), replyTo: ctx.self as never }, ctx, out);
  core.receive(s, asks[0]!.answer({ ok: false, error: 'timeout' } as never), ctx, out);
  core.receive(s, { type: 'Retry', op: 1 }, ctx, out);
  t.is(asks.length, 2);
  t.deepEqual(
    asks.map((a) => [a.to, a.request.session?.seq]),
    [
      ['/m1/etcd-member', 1],
      ['/m2/etcd-member', 1],
    ],
  );
});

test('with a window, requests go out together; each is answered on its own, a late answer to an earlier attempt is ignored, and every write carries the lowest sequence number still unanswered', (t) => {
  const core = etcdClientCore({ members: ['m1', 'm2', 'm3'], window: 3 });
  const { ctx, asks } = fakeClientCtx();
  const s = core.init(ctx);
  const answered: number[] = [];
  const out: EtcdClientOutlet = { result: (op) => answered.push(op.id), watch: () => {} };
  for (const id of [1, 2, 3, 4]) core.receive(s, { type: 'Request', id, command: put(`k${id}`), replyTo: ctx.self as never }, ctx, out);
  t.is(asks.length, 3, 'three in flight, the fourth waits for room');
  t.deepEqual(asks.map((a) => [a.request.session?.seq, a.request.session?.lowest]), [[1, undefined], [2, 1], [3, 1]]);
  const response = (a: Asked, revision: number) => a.answer({ ok: true, reply: { type: 'Response', id: a.request.id, result: ok(revision) } });
  // The second is answered first: its answer goes out, and the fourth takes its place.
  core.receive(s, response(asks[1]!, 7), ctx, out);
  t.deepEqual(answered, [2]);
  t.is(asks.length, 4);
  t.deepEqual([asks[3]!.request.session?.seq, asks[3]!.request.session?.lowest], [4, 1]);
  // The first times out and goes again, to the next member, with the same sequence number.
  core.receive(s, asks[0]!.answer({ ok: false, error: 'timeout' } as never), ctx, out);
  core.receive(s, { type: 'Retry', op: 1 }, ctx, out);
  t.deepEqual([asks[4]!.to, asks[4]!.request.session?.seq], ['/m2/etcd-member', 1]);
  // The third's timeout came from the member given up on already: the client does not move again.
  core.receive(s, asks[2]!.answer({ ok: false, error: 'timeout' } as never), ctx, out);
  core.receive(s, { type: 'Retry', op: 3 }, ctx, out);
  t.is(asks[5]!.to, '/m2/etcd-member');
  // An answer to the first's first attempt, late: ignored; the retry's answer counts.
  core.receive(s, response(asks[0]!, 8), ctx, out);
  t.deepEqual(answered, [2]);
  core.receive(s, response(asks[4]!, 9), ctx, out);
  core.receive(s, response(asks[5]!, 10), ctx, out);
  core.receive(s, response(asks[3]!, 11), ctx, out);
  t.deepEqual(answered, [2, 1, 3, 4]);
  t.deepEqual(s.inFlight, []);
  // Everything answered: the next write tells the members to forget all below it.
  core.receive(s, { type: 'Request', id: 5, command: put('k5'), replyTo: ctx.self as never }, ctx, out);
  t.deepEqual([asks[6]!.request.session?.seq, asks[6]!.request.session?.lowest], [5, undefined]);
});

test('a progress notification is told to a watch that asked for them, as events of none; the resume point stays after the last event', (t) => {
  const res = (revision: number, extra: Partial<WatchResponse> = {}): WatchResponse => ({ header: { revision } as never, watchId: -1, created: false, canceled: false, compactRevision: 0, cancelReason: '', events: [], ...extra });
  const put = (rev: number): WatchEvent => ({ type: 'PUT', kv: { key: 'k', value: 'v', createRevision: rev, modRevision: rev, version: 1, lease: 0 } } as never);
  const progressing: ClientWatch = { request: { key: 'k', progressNotify: true }, nextRevision: 0, createdAt: 0 };
  const quiet: ClientWatch = { request: { key: 'k' }, nextRevision: 0, createdAt: 0 };
  t.deepEqual(onResponse(progressing, res(5, { created: true, watchId: 0 })), { kind: 'nothing' }, 'a created response is no progress');
  t.deepEqual(onResponse(progressing, res(7)), { kind: 'events', events: [], revision: 7 });
  t.deepEqual(onResponse(quiet, res(7)), { kind: 'nothing' }, 'without progressNotify, none');
  t.like(onResponse(progressing, res(9, { events: [put(8), put(9)] })), { kind: 'events', revision: 9 });
  t.is(progressing.nextRevision, 10);
  t.deepEqual(onResponse(progressing, res(12)), { kind: 'events', events: [], revision: 12 });
  t.is(progressing.nextRevision, 10, 'a resumed stream starts after the last event, not the last progress');
  t.deepEqual(onResponse(progressing, res(8)), { kind: 'nothing' }, 'a progress behind the events delivered says nothing');
  t.deepEqual(resumeRequest(progressing).startRevision, 10);
});
