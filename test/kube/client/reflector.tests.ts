import test from 'ava';
import { type Env, listed, type ReflectorConfig, reflectorState, start, streamed, timerFired } from '../../../actors/client/reflector.ts';
import { newBackoff, step } from '../../../actors/client/backoff.ts';
import { expired } from '../../../protocols/kube/status.ts';
import type { ApiResult, KubeWatchEvent } from '../../../protocols/kube/api.ts';
import type { KubeObject } from '../../../protocols/kube/objects.ts';

const c: ReflectorConfig = { target: { group: '', version: 'v1', resource: 'pods' }, idBase: 100 };
const env = (now = 0): Env => ({ now, pick: () => 0 });
const pod = (name: string, rv: string): KubeObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default', resourceVersion: rv } });
const listResult = (rv: string, items: KubeObject[], cont?: string): ApiResult => ({
  ok: true,
  code: 200,
  body: { apiVersion: 'v1', kind: 'PodList', metadata: { resourceVersion: rv, ...(cont ? { continue: cont } : {}) }, items },
});
const events = (id: number, seq: number, ...events: KubeWatchEvent[]) => ({ type: 'WatchEvents' as const, id, seq, events });
const gone: ApiResult = { ok: false, code: 410, body: expired('too old resource version: 5 (9)') };

test('the first list asks for RV "0" in pages of 500; then a watch from the list\'s RV with bookmarks', (t) => {
  const s = reflectorState();
  t.deepEqual(start(s, c), [{ type: 'list', options: { resourceVersion: '0', limit: 500 } }]);
  const out = listed(s, c, env(), listResult('7', [pod('a', '5')]));
  t.deepEqual(out, [
    { type: 'replace', items: [pod('a', '5')], resourceVersion: '7' },
    { type: 'watch', id: 101, elsewhere: false, options: { resourceVersion: '7', allowWatchBookmarks: true, timeoutSeconds: 300 } },
    { type: 'timer', delayMs: 30_000, token: 1 },
  ]);
  t.true(s.synced);
});

test('continue pages are followed and handed over as one replace', (t) => {
  const s = reflectorState();
  start(s, c);
  t.deepEqual(listed(s, c, env(), listResult('9', [pod('a', '1')], 'tok')), [{ type: 'list', options: { limit: 500, continue: 'tok' } }]);
  const out = listed(s, c, env(), listResult('9', [pod('b', '2')]));
  t.deepEqual(out[0], { type: 'replace', items: [pod('a', '1'), pod('b', '2')], resourceVersion: '9' });
});

test('once the first list came back in pages, relists are paged too', (t) => {
  const s = reflectorState();
  start(s, c);
  listed(s, c, env(), listResult('9', [pod('a', '1')], 'tok'));
  listed(s, c, env(), listResult('9', [pod('b', '2')]));
  streamed(s, c, env(5000), events(101, 0, { type: 'ERROR', object: expired('gone') }));
  t.deepEqual(timerFired(s, c, env(6000), s.timerToken), [{ type: 'list', options: { resourceVersion: '9', limit: 500 } }]);
});

test('an expired continue token lists again in full at the same RV', (t) => {
  const s = reflectorState();
  start(s, c);
  listed(s, c, env(), listResult('9', [pod('a', '1')], 'tok'));
  t.deepEqual(listed(s, c, env(), gone), [{ type: 'list', options: { resourceVersion: '0' } }]);
  t.is(s.relists, 0);
});

test('events pass to the store in order and move the RV; bookmarks move it silently', (t) => {
  const s = reflectorState();
  start(s, c);
  listed(s, c, env(), listResult('7', []));
  const out = streamed(s, c, env(10), events(101, 0, { type: 'ADDED', object: pod('a', '8') }, { type: 'BOOKMARK', object: { apiVersion: 'v1', kind: 'Pod', metadata: { resourceVersion: '12' } } }));
  t.deepEqual(out.slice(0, 1), [{ type: 'ADDED', object: pod('a', '8') }]);
  t.is(s.lastSyncResourceVersion, '12');
});

test('a closed watch resumes at once from the last RV seen: a rewatch, not a relist', (t) => {
  const s = reflectorState();
  start(s, c);
  listed(s, c, env(), listResult('7', []));
  streamed(s, c, env(5000), events(101, 0, { type: 'MODIFIED', object: pod('a', '15') }));
  const out = streamed(s, c, env(6000), { type: 'WatchClosed', id: 101, seq: 1 });
  t.like(out[0], { type: 'watch', id: 102, options: { resourceVersion: '15' } });
  t.deepEqual([s.rewatches, s.relists], [1, 0]);
  t.deepEqual(streamed(s, c, env(6001), events(101, 2)), [], 'the old stream is ignored');
});

test('a seq gap is a loss: stop that watch and resume from the last RV', (t) => {
  const s = reflectorState();
  start(s, c);
  listed(s, c, env(), listResult('7', []));
  const out = streamed(s, c, env(10), events(101, 1, { type: 'ADDED', object: pod('a', '9') }));
  t.deepEqual(out.slice(0, 2).map((o) => o.type), ['stopWatch', 'watch']);
  t.like(out[1], { options: { resourceVersion: '7' } });
  t.is(s.rewatches, 1);
});

test('a 410 ERROR relists after 800 ms at the last RV; if that is gone too, at ""', (t) => {
  const s = reflectorState();
  start(s, c);
  listed(s, c, env(), listResult('7', []));
  const out = streamed(s, c, env(100), events(101, 0, { type: 'ERROR', object: expired('too old resource version: 7 (20)') }));
  t.deepEqual(out, [{ type: 'stopWatch', id: 101 }, { type: 'timer', delayMs: 800, token: 2 }]);
  t.deepEqual(timerFired(s, c, env(900), 2), [{ type: 'list', options: { resourceVersion: '7' } }], 'a relist at an RV is not paged');
  t.deepEqual(listed(s, c, env(910), gone), [{ type: 'list', options: { resourceVersion: '', limit: 500 } }]);
  t.like(listed(s, c, env(920), listResult('30', [pod('z', '25')]))[0], { type: 'replace', resourceVersion: '30' });
  t.is(s.relists, 1);
});

test('a quiet watch is pinged after 30 s; no answer in 15 s is a lost connection: backoff, then a watch on another replica', (t) => {
  const s = reflectorState();
  start(s, c);
  listed(s, c, env(), listResult('7', []));
  t.deepEqual(timerFired(s, c, env(30_000), 1), [{ type: 'ping', id: 101 }, { type: 'timer', delayMs: 15_000, token: 2 }]);
  const out = timerFired(s, c, env(45_000), 2);
  t.deepEqual(out, [{ type: 'stopWatch', id: 101 }, { type: 'timer', delayMs: 800, token: 3 }]);
  t.like(timerFired(s, c, env(45_800), 3)[0], { type: 'watch', elsewhere: true, options: { resourceVersion: '7' } });
  t.deepEqual(timerFired(s, c, env(45_900), 1), [], 'a stale timer does nothing');
});

test('a ping answered alive waits out another quiet spell; a forgotten watch or a lost last message is watched again at once', (t) => {
  const s = reflectorState();
  start(s, c);
  listed(s, c, env(), listResult('7', []));
  timerFired(s, c, env(30_000), 1);
  t.deepEqual(streamed(s, c, env(30_010), { type: 'WatchAlive', id: 101, alive: true, sent: 0 }), [{ type: 'timer', delayMs: 30_000, token: 3 }]);
  timerFired(s, c, env(60_010), 3);
  t.like(streamed(s, c, env(60_020), { type: 'WatchAlive', id: 101, alive: true, sent: 1 }), [{ type: 'stopWatch', id: 101 }, { type: 'watch', id: 102, elsewhere: false }]);
  timerFired(s, c, env(90_020), s.timerToken);
  t.like(streamed(s, c, env(90_030), { type: 'WatchAlive', id: 102, alive: false, sent: 0 }), [{ type: 'watch', id: 103, elsewhere: false, options: { resourceVersion: '7' } }]);
});

test('watchSilenceMs bounds the silence instead, and every message starts it again', (t) => {
  const cs = { ...c, watchSilenceMs: 90_000 };
  const s = reflectorState();
  start(s, cs);
  t.deepEqual(listed(s, cs, env(), listResult('7', [])).at(-1), { type: 'timer', delayMs: 90_000, token: 1 });
  t.deepEqual(streamed(s, cs, env(5000), events(101, 0)).at(-1), { type: 'timer', delayMs: 90_000, token: 2 });
});

test('a very short empty watch counts as an error and relists after a backoff', (t) => {
  const s = reflectorState();
  start(s, c);
  listed(s, c, env(0), listResult('7', []));
  t.deepEqual(streamed(s, c, env(10), { type: 'WatchClosed', id: 101, seq: 0 }).map((o) => o.type), ['timer']);
  t.like(timerFired(s, c, env(900), s.timerToken)[0], { type: 'list' });
});

test('the backoff doubles from 800 ms to 30 s and starts again after 2 quiet minutes', (t) => {
  const b = newBackoff();
  const seq = [0, 1, 2, 3, 4, 5, 6, 7].map((i) => step(b, i * 1000));
  t.deepEqual(seq, [800, 1600, 3200, 6400, 12_800, 25_600, 30_000, 30_000]);
  t.is(step(b, 7000 + 120_001), 800);
  t.is(step(newBackoff(), 0, (n) => n - 1), 1600, 'jitter adds up to one more duration');
});
