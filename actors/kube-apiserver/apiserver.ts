// kube-apiserver: one replica. Writes and linearizable gets run through the registry's steps
// against etcd, through the etcd client the replica runs inside itself (as kube-apiserver links
// clientv3); lists, watches and gets at a resourceVersion are served from the replica's own watch
// caches, fed by one etcd watch.

import { defineActor, defineRedaction } from '../../runtime/index.ts';
import { encryptionFromConfigText, randomBytesFromPick, redactSecrets } from './encryption/index.ts';
import { admitAt } from './shell/access.ts';
import { backendOf, onProxied, proxy } from './shell/aggregation.ts';
import { onRelayEnded, pingProxiedWatch, proxyWatch, stopProxiedWatch } from './shell/watch-relay.ts';
import { serviceStep, Strategies, writesServices } from './shell/kinds.ts';
import { inTurn } from './shell/turns.ts';
import { openResult, type TransformerFor, transformerFor } from './shell/transform.ts';
import type { ApiCall, ApiResponse } from '../../protocols/kube/api.ts';
import type { ActorRef } from '../../runtime/index.ts';
import type { UserInfo } from './auth/index.ts';
import { ResourceCaches } from './cache/caches.ts';
import { NodeGraphPopulator } from './auth/index.ts';
import { handleCall, type RegistryEnv } from './registry/index.ts';
import { quotaFirst } from './registry/quota-first.ts';
import { selectorMatcher } from './registry/read.ts';
import { checkVerb, isStatus, resolveBuiltin } from './registry/target.ts';
import { reply, runStep } from './shell/etcd.ts';
import { getFromCache, listFromCache } from './shell/reads.ts';
import { type ApiserverOptions, type ApiserverSelfMsg, type ApiserverState, apiserverStateKey, type Ctx, type Shell } from './shell/state.ts';
import { onEtcdWatch, onTick, pingWatch, startCaches, startWatch, stopWatch } from './shell/watching.ts';
import { bootstrap } from './shell/bootstrap.ts';
import { establishNew } from './shell/establishing.ts';
import { repairServices } from './shell/service-repair.ts';
import { compactorState, compactRound, startCompactor } from './shell/compaction.ts';
import { leaseFor } from './shell/leases.ts';
import { leaseManagerState } from './storage/lease-manager.ts';
import { cleanupCRDs, refusedWhileTerminating } from './shell/crd-cleanup.ts';
import { correlatorState } from '../client/event-correlator.ts';
import { cacheListers } from './shell/listers.ts';
import { DEFAULT_EPOCH_MS } from '../../protocols/kube/time.ts';
import { strategyFor } from './strategies/index.ts';
import type { ResourceInfo } from '../../protocols/kube/resources.ts';
import { etcdClientCore, etcdClientDigest } from '../client/etcd-client-core.ts';
import { onDiscovered, startAggregation, syncAggregation } from './shell/availability.ts';

/** How many etcd requests a replica has in flight at most. */
const ETCD_WINDOW = 100;

export { type ApiserverOptions, type ApiserverState, apiserverStateKey } from './shell/state.ts';

/** The transformers of an EncryptionConfiguration; a bad one stops the replica, as it stops kube-apiserver. */
function encryptionOf(config: string, caches: ResourceCaches, pick: (n: number) => number): TransformerFor {
  const built = encryptionFromConfigText(config, randomBytesFromPick(pick));
  if (!built.ok) throw new Error(`error while parsing encryption provider configuration: ${built.error}`);
  return transformerFor(built.transformers, (key) => caches.resourceOf(key));
}

// Secrets' values never reach a trace in the clear: in requests, answers and watch events.
for (const type of ['Call', 'ApiResponse', 'WatchEvents'] as const) defineRedaction(type, redactSecrets);

/** What a replica's registry environment holds for the replica's whole life. */
interface EnvParts {
  readonly options: ApiserverOptions;
  readonly s: ApiserverState;
  readonly ctx: Ctx;
  readonly pick: RegistryEnv['pick'];
  readonly resolve: RegistryEnv['resolve'];
  readonly list: NonNullable<RegistryEnv['list']>;
  readonly cached: NonNullable<RegistryEnv['cached']>;
  readonly admission: NonNullable<RegistryEnv['admission']>;
  readonly leaseFor: NonNullable<RegistryEnv['leaseFor']>;
}

function envParts(options: ApiserverOptions, s: ApiserverState, ctx: Ctx): EnvParts {
  return {
    options,
    s,
    ctx,
    pick: (n) => Math.floor(ctx.random() * n),
    resolve: (target) => {
      const builtin = resolveBuiltin(target);
      const custom = isStatus(builtin) ? s.caches.custom(target.group, target.version, target.resource) : undefined;
      if (custom === undefined) return builtin;
      return target.subresource === undefined || custom.subresources.some((r) => r.name === target.subresource) ? custom : builtin;
    },
    list: (group, resource, namespace) => s.caches.items(group, resource, namespace),
    cached: (r, namespace, name) => s.caches.object(r.group, r.resource, namespace, name),
    admission: cacheListers(s.caches),
    leaseFor: leaseFor(options, s),
  };
}

export function kubeApiserver(options: ApiserverOptions) {
  const epoch = options.epochMs ?? DEFAULT_EPOCH_MS;

  // The environment's functions are the replica's for its life: made once, not per message. Only
  // the clock is read per message (a call's later steps keep the time it arrived at).
  let parts: EnvParts | undefined;
  const partsOf = (s: ApiserverState, ctx: Ctx): EnvParts => {
    let p = parts;
    if (p === undefined || p.s !== s || p.ctx !== ctx) parts = p = envParts(options, s, ctx);
    return p;
  };
  const env = (s: ApiserverState, ctx: Ctx, user?: UserInfo): RegistryEnv => {
    const p = partsOf(s, ctx);
    const nowMs = epoch + ctx.now();
    const { pick, resolve, list, leaseFor } = p;
    const strategyFor = s.strategies.strategyFor;
    if (!s.caches.listed) return user === undefined ? { nowMs, pick, resolve, strategyFor, list, leaseFor } : { nowMs, pick, resolve, strategyFor, list, leaseFor, user };
    const { cached, admission } = p;
    return user === undefined ? { nowMs, pick, resolve, strategyFor, list, cached, admission, leaseFor } : { nowMs, pick, resolve, strategyFor, list, cached, admission, leaseFor, user };
  };

  // Many requests in flight, as kube-apiserver's clientv3 multiplexes them over its connection: a
  // replica's calls do not wait on one another's etcd round trips. (The bound is ours; clientv3
  // sets none.)
  const etcd = etcdClientCore({ window: ETCD_WINDOW, ...options.etcd });
  const shell = (s: ApiserverState, ctx: Ctx): Shell => ({ options, etcd, s, ctx, env: env(s, ctx) });

  /** Answers a list, or a get at a resourceVersion, from the caches; false when the call is not theirs. */
  function fromCache(sh: Shell, r: ResourceInfo, call: ApiCall, id: number, to: ActorRef<ApiResponse>): boolean {
    if (checkVerb(r, call.target, call.verb) !== undefined || call.target.subresource !== undefined || sh.s.caches.cache(r) === undefined) return false;
    if (call.verb === 'list') {
      // Selectors are checked against the kind's fields before the cache answers.
      const bad = selectorMatcher(r, call.options ?? {}, sh.env);
      if (typeof bad !== 'function' && bad.kind === 'done') reply(sh, to, id, bad.result);
      else listFromCache(sh, r, call.target, call.options ?? {}, to, id);
      return true;
    }
    if (call.verb === 'get' && ((call.options?.resourceVersion ?? '') !== '' || options.plant?.cachedGets)) {
      getFromCache(sh, r, call.target, call.options ?? {}, to, id);
      return true;
    }
    return false;
  }

  /**
   * A call the caches can answer goes there; the rest to the registry. One shell per call, made
   * once the caller is known (its environment carries the user); a refused or proxied call makes its own.
   */
  function serve(s: ApiserverState, ctx: Ctx, call: ApiCall, id: number, to: ActorRef<ApiResponse>, token: string | undefined): void {
    const p = partsOf(s, ctx);
    const access = admitAt(p, epoch + ctx.now(), token, call.verb, call.target, call.options);
    if ('status' in access) return reply(shell(s, ctx), to, id, { ok: false, code: access.status.code, body: access.status });
    const backend = backendOf(p, call.target.group, call.target.version);
    if (backend !== undefined) return proxy(shell(s, ctx), backend, call, id, to, access.user);
    const sh: Shell = { options, etcd, s, ctx, env: env(s, ctx, access.user) };
    const r = sh.env.resolve(call.target);
    const terminating = isStatus(r) ? undefined : refusedWhileTerminating(sh, r, call.verb);
    if (terminating !== undefined) return reply(sh, to, id, { ok: false, code: terminating.code, body: terminating });
    // Only reads may be answered by the caches: a write does not look.
    if ((call.verb === 'list' || call.verb === 'get') && !isStatus(r) && fromCache(sh, r, call, id, to)) return;
    if (!writesServices(call)) return runStep(sh, quotaFirst(handleCall(call, sh.env)), (result) => reply(sh, to, id, result));
    // One Service write at a time per replica, as the allocators' lock orders them in Kubernetes;
    // each sees the clock when its turn comes.
    inTurn(sh.s.serviceWrites, (done) => {
      const now: Shell = { options, etcd, s: sh.s, ctx: sh.ctx, env: env(sh.s, sh.ctx, access.user) };
      runStep(now, quotaFirst(serviceStep(call, now.env)), (result) => {
        reply(now, to, id, result);
        done();
      });
    });
  }

  return defineActor<ApiserverSelfMsg, ApiserverState>({
    kind: apiserverStateKey.kind,
    init: (ctx) => {
      // The Node authorizer's graph follows the pods and PVs as the caches take them in.
      const nodeGraph = new NodeGraphPopulator();
      const caches = new ResourceCaches(strategyFor, undefined, nodeGraph);
      const s: ApiserverState = {
        etcd: etcd.init(ctx),
        etcdOut: { result: () => {}, watch: () => {} },
        nextEtcdId: 1,
        waiting: new Map(),
        served: 0,
        caches,
        nodeGraph,
        strategies: new Strategies(caches),
        repair: { leaks: new Map(), correlator: correlatorState() },
        serviceWrites: { busy: false, queue: [] },
        crdCleanup: { running: new Set(), nextAt: new Map(), waitingSince: new Map(), scanAt: -1, ended: false },
        ...(options.encryption !== undefined ? { transform: encryptionOf(options.encryption, caches, (n) => Math.floor(ctx.random() * n)) } : {}),
        registryWatch: ctx.incarnation,
        watchers: new Map(),
        parked: [],
        establishing: new Set(),
        crdScan: { at: -1, ended: false },
        aggregation: { stamp: -1, seen: '', checking: new Set(), registering: new Set() },
        relays: { byWatch: new Map(), next: 1 },
        compactor: compactorState(),
        leases: leaseManagerState(),
      };
      // An earlier incarnation's client is gone with it: its watch streams, no longer probed, are
      // dropped by their members within seconds, and answers to its asks are dead letters.
      s.etcdOut = {
        result: (op, result) => {
          const then = s.waiting.get(op.id);
          if (then === undefined) return;
          s.waiting.delete(op.id);
          // Values opened as they come back; the command as sent (sealed) has the type opening reads.
          const t = s.transform;
          then(t === undefined ? result : openResult(t, op.command, result));
        },
        watch: (_id, _w, update, c) => {
          if (update.type === 'WatchCreated') return;
          const sh = shell(s, c as Ctx);
          onEtcdWatch(sh, update);
          establishNew(sh, s.establishing);
          cleanupCRDs(sh, s.crdCleanup);
          syncAggregation(sh);
        },
      };
      startCaches(shell(s, ctx));
      repairServices(shell(s, ctx));
      startAggregation(shell(s, ctx));
      startCompactor(shell(s, ctx));
      return s;
    },
    receive(s, msg, ctx) {
      switch (msg.type) {
        // The etcd client's own messages: what needs a shell (the outlet) makes its own.
        case 'Answer':
        case 'Retry':
        case 'Probe':
        case 'WatchResponse':
        case 'WatchClosed':
          etcd.receive(s.etcd, msg, ctx, s.etcdOut);
          return s;
        case 'Call':
          serve(s, ctx, msg.call, msg.id, msg.replyTo, msg.token);
          return s;
      }
      const sh = shell(s, ctx);
      switch (msg.type) {
        case 'Watch':
          if (!proxyWatch(sh, msg.target, msg.options ?? {}, msg.replyTo, msg.id, msg.token)) startWatch(sh, msg.target, msg.options ?? {}, msg.replyTo, msg.id, undefined, msg.token);
          break;
        case 'StopWatch':
          if (!stopProxiedWatch(sh, msg.watcher, msg.id)) stopWatch(sh, msg.watcher, msg.id);
          break;
        case 'WatchPing':
          if (!pingProxiedWatch(sh, msg.watcher, msg.id)) pingWatch(sh, msg.watcher, msg.id);
          break;
        case 'RelayEnded':
          onRelayEnded(sh, msg);
          break;
        case 'Tick':
          onTick(sh);
          break;
        case 'Listed':
          bootstrap(sh);
          syncAggregation(sh);
          break;
        case 'AggregationResync':
          syncAggregation(sh, true);
          break;
        case 'Discovered':
          onDiscovered(sh, msg);
          break;
        case 'CrdPoll':
          cleanupCRDs(sh, s.crdCleanup);
          break;
        case 'Proxied':
          onProxied(sh, msg);
          break;
        case 'RepairServices':
          repairServices(sh);
          break;
        case 'Compact':
          compactRound(sh);
          break;
      }
      return s;
    },
    // The caches follow etcd's events, which the trace has: their revision stands for them.
    digest: (s) => ({
      etcd: etcdClientDigest(s.etcd),
      served: s.served,
      etcdIds: s.nextEtcdId,
      waiting: s.waiting.size,
      revision: s.caches.listed ? Math.max(0, ...[...s.caches.entries()].map(([, c]) => c.revision)) : 0,
      watchers: [...s.watchers.values()].map((w) => w.seq),
      parked: s.parked.length,
      leaks: s.repair.leaks.size,
    }),
    describe: (s) => ({ waiting: s.waiting.size, served: s.served, cachesListed: s.caches.listed, watchers: s.watchers.size, parked: s.parked.length }),
  });
}
