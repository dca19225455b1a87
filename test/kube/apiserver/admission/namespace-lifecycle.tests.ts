// NamespaceLifecycle: missing, terminating and immortal namespaces, with Kubernetes' statuses.

import test from 'ava';
import { namespaceLifecycle } from '../../../../actors/kube-apiserver/admission/namespace-lifecycle.ts';
import { attrs, ctx, namespace, pod, podCreate } from './fixtures.ts';

const cluster = { namespaces: [namespace('default'), namespace('kube-system'), namespace('dying', 'Terminating')] };
const admit = namespaceLifecycle.admit!;

test('creating in a missing namespace is 404 namespaces "x" not found', (t) => {
  const s = admit(podCreate(pod('web', undefined, {}, 'x')), ctx(cluster));
  t.like(s, { code: 404, reason: 'NotFound', message: 'namespaces "x" not found', details: { name: 'x', kind: 'namespaces' } });
});

test('updating in a missing namespace is 404 too', (t) => {
  const p = pod('web', undefined, {}, 'x');
  const s = admit(attrs({ operation: 'UPDATE', resource: 'pods', namespace: 'x', object: p, oldObject: p }), ctx(cluster));
  t.like(s, { code: 404, message: 'namespaces "x" not found' });
});

test('creating in a terminating namespace is 403 with the NamespaceTerminating cause', (t) => {
  const s = admit(podCreate(pod('web', undefined, {}, 'dying')), ctx(cluster));
  t.deepEqual(s, {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: 'pods "web" is forbidden: unable to create new content in namespace dying because it is being terminated',
    reason: 'Forbidden',
    details: { name: 'web', kind: 'pods', causes: [{ reason: 'NamespaceTerminating', message: 'namespace dying is being terminated', field: 'metadata.namespace' }] },
    code: 403,
  });
});

test('a generated name is named by its generateName in the message', (t) => {
  const p = pod('', undefined, {}, 'dying');
  p.metadata = { generateName: 'web-', namespace: 'dying' };
  t.like(admit(podCreate(p), ctx(cluster)), { message: 'pods "web-" is forbidden: unable to create new content in namespace dying because it is being terminated' });
});

test('updates and deletes in a terminating namespace pass', (t) => {
  const p = pod('web', undefined, {}, 'dying');
  t.is(admit(attrs({ operation: 'UPDATE', resource: 'pods', namespace: 'dying', object: p, oldObject: p }), ctx(cluster)), undefined);
  t.is(admit(attrs({ operation: 'DELETE', resource: 'pods', namespace: 'dying', name: 'web', oldObject: p }), ctx(cluster)), undefined);
  t.is(admit(attrs({ operation: 'DELETE', resource: 'pods', namespace: 'gone', name: 'web' }), ctx(cluster)), undefined);
});

for (const ns of ['default', 'kube-system', 'kube-public']) {
  test(`deleting namespace ${ns} is forbidden`, (t) => {
    const s = admit(attrs({ operation: 'DELETE', resource: 'namespaces', name: ns }), ctx(cluster));
    t.like(s, { code: 403, reason: 'Forbidden', message: `namespaces "${ns}" is forbidden: this namespace may not be deleted` });
  });
}

test('other namespaces may be deleted, and namespaces created', (t) => {
  t.is(admit(attrs({ operation: 'DELETE', resource: 'namespaces', name: 'dying' }), ctx(cluster)), undefined);
  t.is(admit(attrs({ resource: 'namespaces', object: namespace('new') as never }), ctx(cluster)), undefined);
});

test('cluster-scoped objects pass, and creates in an active namespace', (t) => {
  t.is(admit(attrs({ resource: 'nodes', object: { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' } } }), ctx(cluster)), undefined);
  t.is(admit(podCreate(pod('web')), ctx(cluster)), undefined);
});

test('a LocalSubjectAccessReview in a missing namespace passes; the same resource name in another group does not', (t) => {
  const review = (group: string) => {
    const a = podCreate(pod('web', undefined, {}, 'x'));
    return { ...a, resource: { ...a.resource, group, resource: 'localsubjectaccessreviews', kind: 'LocalSubjectAccessReview' } };
  };
  t.is(admit(review('authorization.k8s.io'), ctx(cluster)), undefined);
  t.like(admit(review('example.com'), ctx(cluster)), { code: 404, message: 'namespaces "x" not found' });
  const subjectReview = podCreate(pod('web', undefined, {}, 'x'));
  t.like(admit({ ...subjectReview, resource: { ...subjectReview.resource, group: 'authorization.k8s.io', resource: 'subjectaccessreviews' } }, ctx(cluster)), { code: 404 });
});
