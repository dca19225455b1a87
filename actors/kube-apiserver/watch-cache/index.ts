// The apiserver's watch cache for one resource (k8s.io/apiserver's cacher, Kubernetes 1.32), as a
// pure, deterministic core. The apiserver actor owns one per resource and wires it to etcd:
//
//   const cache = new WatchCache({ apiVersion: 'v1', kind: 'Pod', namespaced: true, selectableFields })
//   cache.replace(objects, revision)          the initial etcd list (and any relist: closes all watchers)
//   cache.apply(event, now) → Dispatch        each decoded etcd watch event; events per watcher
//   cache.progress(revision)                  an etcd progress notification
//   cache.get(namespace, name)                the cached object
//   cache.getAt(ns, name, rv, etcdRev)        'object' | 'wait' | 'error', with resourceVersion semantics
//   cache.list(options) → ListOutcome         'list' | 'wait' (retry once readyAt(rev)) | 'error' (Status)
//   cache.readyAt(revision)                   has the cache reached it?
//   cache.tooLarge(revision)                  the 504 after waiting BLOCK_TIMEOUT_MS (3 s) in vain
//   cache.watch(spec, now) → WatchStart       'started' (initial events) | 'error' (ERROR event) | 'refused' | 'wait'
//   cache.watchTimedOut(revision)             the ERROR for a sendInitialEvents watch that waited in vain
//   cache.ack(id, n)                          the watcher's client took n live events
//   cache.stopWatch(id)
//   cache.bookmarks(now) → Dispatch           BOOKMARKs due (every 60 s, and 2 s before a watch's timeout)
//
// `now` is virtual ms. Dispatch.closed names watchers the cache ended: too slow (watcherBufferLimit
// live events unacknowledged, default 100) or a relist; the shell sends WatchClosed to them.
// The window of recent events is 1.32's dynamic one: 100 to 100*1024 events, growing to keep 75 s
// of history (lowerBoundCapacity, upperBoundCapacity, eventFreshMs to change it).

export { WatchCache, DEFAULT_BOOKMARK_FREQUENCY_MS, DEFAULT_WATCHER_BUFFER_LIMIT, type WatchStart, type GetOutcome } from './watch-cache.ts';
export type { ListOutcome } from './list.ts';
export type { CacheListOptions, Dispatch, StorageEvent, WatchCacheOptions, WatchSpec } from './types.ts';
export { BLOCK_TIMEOUT_MS, tooLargeResourceVersion, continueExpired, type ListFailureStatus } from './statuses.ts';
export { decodeContinue, encodeContinue } from './continue-token.ts';
export { INITIAL_EVENTS_END_ANNOTATION } from './watchers.ts';
export { DEFAULT_EVENT_FRESH_MS, DEFAULT_LOWER_BOUND_CAPACITY, DEFAULT_UPPER_BOUND_CAPACITY } from './window.ts';
export { listBench } from './bench.ts';
