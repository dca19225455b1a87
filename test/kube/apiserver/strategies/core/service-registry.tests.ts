// The Service strategy driven by the registry itself (create and update through an in-memory
// etcd), with the allocators the apiserver would hand it: what a client sees, Status and all.

import test from 'ava';
import { DEFAULT_SERVICE_ALLOCATOR_CONFIG, ServiceAllocators } from '../../../../../actors/kube-apiserver/allocators/index.ts';
import type { RegistryEnv } from '../../../../../actors/kube-apiserver/registry/index.ts';
import type { Target } from '../../../../../protocols/kube/api.ts';
import type { KubeObject } from '../../../../../protocols/kube/objects.ts';
import { Registry } from '../../harness.ts';

class ServiceRegistry extends Registry {
  readonly allocators = new ServiceAllocators(DEFAULT_SERVICE_ALLOCATOR_CONFIG, (n) => n - 1);
  override get env(): RegistryEnv {
    return { ...super.env, allocators: this.allocators };
  }
}

const services: Target = { group: '', version: 'v1', resource: 'services', namespace: 'default' };
const svc = (name: string, spec: Record<string, unknown>): KubeObject => ({ apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'default' }, spec });

test('a created Service comes back defaulted with a clusterIP from the top of the range', (t) => {
  const reg = new ServiceRegistry();
  const r = reg.run({ verb: 'create', target: services, body: svc('web', { selector: { app: 'web' }, ports: [{ port: 80 }] }) });
  t.is(r.code, 201);
  const spec = (r.body as KubeObject).spec as Record<string, unknown>;
  // pick(n) = n-1 takes the last slot: 10.111.255.254, the address below the broadcast.
  t.is(spec.clusterIP, '10.111.255.254');
  t.deepEqual(spec.clusterIPs, ['10.111.255.254']);
  t.deepEqual(spec.ipFamilies, ['IPv4']);
  t.is(spec.ipFamilyPolicy, 'SingleStack');
});

test('a second Service asking for a held clusterIP gets 422 with the allocator\'s reason, and nothing is stored', (t) => {
  const reg = new ServiceRegistry();
  t.is(reg.run({ verb: 'create', target: services, body: svc('dns', { clusterIP: '10.96.0.10', ports: [{ port: 53, protocol: 'UDP' }] }) }).code, 201);
  const before = reg.revision;
  const r = reg.run({ verb: 'create', target: services, body: svc('dns2', { clusterIP: '10.96.0.10', ports: [{ port: 53, protocol: 'UDP' }] }) });
  t.is(r.code, 422);
  t.like(r.body as object, {
    reason: 'Invalid',
    message: 'Service "dns2" is invalid: spec.clusterIPs: Invalid value: []string{"10.96.0.10"}: failed to allocate IP 10.96.0.10: provided IP is already allocated',
  });
  t.is(reg.revision, before);
});

test('an update may not move the clusterIP', (t) => {
  const reg = new ServiceRegistry();
  const created = reg.run({ verb: 'create', target: services, body: svc('web', { ports: [{ port: 80 }] }) }).body as KubeObject;
  const spec = { ...(created.spec as object), clusterIP: '10.96.5.5', clusterIPs: ['10.96.5.5'] };
  const r = reg.run({ verb: 'update', target: { ...services, name: 'web' }, body: { ...created, spec } });
  t.is(r.code, 422);
  t.regex((r.body as { message: string }).message, /spec\.clusterIPs\[0\]: Invalid value: \[\]string\{"10\.96\.5\.5"\}: may not change once set/);
});
