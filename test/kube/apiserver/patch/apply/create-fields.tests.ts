// The create fast path of trackUpdate (the new object's own tree, no diff against an empty one)
// against the general path on the same input: the same managedFields entries, byte for byte,
// whatever the object holds (duplicate list keys, items without keys, nulls, empty containers,
// keys Object.prototype carries) and whoever writes it.

import test from 'ava';
import fc from 'fast-check';
import { type FieldManagerContext, type JsonObject, trackGeneral, trackUpdate } from '../../../../../actors/kube-apiserver/patch/apply/field-manager.ts';
import { kindSchema } from '../../../../../actors/kube-apiserver/patch/apply/kind-schema.ts';
import { untypedSchema } from '../../../../../actors/kube-apiserver/patch/apply/schema.ts';
import type { Json } from '../../../../../actors/kube-apiserver/patch/apply/path-element.ts';
import { ZERO_OBJECTS } from '../../../../../actors/kube-apiserver/patch/apply/zero-objects.ts';
import { Registry } from '../../harness.ts';

const NOW = '2026-12-01T10:00:00Z';
const pods = (resetFields?: string[][]): FieldManagerContext => ({
  schema: kindSchema({ group: '', version: 'v1', kind: 'Pod' }),
  apiVersion: 'v1',
  kind: 'Pod',
  now: NOW,
  ...(resetFields ? { resetFields } : {}),
});

test('a pod created from nothing: its manager owns every field but status and the server-kept metadata', (t) => {
  const pod: JsonObject = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', namespace: 'default', uid: 'u', creationTimestamp: NOW, labels: { app: 'web' } },
    spec: { containers: [{ name: 'c', image: 'nginx', ports: [{ containerPort: 80 }] }], restartPolicy: 'Always' },
    status: { phase: 'Pending' },
  };
  const entries = trackUpdate(undefined, pod, 'kubectl-create', pods([['status']]));
  t.deepEqual(entries, [
    {
      manager: 'kubectl-create',
      operation: 'Update',
      apiVersion: 'v1',
      time: NOW,
      fieldsType: 'FieldsV1',
      fieldsV1: {
        'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } },
        'f:spec': {
          '.': {},
          'f:containers': { '.': {}, 'k:{"name":"c"}': { '.': {}, 'f:image': {}, 'f:name': {}, 'f:ports': { '.': {}, 'k:{"containerPort":80,"protocol":"TCP"}': { '.': {}, 'f:containerPort': {} } } } },
          'f:restartPolicy': {},
        },
      },
    },
  ]);
  t.is(JSON.stringify(entries), JSON.stringify(trackGeneral(undefined, pod, 'kubectl-create', pods([['status']]))));
});

test('an object with nothing but server-kept fields leaves no entry, on both paths', (t) => {
  const bare = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', managedFields: undefined } } as unknown as JsonObject;
  t.is(trackUpdate(undefined, bare, 'm', pods()), undefined);
  t.is(trackGeneral(undefined, bare, 'm', pods()), undefined);
});

// Keys the pod schema knows (so associative lists, sets and free maps are exercised) and a few it
// does not, plus names that are properties of Object.prototype.
const KEYS = ['apiVersion', 'kind', 'uid', 'resourceVersion', 'metadata', 'labels', 'spec', 'containers', 'name', 'image', 'ports', 'containerPort', 'protocol', 'env', 'value', 'finalizers', 'tolerations', 'key', 'status', 'x', 'constructor', 'toString'];
const key = fc.constantFrom(...KEYS);
const scalar: fc.Arbitrary<Json> = fc.oneof(fc.constant(null), fc.boolean(), fc.integer({ min: 0, max: 3 }), fc.constantFrom('a', 'b', 'TCP', 'UDP', ''), fc.constantFrom(Number.NaN, -0, undefined as unknown as Json));
const json: fc.Arbitrary<Json> = fc.letrec<{ v: Json }>((tie) => ({
  v: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, fc.array(tie('v'), { maxLength: 3 }), fc.dictionary(key, tie('v'), { maxKeys: 4 })),
})).v;
// metadata drawn on its own too, so that server-kept fields holding objects and lists turn up.
const metadata = fc.dictionary(fc.constantFrom('name', 'uid', 'generation', 'labels', 'x'), json, { maxKeys: 4 });
const object = fc.oneof(
  fc.dictionary(key, json, { maxKeys: 5 }),
  fc.tuple(fc.dictionary(key, json, { maxKeys: 3 }), metadata).map(([o, m]) => ({ ...o, metadata: m })),
) as fc.Arbitrary<JsonObject>;
const manager = fc.constantFrom('', 'kubectl', 'kube-controller-manager', 'a\ud800b', '😀');
// The Pod's zero object, and one with more in it (structs, nulls, zero scalars), as ctx.zero.
const ZERO_POD = ZERO_OBJECTS['/v1/Pod']!;
// (No key Object.prototype carries: no Go type has one.)
const ZERO_MORE: JsonObject = { metadata: { creationTimestamp: null }, spec: { containers: null, x: 0, labels: {} }, status: {}, x: { x: null } };
const context = fc.constantFrom(
  pods(),
  pods([['status']]),
  pods([['spec'], ['metadata']]),
  pods([['spec', 'containers'], ['x']]),
  { ...pods(), schema: untypedSchema },
  { ...pods(), now: '' },
  { ...pods([['status']]), zero: ZERO_POD },
  { ...pods([['spec', 'containers'], ['x']]), zero: ZERO_POD },
  { ...pods(), zero: ZERO_MORE },
);

test('the create fast path gives what the general path gives (property)', (t) => {
  fc.assert(
    fc.property(object, manager, context, (obj, m, ctx) => JSON.stringify(trackUpdate(undefined, obj, m, ctx)) === JSON.stringify(trackGeneral(undefined, obj, m, ctx))),
    { numRuns: 600 },
  );
  t.pass();
});

// The FieldsV1 of a create (after the zero object's share) is remembered with a copy of the
// object less the values of metadata's server-kept scalars: call after call, objects repeated,
// renamed or changed a little get what the general path gives, and two calls share only a
// FieldsV1 nobody can change.
const deeplyFrozen = (v: unknown): boolean => typeof v !== 'object' || v === null || (Object.isFrozen(v) && Object.values(v).every(deeplyFrozen));
test('remembered FieldsV1 of creates: what the general path gives, call after call, never shared (property)', (t) => {
  const rename = (o: JsonObject, n: number): JsonObject => {
    const meta = o['metadata'];
    if (meta === null || typeof meta !== 'object' || Array.isArray(meta)) return o;
    return { ...o, metadata: { ...meta, name: `p-${n}`, uid: `u-${n}`, generation: n } };
  };
  fc.assert(
    fc.property(fc.array(object, { minLength: 1, maxLength: 6 }), manager, fc.constantFrom(pods(), pods([['status']]), { ...pods(), schema: untypedSchema }, { ...pods([['status']]), zero: ZERO_POD }, { ...pods(), zero: ZERO_MORE }), (objects, m, base) => {
      const ctx = { ...base, resetFields: base.resetFields ?? [] };
      const calls = [...objects, ...objects.map((o, i) => rename(o, i)), ...objects];
      let previous: unknown;
      return calls.every((o) => {
        const got = trackUpdate(undefined, o, m, ctx);
        const same = JSON.stringify(got) === JSON.stringify(trackGeneral(undefined, o, m, ctx));
        // A remembered FieldsV1 is shared between objects, so frozen through and through.
        const fresh = got === undefined || got[0]!.fieldsV1 !== previous || deeplyFrozen(previous);
        previous = got?.[0]?.fieldsV1;
        return same && fresh;
      });
    }),
    { numRuns: 300 },
  );
  t.pass();
});

test('remembered FieldsV1: objects whose JSON text is the same but not their fields are told apart', (t) => {
  const ctx = pods([['status']]);
  const pairs: JsonObject[][] = [
    [{ spec: { containers: [] } }, { spec: { containers: [], hostname: undefined as unknown as Json } }],
    [{ metadata: { labels: {} } }, { metadata: { labels: { a: undefined as unknown as Json } } }],
    [{ spec: { nodeSelector: { a: 'b' } } }, { spec: { nodeSelector: { a: 'b', c: undefined as unknown as Json } } }],
  ];
  for (const [a, b] of pairs) {
    for (const o of [a!, b!, a!, b!]) t.is(JSON.stringify(trackUpdate(undefined, o, 'm', ctx)), JSON.stringify(trackGeneral(undefined, o, 'm', ctx)));
  }
});

// `kubectl create -f` of the docs' nginx Deployment on Kubernetes 1.32 records this FieldsV1: the
// structs the Go object has already (spec, strategy, template, its metadata and spec) and the
// containers list (null in it) carry no "."; the maps and lists that are new (labels,
// rollingUpdate, ports, the list items) do.
test('a Deployment created through the registry owns its fields as kubectl create shows them on 1.32', (t) => {
  const reg = new Registry();
  const res = reg.run({
    verb: 'create',
    target: { group: 'apps', version: 'v1', resource: 'deployments', namespace: 'default' },
    body: { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'nginx', labels: { app: 'nginx' } }, spec: { replicas: 1, selector: { matchLabels: { app: 'nginx' } }, template: { metadata: { labels: { app: 'nginx' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.14.2', ports: [{ containerPort: 80 }] }] } } } },
  });
  t.true(res.ok);
  const fields = ((res.body as JsonObject)['metadata'] as { managedFields: { fieldsV1: unknown }[] }).managedFields[0]!.fieldsV1;
  t.deepEqual(fields, {
    'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } },
    'f:spec': {
      'f:progressDeadlineSeconds': {},
      'f:replicas': {},
      'f:revisionHistoryLimit': {},
      'f:selector': {},
      'f:strategy': { 'f:rollingUpdate': { '.': {}, 'f:maxSurge': {}, 'f:maxUnavailable': {} }, 'f:type': {} },
      'f:template': {
        'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } },
        'f:spec': {
          'f:containers': {
            'k:{"name":"nginx"}': {
              '.': {},
              'f:image': {},
              'f:imagePullPolicy': {},
              'f:name': {},
              'f:ports': { '.': {}, 'k:{"containerPort":80,"protocol":"TCP"}': { '.': {}, 'f:containerPort': {}, 'f:protocol': {} } },
              'f:resources': {},
              'f:terminationMessagePath': {},
              'f:terminationMessagePolicy': {},
            },
          },
          'f:dnsPolicy': {},
          'f:restartPolicy': {},
          'f:schedulerName': {},
          'f:securityContext': {},
          'f:terminationGracePeriodSeconds': {},
        },
      },
    },
  });
});
