// managedFields through /scale, with cases from apimachinery's scalehandler tests.

import test from 'ava';
import type { ManagedFieldsEntry } from 'kubernetes-types/meta/v1.d.ts';
import { APPS_V1_REPLICAS, scaleToParent, scaleToSubresource } from '../../../../../actors/kube-apiserver/patch/apply/scale-handler.ts';

const entry = (manager: string, operation: 'Apply' | 'Update', apiVersion: string, fields: object, extra: Partial<ManagedFieldsEntry> = {}): ManagedFieldsEntry => ({
  manager,
  operation,
  apiVersion,
  fieldsType: 'FieldsV1',
  fieldsV1: fields,
  ...extra,
});
const REPLICAS = { 'f:spec': { 'f:replicas': {} } };
const REPLICAS_AND_SELECTOR = { 'f:spec': { 'f:replicas': {}, 'f:selector': {} } };
const SELECTOR = { 'f:spec': { 'f:selector': {} } };
const TIME = '2013-02-03T00:00:00Z';

test('to the Scale: only the owners of replicas, as autoscaling/v1, times kept', (t) => {
  const r = scaleToSubresource([entry('manager-1', 'Apply', 'apps/v1', { 'f:spec': { 'f:another-field': {} } }), entry('manager-2', 'Apply', 'apps/v1', REPLICAS, { time: TIME })], APPS_V1_REPLICAS);
  t.deepEqual(r, { ok: true, entries: [entry('manager-2', 'Apply', 'autoscaling/v1', REPLICAS, { time: TIME })] });
});

test('to the Scale: subresource owners too; an unknown version is dropped', (t) => {
  const all = scaleToSubresource([entry('manager-1', 'Apply', 'apps/v1', REPLICAS), entry('manager-3', 'Apply', 'apps/v1', REPLICAS, { subresource: 'scale' })], APPS_V1_REPLICAS);
  t.deepEqual(all, { ok: true, entries: [entry('manager-1', 'Apply', 'autoscaling/v1', REPLICAS), entry('manager-3', 'Apply', 'autoscaling/v1', REPLICAS, { subresource: 'scale' })] });
  t.deepEqual(scaleToSubresource([entry('manager-1', 'Apply', 'apps/v10', REPLICAS)], APPS_V1_REPLICAS), { ok: true, entries: undefined });
});

const CASES: [string, ManagedFieldsEntry, ManagedFieldsEntry, ManagedFieldsEntry[]][] = [
  [
    'apply -> update',
    entry('test', 'Apply', 'apps/v1', REPLICAS_AND_SELECTOR),
    entry('scale', 'Update', 'autoscaling/v1', REPLICAS, { subresource: 'scale' }),
    [entry('test', 'Apply', 'apps/v1', SELECTOR), entry('scale', 'Update', 'apps/v1', REPLICAS, { subresource: 'scale' })],
  ],
  [
    'apply -> apply',
    entry('test', 'Apply', 'apps/v1', REPLICAS_AND_SELECTOR),
    entry('scale', 'Apply', 'autoscaling/v1', REPLICAS, { subresource: 'scale' }),
    [entry('scale', 'Apply', 'apps/v1', REPLICAS, { subresource: 'scale' }), entry('test', 'Apply', 'apps/v1', SELECTOR)],
  ],
  [
    'update -> update',
    entry('test', 'Update', 'apps/v1', REPLICAS_AND_SELECTOR),
    entry('scale', 'Update', 'autoscaling/v1', REPLICAS, { subresource: 'scale' }),
    [entry('scale', 'Update', 'apps/v1', REPLICAS, { subresource: 'scale' }), entry('test', 'Update', 'apps/v1', SELECTOR)],
  ],
];

for (const [name, parent, scale, expected] of CASES) {
  test(`to the parent, different managers: ${name}`, (t) => {
    t.deepEqual(scaleToParent([parent], [scale], 'apps/v1', APPS_V1_REPLICAS), { ok: true, entries: expected });
  });
}

const SAME: [string, 'Apply' | 'Update'][] = [
  ['apply -> apply', 'Apply'],
  ['update -> update', 'Update'],
];

for (const [name, op] of SAME) {
  test(`to the parent, same manager: ${name}`, (t) => {
    const parent = entry('test', op, 'apps/v1', REPLICAS_AND_SELECTOR);
    const scale = entry('test', op, 'autoscaling/v1', REPLICAS, { subresource: 'scale' });
    t.deepEqual(scaleToParent([parent], [scale], 'apps/v1', APPS_V1_REPLICAS), {
      ok: true,
      entries: [entry('test', op, 'apps/v1', SELECTOR), entry('test', op, 'apps/v1', REPLICAS, { subresource: 'scale' })],
    });
  });
}
