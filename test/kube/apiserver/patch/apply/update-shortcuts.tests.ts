// The shortcuts the steady writes take (a kubelet's status patch, a lease renewal, a controller's
// status update) against the general paths they stand in for: compare passing over equal parts,
// managedFields decoded from a memo and encoded from remembered FieldsV1, a writer's set kept
// when it changed only what it owned, a patch body parsed before it is scanned.

import test from 'ava';
import fc from 'fast-check';
import type { ManagedFieldsEntry } from 'kubernetes-types/meta/v1.d.ts';
import { compare } from '../../../../../actors/kube-apiserver/patch/apply/compare.ts';
import { type FieldManagerContext, type JsonObject, trackUpdate } from '../../../../../actors/kube-apiserver/patch/apply/field-manager.ts';
import { type FieldSet, difference, fromPaths, isEmpty, union } from '../../../../../actors/kube-apiserver/patch/apply/field-set.ts';
import { toFieldsV1 } from '../../../../../actors/kube-apiserver/patch/apply/fields-v1.ts';
import { kindSchema } from '../../../../../actors/kube-apiserver/patch/apply/kind-schema.ts';
import { decodeEntries, decodeManagedFields, encodeManagedFields, parsedUnixSeconds, unixSeconds } from '../../../../../actors/kube-apiserver/patch/apply/managed-fields.ts';
import { type Json, field, keyElement } from '../../../../../actors/kube-apiserver/patch/apply/path-element.ts';
import { deepEqual } from '../../../../../actors/kube-apiserver/patch/apply/values.ts';
import { goJsonSyntaxError } from '../../../../../actors/kube-apiserver/patch/go-json-syntax.ts';
import { PARSE_FIRST_MAX, parseJson, scanThenParse } from '../../../../../actors/kube-apiserver/patch/parse.ts';
import { applyPatch } from '../../../../../actors/kube-apiserver/patch/index.ts';
import { conversionError } from '../../../../../actors/kube-apiserver/schema/convert-errors.ts';
import { decodeWalk } from '../../../../../actors/kube-apiserver/schema/decode-walk.ts';
import { rootTypeOf } from '../../../../../actors/kube-apiserver/schema/field-schema.ts';
import { jsonDecodeError, parsedQuantityError, quantityError } from '../../../../../actors/kube-apiserver/schema/type-errors.ts';
import { decodedForm, unknownFields } from '../../../../../actors/kube-apiserver/schema/unknown-fields.ts';

const pods = kindSchema({ group: '', version: 'v1', kind: 'Pod' });
const ctx = (now: string, subresource?: string): FieldManagerContext => ({
  schema: pods,
  apiVersion: 'v1',
  kind: 'Pod',
  now,
  resetFields: subresource === 'status' ? [['spec'], ['metadata']] : [['status']],
  ...(subresource ? { subresource } : {}),
});

// Pods drawn small, and a second version that keeps some of the first's parts (as copies) and
// draws the rest again: the equal parts the shortcut passes over, the changed ones it must walk.
const container = fc.record({ name: fc.constantFrom('a', 'b', 'c'), image: fc.constantFrom('nginx', 'redis'), ports: fc.option(fc.array(fc.record({ containerPort: fc.constantFrom(80, 443), protocol: fc.constantFrom('TCP', 'UDP') }), { maxLength: 2 }), { nil: undefined }) }, { requiredKeys: ['name'] });
const condition = fc.record({ type: fc.constantFrom('Ready', 'Initialized', 'PodScheduled'), status: fc.constantFrom('True', 'False'), lastTransitionTime: fc.constantFrom('2026-01-01T00:00:00Z', '2026-01-01T00:00:10Z') });
const parts = {
  metadata: fc.record({ name: fc.constant('p'), labels: fc.dictionary(fc.constantFrom('app', 'tier', 'x'), fc.constantFrom('1', '2'), { maxKeys: 3 }), resourceVersion: fc.constantFrom('5', '6') }, { requiredKeys: ['name'] }),
  spec: fc.record({ nodeName: fc.constantFrom('n1', 'n2'), containers: fc.array(container, { maxLength: 3 }), tolerations: fc.array(fc.record({ key: fc.constantFrom('k1', 'k2'), operator: fc.constant('Exists') }), { maxLength: 2 }) }, { requiredKeys: [] }),
  status: fc.record({ phase: fc.constantFrom('Pending', 'Running'), podIP: fc.constantFrom('10.0.0.1', '10.0.0.2'), conditions: fc.array(condition, { maxLength: 3 }) }, { requiredKeys: [] }),
};
const pod = fc.record(parts, { requiredKeys: [] });
const twoVersions = fc.tuple(pod, pod, fc.array(fc.boolean(), { minLength: 3, maxLength: 3 })).map(([l, fresh, keep]) => {
  const r: Record<string, unknown> = { ...fresh };
  (['metadata', 'spec', 'status'] as const).forEach((k, i) => {
    if (keep[i]) {
      if (l[k] === undefined) delete r[k];
      else r[k] = JSON.parse(JSON.stringify(l[k]));
    }
  });
  return [l as Json, r as Json] as const;
});

test('update shortcuts: compare passing over equal parts gives what the full walk gives', (t) => {
  fc.assert(
    fc.property(twoVersions, ([l, r]) => {
      t.deepEqual(compare(l, r, pods), compare(l, r, pods, false));
      t.deepEqual(compare(r, l, pods), compare(r, l, pods, false));
    }),
    { numRuns: 120 },
  );
});

const fieldNames = fc.constantFrom('a', 'b', 'c');
const path = fc.array(fc.oneof(fieldNames.map(field), fc.constantFrom('x', 'y').map((v) => keyElement({ type: v }))), { minLength: 1, maxLength: 3 });
const fieldSet = fc.array(path, { maxLength: 6 }).map((ps) => fromPaths(ps));

test("update shortcuts: a writer's set unioned with changes it owned already is its set, as FieldsV1", (t) => {
  fc.assert(
    fc.property(fieldSet, fieldSet, (a, extra) => {
      const b: FieldSet = union(a, extra);
      // Both ways round: a within b, and b (usually not) within a.
      for (const [mine, before] of [[a, b], [b, a]] as const) {
        if (isEmpty(difference(mine, before))) t.deepEqual(toFieldsV1(union(mine, before)), toFieldsV1(before));
      }
    }),
    { numRuns: 300 },
  );
});

// A status writer's history: creates, then status patches by one manager, some by another.
function history(steps: readonly (readonly [number, boolean])[]): ManagedFieldsEntry[][] {
  let live: JsonObject = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', uid: 'u' }, spec: { containers: [{ name: 'c', image: 'nginx' }] } };
  live = { ...live, metadata: { ...(live['metadata'] as JsonObject), managedFields: trackUpdate(undefined, live, 'admin', ctx('2026-01-01T00:00:00Z')) as never } };
  const out: ManagedFieldsEntry[][] = [];
  steps.forEach(([ready, other], i) => {
    const next: JsonObject = { ...live, status: { phase: 'Running', conditions: [{ type: 'Ready', status: ready % 2 ? 'True' : 'False' }], ...(ready > 1 ? { podIP: `10.0.0.${ready}` } : {}) } };
    const entries = trackUpdate(live, next, other ? 'kubelet' : 'admin', ctx(`2026-01-01T00:00:${String(10 + i).padStart(2, '0')}Z`, 'status'))!;
    out.push(entries);
    live = { ...next, metadata: { ...(next['metadata'] as JsonObject), managedFields: entries as never } };
  });
  return out;
}

test('update shortcuts: managedFields decoded from the memo and encoded from remembered FieldsV1 are what decoding and encoding afresh give', (t) => {
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.nat(4), fc.boolean()), { minLength: 1, maxLength: 8 }), (steps) => {
      for (const entries of history(steps)) {
        const fresh = decodeEntries(entries);
        const memo = decodeManagedFields(entries);
        t.deepEqual(memo, fresh);
        if (!fresh.ok || !memo.ok) continue;
        // Encoding afresh: every set through toFieldsV1, no memo anywhere.
        const expected = encodeManagedFields(fresh.state)!.map((e) => ({ ...e, fieldsV1: toFieldsV1(fresh.state.managers.get(idOf(e))!.set) }));
        t.deepEqual(encodeManagedFields(memo.state), expected);
        t.deepEqual(entries, expected);
      }
    }),
    { numRuns: 60 },
  );
});

const idOf = (e: ManagedFieldsEntry): string =>
  `{"manager":${JSON.stringify(e.manager)},"operation":${JSON.stringify(e.operation)}${e.operation === 'Update' ? `,"apiVersion":${JSON.stringify(e.apiVersion)}` : ''}${e.subresource ? `,"subresource":${JSON.stringify(e.subresource)}` : ''}}`;

test("update shortcuts: remembered FieldsV1 are handed out as copies, and the memo is not changed by what is done with an object's entries", (t) => {
  const [entries] = history([[1, false]]);
  const decoded = decodeManagedFields(entries);
  if (!decoded.ok) return t.fail();
  const first = encodeManagedFields(decoded.state)!;
  const before = JSON.stringify(first);
  (first[0]!.fieldsV1 as Record<string, unknown>)['f:planted'] = {};
  (first[1]!.fieldsV1 as Record<string, unknown>)['f:planted'] = {};
  t.is(JSON.stringify(encodeManagedFields(decoded.state)), before);
  t.not(encodeManagedFields(decoded.state)![0]!.fieldsV1, encodeManagedFields(decoded.state)![0]!.fieldsV1);
});

test('update shortcuts: entries JSON cannot stand for are decoded afresh', (t) => {
  const [entries] = history([[1, false]]);
  const odd = entries!.map((e) => ({ ...e, fieldsV1: { ...(e.fieldsV1 as object), 'f:x': undefined } }));
  t.deepEqual(decodeManagedFields(odd as never), decodeEntries(odd as never));
  // Text that writes itself as the time an entry already decoded carries: the same JSON, not the same entries.
  decodeManagedFields(entries);
  const disguised = entries!.map((e) => ({ ...e, time: { toJSON: () => e.time } }));
  t.deepEqual(decodeManagedFields(disguised as never), decodeEntries(disguised as never));
  t.deepEqual(decodeManagedFields([]), decodeEntries([]));
  t.deepEqual(decodeManagedFields(undefined), decodeEntries(undefined));
});

// Text near JSON: JSON drawn and then cut, grown or spliced with the characters that matter.
const jsonish = fc.oneof(
  fc.json(),
  fc.tuple(fc.json(), fc.nat(), fc.constantFrom('', ' ', '"', '\\', '{', '}', '[', ']', ',', ':', '0', '-', '.', 'e', 'tru', 'nul', '\u0001', '\\u12', '01', '\ufeff')).map(([j, at, s]) => {
    const i = at % (j.length + 1);
    return j.slice(0, i) + s + j.slice(i + (at % 3 === 0 ? 1 : 0));
  }),
);

test('update shortcuts: a patch body parsed first reads and fails exactly as scanned first', (t) => {
  fc.assert(
    fc.property(jsonish, (text) => {
      t.deepEqual(parseJson(text), scanThenParse(text));
    }),
    { numRuns: 500 },
  );
  const deep = '['.repeat(PARSE_FIRST_MAX / 2) + ']'.repeat(PARSE_FIRST_MAX / 2);
  t.deepEqual(parseJson(deep), scanThenParse(deep));
  t.is(goJsonSyntaxError(deep), undefined, 'the deepest body the shortcut takes is one the scanner reads');
  t.deepEqual(parseJson('{"a":1,}'), { ok: false, error: "invalid character '}' looking for beginning of object key string" });
});

test("update shortcuts: a writer keeps its set only when it changed nothing it did not own", (t) => {
  const kubelet = (entries: ManagedFieldsEntry[]) => JSON.stringify(entries.find((e) => e.manager === 'kubelet')?.fieldsV1);
  const grown = history([[1, true], [3, true]]).at(-1)!;
  t.regex(kubelet(grown), /f:podIP/, 'the second write added podIP, which the kubelet then owns');
  t.regex(kubelet(grown), /f:phase/);
  const shrunk = history([[3, true], [1, true]]).at(-1)!;
  t.notRegex(kubelet(shrunk), /f:podIP/, 'the second write removed podIP');
  const same = history([[3, true], [2, true]]);
  t.is(kubelet(same[1]!), kubelet(same[0]!), 'values changed, fields the same');
  t.not(same[1]!.find((e) => e.manager === 'kubelet')!.time, same[0]!.find((e) => e.manager === 'kubelet')!.time, 'a change moves the time');
});

const deployment = { group: 'apps', version: 'v1', kind: 'Deployment' };
const withSurge = (maxSurge: unknown) => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' }, spec: { selector: { matchLabels: { a: 'b' } }, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge } } } });

test("update shortcuts: a strategic patch's result skips the converter's walk only where the converter would find nothing", (t) => {
  // -2^31 is an int32 to the JSON decoder, too small for the converter's int-or-string.
  const floor = applyPatch('strategic', withSurge(1) as never, JSON.stringify({ spec: { strategy: { rollingUpdate: { maxSurge: -(2 ** 31) } } } }), deployment);
  t.false(floor.ok);
  if (!floor.ok) t.regex(floor.status.message, /cannot unmarshal number -2147483648 into Go value of type int32/);
  const fine = applyPatch('strategic', withSurge(1) as never, JSON.stringify({ spec: { strategy: { rollingUpdate: { maxSurge: 1 - 2 ** 31 } } } }), deployment);
  t.true(fine.ok);
  const wrong = applyPatch('strategic', withSurge(1) as never, JSON.stringify({ spec: { replicas: 'two' } }), deployment);
  t.false(wrong.ok);
  if (!wrong.ok) t.regex(wrong.status.message, /unrecognized type: int32|cannot/);
  const mergeWrong = applyPatch('merge', withSurge(1) as never, JSON.stringify({ spec: { replicas: 'two' } }), deployment);
  t.false(mergeWrong.ok);
  if (!mergeWrong.ok) t.regex(mergeWrong.status.message, /json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32/);
});

const anyScalar = fc.oneof(fc.constantFrom(-(2 ** 31), 2 ** 31, 1.5, -1, 0, '', 'x', '1Gi', 'QUFB', true, null), fc.jsonValue({ maxDepth: 1 }));
const looseSpec = fc.record({ unknownHere: anyScalar, replicas: anyScalar, minReadySeconds: anyScalar, paused: anyScalar, selector: fc.oneof(anyScalar, fc.record({ matchLabels: fc.dictionary(fc.constantFrom('a', 'b'), anyScalar, { maxKeys: 2 }) })), strategy: fc.record({ type: anyScalar, rollingUpdate: fc.oneof(anyScalar, fc.record({ maxSurge: anyScalar, maxUnavailable: anyScalar })) }, { requiredKeys: [] }), template: fc.record({ spec: fc.record({ 'not-a-field': anyScalar, containers: fc.oneof(anyScalar, fc.array(fc.record({ name: anyScalar, ports: fc.array(fc.record({ containerPort: anyScalar }), { maxLength: 1 }), resources: fc.record({ limits: fc.dictionary(fc.constantFrom('cpu', 'memory'), anyScalar, { maxKeys: 2 }) }) }, { requiredKeys: [] }), { maxLength: 2 })), activeDeadlineSeconds: anyScalar }, { requiredKeys: [] }) }, { requiredKeys: [] }) }, { requiredKeys: [] });

test('update shortcuts: the decode walk (fields read from per-type tables) finds what the separate walks find; where it finds no type error and flags nothing, neither does the converter', (t) => {
  const root = rootTypeOf(deployment)!;
  fc.assert(
    fc.property(looseSpec, (spec) => {
      const doc = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' }, spec };
      const walked = decodeWalk(root, doc);
      if (walked.typeError !== undefined) {
        t.is(jsonDecodeError(deployment, doc), walked.typeError);
        return;
      }
      t.is(jsonDecodeError(deployment, doc), undefined);
      t.deepEqual(walked.unknown, unknownFields(deployment, doc));
      t.deepEqual(walked.object, decodedForm(deployment, doc));
      if (walked.convertible) t.is(conversionError(deployment, doc), undefined);
    }),
    { numRuns: 300 },
  );
});

// The equality as it was written first (every() over items and keys): the loops must agree.
function everyEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined || a === null || b === null) return false;
  const isMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => everyEqual(x, b[i]));
  if (isMap(a)) {
    if (!isMap(b)) return false;
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => k in b && everyEqual(a[k], b[k]));
  }
  return false;
}

test('update shortcuts: JSON equality by loops is equality by every()', (t) => {
  const small = fc.jsonValue({ maxDepth: 3 });
  // Pairs often equal, sometimes reordered, sometimes different; arrays sometimes with holes.
  const pair = fc.oneof(fc.tuple(small, small), small.map((v) => [v, JSON.parse(JSON.stringify(v))] as const), small.map((v) => [v, reorder(v)] as const));
  fc.assert(fc.property(pair, ([a, b]) => t.is(deepEqual(a as Json, b as Json), everyEqual(a, b))), { numRuns: 400 });
  const holed = [1, , 3];
  for (const other of [[1, undefined, 3], [1, 2, 3], [1, , 3]]) t.is(deepEqual(holed as never, other as never), everyEqual(holed, other));
  t.false(deepEqual({ a: 1 } as Json, { toString: 1 } as Json));
});

function reorder(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(reorder);
  if (typeof v !== 'object' || v === null) return v;
  return Object.fromEntries(Object.entries(v).reverse().map(([k, x]) => [k, reorder(x)]));
}

test('update shortcuts: a remembered quantity check answers as parsing does, asked once or again', (t) => {
  const text = fc.oneof(fc.constantFrom('1', '500m', '1Gi', '2.5', '1e3', ' 3 ', '', 'abc', '1.5Ki', '-1', '1E', '0.1m', '9999999999999999999999Ei'), fc.stringMatching(/^[-+]?[0-9]{0,3}(\.[0-9]{0,2})?([eE][-+]?[0-9])?(m|k|Ki|Mi|Gi|M|G|E)?$/));
  fc.assert(
    fc.property(text, (q) => {
      t.is(quantityError(q), parsedQuantityError(q));
      t.is(quantityError(q), parsedQuantityError(q), 'again, from the memo');
    }),
    { numRuns: 300 },
  );
});

test('update shortcuts: remembered times read as parsing reads them', (t) => {
  const two = (n: number) => String(n).padStart(2, '0');
  const time = fc.oneof(
    fc.tuple(fc.integer({ min: 1970, max: 2100 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 }), fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }), fc.constantFrom('Z', '+02:00', '-05:30', '.5Z', 'x')).map(([y, mo, d, h, mi, z]) => `${y}-${two(mo)}-${two(d)}T${two(h)}:${two(mi)}:07${z}`),
    fc.string({ maxLength: 8 }),
  );
  fc.assert(
    fc.property(time, (x) => {
      t.is(unixSeconds(x), parsedUnixSeconds(x));
      t.is(unixSeconds(x), parsedUnixSeconds(x), 'again, from the memo');
    }),
    { numRuns: 300 },
  );
  t.is(unixSeconds(undefined), 0);
  // Managed-fields times a few seconds apart on one day, asked in turn.
  t.is(unixSeconds('2026-01-01T00:00:05Z') - unixSeconds('2026-01-01T00:00:00Z'), 5);
  t.is(unixSeconds('2026-01-01T00:01:00Z') - unixSeconds('2026-01-01T00:00:05Z'), 55);
});

test("update shortcuts: an updater's remembered identifier is the entry's JSON for its manager, version and subresource", (t) => {
  const live: JsonObject = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', uid: 'u' }, spec: { containers: [{ name: 'c', image: 'nginx' }] } };
  const created = trackUpdate(undefined, live, 'admin', ctx('2026-01-01T00:00:00Z'))!;
  const base = { ...live, metadata: { ...(live['metadata'] as JsonObject), managedFields: created as never } };
  // The same writer name through the resource and through status: two entries, told apart by subresource.
  for (const [manager, sub] of [['kubelet', undefined], ['kubelet', 'status'], ['', 'status'], ['a"b', undefined]] as const) {
    const next = { ...base, status: { phase: 'Running' }, spec: { containers: [{ name: 'c', image: 'redis' }] } };
    const entries = trackUpdate(base, next as JsonObject, manager, ctx('2026-01-01T00:00:05Z', sub))!;
    const mine = entries.filter((e) => e.manager === (manager || 'unknown') && e.time === '2026-01-01T00:00:05Z');
    t.is(mine.length, 1);
    t.is(mine[0]!.subresource, sub);
    t.is(idOf(mine[0]!), JSON.stringify({ manager: manager || 'unknown', operation: 'Update', apiVersion: 'v1', ...(sub ? { subresource: sub } : {}) }));
  }
});
