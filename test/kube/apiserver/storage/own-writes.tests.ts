// A replica's own writes, taken back from its watch without parsing: what the cache holds is
// exactly what decoding the stored bytes gives, for objects the registry really writes.

import test from 'ava';
import fc from 'fast-check';
import { applyCommand } from '../../../../actors/etcd/mvcc/commands.ts';
import { ResourceCaches } from '../../../../actors/kube-apiserver/cache/caches.ts';
import { OwnWrites } from '../../../../actors/kube-apiserver/cache/own-writes.ts';
import { handleCall, type Step } from '../../../../actors/kube-apiserver/registry/index.ts';
import { decodeObject, encodeObject, encodeOwned, forgetEncoded, takeEncoded } from '../../../../actors/kube-apiserver/storage/codec.ts';
import { strategyFor } from '../../../../actors/kube-apiserver/strategies/index.ts';
import type { KeyValue, TxnResponse, WatchEvent } from '../../../../protocols/etcd/kv.ts';
import type { ApiCall, Target } from '../../../../protocols/kube/api.ts';
import type { KubeObject } from '../../../../protocols/kube/objects.ts';
import { Registry } from '../harness.ts';
import { exactlyEqual, sharesObjects } from './exact.ts';

/** The value as a fresh string, as it comes off the wire (not the instance that was sent). */
const wire = (kv: KeyValue): KeyValue => ({ ...kv, value: Buffer.from(kv.value, 'latin1').toString('latin1') });

test('encodeObject keeps, for the sender, exactly what decoding its bytes gives, once, untouched by later changes', (t) => {
  const obj = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', labels: { x: 'y' }, resourceVersion: '5' }, data: { k: 'v' } } as KubeObject;
  forgetEncoded();
  const bytes = encodeObject(obj);
  (obj.metadata.labels as Record<string, string>).x = 'changed';
  const kept = takeEncoded(bytes);
  t.true(exactlyEqual(kept, JSON.parse(bytes)));
  t.is(takeEncoded(bytes), undefined);
  // Bytes that are not the text (non-ASCII) are left to the parser.
  t.is(takeEncoded(encodeObject({ ...obj, data: { k: 'ünï' } })), undefined);
  const other = encodeObject({ ...obj, data: { k: 'w' } });
  forgetEncoded();
  t.is(takeEncoded(other), undefined);
});

const word = fc.stringMatching(/^[a-z][a-z0-9]{0,6}$/);
const text = fc.oneof(fc.string({ maxLength: 8 }), fc.string({ unit: 'grapheme', maxLength: 4 }));
const op = fc.oneof(
  fc.record({ verb: fc.constant('create' as const), kind: fc.constantFrom('pods', 'configmaps'), name: word, labels: fc.dictionary(word, word, { maxKeys: 3 }), data: fc.dictionary(word, text, { maxKeys: 3 }) }),
  fc.record({ verb: fc.constant('update' as const), kind: fc.constant('configmaps'), name: word, labels: fc.dictionary(word, word, { maxKeys: 3 }), data: fc.dictionary(word, text, { maxKeys: 3 }) }),
  fc.record({ verb: fc.constant('delete' as const), kind: fc.constantFrom('pods', 'configmaps'), name: word, labels: fc.constant({}), data: fc.constant({}) }),
  fc.record({ verb: fc.constant('bind' as const), kind: fc.constant('pods'), name: word, labels: fc.constant({}), data: fc.constant({}) }),
);

type Op = { verb: 'create' | 'update' | 'delete' | 'bind'; kind: string; name: string; labels: Record<string, string>; data: Record<string, string> };

function callOf(o: Op): ApiCall {
  const target: Target = { group: '', version: 'v1', resource: o.kind, namespace: 'default' };
  const metadata = { name: o.name, ...(Object.keys(o.labels).length > 0 ? { labels: o.labels } : {}) };
  const body =
    o.kind === 'pods'
      ? { apiVersion: 'v1', kind: 'Pod', metadata, spec: { containers: [{ name: 'c', image: 'nginx', env: Object.entries(o.data).map(([name, value]) => ({ name, value })) }] } }
      : { apiVersion: 'v1', kind: 'ConfigMap', metadata, data: o.data };
  if (o.verb === 'delete') return { verb: 'delete', target: { ...target, name: o.name } };
  if (o.verb === 'bind') return { verb: 'create', target: { ...target, name: o.name, subresource: 'binding' }, body: { apiVersion: 'v1', kind: 'Binding', metadata: { name: o.name }, target: { kind: 'Node', name: 'node-1' } } as never };
  return o.verb === 'create' ? { verb: 'create', target, body } : { verb: 'update', target: { ...target, name: o.name }, body };
}

test('a cache fed its own writes holds exactly what a cache that parses every event holds', (t) => {
  let taken = 0;
  fc.assert(
    fc.property(fc.array(op, { minLength: 1, maxLength: 12 }), (ops) => {
      const reg = new Registry();
      reg.store.watch({ key: '/registry/', rangeEnd: '/registry0', prevKv: true, startRevision: 0, watchId: 0 } as never);
      const fast = new ResourceCaches(strategyFor);
      const plain = new ResourceCaches(strategyFor);
      const start = reg.revision;
      fast.replaceAll([], start);
      plain.replaceAll([], start);
      reg.store.takeWatchResponses();
      for (const o of ops) {
        let step: Step = handleCall(callOf(o), reg.env);
        while (step.kind === 'etcd') {
          fast.own.sending(step.command);
          step = step.then(applyCommand(reg.store, step.command));
        }
        for (const { response } of reg.store.takeWatchResponses()) {
          const events: WatchEvent[] = response.events.map((e) => ({ ...e, kv: wire(e.kv), ...(e.prevKv ? { prevKv: wire(e.prevKv) } : {}) }));
          fast.apply(events, response.header.revision, 0);
          plain.apply(events, response.header.revision, 0);
        }
      }
      for (const [key, cache] of plain.entries()) {
        const mine = fast.cacheByKey(key)!.objects();
        const theirs = cache.objects();
        if (!exactlyEqual(mine, theirs)) return false;
        taken += mine.length;
      }
      return true;
    }),
    { numRuns: 30 },
  );
  t.true(taken > 0);
});

// A create's or update's answer may share what lies below its metadata with the cache's object, as
// a local watcher's events share the cache's objects (encodeOwned); the top level and metadata,
// which the cache changes in place, are never shared. Any other write's shares nothing.
const sharesWithAnswer = (taken: KubeObject, answer: unknown, verb: string): boolean =>
  verb === 'create' || verb === 'update' ? typeof answer === 'object' && answer !== null && (taken === answer || taken.metadata === (answer as KubeObject).metadata) : sharesObjects(taken, answer);

test('each own write taken back is exactly its decoded bytes, shares nothing the cache changes with what the registry answered, and is given once', (t) => {
  let hits = 0;
  fc.assert(
    fc.property(fc.array(op, { minLength: 1, maxLength: 8 }), (ops) => {
      const reg = new Registry();
      const own = new OwnWrites();
      for (const o of ops) {
        const call = callOf(o);
        let step: Step = handleCall(call, reg.env);
        const puts: string[] = [];
        while (step.kind === 'etcd') {
          own.sending(step.command);
          const result = applyCommand(reg.store, step.command);
          // Only a txn that succeeded wrote its puts: after one that failed (a second create of one
          // name) the bytes at the key are an earlier write's, and are parsed, not taken.
          if (step.command.type === 'txn' && result.ok && (result.response as TxnResponse).succeeded) for (const p of step.command.success ?? []) if (p.type === 'put') puts.push(p.key);
          step = step.then(result);
        }
        const answer = step.result.ok ? step.result.body : undefined;
        for (const key of puts) {
          const kv = reg.store.range(key).kvs[0];
          if (kv === undefined) continue;
          const taken = own.take(wire(kv));
          const ascii = !/[^\x00-\x7f]/.test(kv.value);
          if (ascii !== (taken !== undefined)) return false;
          if (taken === undefined) continue;
          hits++;
          if (!exactlyEqual(taken, decodeObject(kv)) || sharesWithAnswer(taken, answer, o.verb) || sharesObjects(taken, call)) return false;
          if (own.take(wire(kv)) !== undefined) return false;
        }
      }
      return true;
    }),
    { numRuns: 100 },
  );
  t.true(hits > 10, `${hits} taken`);
});

test('an event with other bytes at the key than those written is parsed, not taken', (t) => {
  const own = new OwnWrites();
  forgetEncoded();
  const obj = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' }, data: { k: 'v' } } as KubeObject;
  const value = encodeObject(obj);
  own.sending({ type: 'put', key: '/registry/configmaps/default/a', value });
  const kv: KeyValue = { key: '/registry/configmaps/default/a', createRevision: 2, modRevision: 2, version: 1, value: encodeObject({ ...obj, data: { k: 'w' } }), lease: 0 };
  t.is(own.take(kv), undefined);
  t.true(exactlyEqual(own.take({ ...kv, value }), decodeObject({ ...kv, value })));
});

test('encodeOwned writes the bytes encodeObject writes and keeps what it keeps, without copying the insides, its top level and metadata its own', (t) => {
  let shared = 0;
  fc.assert(
    fc.property(fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }), fc.oneof({ arbitrary: fc.constant(null), weight: 6 }, { arbitrary: fc.constantFrom(-0, NaN, undefined, '9'), weight: 4 }), (data, odd) => {
      const obj = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', labels: { x: 'y' } }, data } as unknown as KubeObject;
      if (odd !== null) (obj.metadata as Record<string, unknown>)[odd === '9' ? 'resourceVersion' : 'generation'] = odd;
      forgetEncoded();
      const general = encodeObject(obj);
      const generalKept = takeEncoded(general);
      const bytes = encodeOwned(obj);
      const kept = takeEncoded(bytes);
      if (bytes !== general || (kept === undefined) !== (generalKept === undefined)) return false;
      if (kept === undefined) return true;
      if ((kept as { data?: unknown }).data === data) shared++;
      return exactlyEqual(kept, generalKept) && exactlyEqual(kept, JSON.parse(bytes)) && kept !== obj && kept.metadata !== obj.metadata;
    }),
    // Not every object is kept, nor every kept one shared: at 300 runs some seeds shared as few as
    // 85, too near the floor of 60; at 400 the fewest over 400 seeds was 114.
    { numRuns: 400 },
  );
  // The point: most objects are kept without a copy of their insides.
  t.true(shared > 60, `${shared} shared`);
});
