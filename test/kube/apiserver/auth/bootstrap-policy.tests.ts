import test from 'ava';
import { type RequestAttributes, authorize, bootstrapPolicy, compilePolicy, controllerServiceAccounts, userInfo } from '../../../../actors/kube-apiserver/auth/index.ts';

const RBAC = 'rbac.authorization.k8s.io';
const boot = bootstrapPolicy();
const policy = compilePolicy(boot);
const allowed = (user: ReturnType<typeof userInfo>, a: Omit<RequestAttributes, 'user'>) => authorize({ user, ...a }, policy).allowed;
const authed = (name: string, ...groups: string[]) => userInfo(name, '', [...groups, 'system:authenticated']);
const sa = (ns: string, name: string) => userInfo(`system:serviceaccount:${ns}:${name}`, '', ['system:serviceaccounts', `system:serviceaccounts:${ns}`, 'system:authenticated']);

test('every bootstrap object is rbac/v1, labelled rbac-defaults and annotated autoupdate', (t) => {
  for (const o of [...boot.clusterRoles, ...boot.clusterRoleBindings]) {
    t.is(o.apiVersion, 'rbac.authorization.k8s.io/v1');
    t.is(o.metadata?.labels?.['kubernetes.io/bootstrapping'], 'rbac-defaults', o.metadata?.name);
    t.is(o.metadata?.annotations?.['rbac.authorization.kubernetes.io/autoupdate'], 'true', o.metadata?.name);
  }
  const names = new Set(boot.clusterRoles.map((r) => r.metadata?.name));
  t.is(names.size, boot.clusterRoles.length, 'no duplicate names');
  for (const n of ['cluster-admin', 'admin', 'edit', 'view', 'system:basic-user', 'system:discovery', 'system:public-info-viewer', 'system:node', 'system:kube-scheduler', 'system:kube-controller-manager', 'system:node-proxier', 'system:kube-dns'])
    t.true(names.has(n), n);
  for (const c of ['deployment', 'replicaset', 'job', 'cronjob', 'daemon-set', 'statefulset', 'endpoint', 'endpointslice', 'namespace', 'node'])
    t.true(names.has(`system:controller:${c}-controller`), c);
  for (const c of ['generic-garbage-collector', 'service-account-controller', 'horizontal-pod-autoscaler', 'persistent-volume-binder', 'pod-garbage-collector', 'ttl-after-finished-controller', 'disruption-controller', 'resourcequota-controller'])
    t.true(names.has(`system:controller:${c}`), c);
});

test('the default ClusterRoleBindings as Kubernetes 1.32 creates them', (t) => {
  const b = new Map(boot.clusterRoleBindings.map((x) => [x.metadata?.name, x]));
  t.deepEqual(b.get('cluster-admin')?.subjects, [{ apiGroup: RBAC, kind: 'Group', name: 'system:masters' }]);
  t.deepEqual(b.get('system:discovery')?.subjects, [{ apiGroup: RBAC, kind: 'Group', name: 'system:authenticated' }]);
  t.deepEqual(b.get('system:public-info-viewer')?.subjects?.map((s) => s.name), ['system:authenticated', 'system:unauthenticated']);
  t.deepEqual(b.get('system:kube-dns')?.subjects, [{ kind: 'ServiceAccount', name: 'kube-dns', namespace: 'kube-system' }]);
  t.is(b.get('system:node')?.subjects, undefined, 'the Node authorizer, not RBAC, serves kubelets');
  t.deepEqual(bootstrapPolicy({ bindNodesGroup: true }).clusterRoleBindings.find((x) => x.metadata?.name === 'system:node')?.subjects, [{ apiGroup: RBAC, kind: 'Group', name: 'system:nodes' }]);
  t.deepEqual(b.get('system:controller:replicaset-controller')?.subjects, [{ kind: 'ServiceAccount', name: 'replicaset-controller', namespace: 'kube-system' }]);
  t.deepEqual(b.get('system:controller:replicaset-controller')?.roleRef, { apiGroup: RBAC, kind: 'ClusterRole', name: 'system:controller:replicaset-controller' });
  t.is(controllerServiceAccounts().length, boot.clusterRoleBindings.filter((x) => x.metadata?.name?.startsWith('system:controller:')).length);
});

test('aggregated admin, edit, view: rules come from the aggregate-to roles, and edit/admin include view', (t) => {
  const roles = policy.clusterRoles;
  t.is(boot.clusterRoles.find((r) => r.metadata?.name === 'view')?.rules, undefined, 'stored without rules, as created');
  const view = roles.get('view')!.rules!;
  const edit = roles.get('edit')!.rules!;
  const admin = roles.get('admin')!.rules!;
  t.is(view.length, 10);
  t.true(edit.length > view.length && admin.length > edit.length);
  for (const r of view) t.true(edit.includes(r) && admin.includes(r));
});

test('what the default roles allow: view, edit, admin bound in a namespace', (t) => {
  const bound = compilePolicy({
    ...boot,
    roleBindings: ['view', 'edit', 'admin'].map((role) => ({
      metadata: { name: role, namespace: 'dev' },
      roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: role },
      subjects: [{ apiGroup: RBAC, kind: 'User', name: `${role}-user` }],
    })),
  });
  const can = (who: string, verb: string, resource: string, apiGroup = '', subresource = '') => authorize({ user: authed(who), verb, resource, apiGroup, subresource, namespace: 'dev' }, bound).allowed;
  t.true(can('view-user', 'list', 'pods'));
  t.true(can('view-user', 'get', 'pods', '', 'log'));
  t.false(can('view-user', 'get', 'secrets'), 'view does not read secrets');
  t.false(can('view-user', 'create', 'pods'));
  t.true(can('edit-user', 'get', 'secrets'));
  t.true(can('edit-user', 'update', 'deployments', 'apps', 'scale'));
  t.false(can('edit-user', 'create', 'rolebindings', RBAC));
  t.true(can('admin-user', 'create', 'rolebindings', RBAC));
  t.false(authorize({ user: authed('admin-user'), verb: 'list', resource: 'pods', namespace: 'other' }, bound).allowed);
});

test("components' identities can do their jobs and no more", (t) => {
  const scheduler = authed('system:kube-scheduler');
  t.true(allowed(scheduler, { verb: 'create', resource: 'pods', subresource: 'binding', namespace: 'default', name: 'web' }));
  t.true(allowed(scheduler, { verb: 'update', apiGroup: 'coordination.k8s.io', resource: 'leases', namespace: 'kube-system', name: 'kube-scheduler' }));
  // The ClusterRole names its own lease; outside kube-system (no leader-locking Role) that is all it may update.
  t.false(allowed(scheduler, { verb: 'update', apiGroup: 'coordination.k8s.io', resource: 'leases', namespace: 'default', name: 'kube-controller-manager' }));
  t.false(allowed(scheduler, { verb: 'create', resource: 'pods', namespace: 'default' }));
  const proxy = authed('system:kube-proxy');
  t.true(allowed(proxy, { verb: 'watch', apiGroup: 'discovery.k8s.io', resource: 'endpointslices' }));
  t.false(allowed(proxy, { verb: 'get', resource: 'secrets', namespace: 'default', name: 's' }));
  const kcm = authed('system:kube-controller-manager');
  t.true(allowed(kcm, { verb: 'list', apiGroup: 'apps', resource: 'deployments' }));
  t.false(allowed(kcm, { verb: 'create', apiGroup: 'apps', resource: 'replicasets', namespace: 'default' }));
  const rs = sa('kube-system', 'replicaset-controller');
  t.true(allowed(rs, { verb: 'create', resource: 'pods', namespace: 'default' }));
  t.true(allowed(rs, { verb: 'update', apiGroup: 'apps', resource: 'replicasets', subresource: 'status', namespace: 'default', name: 'web' }));
  t.false(allowed(rs, { verb: 'delete', resource: 'nodes', name: 'worker-1' }));
  const gc = sa('kube-system', 'generic-garbage-collector');
  t.true(allowed(gc, { verb: 'delete', apiGroup: 'apps', resource: 'replicasets', namespace: 'x', name: 'y' }));
  const hpa = sa('kube-system', 'horizontal-pod-autoscaler');
  t.true(allowed(hpa, { verb: 'update', apiGroup: 'apps', resource: 'deployments', subresource: 'scale', namespace: 'x', name: 'web' }));
  t.false(allowed(sa('default', 'replicaset-controller'), { verb: 'create', resource: 'pods', namespace: 'default' }), 'only the kube-system account');
  const node = authed('system:node:worker-1', 'system:nodes');
  t.false(allowed(node, { verb: 'patch', resource: 'nodes', subresource: 'status', name: 'worker-1' }), 'no Node authorizer, no subjects');
  const nodes = compilePolicy(bootstrapPolicy({ bindNodesGroup: true }));
  t.true(authorize({ user: node, verb: 'patch', resource: 'nodes', subresource: 'status', name: 'worker-1' }, nodes).allowed);
});

test('discovery and public info: anonymous users see /version and /healthz but not /api', (t) => {
  const anon = userInfo('system:anonymous', '', ['system:unauthenticated']);
  t.true(allowed(anon, { verb: 'get', path: '/version' }));
  t.true(allowed(anon, { verb: 'get', path: '/healthz' }));
  t.false(allowed(anon, { verb: 'get', path: '/api' }));
  t.false(allowed(anon, { verb: 'list', resource: 'pods', namespace: 'default' }));
  t.true(allowed(authed('alice'), { verb: 'get', path: '/apis/apps/v1' }));
  t.true(allowed(authed('alice'), { verb: 'create', apiGroup: 'authorization.k8s.io', resource: 'selfsubjectaccessreviews' }));
  t.false(allowed(authed('alice'), { verb: 'get', path: '/metrics' }));
  t.true(allowed(authed('prom', 'system:monitoring'), { verb: 'get', path: '/metrics' }));
});

test('kube-system and kube-public Roles and RoleBindings: leader locking, bootstrap signer, authentication reader', (t) => {
  t.true(boot.roles.every((r) => r.metadata?.namespace === 'kube-system' || r.metadata?.namespace === 'kube-public'));
  t.true(boot.roleBindings.every((b) => boot.roles.some((r) => r.metadata?.name === b.roleRef.name && r.metadata?.namespace === b.metadata?.namespace)), 'every binding names a role of its namespace');
  const scheduler = authed('system:kube-scheduler');
  t.true(allowed(scheduler, { verb: 'watch', apiGroup: 'coordination.k8s.io', resource: 'leases', namespace: 'kube-system' }), 'leader-locking role');
  t.false(allowed(scheduler, { verb: 'watch', apiGroup: 'coordination.k8s.io', resource: 'leases', namespace: 'default' }));
  t.true(allowed(authed('system:kube-controller-manager'), { verb: 'get', resource: 'configmaps', namespace: 'kube-system', name: 'extension-apiserver-authentication' }));
  t.false(allowed(authed('system:kube-controller-manager'), { verb: 'update', resource: 'configmaps', namespace: 'kube-public', name: 'cluster-info' }));
  t.true(allowed(sa('kube-system', 'bootstrap-signer'), { verb: 'update', resource: 'configmaps', namespace: 'kube-public', name: 'cluster-info' }));
  t.true(allowed(authed('kubelet', 'system:bootstrappers'), { verb: 'get', path: '/version' }));
});

test('certificate signing roles: nodeclient requests and per-signer approval', (t) => {
  const roles = new Map(boot.clusterRoles.map((r) => [r.metadata?.name, r]));
  t.deepEqual(roles.get('system:certificates.k8s.io:kubelet-serving-approver')?.rules, [{ apiGroups: ['certificates.k8s.io'], resources: ['signers'], verbs: ['approve'], resourceNames: ['kubernetes.io/kubelet-serving'] }]);
  t.deepEqual(roles.get('system:certificates.k8s.io:certificatesigningrequests:selfnodeclient')?.rules?.[0]?.resources, ['certificatesigningrequests/selfnodeclient']);
});
