// Shared informers run inside their owner actor: each spec names a resource (kubectl-style) and
// gets a reflector, an indexed store and listers. One informer per resource feeds every consumer
// of the owner, in the order the owner delivers notifications (see fanOut). Lists go through the
// owner's ApiClient (tag `informer/<name>`); watches go to the ApiClient's current replica with
// the owner itself as the stream's receiver, after a token of the same rate limiter.
//
// Besides the informers an owner is built with, it may start and stop informers as it runs (the
// kubelet's one reflector per Secret or ConfigMap its pods reference, client-go's watch-based
// object cache): such an informer keeps its config in its state, and its watch ids and timer
// tokens come from a base the owner hands out once, so nothing of a stopped one is mistaken for
// a later one of the same name.

import type { ClientCtx } from './ctx.ts';
import { kubeApiserverService, type ListOptions, type WatchStream } from '../../protocols/kube/api.ts';
import type { ApiClientState } from './api-client.ts';
import { type ApiClientMsg, type ApiDone, callApi } from './api-client-shell.ts';
import { applyOp, hasSynced, informerState, type InformerState, type Notification, resync } from './informer.ts';
import { lister, type Lister } from './listers.ts';
import { connectionLost, type Env, listed, type ReflectorConfig, type ReflectorOutput, start, streamed, timerFired } from './reflector.ts';
import { resourceFor, targetOf } from './requests.ts';
import { type Indexers, STANDARD_INDEXERS } from './store.ts';
import { reserve } from './token-bucket.ts';

export interface InformerSpec {
  readonly name: string;
  /** As kubectl names it: 'pods', 'deploy', 'leases.coordination.k8s.io'. */
  readonly resource: string;
  /** Watch one namespace only; all namespaces when absent. */
  readonly namespace?: string;
  readonly labelSelector?: string;
  readonly fieldSelector?: string;
  /** Default: STANDARD_INDEXERS (namespace, spec.nodeName, ownerUID, label). */
  readonly indexers?: Indexers;
  /** Replay the cache as updates this often (virtual ms); none when absent. */
  readonly resyncMs?: number;
  /** See ReflectorConfig.watchSilenceMs. */
  readonly watchSilenceMs?: number;
}

export type InformerMsg =
  | WatchStream
  | { readonly type: 'InformerTimer'; readonly informer: string; readonly token: number }
  | { readonly type: 'InformerResync'; readonly informer: string }
  | { readonly type: 'InformerWatchGo'; readonly informer: string; readonly id: number };

export type Deliver = (informer: string, n: Notification) => void;
type Ctx = ClientCtx<InformerMsg | ApiClientMsg>;

const TAG = 'informer/';
const INFORMER_MSGS: ReadonlySet<string> = new Set(['WatchEvents', 'WatchClosed', 'WatchRefused', 'WatchAlive', 'InformerTimer', 'InformerResync', 'InformerWatchGo']);

export const isInformerMsg = (m: { readonly type: string }): m is InformerMsg => INFORMER_MSGS.has(m.type);

/** Calls each informer's handlers in the order given: the consumers of one owner. */
export function fanOut(handlers: Readonly<Record<string, readonly ((n: Notification) => void)[]>>): Deliver {
  return (informer, n) => {
    for (const h of handlers[informer] ?? []) h(n);
  };
}

export type Informers = ReturnType<typeof informerSet>;

function sendWatch(api: ApiClientState, ctx: Ctx, c: ReflectorConfig, host: number, id: number, options: ListOptions): void {
  const reader = api.readToken ?? api.token;
  const token = reader === undefined ? {} : { token: reader };
  ctx.send(kubeApiserverService.on(api.hosts[host]!), { type: 'Watch', id, target: c.target, options, ...token, replyTo: ctx.self });
}

interface InformerConfig {
  readonly spec: InformerSpec;
  readonly reflector: ReflectorConfig;
  readonly indexers: Indexers;
}

/** An informer started while the owner runs: its config travels with its state. */
type AddedInformerState = InformerState & { readonly config: InformerConfig };

function informerConfig(spec: InformerSpec, idBase: number): InformerConfig {
  const reflector: ReflectorConfig = {
    target: targetOf(resourceFor(spec.resource), spec.namespace === undefined ? {} : { namespace: spec.namespace }),
    idBase,
    ...(spec.labelSelector ? { labelSelector: spec.labelSelector } : {}),
    ...(spec.fieldSelector ? { fieldSelector: spec.fieldSelector } : {}),
    ...(spec.watchSilenceMs === undefined ? {} : { watchSilenceMs: spec.watchSilenceMs }),
  };
  return { spec, reflector, indexers: spec.indexers ?? STANDARD_INDEXERS };
}

/** Watch-id bases of added informers start here, far above the built-in ones' (i + 1) millions. */
export const ADDED_INFORMER_BASE = 1_000 * 1_000_000;

export function informerSet(specs: readonly InformerSpec[]) {
  const names = specs.map((s) => s.name);
  const twice = names.find((n, i) => names.indexOf(n) !== i);
  if (twice !== undefined) throw new Error(`informers: name: Duplicate value: "${twice}"`);
  const configs = new Map(specs.map((spec, i) => [spec.name, informerConfig(spec, (i + 1) * 1_000_000)] as const));
  const configOf = (st: Record<string, InformerState>, name: string): InformerConfig | undefined => configs.get(name) ?? (st[name] as AddedInformerState | undefined)?.config;
  const env = (ctx: Ctx): Env => ({ now: ctx.now(), pick: (n) => Math.floor(ctx.random() * n) });

  const perform = (st: Record<string, InformerState>, api: ApiClientState, ctx: Ctx, name: string, outs: readonly ReflectorOutput[], deliver: Deliver) => {
    const cfg = configOf(st, name)!;
    const s = st[name]!;
    for (const o of outs) {
      switch (o.type) {
        case 'list':
          callApi(api, ctx, { verb: 'list', target: cfg.reflector.target, options: o.options }, TAG + name);
          break;
        case 'watch': {
          if (o.elsewhere && api.current === s.watchHost) api.current = (api.current + 1) % api.hosts.length;
          s.watchHost = api.current;
          const delay = reserve(api.bucket, ctx.now());
          if (delay === 0) sendWatch(api, ctx, cfg.reflector, s.watchHost, o.id, o.options);
          else {
            s.throttledWatch = { id: o.id, options: o.options };
            ctx.timers.once(`${TAG}${name}/watch`, delay, { type: 'InformerWatchGo', informer: name, id: o.id });
          }
          break;
        }
        case 'stopWatch':
          ctx.send(kubeApiserverService.on(api.hosts[s.watchHost]!), { type: 'StopWatch', id: o.id, watcher: ctx.self });
          break;
        case 'ping':
          ctx.send(kubeApiserverService.on(api.hosts[s.watchHost]!), { type: 'WatchPing', id: o.id, watcher: ctx.self });
          break;
        case 'timer':
          ctx.timers.once(`${TAG}${name}`, o.delayMs, { type: 'InformerTimer', informer: name, token: o.token });
          break;
        default:
          for (const n of applyOp(s, cfg.indexers, o)) deliver(name, n);
      }
    }
  };

  return {
    names: specs.map((s) => s.name),
    init: (): Record<string, InformerState> => Object.fromEntries([...configs].map(([name, c]) => [name, informerState(c.indexers)])),
    /** Starts every informer's first list, and its resync timer. */
    start(st: Record<string, InformerState>, api: ApiClientState, ctx: Ctx, deliver: Deliver): void {
      for (const [name, c] of configs) {
        if (c.spec.resyncMs !== undefined) ctx.timers.every(`${TAG}${name}/resync`, c.spec.resyncMs, { type: 'InformerResync', informer: name });
        perform(st, api, ctx, name, start(st[name]!.reflector, c.reflector), deliver);
      }
    },
    /**
     * Starts an informer while the owner runs, unless one of the name runs; `idBase` must be new
     * to the owner (ADDED_INFORMER_BASE + n·1,000,000 for the n-th).
     */
    add(st: Record<string, InformerState>, api: ApiClientState, ctx: Ctx, spec: InformerSpec, idBase: number, deliver: Deliver): void {
      if (st[spec.name] !== undefined || configs.has(spec.name)) return;
      const config = informerConfig(spec, idBase);
      const s: AddedInformerState = { ...informerState(config.indexers), config };
      s.reflector.timerToken = idBase;
      st[spec.name] = s;
      perform(st, api, ctx, spec.name, start(s.reflector, config.reflector), deliver);
    },
    /** Stops an added informer: its watch ends, its timers go, its cache is dropped. */
    remove(st: Record<string, InformerState>, api: ApiClientState, ctx: Ctx, name: string): void {
      const s = st[name];
      if (s === undefined || configs.has(name)) return;
      if (s.reflector.phase === 'watching' && s.throttledWatch === null) ctx.send(kubeApiserverService.on(api.hosts[s.watchHost]!), { type: 'StopWatch', id: s.reflector.watchId, watcher: ctx.self });
      ctx.timers.cancel(`${TAG}${name}`);
      ctx.timers.cancel(`${TAG}${name}/watch`);
      delete st[name];
    },
    /** A finished ApiClient call: true when it was an informer's list (a stopped one's too). */
    onApiDone(st: Record<string, InformerState>, api: ApiClientState, ctx: Ctx, done: ApiDone, deliver: Deliver): boolean {
      if (!done.tag.startsWith(TAG)) return false;
      const name = done.tag.slice(TAG.length);
      const c = configOf(st, name);
      if (c === undefined) return st[name] === undefined;
      perform(st, api, ctx, name, listed(st[name]!.reflector, c.reflector, env(ctx), done.result), deliver);
      return true;
    },
    onMsg(st: Record<string, InformerState>, api: ApiClientState, ctx: Ctx, m: InformerMsg, deliver: Deliver): void {
      if (m.type === 'InformerResync') {
        const s = st[m.informer];
        if (s !== undefined && hasSynced(s)) for (const n of resync(s)) deliver(m.informer, n);
        return;
      }
      if (m.type === 'InformerWatchGo') {
        const c = configOf(st, m.informer);
        const s = st[m.informer];
        const w = s?.throttledWatch;
        if (c === undefined || s === undefined || w === null || w === undefined || w.id !== m.id) return;
        s.throttledWatch = null;
        // Unless the reflector has moved on (a stale watch is never sent).
        if (s.reflector.phase === 'watching' && s.reflector.watchId === w.id) sendWatch(api, ctx, c.reflector, s.watchHost, w.id, w.options);
        return;
      }
      if (m.type === 'InformerTimer') {
        const c = configOf(st, m.informer);
        if (c !== undefined) perform(st, api, ctx, m.informer, timerFired(st[m.informer]!.reflector, c.reflector, env(ctx), m.token), deliver);
        return;
      }
      for (const [name, s] of Object.entries(st)) {
        if (s.reflector.watchId !== m.id) continue;
        perform(st, api, ctx, name, streamed(s.reflector, configOf(st, name)!.reflector, env(ctx), m), deliver);
        return;
      }
    },
    /** A call to replica `host` (an index into the ApiClient's hosts) failed: the watches on it move. */
    replicaDown(st: Record<string, InformerState>, api: ApiClientState, ctx: Ctx, host: number, deliver: Deliver): void {
      for (const name of Object.keys(st)) if (st[name]!.watchHost === host) perform(st, api, ctx, name, connectionLost(st[name]!.reflector, env(ctx)), deliver);
    },
    lister: (st: Record<string, InformerState>, name: string): Lister => lister(st[name]!.store),
    /** Whether the informers the owner was built with have synced (added ones are the owner's to ask about). */
    hasSynced: (st: Record<string, InformerState>): boolean => [...configs.keys()].every((n) => hasSynced(st[n]!)),
  };
}
