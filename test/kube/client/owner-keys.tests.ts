import test from 'ava';
import { controllerKeyOf, controllerKeys } from '../../../actors/client/owner-keys.ts';
import type { KubeObject } from '../../../protocols/kube/objects.ts';

const pod = (owners: { name: string; kind?: string; controller?: boolean }[]): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p', namespace: 'prod', ownerReferences: owners.map((o) => ({ apiVersion: 'apps/v1', kind: o.kind ?? 'ReplicaSet', name: o.name, uid: `u-${o.name}`, ...(o.controller === undefined ? {} : { controller: o.controller }) })) },
});

test('only the owner reference marked controller, of the kind asked, counts', (t) => {
  t.is(controllerKeyOf(pod([{ name: 'rs-1', controller: true }]), 'ReplicaSet'), 'prod/rs-1');
  t.is(controllerKeyOf(pod([{ name: 'rs-1' }]), 'ReplicaSet'), undefined);
  t.is(controllerKeyOf(pod([{ name: 'job-1', kind: 'Job', controller: true }]), 'ReplicaSet'), undefined);
});

test('an update that changed controller wakes both; a delete wakes the last one', (t) => {
  const a = pod([{ name: 'rs-a', controller: true }]);
  const b = pod([{ name: 'rs-b', controller: true }]);
  t.deepEqual(controllerKeys({ type: 'update', old: a, obj: b }, 'ReplicaSet'), ['prod/rs-b', 'prod/rs-a']);
  t.deepEqual(controllerKeys({ type: 'update', old: a, obj: a }, 'ReplicaSet'), ['prod/rs-a']);
  t.deepEqual(controllerKeys({ type: 'delete', obj: b }, 'ReplicaSet'), ['prod/rs-b']);
  t.deepEqual(controllerKeys({ type: 'add', obj: pod([]) }, 'ReplicaSet'), []);
});
