// etcd keys as a real kube-apiserver writes them, with Kubernetes' historical exceptions.

import test from 'ava';
import { RESOURCES, resourceFor } from '../../../protocols/kube/resources.ts';
import { storageKey, storageListPrefix, storagePrefix } from '../../../protocols/kube/storage-keys.ts';

const KEYS: readonly [string, string, string, string, string][] = [
  ['', 'pods', 'default', 'web', '/registry/pods/default/web'],
  ['', 'services', 'default', 'kubernetes', '/registry/services/specs/default/kubernetes'],
  ['', 'endpoints', 'default', 'kubernetes', '/registry/services/endpoints/default/kubernetes'],
  ['', 'nodes', '', 'worker-1', '/registry/minions/worker-1'],
  ['', 'replicationcontrollers', 'default', 'web', '/registry/controllers/default/web'],
  ['', 'namespaces', '', 'kube-system', '/registry/namespaces/kube-system'],
  ['', 'persistentvolumes', '', 'pv-1', '/registry/persistentvolumes/pv-1'],
  ['', 'configmaps', 'kube-system', 'coredns', '/registry/configmaps/kube-system/coredns'],
  ['', 'events', 'default', 'web.17a', '/registry/events/default/web.17a'],
  ['apps', 'deployments', 'default', 'web', '/registry/deployments/default/web'],
  ['coordination.k8s.io', 'leases', 'kube-node-lease', 'worker-1', '/registry/leases/kube-node-lease/worker-1'],
  ['discovery.k8s.io', 'endpointslices', 'default', 'kubernetes', '/registry/endpointslices/default/kubernetes'],
  ['rbac.authorization.k8s.io', 'clusterroles', '', 'cluster-admin', '/registry/clusterroles/cluster-admin'],
  ['scheduling.k8s.io', 'priorityclasses', '', 'system-node-critical', '/registry/priorityclasses/system-node-critical'],
  ['apiextensions.k8s.io', 'customresourcedefinitions', '', 'crontabs.stable.example.com', '/registry/apiextensions.k8s.io/customresourcedefinitions/crontabs.stable.example.com'],
];

for (const [group, resource, namespace, name, key] of KEYS) {
  test(`${resource} ${namespace}/${name} is stored at ${key}`, (t) => {
    const r = resourceFor(group, resource);
    t.truthy(r);
    t.is(storageKey(r!, namespace, name), key);
  });
}

test('ingresses are stored under ingress, custom resources under their group', (t) => {
  t.is(storagePrefix({ group: 'networking.k8s.io', resource: 'ingresses' }), '/registry/ingress');
  t.is(storageKey({ group: 'stable.example.com', resource: 'crontabs', namespaced: true }, 'default', 'c1', true), '/registry/stable.example.com/crontabs/default/c1');
});

test('list prefixes end with a slash, so that no resource lists another', (t) => {
  const pods = resourceFor('', 'pods')!;
  t.is(storageListPrefix(pods), '/registry/pods/');
  t.is(storageListPrefix(pods, 'default'), '/registry/pods/default/');
  const prefixes = RESOURCES.map((r) => storageListPrefix(r));
  for (const a of prefixes) t.deepEqual(prefixes.filter((b) => b !== a && b.startsWith(a)), [], a);
});

test('every resource has its own prefix, and a namespace exactly when it is namespaced', (t) => {
  const prefixes = RESOURCES.map((r) => storagePrefix(r));
  t.is(new Set(prefixes).size, prefixes.length);
  t.throws(() => storageKey(resourceFor('', 'pods')!, '', 'web'), { message: /pods needs a namespace/ });
  t.throws(() => storageKey(resourceFor('', 'nodes')!, 'default', 'n1'), { message: /nodes is cluster-scoped/ });
});
