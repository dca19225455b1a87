// BOOKMARK events: who gets them, when, and what they carry.

import test from 'ava';
import type { Dispatch } from '../../../../actors/kube-apiserver/watch-cache/index.ts';
import { pod, podCache } from './helpers.ts';

const bookmarked = (d: Dispatch): string[] => d.deliveries.flatMap((x) => x.events.map((e) => `${x.id}@${e.type === 'ERROR' ? '' : e.object.metadata.resourceVersion}`));

function cache() {
  const c = podCache();
  c.replace([pod('a', 'x')], 10);
  return c;
}

test('about every minute, to watchers that allow them, at the cache\'s revision', (t) => {
  const c = cache();
  c.watch({ id: 'b', allowWatchBookmarks: true }, 0);
  c.watch({ id: 'n' }, 0);
  c.apply({ type: 'ADDED', object: pod('a', 'y'), revision: 11 }, 1000);
  t.deepEqual(bookmarked(c.bookmarks(59_999)), []);
  const d = c.bookmarks(60_000);
  t.deepEqual(bookmarked(d), ['b@11']);
  t.deepEqual(d.deliveries[0]!.events[0], { type: 'BOOKMARK', object: { apiVersion: 'v1', kind: 'Pod', metadata: { resourceVersion: '11' } } });
  t.deepEqual(bookmarked(c.bookmarks(60_500)), [], 'not again until the next minute');
  c.progress(17);
  t.deepEqual(bookmarked(c.bookmarks(120_000)), ['b@17'], 'a progress notification moves the bookmark on');
});

test('none while the cache has not moved past where the watch started', (t) => {
  const c = cache();
  c.watch({ id: 'b', allowWatchBookmarks: true, resourceVersion: '0' }, 0);
  t.deepEqual(bookmarked(c.bookmarks(60_000)), []);
  c.progress(12);
  t.deepEqual(bookmarked(c.bookmarks(120_000)), ['b@12']);
});

test('2 s before a watch\'s timeout, and not after it', (t) => {
  const c = cache();
  c.watch({ id: 'b', allowWatchBookmarks: true, timeoutSeconds: 30 }, 0);
  c.progress(11);
  t.deepEqual(bookmarked(c.bookmarks(27_999)), []);
  t.deepEqual(bookmarked(c.bookmarks(28_000)), ['b@11']);
  t.deepEqual(bookmarked(c.bookmarks(90_000)), []);
});

test('a watcher with a full buffer misses a bookmark but stays open', (t) => {
  const c = podCache({ watcherBufferLimit: 1 });
  c.replace([], 10);
  c.watch({ id: 'b', allowWatchBookmarks: true }, 0);
  c.apply({ type: 'ADDED', object: pod('a', 'y'), revision: 11 }, 0);
  const d = c.bookmarks(60_000);
  t.deepEqual(d, { deliveries: [], closed: [] });
  t.is(c.watcherCount, 1);
  c.ack('b', 1);
  t.deepEqual(bookmarked(c.bookmarks(120_000)), ['b@11']);
});

test('the initial-events-end bookmark is the only annotated one', (t) => {
  const c = cache();
  c.watch({ id: 'b', allowWatchBookmarks: true, sendInitialEvents: true, resourceVersion: '0', resourceVersionMatch: 'NotOlderThan' }, 0);
  c.progress(11);
  const d = c.bookmarks(60_000);
  t.deepEqual(d.deliveries[0]!.events[0]!.object.metadata, { resourceVersion: '11' });
});
