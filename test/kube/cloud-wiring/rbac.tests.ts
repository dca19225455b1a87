// The cloud-controller-manager's identity and RBAC: the builder's token authenticates as the
// ServiceAccount kube-system/cloud-controller-manager, which the ClusterRoleBinding
// system:cloud-controller-manager gives exactly the rules its controllers and leader election
// use; and the installer's reconcile creates whichever of the three objects is missing.

import test from 'ava';
import { authenticate, authorize, bootstrapPolicy, CCM_USER, cloudControllerManagerPolicy, compilePolicy, requestAttributes } from '../../../actors/kube-apiserver/auth/index.ts';
import type { Listers } from '../../../actors/client/index.ts';
import type { KubeObject } from '../../../protocols/kube/objects.ts';
import type { ApiVerb } from '../../../protocols/kube/api.ts';
import { DEFAULT_EPOCH_MS } from '../../../protocols/kube/time.ts';
import { clusterSecurity } from '../../../scenarios/cluster/security.ts';
import { reconcileCcmPolicy } from '../../../scenarios/cluster/ccm-installer.ts';

const NODES = ['control-plane-1', 'worker-1'];

test('the CCM token exists only with a cloud, and the other credentials are the same either way', (t) => {
  const without = clusterSecurity(NODES);
  const withCloud = clusterSecurity(NODES, { cloud: true });
  t.false('cloudControllerManagerToken' in without);
  t.truthy(withCloud.cloudControllerManagerToken);
  t.deepEqual(withCloud.identities, without.identities);
  t.deepEqual(withCloud.controllerTokens, without.controllerTokens);
  t.is(withCloud.encryption, without.encryption);
});

const policy = () => {
  const base = bootstrapPolicy({ bindNodesGroup: true });
  const ccm = cloudControllerManagerPolicy();
  return compilePolicy({ ...base, clusterRoles: [...base.clusterRoles, ccm.clusterRole], clusterRoleBindings: [...base.clusterRoleBindings, ccm.clusterRoleBinding] });
};

type Row = [ApiVerb | 'watch', string, string, string | undefined, boolean];
const rows: Row[] = [
  ['create', '', 'events', undefined, true],
  ['patch', 'events.k8s.io', 'events', undefined, true],
  ['watch', '', 'nodes', undefined, true],
  ['update', '', 'nodes', undefined, true],
  ['delete', '', 'nodes', undefined, true],
  ['patch', '', 'nodes', 'status', true],
  ['update', '', 'nodes', 'status', true],
  ['list', '', 'services', undefined, true],
  ['update', '', 'services', undefined, true],
  ['update', '', 'services', 'status', true],
  ['create', 'coordination.k8s.io', 'leases', undefined, true],
  ['update', 'coordination.k8s.io', 'leases', undefined, true],
  ['create', '', 'nodes', undefined, false],
  ['delete', '', 'services', undefined, false],
  ['delete', 'coordination.k8s.io', 'leases', undefined, false],
  ['get', '', 'secrets', undefined, false],
  ['list', '', 'pods', undefined, false],
];

test('the CCM token authenticates as the ServiceAccount and RBAC allows it what its rules list, nothing else', (t) => {
  const security = clusterSecurity(NODES, { cloud: true });
  const r = authenticate(security.auth, { token: security.cloudControllerManagerToken! }, DEFAULT_EPOCH_MS + 86_400_000);
  if (!r.ok) return t.fail(r.reason);
  t.is(r.user.name, CCM_USER);
  t.is(CCM_USER, 'system:serviceaccount:kube-system:cloud-controller-manager');
  const compiled = policy();
  const bad = rows.filter(([verb, group, resource, subresource, allowed]) => {
    const namespaced = resource === 'events' || resource === 'services' || resource === 'leases';
    const target = { group, version: 'v1', resource, ...(subresource ? { subresource } : {}), ...(namespaced ? { namespace: 'kube-system' } : {}) };
    return authorize(requestAttributes(r.user, verb, target), compiled).allowed !== allowed;
  });
  t.deepEqual(bad, []);
  t.false(authorize(requestAttributes(r.user, 'list', { group: '', version: 'v1', resource: 'nodes' }), compilePolicy(bootstrapPolicy({ bindNodesGroup: true }))).allowed, 'the bootstrap policy alone gives it nothing');
});

const fakeListers = (present: readonly string[]): Listers => {
  const lister = (kind: string) => ({ get: (key: string) => (present.includes(`${kind}:${key}`) ? ({ metadata: { name: key } } as KubeObject) : undefined) });
  return { serviceaccounts: lister('serviceaccounts'), clusterroles: lister('clusterroles'), clusterrolebindings: lister('clusterrolebindings') } as unknown as Listers;
};

test('the installer creates what is missing of the CCM policy, account first, and nothing once all is there', (t) => {
  const none = reconcileCcmPolicy(fakeListers([]));
  t.deepEqual(
    none.writes.map((w) => `${w.verb} ${w.target.resource} ${(w as { body: KubeObject }).body.metadata.name}`),
    ['create serviceaccounts cloud-controller-manager', 'create clusterroles system:cloud-controller-manager', 'create clusterrolebindings system:cloud-controller-manager'],
  );
  t.is(none.writes[0]!.target.namespace, 'kube-system');
  const some = reconcileCcmPolicy(fakeListers(['serviceaccounts:kube-system/cloud-controller-manager', 'clusterroles:system:cloud-controller-manager']));
  t.deepEqual(some.writes.map((w) => w.target.resource), ['clusterrolebindings']);
  const all = reconcileCcmPolicy(
    fakeListers(['serviceaccounts:kube-system/cloud-controller-manager', 'clusterroles:system:cloud-controller-manager', 'clusterrolebindings:system:cloud-controller-manager']),
  );
  t.deepEqual(all.writes, []);
});
