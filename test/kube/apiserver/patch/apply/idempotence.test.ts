// Properties: applying the same configuration twice is a no-op (same object, same managedFields,
// time included), and a second manager applying identical values never conflicts.

import test from 'ava';
import fc from 'fast-check';
import { type JsonObject, apply } from '../../../../../actors/kube-apiserver/patch/apply/field-manager.ts';
import { kindSchema } from '../../../../../actors/kube-apiserver/patch/apply/kind-schema.ts';

const ctx = (now: string) => ({ schema: kindSchema({ group: 'apps', version: 'v1', kind: 'Deployment' }), apiVersion: 'apps/v1', kind: 'Deployment', now });
const T1 = '2026-12-01T10:00:00Z';
const T2 = '2026-12-01T11:00:00Z';

const word = fc.constantFrom('a', 'b', 'web', 'db', 'x-1');
const labels = fc.dictionary(word, word, { maxKeys: 3 });
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
    { requiredKeys: [] },
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
