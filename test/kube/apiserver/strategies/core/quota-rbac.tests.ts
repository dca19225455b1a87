import test from 'ava';
import { limitRangeStrategy as lr, resourceQuotaStrategy as rq } from '../../../../../actors/kube-apiserver/strategies/core/quota.ts';
import { clusterRoleBindingStrategy as crb, clusterRoleStrategy as cr, roleBindingStrategy as rb, roleStrategy as role } from '../../../../../actors/kube-apiserver/strategies/core/rbac.ts';
import { leaseStrategy as lease, priorityClassStrategy as pc } from '../../../../../actors/kube-apiserver/strategies/core/scheduling.ts';
import { create, obj, update } from './harness.ts';

test('ResourceQuota: standard names, non-negative and integer counts', (t) => {
  const q = (hard: Record<string, string>) => obj('v1', 'ResourceQuota', 'q', { spec: { hard } }, 'default');
  t.deepEqual(create(rq, q({ pods: '10', 'requests.cpu': '4', 'requests.memory': '8Gi', 'count/deployments.apps': '5', 'example.com/gpu': '2' })), []);
  // validateResourceName and the quota rule both speak for an unknown bare name.
  t.deepEqual(create(rq, q({ bogus: '1' })), [
    'spec.hard[bogus]: Invalid value: "bogus": must be a standard resource type or fully qualified',
    'spec.hard[bogus]: Invalid value: "bogus": must be a standard resource for quota',
  ]);
  t.deepEqual(create(rq, q({ storage: '1Gi' })), ['spec.hard[storage]: Invalid value: "storage": must be a standard resource for quota']);
  t.deepEqual(create(rq, q({ pods: '-1' })), ['spec.hard[pods]: Invalid value: "-1": must be greater than or equal to 0']);
  // Printed canonically, as Quantity.String() prints it.
  t.deepEqual(create(rq, q({ pods: '1.5' })), ['spec.hard[pods]: Invalid value: "1500m": must be an integer']);
});

test('LimitRange: container defaults from max/min, ordering, Pod defaults forbidden', (t) => {
  const l = (limits: unknown[]) => obj('v1', 'LimitRange', 'l', { spec: { limits } }, 'default');
  const o = l([{ type: 'Container', max: { cpu: '2' }, min: { memory: '64Mi' } }]);
  t.deepEqual(create(lr, o), []);
  t.deepEqual((o.spec as { limits: unknown[] }).limits[0], { type: 'Container', max: { cpu: '2' }, min: { memory: '64Mi' }, default: { cpu: '2' }, defaultRequest: { cpu: '2', memory: '64Mi' } });
  t.deepEqual(create(lr, l([{ type: 'Pod', min: { cpu: '2' }, max: { cpu: '1' } }])), ['spec.limits[0].min[cpu]: Invalid value: "2": min value 2 is greater than max value 1']);
  t.deepEqual(create(lr, l([{ type: 'Pod', default: { cpu: '1' } }])), ["spec.limits[0].default: Forbidden: may not be specified when `type` is 'Pod'"]);
  // Defaulting copies max into default and defaultRequest, so each reports the name.
  t.deepEqual(
    create(lr, l([{ type: 'Container', max: { storage: '1Gi' } }])),
    ['max', 'default', 'defaultRequest'].map((p) => `spec.limits[0].${p}[storage]: Invalid value: "storage": must be a standard resource for containers`),
  );
  t.deepEqual(create(lr, l([{ type: 'PersistentVolumeClaim', max: { storage: '1Gi' } }])), []);
  t.deepEqual(create(lr, l([{ type: 'PersistentVolumeClaim' }])), ['spec.limits[0].limits: Required value: either minimum or maximum storage value is required, but neither was provided']);
  t.deepEqual(create(lr, l([{ type: 'Container', maxLimitRequestRatio: { cpu: '500m' } }])), ['spec.limits[0].maxLimitRequestRatio[cpu]: Invalid value: "500m": ratio 500m is less than 1']);
  t.deepEqual(create(lr, l([{ type: 'Node' }])), ['spec.limits[0].type: Unsupported value: "Node": supported values: "Container", "PersistentVolumeClaim", "Pod"']);
});

test('RBAC rules (ValidatePolicyRule cases)', (t) => {
  const r = (rules: unknown[]) => obj('rbac.authorization.k8s.io/v1', 'Role', 'reader', { rules }, 'default');
  t.deepEqual(create(role, r([{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] }])), []);
  t.deepEqual(create(role, r([{ apiGroups: [''], resources: ['pods'] }])), ['rules[0].verbs: Required value: verbs must contain at least one value']);
  t.deepEqual(create(role, r([{ verbs: ['get'] }])), ['rules[0].apiGroups: Required value: resource rules must supply at least one api group', 'rules[0].resources: Required value: resource rules must supply at least one resource']);
  t.deepEqual(create(role, r([{ verbs: ['get'], nonResourceURLs: ['/healthz'] }])), ['rules[0].nonResourceURLs: Invalid value: []string{"/healthz"}: namespaced rules cannot apply to non-resource URLs']);
  t.deepEqual(create(cr, obj('rbac.authorization.k8s.io/v1', 'ClusterRole', 'health', { rules: [{ verbs: ['get'], nonResourceURLs: ['/healthz'] }] })), []);
  t.deepEqual(role.nameValidator('a/b', false), ["may not contain '/'"]);
  t.deepEqual(role.nameValidator('..', false), ["may not be '..'"]);
  t.deepEqual(role.nameValidator('system:controller:x', false), []);
});

test('RBAC bindings: roleRef kinds, subjects, roleRef immutable; subject groups defaulted', (t) => {
  const b = (body: Record<string, unknown>) => obj('rbac.authorization.k8s.io/v1', 'RoleBinding', 'bind', body, 'default');
  const good = { roleRef: { kind: 'Role', name: 'reader' }, subjects: [{ kind: 'User', name: 'jane' }, { kind: 'ServiceAccount', name: 'default' }] };
  const o = b(good);
  t.deepEqual(create(rb, o), []);
  t.deepEqual(o.roleRef, { kind: 'Role', name: 'reader', apiGroup: 'rbac.authorization.k8s.io' });
  t.is((o.subjects as { apiGroup?: string }[])[0]!.apiGroup, 'rbac.authorization.k8s.io');
  t.deepEqual(create(rb, b({ roleRef: { kind: 'Pod', name: 'x' }, subjects: [{ kind: 'Robot', name: 'r' }] })), [
    'roleRef.kind: Unsupported value: "Pod": supported values: "Role", "ClusterRole"',
    'subjects[0].kind: Unsupported value: "Robot": supported values: "ServiceAccount", "User", "Group"',
  ]);
  const changed = update(rb, b({ ...good, roleRef: { kind: 'ClusterRole', name: 'admin' } }), o);
  t.is(changed.length, 1);
  t.true(changed[0]!.startsWith('roleRef: Invalid value: '));
  t.true(changed[0]!.endsWith(': cannot change roleRef'));
  const c = (body: Record<string, unknown>) => obj('rbac.authorization.k8s.io/v1', 'ClusterRoleBinding', 'bind', body);
  t.deepEqual(create(crb, c({ roleRef: { kind: 'Role', name: 'r' }, subjects: [{ kind: 'ServiceAccount', name: 'sa' }] })), [
    'roleRef.kind: Unsupported value: "Role": supported values: "ClusterRole"',
    'subjects[0].namespace: Required value',
  ]);
});

test('PriorityClass: reserved system- names, user ceiling, value immutable', (t) => {
  const p = (name: string, body: Record<string, unknown>) => obj('scheduling.k8s.io/v1', 'PriorityClass', name, body);
  const o = p('high', { value: 1000 });
  t.deepEqual(create(pc, o), []);
  t.is(o.preemptionPolicy, 'PreemptLowerPriority');
  t.deepEqual(create(pc, p('system-mine', { value: 1 })), ["metadata.name: Forbidden: priority class names with 'system-' prefix are reserved for system use only. error: system-mine is not a known system priority class"]);
  t.deepEqual(create(pc, p('system-node-critical', { value: 2000001000 })), []);
  t.deepEqual(create(pc, p('huge', { value: 1000000001 })), ['value: Forbidden: maximum allowed value of a user defined priority is 1000000000']);
  t.deepEqual(update(pc, p('high', { value: 2000 }), o), ['value: Forbidden: may not be changed in an update.']);
});

test('Lease durations', (t) => {
  const l = (spec: Record<string, unknown>) => obj('coordination.k8s.io/v1', 'Lease', 'kube-controller-manager', { spec }, 'kube-system');
  t.deepEqual(create(lease, l({ holderIdentity: 'a', leaseDurationSeconds: 15 })), []);
  t.deepEqual(create(lease, l({ leaseDurationSeconds: 0, leaseTransitions: -1 })), [
    'spec.leaseDurationSeconds: Invalid value: 0: must be greater than 0',
    'spec.leaseTransitions: Invalid value: -1: must be greater than or equal to 0',
  ]);
});
