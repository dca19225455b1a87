import test from 'ava';
import fc from 'fast-check';
import { type RbacPolicy, type RequestAttributes, aggregateClusterRoles, authorize, compilePolicy, forbiddenStatus, nonResourceAttributes, requestAttributes, rulesFor, userInfo } from '../../../../actors/kube-apiserver/auth/index.ts';

const alice = userInfo('alice', '', ['devs', 'system:authenticated']);
const RBAC = 'rbac.authorization.k8s.io';
const podReader = { metadata: { name: 'pod-reader' }, rules: [{ verbs: ['get', 'list', 'watch'], apiGroups: [''], resources: ['pods'] }] };

const policy: RbacPolicy = {
  clusterRoles: [podReader, { metadata: { name: 'secret-reader' }, rules: [{ verbs: ['get'], apiGroups: [''], resources: ['secrets'] }] }],
  roles: [{ metadata: { name: 'cm-editor', namespace: 'team' }, rules: [{ verbs: ['update'], apiGroups: [''], resources: ['configmaps'], resourceNames: ['settings'] }] }],
  roleBindings: [
    { metadata: { name: 'b1', namespace: 'team' }, roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: 'pod-reader' }, subjects: [{ kind: 'Group', name: 'devs', apiGroup: RBAC }] },
    { metadata: { name: 'b2', namespace: 'team' }, roleRef: { apiGroup: RBAC, kind: 'Role', name: 'cm-editor' }, subjects: [{ kind: 'User', name: 'alice', apiGroup: RBAC }] },
    // A ServiceAccount subject without a namespace means the binding's own namespace.
    { metadata: { name: 'b3', namespace: 'team' }, roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: 'secret-reader' }, subjects: [{ kind: 'ServiceAccount', name: 'bot' }] },
  ],
  clusterRoleBindings: [],
};
const compiled = compilePolicy(policy);
const ask = (a: Partial<RequestAttributes>): boolean => authorize({ user: alice, verb: 'get', ...a }, compiled).allowed;

test('a RoleBinding to a ClusterRole grants its rules in the binding namespace only', (t) => {
  t.true(ask({ resource: 'pods', namespace: 'team', verb: 'list' }));
  t.false(ask({ resource: 'pods', namespace: 'default', verb: 'list' }));
  t.false(ask({ resource: 'pods', verb: 'list' }), 'nor across all namespaces');
});

test('a RoleBinding to a Role: the Role of that namespace, with its resourceNames', (t) => {
  t.true(ask({ resource: 'configmaps', namespace: 'team', verb: 'update', name: 'settings' }));
  t.false(ask({ resource: 'configmaps', namespace: 'team', verb: 'update', name: 'other' }));
});

test('ServiceAccount subjects match system:serviceaccount:<ns>:<name>, defaulting to the binding namespace', (t) => {
  const bot = userInfo('system:serviceaccount:team:bot', '', ['system:serviceaccounts', 'system:serviceaccounts:team']);
  const other = userInfo('system:serviceaccount:default:bot');
  t.true(authorize({ user: bot, verb: 'get', resource: 'secrets', namespace: 'team', name: 's' }, compiled).allowed);
  t.false(authorize({ user: other, verb: 'get', resource: 'secrets', namespace: 'team', name: 's' }, compiled).allowed);
});

test('system:masters is allowed everything, with no policy at all', (t) => {
  const root = userInfo('admin', '', ['system:masters']);
  t.true(authorize({ user: root, verb: 'delete', apiGroup: 'apps', resource: 'deployments', namespace: 'x', name: 'y' }, {}).allowed);
  t.true(authorize({ user: root, verb: 'get', path: '/metrics' }, {}).allowed);
});

test('a binding to a missing role is reported in the reason, as RBAC words it', (t) => {
  const p = compilePolicy({
    clusterRoleBindings: [{ metadata: { name: 'x' }, roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: 'missing' }, subjects: [{ kind: 'User', name: 'alice' }] }],
    roleBindings: [{ metadata: { name: 'y', namespace: 'ns' }, roleRef: { apiGroup: RBAC, kind: 'Role', name: 'gone' }, subjects: [{ kind: 'User', name: 'alice' }] }],
  });
  t.deepEqual(authorize({ user: alice, verb: 'get', resource: 'pods', namespace: 'other' }, p), { allowed: false, reason: 'RBAC: clusterrole.rbac.authorization.k8s.io "missing" not found' });
  t.deepEqual(authorize({ user: alice, verb: 'get', resource: 'pods', namespace: 'ns' }, p), {
    allowed: false,
    reason: 'RBAC: [clusterrole.rbac.authorization.k8s.io "missing" not found, role.rbac.authorization.k8s.io "gone" not found]',
  });
  // Bindings that do not name the user are not looked at.
  t.deepEqual(authorize({ user: userInfo('bob'), verb: 'get', resource: 'pods', namespace: 'ns' }, p), { allowed: false, reason: '' });
});

test('403 wording: namespaced, cluster-scoped, named, subresource, API group, non-resource, with a reason', (t) => {
  const status = (a: Partial<RequestAttributes>, reason = '') => forbiddenStatus({ user: alice, verb: 'get', ...a }, reason).message;
  t.is(status({ verb: 'list', resource: 'pods', namespace: 'default' }), 'pods is forbidden: User "alice" cannot list resource "pods" in API group "" in the namespace "default"');
  t.is(status({ verb: 'list', resource: 'nodes' }), 'nodes is forbidden: User "alice" cannot list resource "nodes" in API group "" at the cluster scope');
  t.is(status({ resource: 'pods', namespace: 'default', name: 'web' }), 'pods "web" is forbidden: User "alice" cannot get resource "pods" in API group "" in the namespace "default"');
  t.is(status({ resource: 'pods', subresource: 'log', namespace: 'default', name: 'web' }), 'pods "web" is forbidden: User "alice" cannot get resource "pods/log" in API group "" in the namespace "default"');
  t.is(
    status({ verb: 'create', apiGroup: 'apps', resource: 'deployments', namespace: 'prod' }),
    'deployments.apps is forbidden: User "alice" cannot create resource "deployments" in API group "apps" in the namespace "prod"',
  );
  t.is(status({ path: '/metrics' }), 'forbidden: User "alice" cannot get path "/metrics"');
  t.is(status({ resource: 'pods', namespace: 'n' }, 'RBAC: role.rbac.authorization.k8s.io "x" not found'), 'pods is forbidden: User "alice" cannot get resource "pods" in API group "" in the namespace "n": RBAC: role.rbac.authorization.k8s.io "x" not found');
  const s = forbiddenStatus({ user: alice, verb: 'get', apiGroup: 'apps', resource: 'deployments', namespace: 'n', name: 'web' });
  t.like(s, { code: 403, reason: 'Forbidden', details: { name: 'web', group: 'apps', kind: 'deployments' } });
});

test('aggregation: a ClusterRole with an aggregationRule gets the rules of the roles its selector matches, nested ones too', (t) => {
  const sel = (l: string) => ({ clusterRoleSelectors: [{ matchLabels: { [l]: 'true' } }] });
  const raw: RbacPolicy = {
    clusterRoles: [
      { metadata: { name: 'outer' }, aggregationRule: sel('to-outer') },
      { metadata: { name: 'inner', labels: { 'to-outer': 'true' } }, aggregationRule: sel('to-inner') },
      { metadata: { name: 'leaf', labels: { 'to-inner': 'true' } }, rules: [{ verbs: ['get'], apiGroups: [''], resources: ['pods'] }] },
    ],
    clusterRoleBindings: [{ metadata: { name: 'b' }, roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: 'outer' }, subjects: [{ kind: 'User', name: 'alice' }] }],
  };
  const p = compilePolicy(raw);
  t.deepEqual(p.clusterRoles.get('outer')?.rules, [{ verbs: ['get'], apiGroups: [''], resources: ['pods'] }]);
  t.true(authorize({ user: alice, verb: 'get', resource: 'pods', namespace: 'x' }, p).allowed);
  // Without aggregation the stored (empty) rules are all there is.
  t.false(authorize({ user: alice, verb: 'get', resource: 'pods', namespace: 'x' }, compilePolicy(raw, { aggregate: false })).allowed);
});

test('property: with no bindings nobody but system:masters is allowed anything', (t) => {
  const word = fc.stringMatching(/^[a-z]{1,5}$/);
  fc.assert(
    fc.property(word, word, word, word, fc.array(word, { maxLength: 3 }), (name, verb, resource, ns, groups) => {
      const user = userInfo(name, '', groups);
      return !authorize({ user, verb, resource, namespace: ns }, compilePolicy({ clusterRoles: [podReader] })).allowed;
    }),
  );
  t.pass();
});

test('requestAttributes: an API call and a watch as the authorizer sees them', (t) => {
  const target = { group: 'apps', version: 'v1', resource: 'deployments', subresource: 'scale', namespace: 'team', name: 'web' };
  t.deepEqual(requestAttributes(alice, 'update', target), { user: alice, verb: 'update', apiGroup: 'apps', resource: 'deployments', subresource: 'scale', namespace: 'team', name: 'web' });
  const watch = requestAttributes(alice, 'watch', { group: '', version: 'v1', resource: 'pods', namespace: 'team' });
  t.true(authorize(watch, compiled).allowed);
  t.is(forbiddenStatus(requestAttributes(alice, 'list', { group: '', version: 'v1', resource: 'pods' })).message, 'pods is forbidden: User "alice" cannot list resource "pods" in API group "" at the cluster scope');
  t.is(forbiddenStatus(nonResourceAttributes(alice, 'get', '/logs')).message, 'forbidden: User "alice" cannot get path "/logs"');
});

test('an allowed decision names the binding, role and subject that granted it, as RBAC describes them', (t) => {
  t.deepEqual(authorize({ user: alice, verb: 'list', resource: 'pods', namespace: 'team' }, compiled), {
    allowed: true,
    reason: 'RBAC: allowed by RoleBinding "b1/team" of ClusterRole "pod-reader" to Group "devs"',
  });
  const bot = userInfo('system:serviceaccount:team:bot');
  t.is(authorize({ user: bot, verb: 'get', resource: 'secrets', namespace: 'team', name: 's' }, compiled).reason, 'RBAC: allowed by RoleBinding "b3/team" of ClusterRole "secret-reader" to ServiceAccount "bot/team"');
  const p = compilePolicy({ clusterRoles: [podReader], clusterRoleBindings: [{ metadata: { name: 'readers' }, roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: 'pod-reader' }, subjects: [{ kind: 'User', name: 'alice' }] }] });
  t.is(authorize({ user: alice, verb: 'get', resource: 'pods', namespace: 'x', name: 'p' }, p).reason, 'RBAC: allowed by ClusterRoleBinding "readers" of ClusterRole "pod-reader" to User "alice"');
});

test('aggregation: matched roles visited by name, each distinct rule once, a bad selector leaves the role alone', (t) => {
  const get = { verbs: ['get'], apiGroups: [''], resources: ['pods'] };
  const list = { verbs: ['list'], apiGroups: [''], resources: ['pods'] };
  const labels = { agg: 'yes' };
  const roles = aggregateClusterRoles([
    { metadata: { name: 'agg' }, aggregationRule: { clusterRoleSelectors: [{ matchLabels: labels }] } },
    { metadata: { name: 'b-role', labels }, rules: [list, get] },
    { metadata: { name: 'a-role', labels }, rules: [get] },
    { metadata: { name: 'broken' }, aggregationRule: { clusterRoleSelectors: [{ matchExpressions: [{ key: 'agg', operator: 'Bogus' }] }] }, rules: [list] },
  ]);
  t.deepEqual(roles[0]?.rules, [get, list]);
  t.deepEqual(roles[3]?.rules, [list]);
});

test("rulesFor: a user's rules in a namespace, cluster-wide first, with missing roles reported", (t) => {
  t.deepEqual(rulesFor(compiled, alice, 'team'), {
    rules: [
      { verbs: ['get', 'list', 'watch'], apiGroups: [''], resources: ['pods'] },
      { verbs: ['update'], apiGroups: [''], resources: ['configmaps'], resourceNames: ['settings'] },
    ],
    errors: [],
  });
  t.deepEqual(rulesFor(compiled, alice, 'default'), { rules: [], errors: [] });
  const p = compilePolicy({ clusterRoleBindings: [{ metadata: { name: 'x' }, roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: 'missing' }, subjects: [{ kind: 'User', name: 'alice' }] }] });
  t.deepEqual(rulesFor(p, alice, ''), { rules: [], errors: ['clusterrole.rbac.authorization.k8s.io "missing" not found'] });
});
