// A controller's reconcile run against the real apiserver registry (strategies: defaulting,
// validation, generation, status rules) without actors: each round lists what every informer
// would hold, turns the difference from the last round into the notifications an informer would
// deliver (the first round: every object added), reconciles the keys they map to (and keys whose
// writes failed or whose requeueAfter has come), and applies the writes in order. Tests
// of controllers use it to reach a fixed point, or to step round by round and act in between
// (a stand-in kubelet marking pods Running, a node going silent) with virtual time moved by hand.

import type { ApiCall, ApiResult } from '../../../protocols/kube/api.ts';
import type { KubeObject } from '../../../protocols/kube/objects.ts';
import { DEFAULT_EPOCH_MS } from '../../../protocols/kube/time.ts';
import type { ControllerMemory, ControllerSpec, Listers, Notification } from '../../../actors/client/index.ts';
import { keyOf, resourceFor, resourceOfObject, STANDARD_INDEXERS, targetOf } from '../../../actors/client/index.ts';
import { lister } from '../../../actors/client/listers.ts';
import { emptyStore, put } from '../../../actors/client/store.ts';
import { Registry } from '../apiserver/harness.ts';

export interface Round {
  readonly keys: readonly string[];
  readonly writes: readonly ApiCall[];
  readonly results: readonly ApiResult[];
  readonly events: readonly { readonly reason: string; readonly message: string; readonly type: string }[];
  /** The smallest requeueAfter any reconcile asked for. */
  readonly requeueAfter?: number;
}

type LoopSpec<M extends ControllerMemory> = Pick<ControllerSpec<M>, 'informers' | 'keysFor' | 'reconcile' | 'memory' | 'written'>;

export class ControllerLoop<M extends ControllerMemory = ControllerMemory> {
  /** Virtual ms since the run began; the registry's clock follows it. */
  now = 0;
  readonly rounds: Round[] = [];
  /** The controller's memory, kept across rounds as the actor keeps it. */
  memory: M;
  /** Each informer's objects as of the last round, by key. */
  private seen: Record<string, Map<string, KubeObject>> = {};
  /** Keys to look at again: failed writes (at once) and requeueAfter (when due), by due time. */
  private due = new Map<string, number>();

  constructor(
    readonly spec: LoopSpec<M>,
    readonly registry = new Registry(),
  ) {
    this.memory = spec.memory ? spec.memory() : ({} as M);
  }

  /** A controller restart: its memory and caches are gone; the next round sees every object added. */
  restart(): void {
    this.memory = this.spec.memory ? this.spec.memory() : ({} as M);
    this.seen = {};
    this.due.clear();
  }

  /** Moves virtual time on (the registry stamps creationTimestamp and the like from it). */
  advance(ms: number): void {
    this.now += ms;
    this.registry.nowMs = DEFAULT_EPOCH_MS + this.now;
  }

  /** Runs a call as an admin would, e.g. creating the Deployment under test; throws if it fails. */
  apply(call: ApiCall): KubeObject {
    this.registry.nowMs = DEFAULT_EPOCH_MS + this.now;
    const r = this.registry.run(call);
    if (!r.ok) throw new Error(`${call.verb} ${call.target.resource}/${call.target.name ?? ''}: ${(r.body as { message?: string }).message}`);
    return r.body as KubeObject;
  }

  create(obj: KubeObject): KubeObject {
    const r = resourceOfObject(obj);
    return this.apply({ verb: 'create', target: targetOf(r, { namespace: obj.metadata.namespace ?? (r.namespaced ? 'default' : undefined) }), body: obj });
  }

  /** Every object of `kind` (kubectl's names), optionally in one namespace, in key order. */
  list(kind: string, namespace?: string): KubeObject[] {
    const r = this.registry.run({ verb: 'list', target: targetOf(resourceFor(kind), namespace === undefined ? {} : { namespace }) });
    if (!r.ok) throw new Error(`list ${kind}: ${(r.body as { message?: string }).message}`);
    return [...((r.body as { readonly items: readonly KubeObject[] }).items ?? [])].sort((a, b) => keyOf(a).localeCompare(keyOf(b)));
  }

  get(kind: string, name: string, namespace?: string): KubeObject | undefined {
    const r = resourceFor(kind);
    const res = this.registry.run({ verb: 'get', target: targetOf(r, { name, ...(r.namespaced ? { namespace: namespace ?? 'default' } : {}) }) });
    return res.ok ? (res.body as KubeObject) : undefined;
  }

  /** What each informer would hold now (its namespace and selectors honoured by the registry's list). */
  listers(): Listers {
    return Object.fromEntries(
      this.spec.informers.map((inf) => {
        const r = this.registry.run({
          verb: 'list',
          target: targetOf(resourceFor(inf.resource), inf.namespace === undefined ? {} : { namespace: inf.namespace }),
          options: { ...(inf.labelSelector ? { labelSelector: inf.labelSelector } : {}), ...(inf.fieldSelector ? { fieldSelector: inf.fieldSelector } : {}) },
        });
        if (!r.ok) throw new Error(`informer ${inf.name}: ${(r.body as { message?: string }).message}`);
        const indexers = inf.indexers ?? STANDARD_INDEXERS;
        const store = emptyStore(indexers);
        for (const o of (r.body as { readonly items: readonly KubeObject[] }).items ?? []) put(store, indexers, o);
        return [inf.name, lister(store)];
      }),
    );
  }

  /** The keys this round's notifications enqueue, plus the due ones. */
  keys(listers: Listers): string[] {
    const out = new Set<string>();
    for (const inf of this.spec.informers) {
      const before = this.seen[inf.name] ?? new Map<string, KubeObject>();
      const now = new Map(listers[inf.name]!.list().map((o) => [keyOf(o), o] as const));
      const notes: Notification[] = [];
      for (const [k, obj] of now) {
        const old = before.get(k);
        if (old === undefined) notes.push({ type: 'add', obj });
        else if (old.metadata.resourceVersion !== obj.metadata.resourceVersion) notes.push({ type: 'update', old, obj });
      }
      for (const [k, old] of before) if (!now.has(k)) notes.push({ type: 'delete', obj: old });
      this.seen[inf.name] = now;
      for (const n of notes) for (const k of this.spec.keysFor ? this.spec.keysFor(inf.name, n, listers, this.memory) : [keyOf(n.obj)]) out.add(k);
    }
    for (const [k, at] of this.due) {
      if (at > this.now) continue;
      out.add(k);
      this.due.delete(k);
    }
    return [...out].sort();
  }

  /** One round: every key reconciled against one snapshot, then the writes applied in order. */
  step(): Round {
    this.registry.nowMs = DEFAULT_EPOCH_MS + this.now;
    const listers = this.listers();
    const keys = this.keys(listers);
    const writes: { key: string; call: ApiCall }[] = [];
    const events: Round['events'][number][] = [];
    let requeueAfter: number | undefined;
    for (const k of keys) {
      const r = this.spec.reconcile(k, listers, this.now, this.memory);
      for (const call of r.writes) writes.push({ key: k, call });
      for (const e of r.events ?? []) events.push({ reason: e.reason, message: e.message, type: e.type });
      if (r.requeueAfter !== undefined) {
        requeueAfter = Math.min(requeueAfter ?? Infinity, r.requeueAfter);
        this.due.set(k, Math.min(this.due.get(k) ?? Infinity, this.now + r.requeueAfter));
      }
    }
    const results = writes.map((w) => {
      const result = this.registry.run(w.call);
      this.spec.written?.(w.key, w.call, result, this.memory);
      if (!result.ok) this.due.set(w.key, this.now);
      return result;
    });
    const round: Round = { keys, writes: writes.map((w) => w.call), results, events, ...(requeueAfter === undefined ? {} : { requeueAfter }) };
    this.rounds.push(round);
    return round;
  }

  /** Steps until a round writes nothing (or `maxRounds` pass: then throws, the loop never settled). Time does not move. */
  settle(maxRounds = 50): Round[] {
    const start = this.rounds.length;
    for (let i = 0; i < maxRounds; i++) if (this.step().writes.length === 0) return this.rounds.slice(start);
    throw new Error(`the controller wrote in each of ${maxRounds} rounds`);
  }
}
