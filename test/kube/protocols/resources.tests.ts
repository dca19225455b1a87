// The resource table against `kubectl api-resources -o wide` of Kubernetes v1.32.

import test from 'ava';
import { RESOURCES, apiVersionOf, resourceFor, resourceForKind, subresourceOf } from '../../../protocols/kube/resources.ts';

// NAME, SHORTNAMES, APIVERSION, NAMESPACED, KIND as kubectl prints them.
const API_RESOURCES: readonly [string, string, string, boolean, string][] = [
  ['bindings', '', 'v1', true, 'Binding'],
  ['configmaps', 'cm', 'v1', true, 'ConfigMap'],
  ['endpoints', 'ep', 'v1', true, 'Endpoints'],
  ['events', 'ev', 'v1', true, 'Event'],
  ['limitranges', 'limits', 'v1', true, 'LimitRange'],
  ['namespaces', 'ns', 'v1', false, 'Namespace'],
  ['nodes', 'no', 'v1', false, 'Node'],
  ['persistentvolumeclaims', 'pvc', 'v1', true, 'PersistentVolumeClaim'],
  ['persistentvolumes', 'pv', 'v1', false, 'PersistentVolume'],
  ['pods', 'po', 'v1', true, 'Pod'],
  ['replicationcontrollers', 'rc', 'v1', true, 'ReplicationController'],
  ['resourcequotas', 'quota', 'v1', true, 'ResourceQuota'],
  ['secrets', '', 'v1', true, 'Secret'],
  ['serviceaccounts', 'sa', 'v1', true, 'ServiceAccount'],
  ['services', 'svc', 'v1', true, 'Service'],
  ['customresourcedefinitions', 'crd,crds', 'apiextensions.k8s.io/v1', false, 'CustomResourceDefinition'],
  ['apiservices', '', 'apiregistration.k8s.io/v1', false, 'APIService'],
  ['controllerrevisions', '', 'apps/v1', true, 'ControllerRevision'],
  ['daemonsets', 'ds', 'apps/v1', true, 'DaemonSet'],
  ['deployments', 'deploy', 'apps/v1', true, 'Deployment'],
  ['replicasets', 'rs', 'apps/v1', true, 'ReplicaSet'],
  ['statefulsets', 'sts', 'apps/v1', true, 'StatefulSet'],
  ['horizontalpodautoscalers', 'hpa', 'autoscaling/v2', true, 'HorizontalPodAutoscaler'],
  ['cronjobs', 'cj', 'batch/v1', true, 'CronJob'],
  ['jobs', '', 'batch/v1', true, 'Job'],
  ['leases', '', 'coordination.k8s.io/v1', true, 'Lease'],
  ['endpointslices', '', 'discovery.k8s.io/v1', true, 'EndpointSlice'],
  ['poddisruptionbudgets', 'pdb', 'policy/v1', true, 'PodDisruptionBudget'],
  ['clusterrolebindings', '', 'rbac.authorization.k8s.io/v1', false, 'ClusterRoleBinding'],
  ['clusterroles', '', 'rbac.authorization.k8s.io/v1', false, 'ClusterRole'],
  ['rolebindings', '', 'rbac.authorization.k8s.io/v1', true, 'RoleBinding'],
  ['roles', '', 'rbac.authorization.k8s.io/v1', true, 'Role'],
  ['priorityclasses', 'pc', 'scheduling.k8s.io/v1', false, 'PriorityClass'],
  ['csinodes', '', 'storage.k8s.io/v1', false, 'CSINode'],
  ['storageclasses', 'sc', 'storage.k8s.io/v1', false, 'StorageClass'],
];

test('the table is kubectl api-resources, row for row', (t) => {
  const rows = RESOURCES.map((r) => [r.resource, r.shortNames.join(','), apiVersionOf(r), r.namespaced, r.kind]);
  t.deepEqual(rows, API_RESOURCES.map((r) => [...r]));
});

test('plurals are unique within a group, kinds within an apiVersion, short names everywhere', (t) => {
  const dupes = (xs: string[]) => xs.filter((x, i) => xs.indexOf(x) !== i);
  t.deepEqual(dupes(RESOURCES.map((r) => `${r.group}/${r.resource}`)), []);
  t.deepEqual(dupes(RESOURCES.map((r) => r.resource)), []);
  t.deepEqual(dupes(RESOURCES.map((r) => `${apiVersionOf(r)}/${r.kind}`)), []);
  t.deepEqual(dupes(RESOURCES.flatMap((r) => [...r.shortNames])), []);
});

test('every singular is its kind in lower case', (t) => {
  for (const r of RESOURCES) t.is(r.singular, r.kind.toLowerCase(), r.resource);
});

test('category "all" holds exactly what kubectl get all shows', (t) => {
  t.deepEqual(
    RESOURCES.filter((r) => r.categories.includes('all')).map((r) => r.resource).sort(),
    ['cronjobs', 'daemonsets', 'deployments', 'horizontalpodautoscalers', 'jobs', 'pods', 'replicasets', 'replicationcontrollers', 'services', 'statefulsets'],
  );
  t.deepEqual(resourceFor('apiextensions.k8s.io', 'customresourcedefinitions')?.categories, ['api-extensions']);
});

const SUBRESOURCES: readonly [string, string, string[]][] = [
  ['', 'pods', ['attach', 'binding', 'ephemeralcontainers', 'eviction', 'exec', 'log', 'portforward', 'proxy', 'status']],
  ['', 'nodes', ['proxy', 'status']],
  ['', 'services', ['proxy', 'status']],
  ['', 'namespaces', ['finalize', 'status']],
  ['', 'serviceaccounts', ['token']],
  ['', 'replicationcontrollers', ['scale', 'status']],
  ['', 'configmaps', []],
  ['', 'secrets', []],
  ['', 'events', []],
  ['apps', 'deployments', ['scale', 'status']],
  ['apps', 'replicasets', ['scale', 'status']],
  ['apps', 'statefulsets', ['scale', 'status']],
  ['apps', 'daemonsets', ['status']],
  ['batch', 'jobs', ['status']],
  ['batch', 'cronjobs', ['status']],
  ['autoscaling', 'horizontalpodautoscalers', ['status']],
  ['policy', 'poddisruptionbudgets', ['status']],
  ['apiextensions.k8s.io', 'customresourcedefinitions', ['status']],
  ['coordination.k8s.io', 'leases', []],
];

for (const [group, resource, subs] of SUBRESOURCES) {
  test(`subresources of ${resource}: ${subs.join(', ') || 'none'}`, (t) => {
    t.deepEqual(resourceFor(group, resource)?.subresources.map((s) => s.name), subs);
  });
}

const SUBRESOURCE_KINDS: readonly [string, string, string, string, string[]][] = [
  ['pods', 'binding', 'v1', 'Binding', ['create']],
  ['pods', 'eviction', 'policy/v1', 'Eviction', ['create']],
  ['pods', 'status', 'v1', 'Pod', ['get', 'patch', 'update']],
  ['pods', 'log', 'v1', 'Pod', ['get']],
  ['deployments', 'scale', 'autoscaling/v1', 'Scale', ['get', 'patch', 'update']],
  ['deployments', 'status', 'apps/v1', 'Deployment', ['get', 'patch', 'update']],
  ['serviceaccounts', 'token', 'authentication.k8s.io/v1', 'TokenRequest', ['create']],
];

for (const [resource, name, apiVersion, kind, verbs] of SUBRESOURCE_KINDS) {
  test(`${resource}/${name} takes a ${apiVersion} ${kind}`, (t) => {
    const r = RESOURCES.find((x) => x.resource === resource)!;
    const s = subresourceOf(r, name);
    t.truthy(s);
    t.deepEqual([apiVersionOf(s!), s!.kind, [...s!.verbs]], [apiVersion, kind, verbs]);
  });
}

const VERBS: readonly [string, string][] = [
  ['pods', 'create,delete,deletecollection,get,list,patch,update,watch'],
  ['namespaces', 'create,delete,get,list,patch,update,watch'],
  ['bindings', 'create'],
  ['leases', 'create,delete,deletecollection,get,list,patch,update,watch'],
];

for (const [resource, verbs] of VERBS) {
  test(`verbs of ${resource}`, (t) => {
    t.is(RESOURCES.find((r) => r.resource === resource)?.verbs.join(','), verbs);
  });
}

test('an object finds its resource by apiVersion and kind, and only by the served version', (t) => {
  t.is(resourceForKind('apps/v1', 'Deployment')?.resource, 'deployments');
  t.is(resourceForKind('v1', 'Service')?.resource, 'services');
  t.is(resourceForKind('autoscaling/v2', 'HorizontalPodAutoscaler')?.resource, 'horizontalpodautoscalers');
  t.is(resourceForKind('extensions/v1beta1', 'Deployment'), undefined);
  t.is(resourceForKind('v1', 'Deployment'), undefined);
});
