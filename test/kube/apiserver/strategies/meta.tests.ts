import test from 'ava';
import { validateImmutableField, validateObjectMeta, validateObjectMetaUpdate } from '../../../../actors/kube-apiserver/strategies/meta.ts';
import { formatFieldError } from '../../../../protocols/kube/field-errors.ts';
import type { ObjectMeta } from '../../../../protocols/kube/objects.ts';
import { nameIsDNSLabel, nameIsDNSSubdomain } from '../../../../protocols/kube/validation/index.ts';

const ns = { namespaced: true, nameValidator: nameIsDNSSubdomain };
const cluster = { namespaced: false, nameValidator: nameIsDNSSubdomain };
const msgs = (meta: ObjectMeta, opts = ns) => validateObjectMeta(meta, opts).map(formatFieldError);

test('a plain namespaced object passes', (t) => {
  t.deepEqual(msgs({ name: 'web', namespace: 'default', labels: { app: 'web' }, finalizers: ['example.com/x', 'kubernetes'] }), []);
});

test('namespace: required for namespaced kinds, forbidden for cluster-scoped, a DNS label', (t) => {
  t.deepEqual(msgs({ name: 'web' }), ['metadata.namespace: Required value']);
  t.deepEqual(msgs({ name: 'n1', namespace: 'default' }, cluster), ['metadata.namespace: Forbidden: not allowed on this type']);
  const [m] = msgs({ name: 'web', namespace: 'a.b' });
  t.is(m, 'metadata.namespace: Invalid value: "a.b": must not contain dots');
});

test('name required, or checked with the kind rule; generateName checked as a prefix', (t) => {
  t.deepEqual(msgs({ namespace: 'default' }), ['metadata.name: Required value: name or generateName is required']);
  t.true(msgs({ name: 'a.b', namespace: 'x' }, { namespaced: true, nameValidator: nameIsDNSLabel })[0]!.startsWith('metadata.name: Invalid value: "a.b"'));
  t.deepEqual(msgs({ name: 'web-abcde', generateName: 'web-', namespace: 'x' }), []);
});

test('generation must not be negative', (t) => {
  t.deepEqual(msgs({ name: 'a', namespace: 'x', generation: -1 }), ['metadata.generation: Invalid value: -1: must be greater than or equal to 0']);
});

test('owner references: required parts, one controller, no Event owners', (t) => {
  const ref = { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs', uid: 'u1' };
  t.deepEqual(msgs({ name: 'a', namespace: 'x', ownerReferences: [ref] }), []);
  t.deepEqual(msgs({ name: 'a', namespace: 'x', ownerReferences: [{ apiVersion: 'apps/', kind: '', name: '', uid: '' }] }), [
    'metadata.ownerReferences.apiVersion: Invalid value: "apps/": version must not be empty',
    'metadata.ownerReferences.kind: Invalid value: "": must not be empty',
    'metadata.ownerReferences.name: Invalid value: "": must not be empty',
    'metadata.ownerReferences.uid: Invalid value: "": must not be empty',
  ]);
  const two = [
    { ...ref, controller: true },
    { ...ref, kind: 'Deployment', name: 'd', controller: true },
  ];
  const errs = validateObjectMeta({ name: 'a', namespace: 'x', ownerReferences: two }, ns);
  t.is(errs.length, 1);
  t.is(errs[0]!.detail, 'Only one reference can have Controller set to true. Found "true" in references for ReplicaSet/rs and Deployment/d');
  const ev = validateObjectMeta({ name: 'a', namespace: 'x', ownerReferences: [{ apiVersion: 'v1', kind: 'Event', name: 'e', uid: 'u' }] }, ns);
  t.is(ev[0]!.detail, '/v1, Kind=Event is disallowed from being an owner');
});

test('finalizers: qualified names, standard names unqualified, not orphan with foregroundDeletion', (t) => {
  t.deepEqual(msgs({ name: 'a', namespace: 'x', finalizers: ['custom'] }), [
    'metadata.finalizers[0]: Invalid value: "custom": name is neither a standard finalizer name nor is it fully qualified',
  ]);
  t.deepEqual(validateObjectMeta({ name: 'a', namespace: 'x', finalizers: ['custom'] }, { ...ns, kubeFinalizers: false }), []);
  t.deepEqual(msgs({ name: 'a', namespace: 'x', finalizers: ['orphan', 'foregroundDeletion'] }), [
    'metadata.finalizers: Invalid value: []string{"orphan", "foregroundDeletion"}: finalizer orphan and foregroundDeletion cannot be both set',
  ]);
  t.true(msgs({ name: 'a', namespace: 'x', finalizers: ['a/b/c'] })[0]!.startsWith('metadata.finalizers: Invalid value: "a/b/c": a qualified name must consist of'));
});

test('labels and annotations are checked at their map paths', (t) => {
  const [l] = msgs({ name: 'a', namespace: 'x', labels: { 'bad key': 'v' } });
  t.true(l!.startsWith('metadata.labels: Invalid value: "bad key": name part must consist of'));
  const [a] = msgs({ name: 'a', namespace: 'x', annotations: { 'a/b/c': '' } });
  t.true(a!.startsWith('metadata.annotations: Invalid value: "a/b/c":'));
});

test('managedFields: operation must be Apply or Update', (t) => {
  t.deepEqual(msgs({ name: 'a', namespace: 'x', managedFields: [{ manager: 'm', operation: 'Patch', fieldsType: 'FieldsV1' }] }), [
    'metadata.managedFields[0].operation: Invalid value: "Patch": must be `Apply` or `Update`',
  ]);
});

const old: ObjectMeta = { name: 'a', namespace: 'x', uid: 'u1', resourceVersion: '5', generation: 2, creationTimestamp: '2026-01-01T00:00:00Z' };

test('update: identity fields are immutable', (t) => {
  const errs = validateObjectMetaUpdate({ ...old, name: 'b', namespace: 'y', uid: 'u2', creationTimestamp: '2026-01-02T00:00:00Z' }, old).map(formatFieldError);
  t.deepEqual(errs, [
    'metadata.name: Invalid value: "b": field is immutable',
    'metadata.namespace: Invalid value: "y": field is immutable',
    'metadata.uid: Invalid value: "u2": field is immutable',
    'metadata.creationTimestamp: Invalid value: "2026-01-02T00:00:00Z": field is immutable',
  ]);
  t.deepEqual(validateObjectMetaUpdate({ ...old, labels: { a: 'b' } }, old), []);
});

test('update: resourceVersion required, generation not decremented, deletion fields fixed', (t) => {
  const errs = validateObjectMetaUpdate({ ...old, resourceVersion: '', generation: 1, deletionGracePeriodSeconds: 30 }, old).map(formatFieldError);
  t.deepEqual(errs, [
    'metadata.resourceVersion: Invalid value: "": must be specified for an update',
    'metadata.generation: Invalid value: 1: must not be decremented',
    'metadata.deletionGracePeriodSeconds: Invalid value: 30: field is immutable',
  ]);
});

test('update: no new finalizers once deleting', (t) => {
  const deleting = { ...old, deletionTimestamp: '2026-01-01T00:01:00Z', finalizers: ['example.com/a'] };
  t.deepEqual(validateObjectMetaUpdate({ ...deleting, finalizers: [] }, deleting), []);
  t.deepEqual(validateObjectMetaUpdate({ ...deleting, finalizers: ['example.com/a', 'example.com/b'] }, deleting).map(formatFieldError), [
    'metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{"example.com/b"}',
  ]);
});

test('immutability compares JSON values, not their key order', (t) => {
  const a = { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'r' };
  const b = { name: 'r', kind: 'Role', apiGroup: 'rbac.authorization.k8s.io' };
  t.deepEqual(validateImmutableField(a, b, 'roleRef'), []);
  t.deepEqual(validateImmutableField(undefined, null, 'x'), []);
  t.is(validateImmutableField([1, 2], [2, 1], 'x').length, 1);
});
