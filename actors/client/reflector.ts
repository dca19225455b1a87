// client-go's Reflector as a pure state machine: list (the first at resourceVersion "0" so the
// watch cache answers; in pages of 500 when listing at "0" or "", while a relist at a given RV is
// one unpaged list, so the watch cache serves it, unless the server paged the first list), hand
// the items to the store as one Replace,
// then watch from the list's resourceVersion with bookmarks on. A watch the server closes is
// resumed at once from the last resourceVersion seen (a rewatch); a gap in the stream's `seq` is
// a loss and is handled the same way. A 410 (Expired/Gone), any other ERROR, a refused watch or a
// failed list ends the round: after the exponential backoff (backoff.ts) the reflector lists
// again (a relist), at the last resourceVersion it synced, or at "" when the server said that one
// is gone. A watch is checked as client-go's HTTP/2 health check checks its connection: after 30 s
// without a message it pings the replica, and without an answer in 15 s it takes the connection
// for lost and resumes the watch, after a backoff, on another replica (as it does when its
// replica just failed another call of the owner's: a broken connection takes every stream on it
// down). A replica that restarted answers the ping saying it no longer has the watch, as a reset
// connection would tell: the watch is resumed at once.

import type { ApiResult, KubeWatchEvent, ListOptions, ObjectList, Target, WatchStream } from '../../protocols/kube/api.ts';
import type { KubeObject } from '../../protocols/kube/objects.ts';
import { type Backoff, newBackoff, step } from './backoff.ts';

export interface ReflectorConfig {
  /** The collection: a Target without a name; with a namespace to watch one namespace only. */
  readonly target: Target;
  readonly labelSelector?: string;
  readonly fieldSelector?: string;
  /** Default 500, as client-go's pager. */
  readonly pageSize?: number;
  /** Watch ids are `idBase + n`: ids are per watcher, and one actor may run several reflectors. */
  readonly idBase: number;
  /** Default 300 s, client-go's minWatchTimeout; each watch asks for between it and twice it. */
  readonly minWatchTimeoutSeconds?: number;
  /** Ping a watch's replica after this much silence (virtual ms); default 30 s, HTTP/2's ReadIdleTimeout in client-go. */
  readonly watchSilenceMs?: number;
}

export interface Env {
  readonly now: number;
  /** An integer in [0, n), from the owner's seeded stream. */
  readonly pick: (n: number) => number;
}

/** client-go's HTTP/2 health check: a ping after 30 s without a frame, given up after 15 s. */
export const DEFAULT_WATCH_SILENCE_MS = 30_000;
export const PING_TIMEOUT_MS = 15_000;

export type StoreOp =
  | { readonly type: 'replace'; readonly items: readonly KubeObject[]; readonly resourceVersion: string }
  | { readonly type: 'ADDED' | 'MODIFIED' | 'DELETED'; readonly object: KubeObject };

export type ReflectorOutput =
  | { readonly type: 'list'; readonly options: ListOptions }
  /** `elsewhere`: the last watch's replica looked dead; use another one. */
  | { readonly type: 'watch'; readonly id: number; readonly options: ListOptions; readonly elsewhere: boolean }
  | { readonly type: 'stopWatch'; readonly id: number }
  /** Ask the watch's replica whether it still serves the watch. */
  | { readonly type: 'ping'; readonly id: number }
  | { readonly type: 'timer'; readonly delayMs: number; readonly token: number }
  | StoreOp;

export interface ReflectorState {
  phase: 'idle' | 'listing' | 'watching' | 'waiting';
  /** What the wait is for: a relist, or a rewatch on another replica. */
  after: 'list' | 'rewatch';
  lastSyncResourceVersion: string;
  /** The server said lastSyncResourceVersion is too old: list at "" (client-go's isLastSyncResourceVersionUnavailable). */
  rvUnavailable: boolean;
  /** The list round under way: the RV it asked for, pages so far, and whether paging was dropped after a 410. */
  listRV: string;
  pages: KubeObject[];
  paged: boolean;
  /** The first list at "0" came back in pages: the server pages this resource, so every list is paged. */
  paginatedResult: boolean;
  watchId: number;
  nextSeq: number;
  watchStartedAt: number;
  watchEvents: number;
  /** A ping is out: its timer running out means the connection is lost. */
  pinging: boolean;
  /** Timers carry a token; a timer whose token is not the current one is stale. */
  timerToken: number;
  backoff: Backoff;
  synced: boolean;
  lists: number;
  relists: number;
  rewatches: number;
}

export const reflectorState = (): ReflectorState => ({
  phase: 'idle',
  after: 'list',
  lastSyncResourceVersion: '',
  rvUnavailable: false,
  listRV: '',
  pages: [],
  paged: true,
  paginatedResult: false,
  watchId: 0,
  nextSeq: 0,
  watchStartedAt: 0,
  watchEvents: 0,
  pinging: false,
  timerToken: 0,
  backoff: newBackoff(),
  synced: false,
  lists: 0,
  relists: 0,
  rewatches: 0,
});

const selectors = (c: ReflectorConfig): ListOptions => ({
  ...(c.labelSelector ? { labelSelector: c.labelSelector } : {}),
  ...(c.fieldSelector ? { fieldSelector: c.fieldSelector } : {}),
});

/** client-go's relistResourceVersion. */
function relistRV(s: ReflectorState): string {
  if (s.rvUnavailable) return '';
  return s.lastSyncResourceVersion === '' ? '0' : s.lastSyncResourceVersion;
}

/** Whether a list at `rv` asks for pages, as client-go's reflector decides. */
const pagedAt = (s: ReflectorState, rv: string): boolean => rv === '' || rv === '0' || s.paginatedResult;

/** `again`: the same round retried at once, not a new list. */
function list(s: ReflectorState, c: ReflectorConfig, rv: string, paged: boolean, again = false): ReflectorOutput[] {
  if (!again) {
    if (s.lists > 0) s.relists++;
    s.lists++;
  }
  s.phase = 'listing';
  s.listRV = rv;
  s.pages = [];
  s.paged = paged;
  return [{ type: 'list', options: { ...selectors(c), resourceVersion: rv, ...(paged ? { limit: c.pageSize ?? 500 } : {}) } }];
}

function watch(s: ReflectorState, c: ReflectorConfig, env: Env, elsewhere: boolean): ReflectorOutput[] {
  const min = c.minWatchTimeoutSeconds ?? 300;
  const timeoutSeconds = min + env.pick(min + 1);
  s.phase = 'watching';
  s.watchId = s.watchId === 0 ? c.idBase + 1 : s.watchId + 1;
  s.nextSeq = 0;
  s.watchStartedAt = env.now;
  s.watchEvents = 0;
  s.pinging = false;
  const token = ++s.timerToken;
  return [
    { type: 'watch', id: s.watchId, elsewhere, options: { ...selectors(c), resourceVersion: s.lastSyncResourceVersion, allowWatchBookmarks: true, timeoutSeconds } },
    { type: 'timer', delayMs: c.watchSilenceMs ?? DEFAULT_WATCH_SILENCE_MS, token },
  ];
}

function rewatch(s: ReflectorState, c: ReflectorConfig, env: Env, elsewhere: boolean): ReflectorOutput[] {
  s.rewatches++;
  return watch(s, c, env, elsewhere);
}

/** Ends the round and waits out the backoff before `after`. */
function wait(s: ReflectorState, env: Env, after: 'list' | 'rewatch', stop: boolean): ReflectorOutput[] {
  const out: ReflectorOutput[] = stop && s.phase === 'watching' ? [{ type: 'stopWatch', id: s.watchId }] : [];
  s.phase = 'waiting';
  s.after = after;
  out.push({ type: 'timer', delayMs: step(s.backoff, env.now, env.pick), token: ++s.timerToken });
  return out;
}

export function start(s: ReflectorState, c: ReflectorConfig): ReflectorOutput[] {
  return s.phase === 'idle' ? list(s, c, relistRV(s), pagedAt(s, relistRV(s))) : [];
}

const isExpired = (r: ApiResult) => !r.ok && r.code === 410;

/** The answer to the `list` output. */
export function listed(s: ReflectorState, c: ReflectorConfig, env: Env, r: ApiResult): ReflectorOutput[] {
  if (s.phase !== 'listing') return [];
  if (!r.ok) {
    if (isExpired(r) && s.pages.length === 0 && s.listRV !== '') {
      // The RV asked for is gone: list what there is now, at once, as client-go does.
      s.rvUnavailable = true;
      return list(s, c, '', true, true);
    }
    // A continue token that expired mid-list: the whole list again at the same RV, unpaged.
    if (isExpired(r) && s.pages.length > 0) return list(s, c, s.listRV, false, true);
    return wait(s, env, 'list', false);
  }
  const body = r.body as ObjectList;
  s.pages.push(...body.items);
  const cont = body.metadata.continue;
  if (cont && s.pages.length === body.items.length && s.listRV === '0') s.paginatedResult = true;
  if (cont) return [{ type: 'list', options: { ...selectors(c), limit: c.pageSize ?? 500, continue: cont } }];
  const rv = body.metadata.resourceVersion ?? '';
  const items = s.pages;
  s.pages = [];
  s.lastSyncResourceVersion = rv;
  s.rvUnavailable = false;
  s.synced = true;
  return [{ type: 'replace', items, resourceVersion: rv }, ...watch(s, c, env, false)];
}

function onEvent(s: ReflectorState, c: ReflectorConfig, env: Env, e: KubeWatchEvent, out: ReflectorOutput[]): boolean {
  if (e.type === 'ERROR') {
    // 410 and anything else alike end the round; the relist after the backoff starts at the last
    // synced RV, and falls back to "" if the server no longer has it.
    out.push(...wait(s, env, 'list', true));
    return false;
  }
  const rv = e.object.metadata.resourceVersion;
  if (rv) s.lastSyncResourceVersion = rv;
  // Bookmarks count as events (for the "very short watch" rule) but change nothing in the store.
  s.watchEvents++;
  if (e.type !== 'BOOKMARK') out.push({ type: e.type, object: e.object });
  return true;
}

/** A message of the current watch's stream. */
export function streamed(s: ReflectorState, c: ReflectorConfig, env: Env, m: WatchStream): ReflectorOutput[] {
  if (s.phase !== 'watching' || m.id !== s.watchId) return [];
  if (m.type === 'WatchAlive') {
    // The replica answered: forgotten, or a message of it lost, watch again there; else wait out
    // another quiet spell.
    if (!m.alive) return rewatch(s, c, env, false);
    if (m.sent !== s.nextSeq) return [{ type: 'stopWatch', id: s.watchId }, ...rewatch(s, c, env, false)];
    s.pinging = false;
    return [{ type: 'timer', delayMs: c.watchSilenceMs ?? DEFAULT_WATCH_SILENCE_MS, token: ++s.timerToken }];
  }
  if (m.type === 'WatchRefused') {
    const code = m.result.code;
    // Too many requests or a replica in trouble: the same watch after a backoff; anything else
    // (410 among them) ends the round, as a watch error does in client-go.
    return wait(s, env, code === 429 || code >= 500 ? 'rewatch' : 'list', false);
  }
  if (m.seq !== s.nextSeq) return [{ type: 'stopWatch', id: s.watchId }, ...rewatch(s, c, env, false)];
  s.nextSeq++;
  if (m.type === 'WatchClosed') {
    // client-go's "very short watch": closed within a second with nothing in it.
    if (env.now - s.watchStartedAt < 1000 && s.watchEvents === 0) return wait(s, env, 'list', false);
    return rewatch(s, c, env, false);
  }
  const out: ReflectorOutput[] = [];
  for (const e of m.events) if (!onEvent(s, c, env, e, out)) break;
  if (s.phase === 'watching') {
    // Heard from: the silence deadline starts again.
    s.pinging = false;
    out.push({ type: 'timer', delayMs: c.watchSilenceMs ?? DEFAULT_WATCH_SILENCE_MS, token: ++s.timerToken });
  }
  return out;
}

/**
 * The watch's replica is taken for unreachable (its silence, or a call to it that failed): stop
 * the watch and resume it, after a backoff, on another replica.
 */
export function connectionLost(s: ReflectorState, env: Env): ReflectorOutput[] {
  if (s.phase !== 'watching') return [];
  return [{ type: 'stopWatch', id: s.watchId }, ...wait(s, env, 'rewatch', false)];
}

/** A `timer` output fired. */
export function timerFired(s: ReflectorState, c: ReflectorConfig, env: Env, token: number): ReflectorOutput[] {
  if (token !== s.timerToken) return [];
  if (s.phase === 'watching') {
    if (s.pinging) return connectionLost(s, env);
    s.pinging = true;
    return [{ type: 'ping', id: s.watchId }, { type: 'timer', delayMs: PING_TIMEOUT_MS, token: ++s.timerToken }];
  }
  if (s.phase !== 'waiting') return [];
  return s.after === 'list' ? list(s, c, relistRV(s), pagedAt(s, relistRV(s))) : rewatch(s, c, env, true);
}
