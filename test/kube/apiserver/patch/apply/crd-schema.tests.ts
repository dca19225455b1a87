// Apply on custom resources: the CRD's structural schema decides structs, maps and list types.

import test from 'ava';
import { crdSchema } from '../../../../../actors/kube-apiserver/patch/apply/crd-schema.ts';
import { type JsonObject, apply } from '../../../../../actors/kube-apiserver/patch/apply/field-manager.ts';
import { ITEM, nodeAt } from '../../../../../actors/kube-apiserver/patch/apply/schema.ts';

// The CronTab of the CustomResourceDefinition docs, with a list map and a free map added.
const schema = crdSchema({
  type: 'object',
  properties: {
    spec: {
      type: 'object',
      properties: {
        cronSpec: { type: 'string' },
        image: { type: 'string' },
        replicas: { type: 'integer' },
        ports: {
          type: 'array',
          'x-kubernetes-list-type': 'map',
          'x-kubernetes-list-map-keys': ['name', 'protocol'],
          items: { type: 'object', properties: { name: { type: 'string' }, protocol: { type: 'string', default: 'TCP' }, port: { type: 'integer' } } },
        },
        tags: { type: 'array', 'x-kubernetes-list-type': 'set', items: { type: 'string' } },
        env: { type: 'object', additionalProperties: { type: 'string' } },
        raw: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
      },
    },
  },
});
const ctx = { schema, apiVersion: 'stable.example.com/v1', kind: 'CronTab', now: '2026-12-01T10:00:00Z' };
const cron = (spec: JsonObject): JsonObject => ({ apiVersion: 'stable.example.com/v1', kind: 'CronTab', metadata: { name: 'my-new-cron-object', finalizers: ['x'] }, spec });

test('shapes come from the structural schema; metadata is ObjectMeta', (t) => {
  t.is(nodeAt(schema, ['spec']).map(), 'struct');
  t.is(nodeAt(schema, ['spec', 'env']).map(), 'granular');
  t.is(nodeAt(schema, ['spec', 'raw']).map(), 'granular');
  t.deepEqual(nodeAt(schema, ['spec', 'ports']).list(), { type: 'map', keys: ['name', 'protocol'], defaults: { protocol: 'TCP' } });
  t.deepEqual(nodeAt(schema, ['spec', 'tags']).list(), { type: 'set' });
  t.deepEqual(nodeAt(schema, ['metadata', 'finalizers']).list(), { type: 'set' });
  t.deepEqual(nodeAt(schema, ['spec', 'ports', ITEM, 'name']).list(), { type: 'atomic' });
});

test('the docs CronTab applied: fields recorded as for a built-in kind', (t) => {
  const r = apply(undefined, cron({ cronSpec: '* * * * */5', image: 'my-awesome-cron-image', ports: [{ name: 'http', port: 80 }], tags: ['a'], env: { A: '1' }, raw: { anything: { goes: 1 } } }), 'kubectl', false, ctx);
  t.true(r.ok);
  if (r.ok) {
    const mf = (r.object['metadata'] as JsonObject)['managedFields'] as unknown as { fieldsV1: unknown }[];
    t.deepEqual(mf[0]!.fieldsV1, {
      'f:metadata': { 'f:finalizers': { 'v:"x"': {} } },
      'f:spec': {
        'f:cronSpec': {},
        'f:env': { 'f:A': {} },
        'f:image': {},
        'f:ports': { 'k:{"name":"http","protocol":"TCP"}': { '.': {}, 'f:name': {}, 'f:port': {} } },
        'f:raw': { 'f:anything': { '.': {}, 'f:goes': {} } },
        'f:tags': { 'v:"a"': {} },
      },
    });
  }
});

test('a field the CRD does not declare is refused', (t) => {
  const r = apply(undefined, cron({ cronSpec: 'x', colour: 'red' }), 'kubectl', false, ctx);
  t.like(r, { ok: false, status: { code: 500, message: 'failed to create typed patch object (/my-new-cron-object; stable.example.com/v1, Kind=CronTab): .spec.colour: field not declared in schema' } });
});
