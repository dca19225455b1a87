// The default ClusterRoles kube-apiserver creates at start, as the bootstrap policy of
// Kubernetes 1.32 defines them (plugin/pkg/auth/authorizer/rbac/bootstrappolicy, its testdata
// holding the expected objects). The three user-facing roles admin, edit and view are aggregated:
// their rules come from the system:aggregate-to-* roles (and each other) through labels.

import { CORE, EVENTS, READ, rule, urls } from './rule-builder.ts';
import type { AggregationRule, PolicyRule } from './types.ts';

export interface RoleSpec {
  readonly name: string;
  readonly rules?: readonly PolicyRule[];
  readonly aggregationRule?: AggregationRule;
  /** Labels besides kubernetes.io/bootstrapping (aggregation targets). */
  readonly labels?: Readonly<Record<string, string>>;
}

const aggregateTo = (role: string) => ({ [`rbac.authorization.k8s.io/aggregate-to-${role}`]: 'true' });
const aggregating = (role: string): AggregationRule => ({ clusterRoleSelectors: [{ matchLabels: aggregateTo(role) }] });
const WRITE = 'create delete deletecollection patch update';
const READ_WRITE = 'create delete deletecollection get list patch update watch';

const VIEW_RULES: PolicyRule[] = [
  rule(READ, CORE, 'configmaps endpoints persistentvolumeclaims persistentvolumeclaims/status pods replicationcontrollers replicationcontrollers/scale serviceaccounts services services/status'),
  rule(READ, CORE, 'bindings events limitranges namespaces/status pods/log pods/status replicationcontrollers/status resourcequotas resourcequotas/status'),
  rule(READ, CORE, 'namespaces'),
  rule(READ, ['discovery.k8s.io'], 'endpointslices'),
  rule(READ, ['apps'], 'controllerrevisions daemonsets daemonsets/status deployments deployments/scale deployments/status replicasets replicasets/scale replicasets/status statefulsets statefulsets/scale statefulsets/status'),
  rule(READ, ['autoscaling'], 'horizontalpodautoscalers horizontalpodautoscalers/status'),
  rule(READ, ['batch'], 'cronjobs cronjobs/status jobs jobs/status'),
  rule(READ, ['extensions'], 'daemonsets daemonsets/status deployments deployments/scale deployments/status ingresses ingresses/status networkpolicies replicasets replicasets/scale replicasets/status replicationcontrollers/scale'),
  rule(READ, ['policy'], 'poddisruptionbudgets poddisruptionbudgets/status'),
  rule(READ, ['networking.k8s.io'], 'ingresses ingresses/status networkpolicies'),
];

const EDIT_RULES: PolicyRule[] = [
  rule(READ, CORE, 'pods/attach pods/exec pods/portforward pods/proxy secrets services/proxy'),
  rule('impersonate', CORE, 'serviceaccounts'),
  rule('create delete deletecollection patch update', CORE, 'pods pods/attach pods/exec pods/portforward pods/proxy'),
  rule('create', CORE, 'pods/eviction'),
  rule(WRITE, CORE, 'configmaps events persistentvolumeclaims replicationcontrollers replicationcontrollers/scale secrets serviceaccounts services services/proxy'),
  rule('create', CORE, 'serviceaccounts/token'),
  rule(WRITE, ['apps'], 'daemonsets deployments deployments/rollback deployments/scale replicasets replicasets/scale statefulsets statefulsets/scale'),
  rule(WRITE, ['autoscaling'], 'horizontalpodautoscalers'),
  rule(WRITE, ['batch'], 'cronjobs jobs'),
  rule(WRITE, ['extensions'], 'daemonsets deployments deployments/rollback deployments/scale ingresses networkpolicies replicasets replicasets/scale replicationcontrollers/scale'),
  rule(WRITE, ['policy'], 'poddisruptionbudgets'),
  rule(WRITE, ['networking.k8s.io'], 'ingresses networkpolicies'),
  rule(READ_WRITE, ['coordination.k8s.io'], 'leases'),
];

const ADMIN_RULES: PolicyRule[] = [rule('create', ['authorization.k8s.io'], 'localsubjectaccessreviews'), rule(READ_WRITE, ['rbac.authorization.k8s.io'], 'rolebindings roles')];

const TOKEN_AND_ACCESS_REVIEWS = [rule('create', ['authentication.k8s.io'], 'tokenreviews'), rule('create', ['authorization.k8s.io'], 'subjectaccessreviews')];
const LEADER_LEASES = (holder: string) => [rule('create', ['coordination.k8s.io'], 'leases'), rule('get update', ['coordination.k8s.io'], 'leases', holder)];

export const CLUSTER_ROLES: readonly RoleSpec[] = [
  { name: 'admin', aggregationRule: aggregating('admin') },
  { name: 'cluster-admin', rules: [rule('*', ['*'], '*'), urls('*', '*')] },
  { name: 'edit', aggregationRule: aggregating('edit'), labels: aggregateTo('admin') },
  { name: 'system:aggregate-to-admin', rules: ADMIN_RULES, labels: aggregateTo('admin') },
  { name: 'system:aggregate-to-edit', rules: EDIT_RULES, labels: aggregateTo('edit') },
  { name: 'system:aggregate-to-view', rules: VIEW_RULES, labels: aggregateTo('view') },
  { name: 'system:auth-delegator', rules: TOKEN_AND_ACCESS_REVIEWS },
  {
    name: 'system:basic-user',
    rules: [rule('create', ['authorization.k8s.io'], 'selfsubjectaccessreviews selfsubjectrulesreviews'), rule('create', ['authentication.k8s.io'], 'selfsubjectreviews')],
  },
  ...['nodeclient', 'selfnodeclient'].map((kind) => ({
    name: `system:certificates.k8s.io:certificatesigningrequests:${kind}`,
    rules: [rule('create', ['certificates.k8s.io'], `certificatesigningrequests/${kind}`)],
  })),
  ...['kube-apiserver-client', 'kube-apiserver-client-kubelet', 'kubelet-serving', 'legacy-unknown'].map((signer) => ({
    name: `system:certificates.k8s.io:${signer}-approver`,
    rules: [rule('approve', ['certificates.k8s.io'], 'signers', `kubernetes.io/${signer}`)],
  })),
  { name: 'system:discovery', rules: [urls('get', '/api /api/* /apis /apis/* /healthz /livez /openapi /openapi/* /readyz /version /version/')] },
  { name: 'system:heapster', rules: [rule(READ, CORE, 'events namespaces nodes pods'), rule(READ, ['extensions'], 'deployments')] },
  { name: 'system:kube-aggregator', rules: [rule(READ, CORE, 'endpoints services')] },
  {
    name: 'system:kube-controller-manager',
    rules: [
      EVENTS,
      ...LEADER_LEASES('kube-controller-manager'),
      rule('create', CORE, 'secrets serviceaccounts'),
      rule('delete', CORE, 'secrets'),
      rule('get', CORE, 'configmaps namespaces secrets serviceaccounts'),
      rule('update', CORE, 'secrets serviceaccounts'),
      ...TOKEN_AND_ACCESS_REVIEWS,
      rule('list watch', ['*'], '*'),
      rule('create', CORE, 'serviceaccounts/token'),
    ],
  },
  { name: 'system:kube-dns', rules: [rule('list watch', CORE, 'endpoints services')] },
  {
    name: 'system:kube-scheduler',
    rules: [
      EVENTS,
      ...LEADER_LEASES('kube-scheduler'),
      rule(READ, CORE, 'nodes'),
      rule('delete get list watch', CORE, 'pods'),
      rule('create', CORE, 'bindings pods/binding'),
      rule('patch update', CORE, 'pods/status'),
      rule(READ, CORE, 'replicationcontrollers services'),
      rule(READ, ['apps', 'extensions'], 'replicasets'),
      rule(READ, ['apps'], 'statefulsets'),
      rule(READ, ['policy'], 'poddisruptionbudgets'),
      rule(READ, CORE, 'persistentvolumeclaims persistentvolumes'),
      ...TOKEN_AND_ACCESS_REVIEWS,
      rule(READ, ['storage.k8s.io'], 'csinodes'),
      rule(READ, CORE, 'namespaces'),
      rule(READ, ['storage.k8s.io'], 'csidrivers'),
      rule(READ, ['storage.k8s.io'], 'csistoragecapacities'),
    ],
  },
  { name: 'system:kubelet-api-admin', rules: [rule(READ, CORE, 'nodes'), rule('proxy', CORE, 'nodes'), rule('*', CORE, 'nodes/log nodes/metrics nodes/proxy nodes/stats')] },
  { name: 'system:monitoring', rules: [urls('get', '/healthz /healthz/* /livez /livez/* /metrics /metrics/slis /readyz /readyz/*')] },
  {
    name: 'system:node',
    rules: [
      rule('create', ['authentication.k8s.io'], 'tokenreviews'),
      rule('create', ['authorization.k8s.io'], 'localsubjectaccessreviews subjectaccessreviews'),
      rule(READ, CORE, 'services'),
      rule('create get list watch', CORE, 'nodes'),
      rule('patch update', CORE, 'nodes/status'),
      rule('patch update', CORE, 'nodes'),
      rule('create patch update', CORE, 'events'),
      rule(READ, CORE, 'pods'),
      rule('create delete', CORE, 'pods'),
      rule('patch update', CORE, 'pods/status'),
      rule('create', CORE, 'pods/eviction'),
      rule(READ, CORE, 'configmaps secrets'),
      rule('get', CORE, 'persistentvolumeclaims persistentvolumes'),
      rule('get', CORE, 'endpoints'),
      rule('create get list watch', ['certificates.k8s.io'], 'certificatesigningrequests'),
      rule('create delete get patch update', ['coordination.k8s.io'], 'leases'),
      rule('get', ['storage.k8s.io'], 'volumeattachments'),
      rule('create', CORE, 'serviceaccounts/token'),
      rule('get patch update', CORE, 'persistentvolumeclaims/status'),
      rule(READ, ['storage.k8s.io'], 'csidrivers'),
      rule('create delete get patch update', ['storage.k8s.io'], 'csinodes'),
      rule(READ, ['node.k8s.io'], 'runtimeclasses'),
    ],
  },
  { name: 'system:node-bootstrapper', rules: [rule('create get list watch', ['certificates.k8s.io'], 'certificatesigningrequests')] },
  { name: 'system:node-problem-detector', rules: [rule('get', CORE, 'nodes'), rule('patch', CORE, 'nodes/status'), EVENTS] },
  {
    name: 'system:node-proxier',
    rules: [rule('list watch', CORE, 'endpoints services'), rule(READ, CORE, 'nodes'), EVENTS, rule('list watch', ['discovery.k8s.io'], 'endpointslices')],
  },
  {
    name: 'system:persistent-volume-provisioner',
    rules: [rule('create delete get list watch', CORE, 'persistentvolumes'), rule('get list update watch', CORE, 'persistentvolumeclaims'), rule(READ, ['storage.k8s.io'], 'storageclasses'), rule('watch', CORE, 'events'), EVENTS],
  },
  { name: 'system:public-info-viewer', rules: [urls('get', '/healthz /livez /readyz /version /version/')] },
  { name: 'system:service-account-issuer-discovery', rules: [urls('get', '/.well-known/openid-configuration /openid/v1/jwks')] },
  {
    name: 'system:volume-scheduler',
    rules: [rule('get list patch update watch', CORE, 'persistentvolumes'), rule(READ, ['storage.k8s.io'], 'storageclasses'), rule('get list patch update watch', CORE, 'persistentvolumeclaims')],
  },
  { name: 'view', aggregationRule: aggregating('view'), labels: aggregateTo('edit') },
];
