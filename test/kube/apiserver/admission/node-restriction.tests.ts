// NodeRestriction: what a kubelet may change, with the plugin's messages (the cases of its own
// admission tests: own node only, kubelet labels only, no taints, mirror pods only, own pods).

import test from 'ava';
import { forbiddenNodeLabels, nodeIdentity, nodeRestriction } from '../../../../actors/kube-apiserver/admission/node-restriction.ts';
import type { KubeObject, Node } from '../../../../protocols/kube/objects.ts';
import { ADMIN, attrs, ctx, kubelet, pod } from './fixtures.ts';

const admit = nodeRestriction.admit!;
const me = kubelet('mynode');
const node = (name: string, labels: Record<string, string> = {}, taints: NonNullable<Node['spec']>['taints'] = undefined): KubeObject => ({
  apiVersion: 'v1', kind: 'Node', metadata: { name, labels, uid: `uid-${name}` }, spec: taints === undefined ? {} : { taints },
});
const mirror = (name: string, nodeName: string, extra: object = {}): KubeObject => {
  const p = pod(name, undefined, { nodeName, ...extra });
  p.metadata.annotations = { 'kubernetes.io/config.mirror': 'hash' };
  return p;
};
const cluster = {
  nodes: [node('mynode') as unknown as Node],
  pods: [pod('mine', undefined, { nodeName: 'mynode' }), pod('theirs', undefined, { nodeName: 'othernode' })] as never[],
};

test('node identity: system:node:<name> in system:nodes', (t) => {
  t.is(nodeIdentity(me), 'mynode');
  t.is(nodeIdentity({ name: 'system:node:mynode', groups: [] }), undefined);
  t.is(nodeIdentity({ name: 'bob', groups: ['system:nodes'] }), undefined);
  t.is(nodeIdentity({ name: 'system:node:', groups: ['system:nodes'] }), '');
});

test('other users are not restricted', (t) => {
  t.is(admit(attrs({ operation: 'UPDATE', resource: 'nodes', name: 'othernode', object: node('othernode'), oldObject: node('othernode'), user: ADMIN }), ctx(cluster)), undefined);
});

test('a node user without a name is refused', (t) => {
  const s = admit(attrs({ resource: 'nodes', object: node('x'), user: { name: 'system:node:', groups: ['system:nodes'] } }), ctx(cluster));
  t.like(s, { message: 'nodes "x" is forbidden: could not determine node from user "system:node:"' });
});

const NODE_CASES: readonly [string, Parameters<typeof attrs>[0], string | undefined][] = [
  ['create own node', { resource: 'nodes', object: node('mynode', { 'kubernetes.io/hostname': 'mynode' }) }, undefined],
  ['create another node', { resource: 'nodes', object: node('othernode') }, 'nodes "othernode" is forbidden: node "mynode" is not allowed to modify node "othernode"'],
  ['update another node', { operation: 'UPDATE', resource: 'nodes', name: 'othernode', object: node('othernode'), oldObject: node('othernode') }, 'nodes "othernode" is forbidden: node "mynode" is not allowed to modify node "othernode"'],
  ['delete another node', { operation: 'DELETE', resource: 'nodes', name: 'othernode' }, 'nodes "othernode" is forbidden: node "mynode" is not allowed to modify node "othernode"'],
  ['update own node status', { operation: 'UPDATE', resource: 'nodes', subresource: 'status', name: 'mynode', object: node('mynode'), oldObject: node('mynode') }, undefined],
  [
    'create with node-restriction labels',
    { resource: 'nodes', object: node('mynode', { 'node-restriction.kubernetes.io/foo': 'bar', 'foo.node-restriction.kubernetes.io/foo': 'bar', 'example.com/x': 'y' }) },
    'nodes "mynode" is forbidden: node "mynode" is not allowed to set the following labels: foo.node-restriction.kubernetes.io/foo, node-restriction.kubernetes.io/foo',
  ],
  [
    'update adding unknown kubernetes.io and k8s.io labels',
    { operation: 'UPDATE', resource: 'nodes', name: 'mynode', object: node('mynode', { 'other.kubernetes.io/foo': 'a', 'other.k8s.io/foo': 'b', 'kubernetes.io/hostname': 'mynode', 'node.kubernetes.io/instance-type': 'big', 'foo.kubelet.kubernetes.io/x': 'ok' }), oldObject: node('mynode') },
    'nodes "mynode" is forbidden: is not allowed to modify labels: other.k8s.io/foo, other.kubernetes.io/foo',
  ],
  [
    'update removing a restricted label',
    { operation: 'UPDATE', resource: 'nodes', name: 'mynode', object: node('mynode'), oldObject: node('mynode', { 'node-restriction.kubernetes.io/team': 'a' }) },
    'nodes "mynode" is forbidden: is not allowed to modify labels: node-restriction.kubernetes.io/team',
  ],
  [
    'update changing taints',
    { operation: 'UPDATE', resource: 'nodes', name: 'mynode', object: node('mynode', {}, [{ key: 'a', effect: 'NoSchedule' }]), oldObject: node('mynode') },
    'nodes "mynode" is forbidden: node "mynode" is not allowed to modify taints',
  ],
];

for (const [name, req, want] of NODE_CASES) {
  test(`nodes: ${name}`, (t) => {
    const s = admit(attrs({ user: me, ...req }), ctx(cluster));
    if (want === undefined) t.is(s, undefined);
    else t.like(s, { code: 403, reason: 'Forbidden', message: want });
  });
}

const POD_CASES: readonly [string, Parameters<typeof attrs>[0], string | undefined][] = [
  ['create a mirror pod bound to self', { resource: 'pods', namespace: 'default', object: mirror('static', 'mynode') }, undefined],
  ['create a normal pod', { resource: 'pods', namespace: 'default', object: pod('p', undefined, { nodeName: 'mynode' }) }, 'pods "p" is forbidden: pod does not have "kubernetes.io/config.mirror" annotation, node "mynode" can only create mirror pods'],
  ['create a mirror pod for another node', { resource: 'pods', namespace: 'default', object: mirror('static', 'othernode') }, 'pods "static" is forbidden: node "mynode" can only create pods with spec.nodeName set to itself'],
  ['mirror pod with a service account', { resource: 'pods', namespace: 'default', object: mirror('static', 'mynode', { serviceAccountName: 'default' }) }, 'pods "static" is forbidden: node "mynode" can not create pods that reference a service account'],
  ['mirror pod with a secret', { resource: 'pods', namespace: 'default', object: mirror('static', 'mynode', { volumes: [{ name: 's', secret: { secretName: 'db' } }] }) }, 'pods "static" is forbidden: node "mynode" can not create pods that reference secrets'],
  ['mirror pod with a configmap', { resource: 'pods', namespace: 'default', object: mirror('static', 'mynode', { volumes: [{ name: 'c', configMap: { name: 'cfg' } }] }) }, 'pods "static" is forbidden: node "mynode" can not create pods that reference configmaps'],
  ['mirror pod with a claim', { resource: 'pods', namespace: 'default', object: mirror('static', 'mynode', { volumes: [{ name: 'd', persistentVolumeClaim: { claimName: 'data' } }] }) }, 'pods "static" is forbidden: node "mynode" can not create pods that reference persistentvolumeclaims'],
  ['update a pod', { operation: 'UPDATE', resource: 'pods', namespace: 'default', name: 'mine', object: pod('mine'), oldObject: pod('mine') }, 'pods "mine" is forbidden: unexpected operation "UPDATE", node "mynode" can only create and delete mirror pods'],
  ['delete own pod', { operation: 'DELETE', resource: 'pods', namespace: 'default', name: 'mine' }, undefined],
  ['delete another node\'s pod', { operation: 'DELETE', resource: 'pods', namespace: 'default', name: 'theirs' }, 'pods "theirs" is forbidden: node "mynode" can only delete pods with spec.nodeName set to itself'],
  ['update own pod status', { operation: 'UPDATE', resource: 'pods', subresource: 'status', namespace: 'default', name: 'mine', object: pod('mine', undefined, { nodeName: 'mynode' }), oldObject: pod('mine', undefined, { nodeName: 'mynode' }) }, undefined],
  ['update another node\'s pod status', { operation: 'UPDATE', resource: 'pods', subresource: 'status', namespace: 'default', name: 'theirs', object: pod('theirs'), oldObject: pod('theirs', undefined, { nodeName: 'othernode' }) }, 'pods "theirs" is forbidden: node "mynode" can only update pod status for pods with spec.nodeName set to itself'],
  ['evict another node\'s pod', { resource: 'pods', subresource: 'eviction', kind: 'Eviction', namespace: 'default', name: 'theirs', object: { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: 'theirs' } } }, 'pods "theirs" is forbidden: node mynode can only evict pods with spec.nodeName set to itself'],
  ['other pod subresources', { operation: 'CREATE', resource: 'pods', subresource: 'exec', namespace: 'default', name: 'mine' }, 'pods "mine" is forbidden: unexpected pod subresource "exec", only \'status\' and \'eviction\' are allowed'],
];

for (const [name, req, want] of POD_CASES) {
  test(`pods: ${name}`, (t) => {
    const s = admit(attrs({ user: me, ...req }), ctx(cluster));
    if (want === undefined) t.is(s, undefined);
    else t.like(s, { code: 403, message: want });
  });
}

test('a mirror pod owned by its node must name it as controller with the right uid', (t) => {
  const owned = (ref: object) => {
    const p = mirror('static', 'mynode');
    p.metadata.ownerReferences = [{ apiVersion: 'v1', kind: 'Node', name: 'mynode', uid: 'uid-mynode', controller: true, ...ref }];
    return admit(attrs({ user: me, resource: 'pods', namespace: 'default', object: p }), ctx(cluster));
  };
  t.is(owned({}), undefined);
  t.like(owned({ name: 'othernode' }), { message: 'pods "static" is forbidden: node "mynode" can only create pods with an owner reference set to itself' });
  t.like(owned({ controller: false }), { message: 'pods "static" is forbidden: node "mynode" can only create pods with a controller owner reference set to itself' });
  t.like(owned({ blockOwnerDeletion: true }), { message: 'pods "static" is forbidden: node "mynode" must not set blockOwnerDeletion on an owner reference' });
  t.like(owned({ uid: 'stale' }), { message: 'pods "static" is forbidden: node mynode UID mismatch: expected stale got uid-mynode' });
});

test('leases: only its own, in kube-node-lease', (t) => {
  const lease = (name: string, ns: string): KubeObject => ({ apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name, namespace: ns } });
  const run = (name: string, ns: string) => admit(attrs({ user: me, resource: 'leases', namespace: ns, object: lease(name, ns) }), ctx(cluster));
  t.is(run('mynode', 'kube-node-lease'), undefined);
  t.like(run('othernode', 'kube-node-lease'), { message: 'leases.coordination.k8s.io "othernode" is forbidden: can only access node lease with the same name as the requesting node' });
  t.like(run('mynode', 'default'), { message: 'leases.coordination.k8s.io "mynode" is forbidden: can only access leases in the "kube-node-lease" system namespace' });
});

test('forbidden labels: node-restriction always, kubernetes.io/k8s.io outside the kubelet\'s set', (t) => {
  t.deepEqual(forbiddenNodeLabels(['kubernetes.io/os', 'topology.kubernetes.io/zone', 'node.kubernetes.io/exclude-from-external-load-balancers', 'app', 'example.com/x']), []);
  t.deepEqual(forbiddenNodeLabels(['node-role.kubernetes.io/control-plane', 'k8s.io/x', 'node-restriction.kubernetes.io/a']), ['k8s.io/x', 'node-restriction.kubernetes.io/a', 'node-role.kubernetes.io/control-plane']);
});
