import test from 'ava';
import { type RequestAttributes, authorize, bootstrapPolicy, buildNodeGraph, compilePolicy, forbiddenStatus, nodeAuthorize, requestAttributes, userInfo } from '../../../../actors/kube-apiserver/auth/index.ts';
import type { PersistentVolume, Pod } from '../../../../protocols/kube/objects.ts';

const pod: Pod = {
  metadata: { name: 'web', namespace: 'ns0' },
  spec: {
    nodeName: 'node0',
    serviceAccountName: 'builder',
    imagePullSecrets: [{ name: 'pull' }],
    containers: [
      {
        name: 'c',
        env: [{ name: 'P', valueFrom: { secretKeyRef: { name: 'env-secret', key: 'k' } } }, { name: 'C', valueFrom: { configMapKeyRef: { name: 'env-cm', key: 'k' } } }],
        envFrom: [{ configMapRef: { name: 'from-cm' } }],
      },
    ],
    volumes: [
      { name: 'data', persistentVolumeClaim: { claimName: 'data' } },
      { name: 'creds', secret: { secretName: 'vol-secret' } },
      { name: 'proj', projected: { sources: [{ configMap: { name: 'proj-cm' } }, { secret: { name: 'proj-secret' } }] } },
      { name: 'scratch', ephemeral: { volumeClaimTemplate: { spec: {} } } },
    ],
  },
};
const unscheduled: Pod = { metadata: { name: 'pending', namespace: 'ns0' }, spec: { containers: [], volumes: [{ name: 's', secret: { secretName: 'pending-secret' } }] } };
const pv: PersistentVolume = {
  metadata: { name: 'pv-1' },
  spec: { claimRef: { namespace: 'ns0', name: 'data' }, csi: { driver: 'd', volumeHandle: 'h', nodePublishSecretRef: { name: 'csi-secret', namespace: 'storage' } } },
};
const graph = buildNodeGraph([pod, unscheduled], [pv]);
const node0 = userInfo('system:node:node0', '', ['system:nodes', 'system:authenticated']);
const decide = (a: Omit<RequestAttributes, 'user'>, user = node0) => nodeAuthorize({ user, ...a }, graph);
const NO_PATH = { allowed: false, reason: "no relationship found between node 'node0' and this object" };

test('a kubelet reads the secrets and configmaps its pods use, however they are referenced, and nothing else', (t) => {
  for (const name of ['pull', 'env-secret', 'vol-secret', 'proj-secret']) t.deepEqual(decide({ verb: 'get', resource: 'secrets', namespace: 'ns0', name }), { allowed: true }, name);
  for (const name of ['env-cm', 'from-cm', 'proj-cm']) t.deepEqual(decide({ verb: 'watch', resource: 'configmaps', namespace: 'ns0', name }), { allowed: true }, name);
  t.deepEqual(decide({ verb: 'get', resource: 'secrets', namespace: 'ns0', name: 'other' }), NO_PATH);
  t.deepEqual(decide({ verb: 'get', resource: 'secrets', namespace: 'ns1', name: 'pull' }), NO_PATH);
  t.deepEqual(decide({ verb: 'get', resource: 'secrets', namespace: 'ns0', name: 'pending-secret' }), NO_PATH, 'unscheduled pods are not in the graph');
  t.deepEqual(decide({ verb: 'get', resource: 'secrets', namespace: 'ns0', name: 'pull' }, userInfo('system:node:node1', '', ['system:nodes'])), {
    allowed: false,
    reason: "no relationship found between node 'node1' and this object",
  });
  t.deepEqual(decide({ verb: 'list', resource: 'secrets', namespace: 'ns0' }), { allowed: false, reason: 'No Object name found' });
  t.deepEqual(decide({ verb: 'update', resource: 'secrets', namespace: 'ns0', name: 'pull' }), { allowed: false, reason: 'can only read resources of this type' });
  t.deepEqual(decide({ verb: 'get', resource: 'secrets', name: 'pull' }), { allowed: false, reason: 'can only read namespaced object of this type' });
});

test('claims, their volumes and those volumes\' secrets; service-account tokens of its pods', (t) => {
  t.deepEqual(decide({ verb: 'get', resource: 'persistentvolumeclaims', namespace: 'ns0', name: 'data' }), { allowed: true });
  t.deepEqual(decide({ verb: 'get', resource: 'persistentvolumeclaims', namespace: 'ns0', name: 'web-scratch' }), { allowed: true }, 'a generic ephemeral volume\'s claim');
  t.deepEqual(decide({ verb: 'list', resource: 'persistentvolumeclaims', namespace: 'ns0' }), { allowed: false, reason: 'can only get individual resources of this type' });
  t.deepEqual(decide({ verb: 'patch', resource: 'persistentvolumeclaims', subresource: 'status', namespace: 'ns0', name: 'data' }), { allowed: true });
  t.deepEqual(decide({ verb: 'get', resource: 'persistentvolumes', name: 'pv-1' }), { allowed: true });
  t.deepEqual(decide({ verb: 'get', resource: 'secrets', namespace: 'storage', name: 'csi-secret' }), { allowed: true });
  t.deepEqual(decide({ verb: 'create', resource: 'serviceaccounts', subresource: 'token', namespace: 'ns0', name: 'builder' }), { allowed: true });
  t.deepEqual(decide({ verb: 'create', resource: 'serviceaccounts', subresource: 'token', namespace: 'ns0', name: 'default' }), NO_PATH);
  t.deepEqual(decide({ verb: 'get', resource: 'serviceaccounts', namespace: 'ns0', name: 'builder' }), { allowed: false, reason: 'can only create tokens for individual service accounts' });
});

test('its own Node, its own Lease, pods through spec.nodeName', (t) => {
  t.deepEqual(decide({ verb: 'get', resource: 'nodes', name: 'node0' }), { allowed: true });
  t.deepEqual(decide({ verb: 'get', resource: 'nodes', name: 'node1' }), { allowed: false, reason: "node 'node0' cannot read 'node1', only its own Node object" });
  t.deepEqual(decide({ verb: 'list', resource: 'nodes' }), { allowed: false, reason: "node 'node0' cannot read all nodes, only its own Node object" });
  t.deepEqual(decide({ verb: 'patch', resource: 'nodes', subresource: 'status', name: 'node1' }), { allowed: true }, 'NodeRestriction narrows writes');
  const lease = { apiGroup: 'coordination.k8s.io', resource: 'leases' };
  t.deepEqual(decide({ ...lease, verb: 'update', namespace: 'kube-node-lease', name: 'node0' }), { allowed: true });
  t.deepEqual(decide({ ...lease, verb: 'create', namespace: 'kube-node-lease' }), { allowed: true });
  t.deepEqual(decide({ ...lease, verb: 'update', namespace: 'kube-node-lease', name: 'node1' }), { allowed: false, reason: 'can only access node lease with the same name as the requesting node' });
  t.deepEqual(decide({ ...lease, verb: 'get', namespace: 'default', name: 'node0' }), { allowed: false, reason: 'can only access leases in the "kube-node-lease" system namespace' });
  t.deepEqual(decide({ ...lease, verb: 'list', namespace: 'kube-node-lease' }), { allowed: false, reason: 'can only get, create, update, patch, or delete a node lease' });
  t.deepEqual(decide({ verb: 'watch', resource: 'pods', fieldSelector: 'spec.nodeName=node0' }), { allowed: true });
  t.deepEqual(decide({ verb: 'list', resource: 'pods', fieldSelector: 'spec.nodeName=node1' }), { allowed: false, reason: 'can only list/watch pods with spec.nodeName field selector' });
  t.deepEqual(decide({ verb: 'get', resource: 'pods', namespace: 'ns0', name: 'web' }), { allowed: true });
  t.deepEqual(decide({ verb: 'update', resource: 'pods', subresource: 'status', namespace: 'ns0', name: 'any' }), { allowed: true });
  t.deepEqual(decide({ verb: 'create', resource: 'events', namespace: 'ns0' }), { allowed: true }, 'the system:node rules for the rest');
  t.deepEqual(decide({ verb: 'delete', resource: 'services', namespace: 'ns0', name: 's' }), { allowed: false, reason: '' });
});

test('who is a node: system:node:<name> in system:nodes; a nameless one has no node', (t) => {
  t.is(decide({ verb: 'get', resource: 'nodes', name: 'node0' }, userInfo('system:node:node0')), undefined);
  t.deepEqual(decide({ verb: 'get', resource: 'nodes', name: 'x' }, userInfo('system:node:', '', ['system:nodes'])), { allowed: false, reason: 'unknown node for user "system:node:"' });
});

test('Node,RBAC: the Node authorizer first, RBAC next; the 403 carries the node reason', (t) => {
  const policy = compilePolicy(bootstrapPolicy());
  const attrs: RequestAttributes = { user: node0, verb: 'get', resource: 'secrets', namespace: 'ns0', name: 'other' };
  const d = authorize(attrs, policy, { nodeGraph: graph });
  t.deepEqual(d, { allowed: false, reason: "no relationship found between node 'node0' and this object" });
  t.is(forbiddenStatus(attrs, d.reason).message, `secrets "other" is forbidden: User "system:node:node0" cannot get resource "secrets" in API group "" in the namespace "ns0": no relationship found between node 'node0' and this object`);
  t.true(authorize({ ...attrs, name: 'pull' }, policy, { nodeGraph: graph }).allowed);
  t.false(authorize({ ...attrs, name: 'pull' }, policy).allowed, 'without the Node authorizer, RBAC alone gives kubelets nothing');
  t.true(authorize({ user: userInfo('alice', '', ['system:masters']), verb: 'get', resource: 'secrets', namespace: 'ns0', name: 'other' }, policy, { nodeGraph: graph }).allowed);
});

test("requestAttributes keeps a list's field selector, so a kubelet's pod watch passes", (t) => {
  const policy = compilePolicy(bootstrapPolicy());
  const attrs = requestAttributes(node0, 'watch', { group: '', version: 'v1', resource: 'pods' }, { fieldSelector: 'spec.nodeName=node0', allowWatchBookmarks: true });
  t.is(attrs.fieldSelector, 'spec.nodeName=node0');
  t.true(authorize(attrs, policy, { nodeGraph: graph }).allowed);
  t.false(authorize(requestAttributes(node0, 'watch', { group: '', version: 'v1', resource: 'pods' }, { resourceVersion: '5' }), policy, { nodeGraph: graph }).allowed);
});

test('a list or watch names its object through a metadata.name field selector, as RequestInfo takes it', (t) => {
  const secrets = { group: '', version: 'v1', resource: 'secrets', namespace: 'ns0' };
  const nameOf = (verb: 'list' | 'watch' | 'get', fieldSelector: string, target: object = secrets) => requestAttributes(node0, verb, { ...secrets, ...target }, { fieldSelector }).name;
  t.is(nameOf('watch', 'metadata.name=pull'), 'pull');
  t.is(nameOf('list', 'metadata.name==pull'), 'pull');
  t.is(nameOf('list', 'type=Opaque,metadata.name=pull'), 'pull');
  t.is(nameOf('list', 'metadata.name!=pull'), '', 'not an exact match');
  t.is(nameOf('list', 'metadata.namespace=ns0'), '');
  t.is(nameOf('list', 'metadata.name=a/b'), '', 'not a valid path segment');
  t.is(nameOf('get', 'metadata.name=other', { name: 'pull' }), 'pull', "a get's name is its path's");
  const policy = compilePolicy(bootstrapPolicy());
  t.true(authorize(requestAttributes(node0, 'watch', secrets, { fieldSelector: 'metadata.name=pull' }), policy, { nodeGraph: graph }).allowed);
  t.false(authorize(requestAttributes(node0, 'watch', secrets, { fieldSelector: 'metadata.name=other' }), policy, { nodeGraph: graph }).allowed);
});
