// Restart and image-pull back-off: flowcontrol.Backoff's cases (backoff_test.go) and the
// kubelet's doBackOff / EnsureImageExists wording.

import test from 'ava';
import fc from 'fast-check';
import {
  CONTAINER_BACKOFF,
  EMPTY_BACKOFF,
  backoffGC,
  backoffGet,
  backoffNext,
  backoffReset,
  containerBackOff,
  containerBackoffKey,
  containerHash,
  formatPod,
  goDuration,
  imagePullBackOff,
  imagePullFailed,
  imagePullSucceeded,
  EMPTY_IMAGE_PULL_BACKOFF,
  inBackOffSince,
  inBackOffSinceUpdate,
  type BackoffState,
} from '../../../../actors/kubelet/backoff.ts';

const S = 1000;

test('windows double from 10s and cap at 300s', (t) => {
  let s: BackoffState = EMPTY_BACKOFF;
  const seen: number[] = [];
  for (let i = 0; i < 8; i++) {
    s = backoffNext(s, CONTAINER_BACKOFF, 'k', i * S, i * S);
    seen.push(backoffGet(s, 'k') / S);
  }
  t.deepEqual(seen, [10, 20, 40, 80, 160, 300, 300, 300]);
});

test('TestSlowBackoff: step 1s, max 50s, events one second apart', (t) => {
  const cfg = { initialMs: 1 * S, maxMs: 50 * S };
  let s: BackoffState = EMPTY_BACKOFF;
  const want = [1, 2, 4, 8, 16, 32, 50, 50, 50, 50];
  for (let i = 0; i < want.length; i++) {
    const now = i * S;
    s = backoffNext(s, cfg, 'id', now, now);
    t.is(backoffGet(s, 'id'), want[i]! * S, `step ${i}`);
  }
  s = backoffReset(s, 'id');
  t.is(backoffGet(s, 'id'), 0);
});

test('TestBackoffReset: an event more than 2×max after the last update starts over', (t) => {
  const cfg = { initialMs: 1 * S, maxMs: 5 * S };
  let s: BackoffState = EMPTY_BACKOFF;
  for (let i = 0; i < 5; i++) s = backoffNext(s, cfg, 'id', i * S, i * S);
  t.is(backoffGet(s, 'id'), 5 * S);
  const last = 4 * S;
  // exactly 2×max later is not yet stale
  t.is(backoffGet(backoffNext(s, cfg, 'id', last + 10 * S, last + 10 * S), 'id'), 5 * S);
  t.is(backoffGet(backoffNext(s, cfg, 'id', last + 10 * S + 1, last + 10 * S + 1), 'id'), 1 * S);
});

test('TestIsInBackOffSince and SinceUpdate', (t) => {
  const cfg = { initialMs: 1 * S, maxMs: 10 * S };
  const s = backoffNext(EMPTY_BACKOFF, cfg, 'id', 0, 0);
  t.true(inBackOffSince(s, cfg, 'id', 0, 0));
  t.true(inBackOffSince(s, cfg, 'id', 0, 999));
  t.false(inBackOffSince(s, cfg, 'id', 0, 1000));
  t.false(inBackOffSince(s, cfg, 'other', 0, 0));
  t.true(inBackOffSinceUpdate(s, cfg, 'id', 999));
  t.false(inBackOffSinceUpdate(s, cfg, 'id', 1000));
  // stale entries never hold anything back
  t.false(inBackOffSince(s, cfg, 'id', 20 * S + 1, 20 * S + 1));
});

test('TestBackoffGC drops entries untouched for more than 2×max', (t) => {
  const cfg = { initialMs: 1 * S, maxMs: 5 * S };
  const s = backoffNext(EMPTY_BACKOFF, cfg, 'id', 0, 0);
  t.is(backoffGC(s, cfg, 10 * S), s);
  t.deepEqual(backoffGC(s, cfg, 10 * S + 1), {});
});

test('Go duration strings as the CrashLoopBackOff message prints them', (t) => {
  t.deepEqual([10, 20, 40, 80, 160, 300, 3600, 3661].map((x) => goDuration(x * S)), ['10s', '20s', '40s', '1m20s', '2m40s', '5m0s', '1h0m0s', '1h1m1s']);
  t.is(goDuration(0), '0s');
  t.is(goDuration(500), '500ms');
  t.is(goDuration(1500), '1.5s');
});

const pod = { name: 'web', namespace: 'default', uid: '1f2e' };

test('crash loop: first restart at once, then 10, 20, 40 … 300 s after each exit', (t) => {
  const key = containerBackoffKey(pod, 'app', containerHash({ name: 'app', image: 'busybox' }));
  let s: BackoffState = EMPTY_BACKOFF;
  let finishedAt = 1_000;
  const waits: number[] = [];
  for (let i = 0; i < 8; i++) {
    // the kubelet syncs every second until the back-off lets the container start
    let now = finishedAt;
    for (;;) {
      const d = containerBackOff(s, pod, 'app', key, finishedAt, now);
      s = d.state;
      if (!d.inBackOff) break;
      now += S;
    }
    waits.push((now - finishedAt) / S);
    finishedAt = now + 2 * S; // the container runs 2 s, then exits again
  }
  t.deepEqual(waits, [0, 10, 20, 40, 80, 160, 300, 300]);
});

test('crash loop message and event are the kubelet\'s', (t) => {
  const key = containerBackoffKey(pod, 'app', 'abc');
  t.is(key, 'web_default_1f2e_app_abc');
  const s = backoffNext(EMPTY_BACKOFF, CONTAINER_BACKOFF, key, 0, 0);
  const d = containerBackOff(s, pod, 'app', key, 5 * S, 6 * S);
  t.true(d.inBackOff);
  if (!d.inBackOff) return;
  t.is(d.reason, 'CrashLoopBackOff');
  t.is(d.message, 'back-off 10s restarting failed container=app pod=web_default(1f2e)');
  t.deepEqual(d.event, { type: 'Warning', reason: 'BackOff', message: 'Back-off restarting failed container app in pod web_default(1f2e)' });
  t.is(formatPod(pod), 'web_default(1f2e)');
});

test('a container that ran more than 10 minutes starts its back-off over', (t) => {
  const key = 'k';
  let s: BackoffState = EMPTY_BACKOFF;
  for (let i = 0; i < 6; i++) s = backoffNext(s, CONTAINER_BACKOFF, key, i, i);
  t.is(backoffGet(s, key), 300 * S);
  // started at 5 ms (the last update), ran 10 min + 1 ms: not held back, window back to 10 s
  const d = containerBackOff(s, pod, 'app', key, 5 + 600 * S + 1, 5 + 600 * S + 1);
  t.false(d.inBackOff);
  t.is(backoffGet(d.state, key), 10 * S);
  // ran exactly 10 min: still doubling (held at the cap)
  const held = containerBackOff(s, pod, 'app', key, 5 + 600 * S, 5 + 600 * S);
  t.true(held.inBackOff);
});

test('a changed container spec gets another key', (t) => {
  t.not(containerHash({ name: 'a', image: 'nginx:1.25' }), containerHash({ name: 'a', image: 'nginx:1.26' }));
  t.is(containerHash({ image: 'x', name: 'a' }), containerHash({ name: 'a', image: 'x' }));
});

test('image pulls: ErrImagePull then ImagePullBackOff for 10 s, then 20 s, with the last error', (t) => {
  const error = { reason: 'ErrImagePull', message: 'failed to pull and unpack image "docker.io/library/nginx:nope": not found' };
  let s = imagePullFailed(EMPTY_IMAGE_PULL_BACKOFF, 'u1', 'nginx:nope', 0, error);
  const d = imagePullBackOff(s, 'u1', 'nginx:nope', 9_999);
  t.deepEqual(d, {
    inBackOff: true,
    reason: 'ImagePullBackOff',
    message: 'Back-off pulling image "nginx:nope": ErrImagePull: failed to pull and unpack image "docker.io/library/nginx:nope": not found',
    event: { type: 'Normal', reason: 'BackOff', message: 'Back-off pulling image "nginx:nope"' },
  });
  t.false(imagePullBackOff(s, 'u1', 'nginx:nope', 10_000).inBackOff);
  t.false(imagePullBackOff(s, 'u2', 'nginx:nope', 1).inBackOff, 'keyed per pod');
  s = imagePullFailed(s, 'u1', 'nginx:nope', 10_000, error);
  t.true(imagePullBackOff(s, 'u1', 'nginx:nope', 29_999).inBackOff);
  t.false(imagePullBackOff(s, 'u1', 'nginx:nope', 30_000).inBackOff);
  s = imagePullSucceeded(s, 'u1', 'nginx:nope', 31_000);
  t.deepEqual(s.lastError, {});
  t.is(backoffGet(s.backoff, 'u1_nginx:nope'), 20_000, 'the window stays until it goes stale');
});

test('property: windows never exceed the cap and never shrink until a reset', (t) => {
  fc.assert(
    fc.property(fc.array(fc.integer({ min: 0, max: 700_000 }), { minLength: 1, maxLength: 40 }), (gaps) => {
      let s: BackoffState = EMPTY_BACKOFF;
      let now = 0;
      let prev = 0;
      for (const gap of gaps) {
        now += gap;
        const stale = s.k !== undefined && now - s.k.lastUpdateMs > 2 * CONTAINER_BACKOFF.maxMs;
        s = backoffNext(s, CONTAINER_BACKOFF, 'k', now, now);
        const cur = backoffGet(s, 'k');
        if (cur > CONTAINER_BACKOFF.maxMs || cur < CONTAINER_BACKOFF.initialMs) return false;
        if (stale ? cur !== CONTAINER_BACKOFF.initialMs : cur < prev) return false;
        prev = cur;
      }
      return true;
    }),
  );
  t.pass();
});
