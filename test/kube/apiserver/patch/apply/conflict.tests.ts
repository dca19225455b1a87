// The apply conflict Status, with the cases of apimachinery's managedfields conflict tests.

import test from 'ava';
import { applyConflict } from '../../../../../actors/kube-apiserver/patch/apply/conflict.ts';
import { fromPaths } from '../../../../../actors/kube-apiserver/patch/apply/field-set.ts';
import { field } from '../../../../../actors/kube-apiserver/patch/apply/path-element.ts';
import { managerIdentifier, printManager } from '../../../../../actors/kube-apiserver/patch/apply/managed-fields.ts';

const at = (...names: string[]) => fromPaths([names.map(field)]);
const FOO = '{"manager":"foo","operation":"Update","apiVersion":"v1","time":"2001-02-03T04:05:06Z"}';

test('one conflict with an updater', (t) => {
  t.deepEqual(applyConflict([{ manager: FOO, set: at('spec', 'replicas') }]), {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: 'Apply failed with 1 conflict: conflict with "foo" using v1 at 2001-02-03T04:05:06Z: .spec.replicas',
    reason: 'Conflict',
    details: { causes: [{ reason: 'FieldManagerConflict', message: 'conflict with "foo" using v1 at 2001-02-03T04:05:06Z', field: '.spec.replicas' }] },
    code: 409,
  });
});

test('conflicts with two managers are grouped, managers sorted', (t) => {
  const s = applyConflict([
    { manager: FOO, set: at('spec', 'replicas') },
    { manager: '{"manager":"bar","operation":"Apply"}', set: at('metadata', 'labels', 'app') },
  ]);
  t.is(s.message, 'Apply failed with 2 conflicts: conflicts with "bar":\n- .metadata.labels.app\nconflicts with "foo" using v1 at 2001-02-03T04:05:06Z:\n- .spec.replicas');
  t.deepEqual(s.details?.causes?.map((c) => `${c.field} ${c.message}`).sort(), ['.metadata.labels.app conflict with "bar"', '.spec.replicas conflict with "foo" using v1 at 2001-02-03T04:05:06Z']);
});

test('a subresource manager says so', (t) => {
  const id = '{"manager":"foo","operation":"Update","subresource":"scale","apiVersion":"v1","time":"2001-02-03T04:05:06Z"}';
  t.is(applyConflict([{ manager: id, set: at('spec', 'replicas') }]).message, 'Apply failed with 1 conflict: conflict with "foo" with subresource "scale" using v1 at 2001-02-03T04:05:06Z: .spec.replicas');
});

test('identifiers: an applier is its name, an updater its name and version', (t) => {
  t.is(managerIdentifier({ manager: 'kubectl', operation: 'Apply', apiVersion: 'apps/v1' }), '{"manager":"kubectl","operation":"Apply"}');
  t.is(managerIdentifier({ manager: 'kcm', operation: 'Update', apiVersion: 'apps/v1', subresource: 'status' }), '{"manager":"kcm","operation":"Update","apiVersion":"apps/v1","subresource":"status"}');
  t.is(printManager('{"manager":"kcm","operation":"Update","apiVersion":"apps/v1","subresource":"status"}'), '"kcm" with subresource "status" using apps/v1');
  t.is(printManager('not json'), '"not json"');
});
