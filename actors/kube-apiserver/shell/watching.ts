// The watch caches' life in a replica: list the registry, watch it from the next revision, feed
// every event to its cache and the cache's deliveries to the watchers; relist when etcd compacts
// past the watch. Client watches start, wait, get their bookmarks and end here.

import type { ActorRef } from '../../../runtime/index.ts';
import type { RangeResponse } from '../../../protocols/etcd/kv.ts';
import type { WatchUpdate } from '../../../protocols/etcd/client.ts';
import type { ListOptions, Target, WatchStream } from '../../../protocols/kube/api.ts';
import { cacheKeyOf, type CacheDispatch, REGISTRY_RANGE } from '../cache/caches.ts';
import { type FailureStatus, tooManyRequests } from '../../../protocols/kube/status.ts';
import { selectorMatcher } from '../registry/read.ts';
import { checkVerb, isStatus } from '../registry/target.ts';
import { admit } from './access.ts';
import { BLOCK_TIMEOUT_MS } from '../watch-cache/index.ts';
import { request } from './etcd.ts';
import { openEvents } from './transform.ts';
import type { Parked, Shell } from './state.ts';

const TICK_MS = 1000;

/** What the cacher answers before its first list is in. */
export const initializing = (): FailureStatus => tooManyRequests('storage is (re)initializing', 1);

/** Lists everything, fills the caches, then watches from the revision after the list. */
export function startCaches(sh: Shell): void {
  request(sh, { type: 'range', ...REGISTRY_RANGE }, (result) => {
    if (!result.ok) {
      sh.ctx.timers.once('relist', TICK_MS, { type: 'Tick' });
      return;
    }
    const r = result.response as RangeResponse;
    const first = !sh.s.caches.listed;
    deliver(sh, sh.s.caches.replaceAll(r.kvs, r.header.revision));
    // The first list is in: what needs the caches (bootstrap, admission) runs from a fresh turn.
    if (first) sh.ctx.send(sh.ctx.self, { type: 'Listed' });
    const watch = { ...REGISTRY_RANGE, startRevision: r.header.revision + 1, prevKv: true, progressNotify: true };
    sh.etcd.receive(sh.s.etcd, { type: 'Watch', id: sh.s.registryWatch, request: watch, replyTo: sh.ctx.self as never }, sh.ctx, sh.s.etcdOut);
    wakeParked(sh);
  });
}

export function onEtcdWatch(sh: Shell, msg: WatchUpdate): void {
  if (msg.id !== sh.s.registryWatch) return;
  if (msg.type === 'WatchCanceled') {
    // Compacted past what the caches have seen: start over, as the cacher's reflector relists.
    startCaches(sh);
    return;
  }
  const t = sh.s.transform;
  deliver(sh, sh.s.caches.apply(t === undefined ? msg.events : openEvents(t, msg.events), msg.revision, sh.ctx.now()));
  wakeParked(sh);
}

/** Sends each cache's deliveries on their streams and closes the streams it ended. */
export function deliver(sh: Shell, dispatches: readonly CacheDispatch[]): void {
  for (const { cacheKey, dispatch } of dispatches) {
    for (const d of dispatch.deliveries) {
      const w = sh.s.watchers.get(d.id);
      const events = sh.options.plant?.dropWatchEvents ? d.events.filter((e) => e.type === 'ERROR' || Number(e.object.metadata.resourceVersion) % 5 !== 0) : d.events;
      if (w === undefined || events.length === 0) continue;
      sh.ctx.send(w.ref, { type: 'WatchEvents', id: w.clientId, seq: w.seq++, events });
      sh.s.caches.cacheByKey(cacheKey)?.ack(d.id, d.events.length);
    }
    for (const id of dispatch.closed) closeWatcher(sh, id);
  }
}

function closeWatcher(sh: Shell, id: string): void {
  const w = sh.s.watchers.get(id);
  if (w === undefined) return;
  sh.s.watchers.delete(id);
  sh.ctx.send(w.ref, { type: 'WatchClosed', id: w.clientId, seq: w.seq++ });
}

export const watcherId = (ref: ActorRef<WatchStream>, clientId: number): string => `${ref.path}#${ref.uid}#${clientId}`;

export function startWatch(sh: Shell, target: Target, options: ListOptions, ref: ActorRef<WatchStream>, clientId: number, currentRevision?: number, token?: string): void {
  const refuse = (status: FailureStatus) => sh.ctx.send(ref, { type: 'WatchRefused', id: clientId, result: { ok: false, code: status.code, body: status } });
  const access = admit(sh, token, 'watch', target, options);
  if ('status' in access) return refuse(access.status);
  const info = sh.env.resolve(target);
  if (isStatus(info)) return refuse(info);
  const refused = checkVerb(info, target, 'watch');
  if (refused) return refuse(refused);
  const bad = selectorMatcher(info, options, sh.env);
  if (typeof bad !== 'function' && bad.kind === 'done' && !bad.result.ok) return refuse(bad.result.body);
  const cache = sh.s.caches.cache(info);
  if (cache === undefined) return refuse(initializing());
  const id = watcherId(ref, clientId);
  const start = cache.watch({ id, ...(target.namespace ? { namespace: target.namespace } : {}), ...options, ...(currentRevision !== undefined ? { currentRevision } : {}) }, sh.ctx.now());
  const cacheKey = cacheKeyOf(info);
  switch (start.type) {
    case 'refused':
      return refuse(start.status);
    case 'error':
      sh.ctx.send(ref, { type: 'WatchEvents', id: clientId, seq: 0, events: [start.event] });
      sh.ctx.send(ref, { type: 'WatchClosed', id: clientId, seq: 1 });
      return;
    case 'wait':
      return park(sh, {
        revision: start.revision,
        cacheKey,
        deadline: sh.ctx.now() + BLOCK_TIMEOUT_MS,
        ready: () => startWatch(sh, target, options, ref, clientId, start.revision, token),
        timedOut: () => {
          const failed = cache.watchTimedOut(start.revision);
          if (failed.type === 'error') sh.ctx.send(ref, { type: 'WatchEvents', id: clientId, seq: 0, events: [failed.event] });
          sh.ctx.send(ref, { type: 'WatchClosed', id: clientId, seq: 1 });
        },
      });
    case 'started': {
      const w = { ref, clientId, cacheKey, seq: 0 };
      sh.s.watchers.set(id, w);
      if (start.events.length > 0) {
        sh.ctx.send(ref, { type: 'WatchEvents', id: clientId, seq: w.seq++, events: start.events });
        cache.ack(id, start.events.length);
      }
      keepTicking(sh);
    }
  }
}

/** Whether the watch is still served: a restarted replica answers no, as a reset connection would. */
export function pingWatch(sh: Shell, ref: ActorRef<WatchStream>, clientId: number): void {
  const w = sh.s.watchers.get(watcherId(ref, clientId));
  sh.ctx.send(ref, { type: 'WatchAlive', id: clientId, alive: w !== undefined, sent: w?.seq ?? 0 });
}

export function stopWatch(sh: Shell, ref: ActorRef<WatchStream>, clientId: number): void {
  const id = watcherId(ref, clientId);
  const w = sh.s.watchers.get(id);
  if (w === undefined) return;
  sh.s.watchers.delete(id);
  sh.s.caches.cacheByKey(w.cacheKey)?.stopWatch(id);
}

export function park(sh: Shell, p: Parked): void {
  // A read waits for the caches to reach etcd's revision, which a write outside /registry (the
  // compactor's) moves with no event in the caches' watch: ask etcd for a progress notification,
  // as the cacher's progress requester does (the client's probes ask again every second).
  if (sh.s.parked.length === 0) sh.etcd.receive(sh.s.etcd, { type: 'RequestProgress', id: sh.s.registryWatch }, sh.ctx, sh.s.etcdOut);
  sh.s.parked.push(p);
  keepTicking(sh);
}

function wakeParked(sh: Shell): void {
  if (sh.s.parked.length === 0) return;
  const ready = sh.s.parked.filter((p) => sh.s.caches.cacheByKey(p.cacheKey)?.readyAt(p.revision) === true);
  if (ready.length === 0) return;
  sh.s.parked = sh.s.parked.filter((p) => !ready.includes(p));
  for (const p of ready) p.ready();
}

/** A tick a second while anything needs one: bookmarks, watch timeouts, parked deadlines. */
function keepTicking(sh: Shell): void {
  if (!sh.ctx.timers.isActive('tick')) sh.ctx.timers.every('tick', TICK_MS, { type: 'Tick' });
}

export function onTick(sh: Shell): void {
  if (!sh.s.caches.listed) {
    if (!sh.ctx.timers.isActive('relist')) startCaches(sh);
    return;
  }
  const now = sh.ctx.now();
  const expired = sh.s.parked.filter((p) => p.deadline <= now);
  sh.s.parked = sh.s.parked.filter((p) => p.deadline > now);
  for (const p of expired) p.timedOut();
  if (sh.s.watchers.size > 0) for (const [cacheKey, cache] of sh.s.caches.entries()) if (cache.watcherCount > 0) deliver(sh, [{ cacheKey, dispatch: cache.bookmarks(now) }]);
  if (sh.s.watchers.size === 0 && sh.s.parked.length === 0) sh.ctx.timers.cancel('tick');
}
