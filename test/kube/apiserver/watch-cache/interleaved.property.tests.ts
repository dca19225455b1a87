// Property: watches started at any moment of a random history — from "0" (the current state as
// ADDED), from a revision in the window, or with sendInitialEvents — end, once their events are
// replayed over where they started, with exactly the objects their selectors pick from the final
// state; live events come in increasing resourceVersion order; and the window, fed events faster
// than eventFreshMs, never drops one while it can still grow.

import test from 'ava';
import fc from 'fast-check';
import type { KubeWatchEvent } from '../../../../protocols/kube/api.ts';
import type { KubeObject } from '../../../../protocols/kube/objects.ts';
import { pod, podCache } from './helpers.ts';

const SELECTORS = [{}, { labelSelector: 'tier=front' }, { namespace: 'b' }, { fieldSelector: 'spec.nodeName!=n1' }] as const;

const step = fc.oneof(
  fc.record({ kind: fc.constant('write' as const), ns: fc.constantFrom('a', 'b'), name: fc.constantFrom('p', 'q', 'r'), tier: fc.constantFrom('front', 'back'), node: fc.constantFrom('n1', 'n2'), del: fc.boolean() }),
  fc.record({ kind: fc.constant('watch' as const), how: fc.constantFrom('zero', 'window', 'initial'), at: fc.nat(), sel: fc.nat(SELECTORS.length - 1) }),
);

test('watchers started mid-history converge on their selection of the final state', (t) => {
  fc.assert(
    fc.property(fc.array(step, { minLength: 1, maxLength: 80 }), fc.integer({ min: 3, max: 30 }), (steps, capacity) => {
      const cache = podCache({ lowerBoundCapacity: capacity, upperBoundCapacity: capacity });
      cache.replace([], 1);
      let revision = 1;
      const revisions = [1];
      const watchers: { id: string; sel: number; events: KubeWatchEvent[]; initial: Map<string, KubeObject> }[] = [];
      for (const s of steps) {
        if (s.kind === 'write') {
          const had = cache.get(s.ns, s.name);
          revision++;
          revisions.push(revision);
          const object = { ...pod(s.ns, s.name, { tier: s.tier }, { nodeName: s.node }), metadata: { namespace: s.ns, name: s.name, labels: { tier: s.tier } } };
          const type = had === undefined ? 'ADDED' : s.del ? 'DELETED' : 'MODIFIED';
          const d = cache.apply({ type, object: type === 'DELETED' ? had! : object, revision }, revision);
          for (const { id, events } of d.deliveries) watchers.find((w) => w.id === id)!.events.push(...events);
          continue;
        }
        const id = `w${watchers.length}`;
        const oldest = cache.window.oldestServable()!;
        const inWindow = revisions.filter((r) => r >= oldest);
        const from = inWindow[s.at % inWindow.length]!;
        const spec =
          s.how === 'zero'
            ? { id, resourceVersion: '0' }
            : s.how === 'window'
              ? { id, resourceVersion: String(from) }
              : { id, resourceVersion: String(from), resourceVersionMatch: 'NotOlderThan' as const, sendInitialEvents: true };
        const start = cache.watch({ ...spec, ...SELECTORS[s.sel]! }, revision);
        if (start.type !== 'started') return false;
        // A watch from a window revision starts from the list at that revision.
        const initial = new Map<string, KubeObject>();
        if (s.how === 'window') {
          const l = cache.list({ resourceVersion: String(from), resourceVersionMatch: 'Exact', ...SELECTORS[s.sel]! });
          if (l.type !== 'list') return false;
          for (const o of l.list.items) initial.set(`${o.metadata.namespace}/${o.metadata.name}`, o);
        }
        watchers.push({ id, sel: s.sel, events: [...start.events], initial });
      }
      for (const w of watchers) {
        const state = new Map(w.initial);
        for (const e of w.events) {
          if (e.type === 'ERROR' || e.type === 'BOOKMARK') continue;
          const key = `${e.object.metadata.namespace}/${e.object.metadata.name}`;
          if (e.type === 'DELETED') {
            t.true(state.delete(key), `${w.id}: DELETED ${key} never seen`);
          } else {
            t.is(state.has(key), e.type === 'MODIFIED', `${w.id}: ${e.type} ${key}`);
            state.set(key, e.object);
          }
        }
        const want = cache.list({ resourceVersion: '0', ...SELECTORS[w.sel]! });
        if (want.type !== 'list') return false;
        t.deepEqual([...state.values()].sort((a, b) => (`${a.metadata.namespace}/${a.metadata.name}` < `${b.metadata.namespace}/${b.metadata.name}` ? -1 : 1)), [...want.list.items]);
      }
      return true;
    }),
    { numRuns: 150 },
  );
});

test('live events reach a watcher in increasing resourceVersion order', (t) => {
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.constantFrom('p', 'q'), fc.boolean(), fc.integer({ min: 1, max: 3 })), { maxLength: 50 }), (writes) => {
      const cache = podCache();
      cache.replace([], 1);
      cache.watch({ id: 'w', resourceVersion: '1' }, 0);
      let revision = 1;
      const seen: number[] = [];
      for (const [name, del, gap] of writes) {
        revision += gap;
        const had = cache.get('a', name);
        const type = had === undefined ? 'ADDED' : del ? 'DELETED' : 'MODIFIED';
        const d = cache.apply({ type, object: had ?? pod('a', name), revision }, 0);
        for (const x of d.deliveries) for (const e of x.events) if (e.type !== 'ERROR') seen.push(Number(e.object.metadata.resourceVersion));
      }
      t.deepEqual(seen, [...seen].sort((a, b) => a - b));
      t.is(new Set(seen).size, seen.length);
      t.is(seen.length, writes.length);
    }),
  );
});

test('while events come faster than eventFreshMs the window grows instead of dropping them', (t) => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 600 }), fc.integer({ min: 1, max: 50 }), (n, spacing) => {
      const cache = podCache({ lowerBoundCapacity: 4, upperBoundCapacity: 1024 });
      cache.replace([], 1);
      for (let i = 0; i < n; i++) cache.apply({ type: 'ADDED', object: pod('a', `p${i}`), revision: i + 2 }, i * spacing);
      const fresh = n * spacing <= 75_000;
      if (fresh && n <= 1024) t.is(cache.window.oldestServable(), 1, 'nothing dropped');
      t.true(cache.window.capacity <= 1024 && cache.window.capacity >= 4);
    }),
  );
});
