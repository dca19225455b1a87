// The system:controller:<name> ClusterRoles of kube-controller-manager's controllers, each bound
// to the kube-system service account of the same name (the controllers run with
// --use-service-account-credentials). Rules as Kubernetes 1.32's controller policy lists them.

import type { RoleSpec } from './cluster-roles.ts';
import { CORE, EVENTS, READ, rule } from './rule-builder.ts';

const APPS_EXT = ['apps', 'extensions'];
const CRUD = 'create delete get list patch update watch';

/** Short names: the controller's service account (and role) is `system:controller:<name>`. */
export const CONTROLLER_ROLES: readonly RoleSpec[] = [
  {
    name: 'attachdetach-controller',
    rules: [
      rule('get list watch', CORE, 'persistentvolumes persistentvolumeclaims pods nodes'),
      rule('patch update', CORE, 'nodes/status'),
      rule('create delete get list watch', ['storage.k8s.io'], 'volumeattachments'),
      rule('get list watch', ['storage.k8s.io'], 'csidrivers csinodes'),
      EVENTS,
    ],
  },
  { name: 'clusterrole-aggregation-controller', rules: [rule('escalate get list patch update watch', ['rbac.authorization.k8s.io'], 'clusterroles')] },
  {
    name: 'cronjob-controller',
    rules: [
      rule('get list update watch', ['batch'], 'cronjobs'),
      rule(CRUD, ['batch'], 'jobs'),
      rule('update', ['batch'], 'cronjobs/status'),
      rule('update', ['batch'], 'cronjobs/finalizers'),
      rule('delete list watch', CORE, 'pods'),
      EVENTS,
    ],
  },
  {
    name: 'daemon-set-controller',
    rules: [
      rule(READ, APPS_EXT, 'daemonsets'),
      rule('update', APPS_EXT, 'daemonsets/status'),
      rule('update', APPS_EXT, 'daemonsets/finalizers'),
      rule('list watch', CORE, 'nodes'),
      rule('create delete list patch watch', CORE, 'pods'),
      rule('create', CORE, 'pods/binding'),
      rule(CRUD, ['apps'], 'controllerrevisions'),
      EVENTS,
    ],
  },
  {
    name: 'deployment-controller',
    rules: [
      rule('get list update watch', APPS_EXT, 'deployments'),
      rule('update', APPS_EXT, 'deployments/status'),
      rule('update', APPS_EXT, 'deployments/finalizers'),
      rule(CRUD, APPS_EXT, 'replicasets'),
      rule('get list update watch', CORE, 'pods'),
      EVENTS,
    ],
  },
  {
    name: 'disruption-controller',
    rules: [
      rule(READ, APPS_EXT, 'deployments'),
      rule(READ, APPS_EXT, 'replicasets'),
      rule(READ, CORE, 'replicationcontrollers'),
      rule(READ, ['policy'], 'poddisruptionbudgets'),
      rule(READ, ['apps'], 'statefulsets'),
      rule('update', ['policy'], 'poddisruptionbudgets/status'),
      rule('patch update', CORE, 'pods/status'),
      rule('get', ['*'], '*/scale'),
      EVENTS,
    ],
  },
  {
    name: 'endpoint-controller',
    rules: [rule(READ, CORE, 'pods services'), rule('create delete get list update watch', CORE, 'endpoints'), rule('create', CORE, 'endpoints/restricted'), EVENTS],
  },
  {
    name: 'endpointslice-controller',
    rules: [rule(READ, CORE, 'nodes pods services'), rule('update', CORE, 'services/finalizers'), rule('create delete get list update watch', ['discovery.k8s.io'], 'endpointslices'), EVENTS],
  },
  {
    name: 'endpointslicemirroring-controller',
    rules: [
      rule(READ, CORE, 'endpoints services'),
      rule('update', CORE, 'services/finalizers'),
      rule('update', CORE, 'endpoints/finalizers'),
      rule('create delete get list update watch', ['discovery.k8s.io'], 'endpointslices'),
      EVENTS,
    ],
  },
  { name: 'generic-garbage-collector', rules: [rule('delete get list patch update watch', ['*'], '*'), EVENTS] },
  {
    name: 'horizontal-pod-autoscaler',
    rules: [
      rule(READ, ['autoscaling'], 'horizontalpodautoscalers'),
      rule('update', ['autoscaling'], 'horizontalpodautoscalers/status'),
      rule('get update', ['*'], '*/scale'),
      rule('list watch', CORE, 'pods'),
      rule('list watch', ['metrics.k8s.io'], 'pods'),
      rule(READ, ['custom.metrics.k8s.io'], '*'),
      rule(READ, ['external.metrics.k8s.io'], '*'),
      EVENTS,
    ],
  },
  {
    name: 'job-controller',
    rules: [
      rule('get list patch update watch', ['batch'], 'jobs'),
      rule('update', ['batch'], 'jobs/status'),
      rule('update', ['batch'], 'jobs/finalizers'),
      rule('create delete list patch watch', CORE, 'pods'),
      EVENTS,
    ],
  },
  {
    name: 'namespace-controller',
    rules: [rule('delete get list watch', CORE, 'namespaces'), rule('update', CORE, 'namespaces/finalize namespaces/status'), rule('delete deletecollection get list watch', ['*'], '*')],
  },
  {
    name: 'node-controller',
    rules: [
      rule('delete get list patch update watch', CORE, 'nodes'),
      rule('patch update', CORE, 'nodes/status'),
      rule('patch update', CORE, 'pods/status'),
      rule('delete get list watch', CORE, 'pods'),
      EVENTS,
    ],
  },
  {
    name: 'persistent-volume-binder',
    rules: [
      rule('create delete get list update watch', CORE, 'persistentvolumes'),
      rule('update', CORE, 'persistentvolumes/status'),
      rule('get list update watch', CORE, 'persistentvolumeclaims'),
      rule('update', CORE, 'persistentvolumeclaims/status'),
      rule('create delete get list watch', CORE, 'pods'),
      rule(READ, ['storage.k8s.io'], 'storageclasses'),
      rule('list watch', CORE, 'nodes'),
      EVENTS,
      rule('watch', CORE, 'events'),
    ],
  },
  { name: 'pod-garbage-collector', rules: [rule('delete list watch', CORE, 'pods'), rule(READ, CORE, 'nodes'), rule('patch', CORE, 'pods/status')] },
  { name: 'pv-protection-controller', rules: [rule('get list update watch', CORE, 'persistentvolumes'), EVENTS] },
  {
    name: 'pvc-protection-controller',
    rules: [rule('get list update watch', CORE, 'persistentvolumeclaims'), rule('update', CORE, 'persistentvolumeclaims/status'), rule(READ, CORE, 'pods'), EVENTS],
  },
  {
    name: 'replicaset-controller',
    rules: [
      rule('get list update watch', APPS_EXT, 'replicasets'),
      rule('update', APPS_EXT, 'replicasets/status'),
      rule('update', APPS_EXT, 'replicasets/finalizers'),
      rule('create delete list patch watch', CORE, 'pods'),
      EVENTS,
    ],
  },
  {
    name: 'replication-controller',
    rules: [
      rule('get list update watch', CORE, 'replicationcontrollers'),
      rule('update', CORE, 'replicationcontrollers/status'),
      rule('update', CORE, 'replicationcontrollers/finalizers'),
      rule('create delete list patch watch', CORE, 'pods'),
      EVENTS,
    ],
  },
  { name: 'resourcequota-controller', rules: [rule('list watch', ['*'], '*'), rule('update', CORE, 'resourcequotas/status'), EVENTS] },
  { name: 'root-ca-cert-publisher', rules: [rule('create update', CORE, 'configmaps'), EVENTS] },
  { name: 'route-controller', rules: [rule('list watch', CORE, 'nodes'), rule('patch', CORE, 'nodes/status'), EVENTS] },
  { name: 'service-account-controller', rules: [rule('create', CORE, 'serviceaccounts'), EVENTS] },
  { name: 'service-controller', rules: [rule(READ, CORE, 'services'), rule('patch update', CORE, 'services/status'), rule('list watch', CORE, 'nodes'), EVENTS] },
  {
    name: 'statefulset-controller',
    rules: [
      rule('list watch', CORE, 'pods'),
      rule(READ, ['apps'], 'statefulsets'),
      rule('update', ['apps'], 'statefulsets/status'),
      rule('update', ['apps'], 'statefulsets/finalizers'),
      rule('create delete get patch update', CORE, 'pods'),
      rule(CRUD, ['apps'], 'controllerrevisions'),
      rule('create get list watch', CORE, 'persistentvolumeclaims'),
      rule('delete update', CORE, 'persistentvolumeclaims'),
      rule('update', CORE, 'pods/finalizers'),
      EVENTS,
    ],
  },
  { name: 'taint-eviction-controller', rules: [rule('delete get list watch', CORE, 'pods'), rule('patch', CORE, 'pods/status'), EVENTS] },
  { name: 'ttl-after-finished-controller', rules: [rule('delete get list watch', ['batch'], 'jobs'), EVENTS] },
  { name: 'ttl-controller', rules: [rule('list patch update watch', CORE, 'nodes'), EVENTS] },
];
