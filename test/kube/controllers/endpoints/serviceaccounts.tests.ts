// The ServiceAccount controller on the real registry: "default" in every active namespace.

import test from 'ava';
import { SERVICE_ACCOUNT_INFORMERS, serviceAccountKeys, syncNamespace } from '../../../../actors/kube-controller-manager/serviceaccount/controller.ts';
import { updateCall } from '../../../../actors/client/index.ts';
import { ControllerLoop } from '../loop.ts';

const saLoop = () => new ControllerLoop({ informers: SERVICE_ACCOUNT_INFORMERS, keysFor: serviceAccountKeys, reconcile: (k, l) => syncNamespace(k, l) });
const names = (loop: ControllerLoop, ns: string) => loop.list('sa', ns).map((s) => s.metadata.name);

test('serviceaccounts: every namespace gets "default"; a deleted one is re-created; other accounts are left alone', (t) => {
  const loop = saLoop();
  loop.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'a' } });
  loop.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'b' } });
  loop.settle();
  t.deepEqual(names(loop, 'a'), ['default']);
  t.deepEqual(names(loop, 'b'), ['default']);
  loop.create({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'robot', namespace: 'a' } });
  loop.apply({ verb: 'delete', target: { group: '', version: 'v1', resource: 'serviceaccounts', namespace: 'a', name: 'default' } });
  const rounds = loop.settle();
  t.deepEqual(rounds[0]!.keys, ['a']);
  t.deepEqual(names(loop, 'a'), ['default', 'robot']);
  loop.apply({ verb: 'delete', target: { group: '', version: 'v1', resource: 'serviceaccounts', namespace: 'a', name: 'robot' } });
  t.deepEqual(loop.settle()[0]!.keys, []);
});

test('serviceaccounts: a terminating namespace gets none', (t) => {
  const loop = saLoop();
  // A finalizer of its own holds the namespace in deletion, Terminating.
  loop.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'gone', finalizers: ['example.com/hold'] } });
  loop.apply({ verb: 'delete', target: { group: '', version: 'v1', resource: 'namespaces', name: 'gone' } });
  // The phase the namespace registry would set on deletion, written here.
  const ns = loop.get('ns', 'gone')!;
  loop.apply(updateCall({ ...ns, status: { phase: 'Terminating' } }, { subresource: 'status' }));
  t.is((loop.get('ns', 'gone')!.status as { phase: string }).phase, 'Terminating');
  loop.settle();
  t.deepEqual(names(loop, 'gone'), []);
});
