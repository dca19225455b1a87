// The watch checks on an informer's record against etcd's history of the same objects: the
// informer's cache ends equal to etcd; each object's states arrive in resourceVersion order,
// none twice, none that etcd never had; and, for an informer that never had to relist, none
// missed (a relist may skip states: it replaces the cache with a newer list). Of states older than
// etcd's compaction only the order is checked: etcd no longer knows them.

import type { MvccStore } from '../../../actors/etcd/mvcc/store.ts';
import type { KubeObject } from '../../../protocols/kube/objects.ts';
import { referenceFrom } from '../etcd/watch.ts';
import type { Noted } from './informer-watcher.ts';

/**
 * What etcd holds under a registry prefix: each object's put revisions from `from` on (before it,
 * compacted away: the apiserver compacts etcd every few minutes), and its final revision.
 */
export interface StoreHistory {
  readonly from: number;
  readonly states: ReadonlyMap<string, readonly number[]>;
  readonly final: ReadonlyMap<string, number>;
}

/** `prefix` as `/registry/configmaps/default/`; keys come out as the informer names them (`default/a`). */
export function storeHistory(store: MvccStore, prefix: string, namespace: string): StoreHistory {
  const key = (k: string) => `${namespace}/${k.slice(prefix.length)}`;
  const states = new Map<string, number[]>();
  const reference = referenceFrom(store);
  for (const [rev, events] of reference.events)
    for (const e of events) if (e.type === 'PUT' && e.kv.key.startsWith(prefix)) states.set(key(e.kv.key), [...(states.get(key(e.kv.key)) ?? []), rev]);
  const end = prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
  const final = new Map(store.range(prefix, end).kvs.map((kv) => [key(kv.key), kv.modRevision] as const));
  return { from: reference.from, states, final };
}

export function checkWatchRecord(noted: readonly Noted[], cache: Readonly<Record<string, KubeObject>>, history: StoreHistory, relists: number): string | null {
  const problems: string[] = [];
  const cached = new Map(Object.entries(cache).map(([k, o]) => [k, Number(o.metadata.resourceVersion)]));
  for (const [k, rv] of history.final) if (cached.get(k) !== rv) problems.push(`${k}: etcd has it at ${rv}, the informer at ${cached.get(k) ?? 'nothing'}`);
  for (const [k, rv] of cached) if (!history.final.has(k)) problems.push(`${k}: the informer holds it at ${rv}, etcd has none`);
  const last = new Map<string, number>();
  const seen = new Map<string, number[]>();
  for (const n of noted) {
    if (n.type === 'delete') {
      last.set(n.key, Math.max(n.rv, last.get(n.key) ?? 0));
      continue;
    }
    const before = last.get(n.key) ?? 0;
    if (n.rv <= before) problems.push(`${n.key}: ${n.type} at ${n.rv} after ${before}: out of order or twice`);
    if (n.rv >= history.from && !(history.states.get(n.key) ?? []).includes(n.rv)) problems.push(`${n.key}: ${n.type} at ${n.rv}, a state etcd never had`);
    last.set(n.key, n.rv);
    seen.set(n.key, [...(seen.get(n.key) ?? []), n.rv]);
  }
  if (relists === 0)
    for (const [k, rvs] of seen) {
      // Compacted states are not in `states`: only those etcd still holds can be found missed.
      const missed = (history.states.get(k) ?? []).filter((r) => r > rvs[0]! && !rvs.includes(r));
      if (missed.length > 0) problems.push(`${k}: missed the states at ${missed.join(', ')}`);
    }
  return problems.length === 0 ? null : problems.slice(0, 5).join('; ');
}
