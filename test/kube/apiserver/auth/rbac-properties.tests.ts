import test from 'ava';
import fc from 'fast-check';
import { type RbacPolicy, type RequestAttributes, authorize, compilePolicy, requestAttributes, userInfo } from '../../../../actors/kube-apiserver/auth/index.ts';

const RBAC = 'rbac.authorization.k8s.io';
const pick = <T>(xs: readonly T[]) => fc.constantFrom(...xs);
const some = <T>(xs: readonly T[]) => fc.uniqueArray(pick(xs), { minLength: 1, maxLength: 3 });
const VERBS = ['get', 'list', 'create', '*'];
const GROUPS = ['', 'apps', '*'];
const RESOURCES = ['pods', 'secrets', 'pods/log', 'deployments', '*', '*/scale'];
const NAMESPACES = ['n1', 'n2'];
const ROLE_NAMES = ['r1', 'r2', 'r3'];

const rule = fc.record({ verbs: some(VERBS), apiGroups: some(GROUPS), resources: some(RESOURCES) });
const subject = fc.oneof(
  pick(['alice', 'bob']).map((name) => ({ kind: 'User', name, apiGroup: RBAC })),
  pick(['g1', 'g2']).map((name) => ({ kind: 'Group', name, apiGroup: RBAC })),
  pick(['sa1']).map((name) => ({ kind: 'ServiceAccount', name })),
);
const policy: fc.Arbitrary<RbacPolicy> = fc.record({
  clusterRoles: fc.array(fc.record({ metadata: pick(ROLE_NAMES).map((name) => ({ name })), rules: fc.array(rule, { maxLength: 3 }) }), { maxLength: 3 }),
  roles: fc.array(fc.record({ metadata: fc.record({ name: pick(ROLE_NAMES), namespace: pick(NAMESPACES) }), rules: fc.array(rule, { maxLength: 3 }) }), { maxLength: 3 }),
  clusterRoleBindings: fc.array(
    fc.record({ metadata: fc.constant({ name: 'crb' }), roleRef: pick(ROLE_NAMES).map((name) => ({ apiGroup: RBAC, kind: 'ClusterRole', name })), subjects: fc.array(subject, { maxLength: 2 }) }),
    { maxLength: 2 },
  ),
  roleBindings: fc.array(
    fc.record({
      metadata: fc.record({ name: fc.constant('rb'), namespace: pick(NAMESPACES) }),
      roleRef: fc.record({ apiGroup: fc.constant(RBAC), kind: pick(['Role', 'ClusterRole']), name: pick(ROLE_NAMES) }),
      subjects: fc.array(subject, { maxLength: 2 }),
    }),
    { maxLength: 3 },
  ),
});
const users = [userInfo('alice', '', ['g1']), userInfo('bob', '', ['g2']), userInfo('system:serviceaccount:n1:sa1', '', ['system:serviceaccounts']), userInfo('carol')];
const request: fc.Arbitrary<RequestAttributes> = fc.record({
  user: pick(users),
  verb: pick(['get', 'list', 'create', 'delete']),
  apiGroup: pick(['', 'apps']),
  resource: pick(['pods', 'secrets', 'deployments']),
  subresource: pick(['', 'log', 'scale']),
  namespace: pick(['', ...NAMESPACES]),
  name: pick(['', 'x']),
});

test('property: adding a binding never takes a permission away', (t) => {
  fc.assert(
    fc.property(policy, request, fc.record({ metadata: fc.record({ name: fc.constant('extra'), namespace: pick(NAMESPACES) }), roleRef: pick(ROLE_NAMES).map((name) => ({ apiGroup: RBAC, kind: 'ClusterRole', name })), subjects: fc.array(subject, { maxLength: 2 }) }), (p, req, extra) => {
      if (!authorize(req, compilePolicy(p)).allowed) return true;
      return authorize(req, compilePolicy({ ...p, roleBindings: [...(p.roleBindings ?? []), extra] })).allowed;
    }),
  );
  t.pass();
});

test('property: a user no binding names is allowed nothing; a decision is the same compiled or not', (t) => {
  fc.assert(
    fc.property(policy, request, (p, req) => {
      const stranger = { ...req, user: userInfo('carol') };
      return !authorize(stranger, p).allowed && authorize(req, p).allowed === authorize(req, compilePolicy(p)).allowed;
    }),
  );
  t.pass();
});

test('property: an allowed namespaced request is allowed by a binding in that namespace or a cluster-wide one', (t) => {
  fc.assert(
    fc.property(policy, request, (p, req) => {
      const d = authorize(req, p);
      if (!d.allowed) return true;
      return d.reason.startsWith('RBAC: allowed by ClusterRoleBinding "crb"') || d.reason.startsWith(`RBAC: allowed by RoleBinding "rb/${req.namespace}"`);
    }),
  );
  t.pass();
});

test('request attributes are what the spread form makes, key order included, with and without a field selector', (t) => {
  const user = userInfo('u');
  const opt = fc.option(fc.string({ maxLength: 4 }), { nil: undefined });
  fc.assert(
    fc.property(
      fc.constantFrom('get', 'list', 'watch', 'create') as fc.Arbitrary<'get' | 'list' | 'watch' | 'create'>,
      fc.record({ group: fc.constantFrom('', 'apps'), version: fc.constant('v1'), resource: fc.constantFrom('pods', 'nodes'), name: opt, namespace: opt, subresource: opt }, { requiredKeys: ['group', 'version', 'resource'] }),
      fc.option(fc.record({ fieldSelector: fc.constantFrom('', 'metadata.name=a', 'spec.x=y') }), { nil: undefined }),
      (verb, target, options) => {
        const got = requestAttributes(user, verb, target, options);
        // The name's rules are not what is compared here: the shape and order of the rest are.
        const fieldSelector = options?.fieldSelector ?? '';
        const want = { ...(fieldSelector ? { fieldSelector } : {}), user, verb, apiGroup: target.group, resource: target.resource, subresource: target.subresource ?? '', namespace: target.namespace ?? '', name: got.name };
        t.is(JSON.stringify(got), JSON.stringify(want));
      },
    ),
    { numRuns: 80 },
  );
});
