// The client core finds a watch response's watch by the id its stream's name carries; responses
// on streams it no longer has (resumed, canceled) reach no watch.

import test from 'ava';
import fc from 'fast-check';
import { etcdClientCore, type EtcdClientOutlet, watchIdOf } from '../../actors/client/etcd-client-core.ts';
import { fakeClientCtx } from './client-ctx.ts';

test('a stream name gives back the watch id it was made with, whatever the session and attempt', (t) => {
  fc.assert(
    fc.property(fc.string(), fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true })), fc.nat(), (session, id, attempt) => {
      // Keys are strings: the id the stream gives back must name the same key the watch is under.
      t.is(String(watchIdOf(`${session}/watch-${id}/${attempt}`)), String(id));
    }),
  );
  t.true(Number.isNaN(watchIdOf('no-watch-here')));
  t.true(Number.isNaN(watchIdOf('s/watch-/1')), 'an empty id is none, not 0');
});

const response = (revision: number) => ({ header: { revision }, created: false, canceled: false, compactRevision: 0, cancelReason: '', events: [{ type: 'PUT', kv: { key: `/k${revision}`, value: 'v', createRevision: revision, modRevision: revision, version: 1, lease: 0 } }] });

test('each response goes to the watch its stream belongs to; one on a stream since resumed reaches none', (t) => {
  const core = etcdClientCore({ members: ['m1', 'm2'] });
  const { ctx, sent } = fakeClientCtx('/h/a/watch/x');
  const s = core.init(ctx);
  const heard: number[] = [];
  const out: EtcdClientOutlet = { result: () => {}, watch: (id, _w, u) => void (u.type === 'WatchEvents' && heard.push(id)) };
  const ids = [7, -1, 0, 1_000_003];
  for (const id of ids) core.receive(s, { type: 'Watch', id, request: { key: '/k', rangeEnd: '/l' }, replyTo: ctx.self as never }, ctx, out);
  const streams = sent.filter((x) => x.msg.type === 'Watch').map((x) => x.msg.stream!);
  t.is(streams.length, ids.length);
  streams.forEach((stream, i) => core.receive(s, { type: 'WatchResponse', stream, seq: 1, response: response(10 + i) as never }, ctx, out));
  t.deepEqual(heard, ids);
  // The first watch's stream closes: it resumes on a new stream, and the old one is heard no more.
  core.receive(s, { type: 'WatchClosed', stream: streams[0]!, reason: 'gone' }, ctx, out);
  core.receive(s, { type: 'WatchResponse', stream: streams[0]!, seq: 2, response: response(20) as never }, ctx, out);
  t.deepEqual(heard, ids);
  const resumed = sent.filter((x) => x.msg.type === 'Watch').map((x) => x.msg.stream!)[ids.length]!;
  core.receive(s, { type: 'WatchResponse', stream: resumed, seq: 1, response: response(21) as never }, ctx, out);
  t.deepEqual(heard, [...ids, 7]);
});
