// The caches of one etcd watch share its progress: after each response every cache is at least at
// the response's revision. Each cache's revision is what telling every cache of every response
// would give (the model below), through lists, events, progress notifications and relists.

import test from 'ava';
import fc from 'fast-check';
import { ResourceCaches } from '../../../../actors/kube-apiserver/cache/caches.ts';
import { strategyFor } from '../../../../actors/kube-apiserver/strategies/index.ts';
import type { KeyValue, WatchEvent } from '../../../../protocols/etcd/kv.ts';

const KINDS = [
  { cacheKey: '/pods', prefix: '/registry/pods/default/', apiVersion: 'v1', kind: 'Pod', namespaced: true },
  { cacheKey: '/configmaps', prefix: '/registry/configmaps/default/', apiVersion: 'v1', kind: 'ConfigMap', namespaced: true },
  { cacheKey: '/namespaces', prefix: '/registry/namespaces/', apiVersion: 'v1', kind: 'Namespace', namespaced: false },
  { cacheKey: 'apps/deployments', prefix: '/registry/deployments/default/', apiVersion: 'apps/v1', kind: 'Deployment', namespaced: true },
] as const;

function kv(k: number, name: string, revision: number): KeyValue {
  const r = KINDS[k]!;
  const metadata = r.namespaced ? { name, namespace: 'default' } : { name };
  return { key: `${r.prefix}${name}`, value: JSON.stringify({ apiVersion: r.apiVersion, kind: r.kind, metadata }), createRevision: revision, modRevision: revision, version: 1, lease: 0 } as KeyValue;
}

/** A response's events: kinds and names; its revisions are given as it is played. */
const response = fc.record({ events: fc.array(fc.record({ k: fc.nat(KINDS.length - 1), name: fc.constantFrom('a', 'b', 'c') }), { maxLength: 3 }), extra: fc.nat(3) });
const step = fc.oneof({ weight: 8, arbitrary: response.map((r) => ({ type: 'response' as const, ...r })) }, { weight: 1, arbitrary: fc.nat(5).map((gap) => ({ type: 'relist' as const, gap })) });

test('after each watch response every cache is at its revision, as telling each cache of it would leave them', (t) => {
  fc.assert(
    fc.property(fc.array(step, { maxLength: 25 }), (steps) => {
      const caches = new ResourceCaches(strategyFor);
      let revision = 10;
      caches.replaceAll([], revision);
      const model = new Map<string, number>([...caches.entries()].map(([key]) => [key, revision]));
      for (const s of steps) {
        if (s.type === 'relist') {
          revision += s.gap;
          caches.replaceAll([], revision);
          for (const key of model.keys()) model.set(key, revision);
          continue;
        }
        const events: WatchEvent[] = s.events.map((e) => ({ type: 'PUT', kv: kv(e.k, e.name, ++revision) }) as WatchEvent);
        revision += s.extra;
        caches.apply(events, revision, 0);
        s.events.forEach((e, i) => model.set(KINDS[e.k]!.cacheKey, events[i]!.kv.modRevision));
        const upTo = events.length === 0 ? revision : events[events.length - 1]!.kv.modRevision;
        for (const [key, at] of model) model.set(key, Math.max(at, upTo));
        for (const [key, cache] of caches.entries()) if (cache.revision !== model.get(key)) return false;
      }
      return true;
    }),
  );
  // A progress notification moves a cache that had no event.
  const caches = new ResourceCaches(strategyFor);
  caches.replaceAll([], 5);
  caches.apply([{ type: 'PUT', kv: kv(0, 'a', 6) } as WatchEvent], 6, 0);
  caches.apply([], 9, 0);
  t.is(caches.cacheByKey('/configmaps')!.revision, 9);
  t.true(caches.cacheByKey('/configmaps')!.readyAt(9));
  t.false(caches.cacheByKey('/configmaps')!.readyAt(10));
  // A relist puts every cache at the list's revision.
  caches.replaceAll([], 7);
  t.is(caches.cacheByKey('/pods')!.revision, 7);
  t.is(caches.cacheByKey('/configmaps')!.revision, 7);
});

test('one revision that changes several keys of a cache (a lease revoked) reaches the cache whole, once', (t) => {
  const caches = new ResourceCaches(strategyFor);
  caches.replaceAll([], 5);
  caches.apply(['a', 'b', 'c'].map((name, i) => ({ type: 'PUT', kv: kv(1, name, 6 + i) }) as WatchEvent), 8, 0);
  const deleteAt = (name: string, i: number): WatchEvent => ({ type: 'DELETE', kv: { ...kv(1, name, 9), value: '', createRevision: 0, version: 0 }, prevKv: kv(1, name, 6 + i) });
  const revoke = ['a', 'b', 'c'].map(deleteAt);
  caches.apply(revoke, 9, 0);
  t.deepEqual(caches.cacheByKey('/configmaps')!.objects(), []);
  t.is(caches.cacheByKey('/configmaps')!.revision, 9);
  // Seen again (a response repeated after a resumed watch): already in, nothing applied twice.
  t.deepEqual(caches.apply(revoke, 9, 0), []);
});
