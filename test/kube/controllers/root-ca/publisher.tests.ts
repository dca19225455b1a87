import test from 'ava';
import { ControllerLoop } from '../loop.ts';
import { reconcileRootCA, publisherKeys } from '../../../../actors/kube-controller-manager/root-ca-publisher.ts';
test('root-ca-cert-publisher: every namespace gets kube-root-ca.crt; a second round looks only at what changed', (t) => {
  const loop = new ControllerLoop({ informers: [{ name: 'namespaces', resource: 'namespaces' }, { name: 'configmaps', resource: 'configmaps', fieldSelector: 'metadata.name=kube-root-ca.crt' }], keysFor: publisherKeys, reconcile: (k, l) => reconcileRootCA('CA', k, l) });
  loop.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'a' } });
  loop.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', namespace: 'a' }, data: {} });
  const rounds = loop.settle();
  t.is(rounds.length, 2);
  t.deepEqual(rounds[1]!.keys, ['a']);
  t.deepEqual(loop.list('cm', 'a').map((c) => c.metadata.name), ['kube-root-ca.crt', 'x']);
});
