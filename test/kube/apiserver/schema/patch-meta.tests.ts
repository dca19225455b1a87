import test from 'ava';
import { fieldPatchMeta, patchStrategies, typePatchMeta } from '../../../../actors/kube-apiserver/schema/patch-meta.ts';

// Facts from the v1.32 OpenAPI of the built-in kinds (x-kubernetes-patch-* and list/map markers).
const cases: [string, string, object | undefined][] = [
  ['core/v1.PodSpec', 'containers', { patchStrategy: 'merge', patchMergeKey: 'name', listType: 'map', listMapKeys: ['name'] }],
  ['core/v1.PodSpec', 'volumes', { patchStrategy: 'merge,retainKeys', patchMergeKey: 'name', listType: 'map', listMapKeys: ['name'] }],
  ['core/v1.PodSpec', 'tolerations', { listType: 'atomic' }],
  ['core/v1.PodSpec', 'nodeSelector', { mapType: 'atomic' }],
  ['core/v1.Container', 'ports', { patchStrategy: 'merge', patchMergeKey: 'containerPort', listType: 'map', listMapKeys: ['containerPort', 'protocol'] }],
  ['core/v1.Container', 'env', { patchStrategy: 'merge', patchMergeKey: 'name', listType: 'map', listMapKeys: ['name'] }],
  ['core/v1.Container', 'volumeMounts', { patchStrategy: 'merge', patchMergeKey: 'mountPath', listType: 'map', listMapKeys: ['mountPath'] }],
  ['core/v1.Container', 'args', { listType: 'atomic' }],
  ['core/v1.Container', 'image', undefined],
  ['core/v1.EphemeralContainer', 'env', { patchStrategy: 'merge', patchMergeKey: 'name', listType: 'map', listMapKeys: ['name'] }],
  ['meta/v1.ObjectMeta', 'finalizers', { patchStrategy: 'merge', listType: 'set' }],
  ['meta/v1.ObjectMeta', 'ownerReferences', { patchStrategy: 'merge', patchMergeKey: 'uid', listType: 'map', listMapKeys: ['uid'] }],
  ['core/v1.PodStatus', 'conditions', { patchStrategy: 'merge', patchMergeKey: 'type', listType: 'map', listMapKeys: ['type'] }],
  ['core/v1.ServiceSpec', 'ports', { patchStrategy: 'merge', patchMergeKey: 'port', listType: 'map', listMapKeys: ['port', 'protocol'] }],
  ['apps/v1.DeploymentSpec', 'strategy', { patchStrategy: 'retainKeys' }],
  ['apps/v1.DeploymentStatus', 'conditions', { patchStrategy: 'merge', patchMergeKey: 'type', listType: 'map', listMapKeys: ['type'] }],
  ['batch/v1.JobStatus', 'conditions', { patchStrategy: 'merge', patchMergeKey: 'type', listType: 'atomic' }],
  ['core/v1.NodeStatus', 'addresses', { patchStrategy: 'merge', patchMergeKey: 'type', listType: 'map', listMapKeys: ['type'] }],
];

for (const [type, field, want] of cases) {
  test(`${type}.${field}`, (t) => {
    t.deepEqual(fieldPatchMeta(type, field), want);
  });
}

test('LabelSelector is an atomic struct; ObjectMeta is not', (t) => {
  t.deepEqual(typePatchMeta('meta/v1.LabelSelector'), { structType: 'atomic' });
  t.is(typePatchMeta('meta/v1.ObjectMeta'), undefined);
});

test('patchStrategies splits a combined strategy', (t) => {
  t.deepEqual(patchStrategies(fieldPatchMeta('core/v1.PodSpec', 'volumes')), ['merge', 'retainKeys']);
  t.deepEqual(patchStrategies(undefined), []);
});
