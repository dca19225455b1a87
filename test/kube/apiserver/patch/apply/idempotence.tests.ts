// Properties: applying the same configuration twice is a no-op (same object, same managedFields,
// time included); a second manager applying identical values never conflicts; and through any
// sequence of applies and updates, managers only ever own fields the object has. (Configurations
// here hold no empty maps: SMD lets an applier own an emptied map that the object then lacks.)

import test from 'ava';
import fc from 'fast-check';
import type { ManagedFieldsEntry } from 'kubernetes-types/meta/v1.d.ts';
import { type JsonObject, apply, trackUpdate } from '../../../../../actors/kube-apiserver/patch/apply/field-manager.ts';
import { has, paths } from '../../../../../actors/kube-apiserver/patch/apply/field-set.ts';
import { decodeManagedFields } from '../../../../../actors/kube-apiserver/patch/apply/managed-fields.ts';
import { compare } from '../../../../../actors/kube-apiserver/patch/apply/compare.ts';
import { kindSchema } from '../../../../../actors/kube-apiserver/patch/apply/kind-schema.ts';

const ctx = (now: string) => ({ schema: kindSchema({ group: 'apps', version: 'v1', kind: 'Deployment' }), apiVersion: 'apps/v1', kind: 'Deployment', now });
const T1 = '2026-12-01T10:00:00Z';
const T2 = '2026-12-01T11:00:00Z';

const word = fc.constantFrom('a', 'b', 'web', 'db', 'x-1');
const labels = fc.dictionary(word, word, { minKeys: 1, maxKeys: 3 });
const container = fc.record(
  {
    name: word,
    image: fc.constantFrom('nginx', 'redis:7', 'busybox'),
    args: fc.array(word, { maxLength: 2 }),
    env: fc.uniqueArray(fc.record({ name: word, value: word }), { selector: (e) => e.name, maxLength: 3 }),
    ports: fc.uniqueArray(fc.record({ containerPort: fc.integer({ min: 1, max: 5 }), protocol: fc.constantFrom('TCP', 'UDP') }, { requiredKeys: ['containerPort'] }), {
      selector: (p) => `${p.containerPort}/${p.protocol ?? 'TCP'}`,
      maxLength: 3,
    }),
  },
  { requiredKeys: ['name'] },
);
const deployment: fc.Arbitrary<JsonObject> = fc
  .record(
    {
      replicas: fc.integer({ min: 0, max: 5 }),
      labels,
      annotations: labels,
      containers: fc.uniqueArray(container, { selector: (c) => c.name, maxLength: 3 }),
      finalizers: fc.uniqueArray(word, { maxLength: 2 }),
      paused: fc.boolean(),
    },
    { requiredKeys: ['replicas'] },
  )
  .map(
    (d) =>
      ({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'web', ...(d.labels ? { labels: d.labels } : {}), ...(d.annotations ? { annotations: d.annotations } : {}), ...(d.finalizers ? { finalizers: d.finalizers } : {}) },
        spec: {
          ...(d.replicas !== undefined ? { replicas: d.replicas } : {}),
          ...(d.paused !== undefined ? { paused: d.paused } : {}),
          ...(d.containers ? { template: { spec: { containers: d.containers } } } : {}),
        },
      }) as JsonObject,
  );

test('applying the same configuration twice changes nothing', (t) => {
  fc.assert(
    fc.property(fc.option(deployment, { nil: undefined }), deployment, (before, config) => {
      const start = before ? apply(undefined, before, 'first', false, ctx(T1)) : undefined;
      if (start && !start.ok) return false;
      const once = apply(start?.object, config, 'kubectl', true, ctx(T1));
      if (!once.ok) return false;
      const twice = apply(once.object, config, 'kubectl', false, ctx(T2));
      return twice.ok && !twice.changed && JSON.stringify(twice.object) === JSON.stringify(once.object);
    }),
    { numRuns: 200 },
  );
  t.pass();
});

test('a second manager applying the same values shares them without conflict', (t) => {
  fc.assert(
    fc.property(deployment, (config) => {
      const once = apply(undefined, config, 'kubectl', false, ctx(T1));
      if (!once.ok) return false;
      const other = apply(once.object, config, 'other', false, ctx(T2));
      return other.ok && !other.changed;
    }),
    { numRuns: 200 },
  );
  t.pass();
});

type Op = { kind: 'apply'; manager: string; config: JsonObject; force: boolean } | { kind: 'update'; manager: string; next: JsonObject };
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('apply' as const), manager: fc.constantFrom('a', 'b', 'c'), config: deployment, force: fc.boolean() }),
  fc.record({ kind: fc.constant('update' as const), manager: fc.constantFrom('u', 'v'), next: deployment }),
);

test('managers own only fields the object has, whatever the sequence of writes', (t) => {
  const schema = ctx(T1).schema;
  fc.assert(
    fc.property(fc.array(op, { minLength: 1, maxLength: 6 }), (ops) => {
      let object: JsonObject | undefined;
      ops.forEach((o, i) => {
        const now = `2026-12-01T10:0${i}:00Z`;
        if (o.kind === 'apply') {
          const r = apply(object, o.config, o.manager, o.force, ctx(now));
          if (r.ok) object = r.object;
        } else {
          const meta = { ...(o.next['metadata'] as JsonObject), uid: 'u1' };
          const next = { ...o.next, metadata: { ...meta, ...(object ? { managedFields: (object['metadata'] as JsonObject)['managedFields'] ?? [] } : {}) } };
          const mf = trackUpdate(object, next, o.manager, ctx(now));
          object = { ...next, metadata: mf ? { ...meta, managedFields: mf as unknown as JsonObject[] } : meta };
        }
        if (!object) return;
        const { managedFields, ...meta } = object['metadata'] as JsonObject;
        // Every path the object has, containers included: what an update from nothing would add.
        const present = compare({}, { ...object, metadata: meta }, schema).added;
        const decoded = decodeManagedFields(managedFields as unknown as ManagedFieldsEntry[] | undefined);
        if (!decoded.ok) throw new Error(decoded.error);
        for (const [id, vs] of decoded.state.managers) {
          for (const p of paths(vs.set)) if (!has(present, p)) throw new Error(`${id} owns a missing field after op ${i}`);
        }
      });
      return true;
    }),
    { numRuns: 150 },
  );
  t.pass();
});
