// Watches from the cache: where they start, what each sees of a change, initial events, errors.

import test from 'ava';
import type { Dispatch, WatchStart } from '../../../../actors/kube-apiserver/watch-cache/index.ts';
import type { KubeWatchEvent } from '../../../../protocols/kube/api.ts';
import { pod, podCache } from './helpers.ts';

const brief = (events: readonly KubeWatchEvent[]): string[] =>
  events.map((e) => (e.type === 'ERROR' ? `ERROR ${e.object.message}` : `${e.type} ${e.object.metadata.namespace ?? ''}/${e.object.metadata.name ?? ''}@${e.object.metadata.resourceVersion}`));

const started = (s: WatchStart): string[] => (s.type === 'started' ? brief(s.events) : [`not started: ${s.type}`]);
const sentTo = (d: Dispatch, id: string): string[] => brief(d.deliveries.filter((x) => x.id === id).flatMap((x) => x.events));

function cacheAt10() {
  const c = podCache();
  c.replace([{ ...pod('a', 'x', { app: 'web' }), metadata: { namespace: 'a', name: 'x', labels: { app: 'web' }, resourceVersion: '7' } }], 10);
  return c;
}

test('resourceVersion "0" or absent: ADDED for each current object, then live events', (t) => {
  for (const resourceVersion of ['0', undefined]) {
    const c = cacheAt10();
    t.deepEqual(started(c.watch({ id: 'w', resourceVersion }, 0)), ['ADDED a/x@7']);
    t.deepEqual(sentTo(c.apply({ type: 'ADDED', object: pod('a', 'y'), revision: 11 }, 0), 'w'), ['ADDED a/y@11']);
  }
});

test('sendInitialEvents=false with resourceVersion "0" starts from now, without initial events', (t) => {
  const c = cacheAt10();
  t.deepEqual(started(c.watch({ id: 'w', resourceVersion: '0', sendInitialEvents: false }, 0)), []);
  t.deepEqual(sentTo(c.apply({ type: 'MODIFIED', object: pod('a', 'x', { app: 'web' }), revision: 11 }, 0), 'w'), ['MODIFIED a/x@11']);
});

test('from a revision in the window: the events after it, then live', (t) => {
  const c = cacheAt10();
  c.apply({ type: 'ADDED', object: pod('a', 'y'), revision: 11 }, 0);
  c.apply({ type: 'MODIFIED', object: pod('a', 'y', { v: '2' }), revision: 12 }, 0);
  c.apply({ type: 'DELETED', object: pod('a', 'x', { app: 'web' }), revision: 13 }, 0);
  t.deepEqual(started(c.watch({ id: 'w', resourceVersion: '11' }, 0)), ['MODIFIED a/y@12', 'DELETED a/x@13']);
  t.deepEqual(started(c.watch({ id: 'v', resourceVersion: '10' }, 0)), ['ADDED a/y@11', 'MODIFIED a/y@12', 'DELETED a/x@13']);
  t.deepEqual(started(c.watch({ id: 'u', resourceVersion: '13' }, 0)), []);
  const d = c.apply({ type: 'ADDED', object: pod('a', 'z'), revision: 14 }, 0);
  t.deepEqual(d.deliveries.map((x) => x.id), ['w', 'v', 'u']);
});

test('older than the window: one ERROR event with a 410 Expired Status, and no watcher', (t) => {
  const c = podCache({ lowerBoundCapacity: 2, upperBoundCapacity: 2 });
  c.replace([], 10);
  for (let r = 11; r <= 14; r++) c.apply({ type: 'ADDED', object: pod('a', `p${r}`), revision: r }, 0);
  t.deepEqual(c.watch({ id: 'w', resourceVersion: '11' }, 0), {
    type: 'error',
    event: { type: 'ERROR', object: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'too old resource version: 11 (12)', reason: 'Expired', code: 410 } },
  });
  t.is(c.watcherCount, 0);
  t.deepEqual(started(c.watch({ id: 'w', resourceVersion: '12' }, 0)), ['ADDED a/p13@13', 'ADDED a/p14@14']);
});

test('a watch from a future revision sees only what comes after it', (t) => {
  const c = cacheAt10();
  t.deepEqual(started(c.watch({ id: 'w', resourceVersion: '12' }, 0)), []);
  t.deepEqual(sentTo(c.apply({ type: 'ADDED', object: pod('a', 'y'), revision: 11 }, 0), 'w'), []);
  t.deepEqual(sentTo(c.apply({ type: 'ADDED', object: pod('a', 'z'), revision: 13 }, 0), 'w'), ['ADDED a/z@13']);
});

test('selector transitions: starts matching → ADDED; stops matching → DELETED with the previous state at the new resourceVersion', (t) => {
  const c = cacheAt10();
  c.watch({ id: 'w', labelSelector: 'app=web', resourceVersion: '10' }, 0);
  const out = c.apply({ type: 'MODIFIED', object: pod('a', 'x', { app: 'db' }), revision: 11 }, 0);
  t.deepEqual(sentTo(out, 'w'), ['DELETED a/x@11']);
  const deleted = out.deliveries[0]!.events[0]!;
  t.is(deleted.object.metadata.labels?.['app'], 'web', 'the DELETED object is the last state that matched');
  const back = c.apply({ type: 'MODIFIED', object: pod('a', 'x', { app: 'web' }), revision: 12 }, 0);
  t.deepEqual(sentTo(back, 'w'), ['ADDED a/x@12']);
  t.deepEqual(sentTo(c.apply({ type: 'MODIFIED', object: pod('a', 'x', { app: 'web', v: '2' }), revision: 13 }, 0), 'w'), ['MODIFIED a/x@13']);
  t.deepEqual(sentTo(c.apply({ type: 'ADDED', object: pod('a', 'q', { app: 'db' }), revision: 14 }, 0), 'w'), [], 'never matched: nothing');
});

test('a delete carries the last state with the delete\'s resourceVersion', (t) => {
  const c = cacheAt10();
  c.watch({ id: 'w', fieldSelector: 'spec.nodeName=n1', resourceVersion: '10' }, 0);
  c.apply({ type: 'MODIFIED', object: pod('a', 'x', { app: 'web' }, { nodeName: 'n1' }), revision: 11 }, 0);
  const d = c.apply({ type: 'DELETED', object: pod('a', 'x', { app: 'web' }, { nodeName: 'n1' }), revision: 15 }, 0);
  t.deepEqual(sentTo(d, 'w'), ['DELETED a/x@15']);
  t.is((d.deliveries[0]!.events[0]!.object as { spec?: { nodeName?: string } }).spec?.nodeName, 'n1');
  t.is(c.get('a', 'x'), undefined);
});

test('namespace scope: a watch in a namespace sees only its objects', (t) => {
  const c = cacheAt10();
  t.deepEqual(started(c.watch({ id: 'w', namespace: 'b' }, 0)), []);
  t.deepEqual(sentTo(c.apply({ type: 'ADDED', object: pod('a', 'y'), revision: 11 }, 0), 'w'), []);
  t.deepEqual(sentTo(c.apply({ type: 'ADDED', object: pod('b', 'y'), revision: 12 }, 0), 'w'), ['ADDED b/y@12']);
});

test('sendInitialEvents: ADDED for current objects, then a BOOKMARK annotated k8s.io/initial-events-end', (t) => {
  const c = cacheAt10();
  c.apply({ type: 'ADDED', object: pod('b', 'y'), revision: 11 }, 0);
  const s = c.watch({ id: 'w', sendInitialEvents: true, allowWatchBookmarks: true, resourceVersionMatch: 'NotOlderThan', resourceVersion: '' , currentRevision: 11 }, 0);
  t.deepEqual(started(s), ['ADDED a/x@7', 'ADDED b/y@11', 'BOOKMARK /@11']);
  if (s.type === 'started') t.deepEqual(s.events[2]!.object, { apiVersion: 'v1', kind: 'Pod', metadata: { resourceVersion: '11', annotations: { 'k8s.io/initial-events-end': 'true' } } });
  t.deepEqual(sentTo(c.apply({ type: 'ADDED', object: pod('a', 'z'), revision: 12 }, 0), 'w'), ['ADDED a/z@12']);
});

test('sendInitialEvents from an old revision still lists the current state (no 410)', (t) => {
  const c = podCache({ lowerBoundCapacity: 2, upperBoundCapacity: 2 });
  c.replace([], 10);
  for (let r = 11; r <= 14; r++) c.apply({ type: 'ADDED', object: pod('a', `p${r}`), revision: r }, 0);
  const s = c.watch({ id: 'w', sendInitialEvents: true, allowWatchBookmarks: true, resourceVersion: '11', resourceVersionMatch: 'NotOlderThan' }, 0);
  t.deepEqual(started(s), ['ADDED a/p11@11', 'ADDED a/p12@12', 'ADDED a/p13@13', 'ADDED a/p14@14', 'BOOKMARK /@14']);
});

test('sendInitialEvents waits for the cache to reach the revision; in vain, an ERROR 504', (t) => {
  const c = cacheAt10();
  const spec = { id: 'w', sendInitialEvents: true, allowWatchBookmarks: true, resourceVersion: '', resourceVersionMatch: 'NotOlderThan' as const, currentRevision: 12 };
  t.deepEqual(c.watch(spec, 0), { type: 'wait', revision: 12 });
  t.is(c.watcherCount, 0);
  t.like(c.watchTimedOut(12), { type: 'error', event: { type: 'ERROR', object: { code: 504, message: 'Timeout: Too large resource version: 12, current: 10' } } });
  c.progress(12);
  t.deepEqual(started(c.watch(spec, 0)), ['ADDED a/x@7', 'BOOKMARK /@12']);
});

test('sendInitialEvents without bookmarks sends no end bookmark', (t) => {
  t.deepEqual(started(cacheAt10().watch({ id: 'w', sendInitialEvents: true, resourceVersion: '0', resourceVersionMatch: 'NotOlderThan' }, 0)), ['ADDED a/x@7']);
});

test('refused before it begins: a bad selector (400), a bad resourceVersion (400), a cache not yet listed (429)', (t) => {
  const c = cacheAt10();
  t.like(c.watch({ id: 'w', labelSelector: 'a in' }, 0), { type: 'refused', status: { code: 400 } });
  t.like(c.watch({ id: 'w', resourceVersion: 'x' }, 0), { type: 'refused', status: { code: 400, message: 'invalid resource version: strconv.ParseUint: parsing "x": invalid syntax' } });
  t.like(podCache().watch({ id: 'w' }, 0), { type: 'refused', status: { code: 429, message: 'storage is (re)initializing' } });
  t.is(c.watcherCount, 0);
});

test('a stopped watcher gets nothing more; a relist closes every watcher', (t) => {
  const c = cacheAt10();
  c.watch({ id: 'w' }, 0);
  c.watch({ id: 'v' }, 0);
  t.true(c.stopWatch('w'));
  t.deepEqual(c.apply({ type: 'ADDED', object: pod('a', 'y'), revision: 11 }, 0).deliveries.map((d) => d.id), ['v']);
  t.deepEqual(c.replace([], 20), { deliveries: [], closed: ['v'] });
  t.is(c.watcherCount, 0);
});

test('a watcher with bufferLimit live events unacknowledged is closed on the next one', (t) => {
  const c = podCache({ watcherBufferLimit: 2 });
  c.replace([], 10);
  c.watch({ id: 'slow' }, 0);
  c.watch({ id: 'fast' }, 0);
  for (let r = 11; r <= 13; r++) {
    const d = c.apply({ type: 'ADDED', object: pod('a', `p${r}`), revision: r }, 0);
    c.ack('fast', 1);
    if (r < 13) t.deepEqual(d.closed, []);
    else {
      t.deepEqual(d.closed, ['slow']);
      t.deepEqual(d.deliveries.map((x) => x.id), ['fast']);
    }
  }
  t.is(c.watcherCount, 1);
});

test('events that do not concern a watcher do not fill its buffer', (t) => {
  const c = podCache({ watcherBufferLimit: 1 });
  c.replace([], 10);
  c.watch({ id: 'w', namespace: 'b' }, 0);
  for (let r = 11; r <= 15; r++) t.deepEqual(c.apply({ type: 'ADDED', object: pod('a', `p${r}`), revision: r }, 0).closed, []);
});
