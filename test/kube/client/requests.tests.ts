import test from 'ava';
import { createCall, deleteCall, deleteCollectionCall, getCall, listCall, patchCall, updateCall } from '../../../actors/client/requests.ts';

test('kubectl names resolve to the same target: Pod, pods, po', (t) => {
  for (const k of ['Pod', 'pods', 'po', 'pod']) {
    t.deepEqual(getCall(k, 'web', { namespace: 'prod' }), { verb: 'get', target: { group: '', version: 'v1', resource: 'pods', namespace: 'prod', name: 'web' } });
  }
});

test('group-qualified and short names: deployments.apps, deploy', (t) => {
  t.deepEqual(listCall('deployments.apps', { namespace: 'default' }, { labelSelector: 'app=web' }), {
    verb: 'list',
    target: { group: 'apps', version: 'v1', resource: 'deployments', namespace: 'default' },
    options: { labelSelector: 'app=web' },
  });
  t.is(getCall('deploy', 'x').target.resource, 'deployments');
  t.is(getCall('deploy', 'x').target.namespace, 'default');
});

test('a list without a namespace spans all namespaces; a cluster-scoped resource never takes one', (t) => {
  t.false('namespace' in listCall('pods').target);
  t.false('namespace' in getCall('nodes', 'worker-1', { namespace: 'default' }).target);
});

test('an unknown name fails with kubectl\'s message', (t) => {
  t.throws(() => getCall('flux', 'x'), { message: 'the server doesn\'t have a resource type "flux"' });
});

test('create posts to the collection of the object\'s kind; update names the object and subresource', (t) => {
  const rs = { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'web-1', namespace: 'prod' } };
  t.deepEqual(createCall(rs).target, { group: 'apps', version: 'v1', resource: 'replicasets', namespace: 'prod' });
  t.deepEqual(updateCall(rs, { subresource: 'status' }).target, { group: 'apps', version: 'v1', resource: 'replicasets', subresource: 'status', namespace: 'prod', name: 'web-1' });
  t.throws(() => createCall({ apiVersion: 'v2', kind: 'Pod', metadata: {} }), { message: 'no matches for kind "Pod" in version "v2"' });
});

test('patch and delete carry their type and options', (t) => {
  const p = patchCall('cm', 'c', 'merge', '{"data":{"a":"1"}}', { namespace: 'x' });
  t.like(p, { verb: 'patch', patchType: 'merge', patch: '{"data":{"a":"1"}}', target: { resource: 'configmaps', namespace: 'x', name: 'c' } });
  t.like(deleteCall('deploy', 'web', {}, { propagationPolicy: 'Foreground' }), { verb: 'delete', options: { propagationPolicy: 'Foreground' } });
});

test('deletecollection targets the collection with its selector', (t) => {
  t.deepEqual(deleteCollectionCall('pods', { namespace: 'ci' }, { labelSelector: 'job=x' }), {
    verb: 'deletecollection',
    target: { group: '', version: 'v1', resource: 'pods', namespace: 'ci' },
    options: { labelSelector: 'job=x' },
  });
});
