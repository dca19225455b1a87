// A ControllerLoop whose informers lag: each round every informer moves forward to a snapshot
// somewhere between the one it last showed and the newest (never back, as a watch never goes
// back), independently of the others. Reconciles see these caches; writes go to the registry at
// once. It checks that a controller's memory (expectations, its own last status write) keeps it
// from acting twice on caches that have not caught up.

import type { ApiCall } from '../../../../protocols/kube/api.ts';
import type { KubeObject } from '../../../../protocols/kube/objects.ts';
import { DEFAULT_EPOCH_MS } from '../../../../protocols/kube/time.ts';
import type { ControllerMemory, Listers, Notification } from '../../../../actors/client/index.ts';
import { keyOf, STANDARD_INDEXERS } from '../../../../actors/client/index.ts';
import { lister } from '../../../../actors/client/listers.ts';
import { emptyStore, put } from '../../../../actors/client/store.ts';
import { ControllerLoop } from '../loop.ts';

export class LaggyLoop<M extends ControllerMemory> {
  private history: Record<string, KubeObject[][]> = {};
  private at: Record<string, number> = {};
  private seen: Record<string, Map<string, KubeObject>> = {};
  private due = new Set<string>();

  /** `pick(informer, from, to)`: the snapshot index to show, from..to inclusive. */
  constructor(
    readonly loop: ControllerLoop<M>,
    private readonly pick: (informer: string, from: number, to: number) => number,
  ) {}

  step(): readonly ApiCall[] {
    const fresh = this.loop.listers();
    const views: Record<string, ReturnType<typeof lister>> = {};
    const notes: [string, Notification][] = [];
    for (const inf of this.loop.spec.informers) {
      const h = (this.history[inf.name] ??= []);
      h.push(fresh[inf.name]!.list());
      const from = this.at[inf.name] ?? 0;
      const idx = Math.max(from, Math.min(h.length - 1, this.pick(inf.name, from, h.length - 1)));
      this.at[inf.name] = idx;
      const store = emptyStore(STANDARD_INDEXERS);
      for (const o of h[idx]!) put(store, STANDARD_INDEXERS, o);
      views[inf.name] = lister(store);
      const before = this.seen[inf.name] ?? new Map<string, KubeObject>();
      const now = new Map(h[idx]!.map((o) => [keyOf(o), o] as const));
      for (const [k, o] of now) {
        const old = before.get(k);
        if (old === undefined) notes.push([inf.name, { type: 'add', obj: o }]);
        else if (old.metadata.resourceVersion !== o.metadata.resourceVersion) notes.push([inf.name, { type: 'update', old, obj: o }]);
      }
      for (const [k, old] of before) if (!now.has(k)) notes.push([inf.name, { type: 'delete', obj: old }]);
      this.seen[inf.name] = now;
    }
    const listers: Listers = views;
    const keys = new Set(this.due);
    this.due.clear();
    for (const [inf, n] of notes) for (const k of this.loop.spec.keysFor!(inf, n, listers, this.loop.memory)) keys.add(k);
    const writes: { key: string; call: ApiCall }[] = [];
    for (const k of [...keys].sort()) {
      const r = this.loop.spec.reconcile(k, listers, this.loop.now, this.loop.memory);
      for (const call of r.writes) writes.push({ key: k, call });
      // Requeues and failed writes come back next round: time is not what this loop tests.
      if (r.requeueAfter !== undefined) this.due.add(k);
    }
    this.loop.registry.nowMs = DEFAULT_EPOCH_MS + this.loop.now;
    for (const w of writes) {
      const result = this.loop.registry.run(w.call);
      this.loop.spec.written?.(w.key, w.call, result, this.loop.memory);
      if (!result.ok) this.due.add(w.key);
    }
    return writes.map((w) => w.call);
  }
}
