// Property: for a random history of creates, updates and deletes fed to the cache, a watcher
// started at any revision the window holds sees exactly the history's changes after that
// revision that concern its selectors, in order, none twice, none missed; and a list at any such
// revision, whole or paged, equals a replay of the history up to it.

import test from 'ava';
import fc from 'fast-check';
import type { KubeWatchEvent } from '../../../../protocols/kube/api.ts';
import type { KubeObject } from '../../../../protocols/kube/objects.ts';
import { matchesFields, matchesLabels, parseFieldSelector, parseLabelSelector } from '../../../../protocols/kube/validation/index.ts';
import { pod, podCache, podFields } from './helpers.ts';

const KEYS = ['a/p0', 'a/p1', 'a/p2', 'b/p0', 'b/p1', 'b/p3'] as const;
const SELECTORS = [
  { labelSelector: '', fieldSelector: '' },
  { labelSelector: 'app=web', fieldSelector: '' },
  { labelSelector: 'app notin (web)', fieldSelector: 'spec.nodeName=n1' },
  { labelSelector: '!app', fieldSelector: 'metadata.namespace=b' },
] as const;

type Op = { key: number; app: string | undefined; node: string; del: boolean; gap: number };
interface Change {
  readonly type: 'ADDED' | 'MODIFIED' | 'DELETED';
  readonly key: string;
  readonly revision: number;
  readonly object: KubeObject;
}

const opArb = fc.record({ key: fc.nat(KEYS.length - 1), app: fc.constantFrom(undefined, 'web', 'db'), node: fc.constantFrom('n1', 'n2'), del: fc.boolean(), gap: fc.integer({ min: 1, max: 3 }) });

function objectFor(key: string, op: Op, revision: number): KubeObject {
  const [ns, name] = key.split('/') as [string, string];
  const o = pod(ns, name, op.app === undefined ? {} : { app: op.app }, { nodeName: op.node });
  return { ...o, metadata: { ...o.metadata, resourceVersion: String(revision) } };
}

/** Turn ops into a history: deletes of absent keys and creates of present ones become the other kind. */
function toHistory(ops: readonly Op[], from: number): Change[] {
  const live = new Map<string, KubeObject>();
  const out: Change[] = [];
  let revision = from;
  for (const op of ops) {
    const key = KEYS[op.key]!;
    revision += op.gap;
    const had = live.get(key);
    if (op.del && had !== undefined) {
      const object = { ...had, metadata: { ...had.metadata, resourceVersion: String(revision) } };
      live.delete(key);
      out.push({ type: 'DELETED', key, revision, object });
    } else {
      const object = objectFor(key, op, revision);
      live.set(key, object);
      out.push({ type: had === undefined ? 'ADDED' : 'MODIFIED', key, revision, object });
    }
  }
  return out;
}

function stateAt(history: readonly Change[], revision: number): Map<string, KubeObject> {
  const s = new Map<string, KubeObject>();
  for (const c of history) {
    if (c.revision > revision) break;
    if (c.type === 'DELETED') s.delete(c.key);
    else s.set(c.key, c.object);
  }
  return s;
}

function selects(sel: (typeof SELECTORS)[number], o: KubeObject): boolean {
  const l = parseLabelSelector(sel.labelSelector);
  const f = parseFieldSelector(sel.fieldSelector);
  if (!l.ok || !f.ok) throw new Error('bad selector in the test');
  const fields = { ...podFields(o), 'metadata.name': o.metadata.name ?? '', 'metadata.namespace': o.metadata.namespace ?? '' };
  return matchesLabels(l.value, o.metadata.labels ?? {}) && matchesFields(f.value, fields);
}

const selected = (state: Map<string, KubeObject>, sel: (typeof SELECTORS)[number]): [string, KubeObject][] =>
  [...state].filter(([, o]) => selects(sel, o)).sort(([a], [b]) => (a < b ? -1 : 1));

test('watchers from any window revision see exactly the history after it; lists equal its replay', (t) => {
  fc.assert(
    fc.property(
      fc.array(opArb, { minLength: 1, maxLength: 60 }),
      fc.array(opArb, { maxLength: 30 }),
      fc.integer({ min: 2, max: 40 }),
      fc.array(fc.record({ at: fc.nat(), sel: fc.nat(SELECTORS.length - 1) }), { minLength: 1, maxLength: 5 }),
      fc.array(fc.record({ at: fc.nat(), sel: fc.nat(SELECTORS.length - 1), limit: fc.integer({ min: 1, max: 4 }) }), { minLength: 1, maxLength: 5 }),
      (first, second, capacity, watchSpecs, listSpecs) => {
        const history = toHistory([...first, ...second], 5);
        const cut = first.length;
        const cache = podCache({ lowerBoundCapacity: capacity, upperBoundCapacity: capacity });
        cache.replace([], 5);
        for (const c of history.slice(0, cut)) cache.apply({ type: c.type, object: c.object, revision: c.revision }, 0);
        const oldest = cache.window.oldestServable()!;
        const revisions = [oldest, ...history.slice(0, cut).map((c) => c.revision).filter((r) => r >= oldest)];

        // Lists at window revisions, whole and paged.
        for (const l of listSpecs) {
          const at = revisions[l.at % revisions.length]!;
          const sel = SELECTORS[listSpecs.indexOf(l) % SELECTORS.length]!;
          const want = selected(stateAt(history, at), sel).map(([, o]) => o);
          const whole = cache.list({ resourceVersion: String(at), resourceVersionMatch: 'Exact', ...sel });
          if (whole.type !== 'list') return false;
          t.deepEqual(whole.list.items, want);
          const pages: KubeObject[] = [];
          let out = cache.list({ resourceVersion: String(at), limit: l.limit, ...sel });
          for (;;) {
            if (out.type !== 'list') return false;
            pages.push(...out.list.items);
            if (out.list.metadata.continue === undefined) break;
            out = cache.list({ continue: out.list.metadata.continue, limit: l.limit, ...sel });
          }
          t.deepEqual(pages, want);
        }

        // Watchers at window revisions; then the rest of the history goes live.
        const seen = new Map<string, KubeWatchEvent[]>();
        watchSpecs.forEach((w, i) => {
          const id = `w${i}`;
          const start = cache.watch({ id, resourceVersion: String(revisions[w.at % revisions.length]), ...SELECTORS[w.sel]! }, 0);
          if (start.type !== 'started') throw new Error(`watch did not start: ${JSON.stringify(start)}`);
          seen.set(id, [...start.events]);
        });
        for (const c of history.slice(cut)) {
          const d = cache.apply({ type: c.type, object: c.object, revision: c.revision }, 0);
          t.deepEqual(d.closed, []);
          for (const { id, events } of d.deliveries) seen.get(id)!.push(...events);
        }
        const end = history[history.length - 1]!.revision;
        watchSpecs.forEach((w, i) => {
          const from = revisions[w.at % revisions.length]!;
          const sel = SELECTORS[w.sel]!;
          const events = seen.get(`w${i}`)!;
          // Exactly one event per change after `from` that concerns the selector, in history order.
          const concerned = history.filter((c) => c.revision > from).filter((c) => {
            const before = stateAt(history, c.revision - 1).get(c.key);
            return (before !== undefined && selects(sel, before)) || (c.type !== 'DELETED' && selects(sel, c.object));
          });
          t.deepEqual(events.map((e) => (e.type === 'ERROR' ? '' : `${e.object.metadata.namespace}/${e.object.metadata.name}@${e.object.metadata.resourceVersion}`)), concerned.map((c) => `${c.key}@${c.revision}`));
          // Replaying them over the selected state at `from` gives the selected state at the end.
          const replay = new Map(selected(stateAt(history, from), sel));
          for (const e of events) {
            if (e.type === 'ERROR' || e.type === 'BOOKMARK') continue;
            const key = `${e.object.metadata.namespace}/${e.object.metadata.name}`;
            if (e.type === 'ADDED') t.false(replay.has(key), 'ADDED for an object already seen');
            else t.true(replay.has(key), `${e.type} for an object not seen`);
            if (e.type === 'DELETED') replay.delete(key);
            else replay.set(key, e.object);
          }
          t.deepEqual([...replay].sort(([a], [b]) => (a < b ? -1 : 1)), selected(stateAt(history, end), sel));
        });
        return true;
      },
    ),
    { numRuns: 150 },
  );
});
