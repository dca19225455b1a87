// NamespaceLifecycle inside requests to the registry: nothing new in a terminating namespace,
// the cluster's own namespaces never deleted, and a terminating namespace still able to empty out.

import test from 'ava';
import type { KubeObject } from '../../../../protocols/kube/objects.ts';
import { AdmittingRegistry, cmTarget, configMap, NAMESPACES, namespace, nsTarget } from './admitting-registry.ts';

const terminating = () => {
  const reg = new AdmittingRegistry().withSystemNamespaces();
  reg.must({ verb: 'create', target: NAMESPACES, body: namespace('dying') });
  reg.must({ verb: 'create', target: cmTarget('dying'), body: configMap('kept', 'dying') });
  reg.must({ verb: 'delete', target: nsTarget('dying') });
  return reg;
};

test('creating in a terminating namespace is 403 with Kubernetes\' message and the NamespaceTerminating cause', (t) => {
  const reg = terminating();
  const r = reg.run({ verb: 'create', target: cmTarget('dying'), body: configMap('late', 'dying') });
  t.deepEqual(r.body, {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: 'configmaps "late" is forbidden: unable to create new content in namespace dying because it is being terminated',
    reason: 'Forbidden',
    details: { name: 'late', kind: 'configmaps', causes: [{ reason: 'NamespaceTerminating', message: 'namespace dying is being terminated', field: 'metadata.namespace' }] },
    code: 403,
  });
  t.is(reg.run({ verb: 'get', target: cmTarget('dying', 'late') }).code, 404);
});

test('in a terminating namespace updates and deletes pass, so it can empty out', (t) => {
  const reg = terminating();
  const cm = reg.must({ verb: 'get', target: cmTarget('dying', 'kept') });
  t.is(reg.run({ verb: 'update', target: cmTarget('dying', 'kept'), body: { ...cm, data: { k: 'w' } } as KubeObject }).code, 200);
  t.is(reg.run({ verb: 'delete', target: cmTarget('dying', 'kept') }).code, 200);
  t.is(reg.run({ verb: 'deletecollection', target: cmTarget('dying') }).code, 200);
});

for (const name of ['default', 'kube-system', 'kube-public']) {
  test(`DELETE of namespace ${name} is 403 "this namespace may not be deleted", and it stays Active`, (t) => {
    const reg = new AdmittingRegistry().withSystemNamespaces();
    const r = reg.run({ verb: 'delete', target: nsTarget(name) });
    t.like(r, { code: 403, body: { reason: 'Forbidden', message: `namespaces "${name}" is forbidden: this namespace may not be deleted`, details: { name, kind: 'namespaces' } } });
    t.like(reg.nsOf(name), { status: { phase: 'Active' } });
    t.is(reg.nsOf(name)?.metadata?.deletionTimestamp, undefined);
  });
}

test('creating in a missing namespace is 404; in an active one 201; other namespaces may be deleted', (t) => {
  const reg = new AdmittingRegistry().withSystemNamespaces();
  t.like(reg.run({ verb: 'create', target: cmTarget('nope'), body: configMap('a', 'nope') }), { code: 404, body: { message: 'namespaces "nope" not found' } });
  t.is(reg.run({ verb: 'create', target: cmTarget('default'), body: configMap('a', 'default') }).code, 201);
  reg.must({ verb: 'create', target: NAMESPACES, body: namespace('team-a') });
  t.is(reg.run({ verb: 'delete', target: nsTarget('team-a') }).code, 200);
});
