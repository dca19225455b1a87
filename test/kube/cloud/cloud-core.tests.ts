import test from 'ava';
import fc from 'fast-check';
import { handle, newCloud, routeName } from '../../../actors/cloud-provider/cloud.ts';
import { loadBalancerName, parseProviderID, providerIDOf, type CloudCall, type CloudControl, type CloudReply } from '../../../protocols/kube/cloud.ts';

const result = (r: CloudReply) => {
  if (!r.ok) throw new Error(r.error);
  return r.result;
};
const errorOf = (r: CloudReply) => (r.ok ? undefined : r.error);
const lb = (name: string, nodes: string[] = ['n1']): CloudCall => ({ type: 'EnsureLoadBalancer', name, service: `default/${name}`, ports: [{ protocol: 'TCP', port: 80, nodePort: 30080 }], nodes });
const ipOf = (r: CloudReply) => {
  const x = result(r);
  return x.kind === 'LoadBalancer' ? x.ingress[0]?.ip : undefined;
};

test('cloud core: instances get counted ids and providerIDs kybernetes://<region>/<zone>/<instance>', (t) => {
  const c = newCloud({ region: 'eu-1', instances: [{ name: 'worker-1', zone: 'eu-1a', internalIPs: ['10.0.0.11'] }] });
  t.is(c.instances['worker-1']!.id, 'i-00000001');
  result(handle(c, { type: 'AddInstance', instance: { name: 'worker-2', zone: 'eu-1b', instanceType: 'large-8', externalIP: '198.51.100.7' } }));
  t.is(c.instances['worker-2']!.id, 'i-00000002');
  const m = result(handle(c, { type: 'InstanceMetadata', nodeName: 'worker-1' }));
  t.deepEqual(m, {
    kind: 'Instance',
    metadata: {
      providerID: 'kybernetes://eu-1/eu-1a/worker-1',
      instanceType: 'standard-2',
      zone: 'eu-1a',
      region: 'eu-1',
      addresses: [
        { type: 'InternalIP', address: '10.0.0.11' },
        { type: 'Hostname', address: 'worker-1' },
      ],
      state: 'running',
    },
  });
  const byID = result(handle(c, { type: 'InstanceMetadata', nodeName: 'ignored', providerID: 'kybernetes://eu-1/eu-1b/worker-2' }));
  t.is(byID.kind === 'Instance' ? byID.metadata?.instanceType : undefined, 'large-8');
  t.deepEqual(parseProviderID(providerIDOf('eu-1', 'eu-1a', 'w')), { region: 'eu-1', zone: 'eu-1a', instance: 'w' });
});

test('cloud core: instance lookups that find nothing', (t) => {
  const c = newCloud({ region: 'r', instances: [{ name: 'a', zone: 'zone-a' }] });
  const rows: [string, string | undefined][] = [
    ['missing', undefined],
    ['x', 'aws:///us-east-1a/i-123'],
    ['x', 'kybernetes://other-region/zone-a/a'],
  ];
  for (const [nodeName, providerID] of rows) t.deepEqual(result(handle(c, { type: 'InstanceMetadata', nodeName, ...(providerID ? { providerID } : {}) })), { kind: 'Instance', metadata: null }, `${nodeName} ${providerID}`);
  result(handle(c, { type: 'TerminateInstance', name: 'a' }));
  t.deepEqual(result(handle(c, { type: 'InstanceMetadata', nodeName: 'a' })), { kind: 'Instance', metadata: null });
  t.is(errorOf(handle(c, { type: 'TerminateInstance', name: 'a' })), 'instance a not found');
});

test('cloud core: shutdown and start change the state InstanceMetadata reports', (t) => {
  const c = newCloud({ instances: [{ name: 'a', zone: 'zone-a' }] });
  const state = () => {
    const r = result(handle(c, { type: 'InstanceMetadata', nodeName: 'a' }));
    return r.kind === 'Instance' ? r.metadata?.state : undefined;
  };
  const steps: [CloudControl, 'running' | 'shutdown'][] = [
    [{ type: 'ShutdownInstance', name: 'a' }, 'shutdown'],
    [{ type: 'StartInstance', name: 'a' }, 'running'],
  ];
  for (const [m, want] of steps) {
    result(handle(c, m));
    t.is(state(), want);
  }
});

test('cloud core: load balancers take the lowest free IP of 203.0.113.0/24, keep it when ensured again and free it when deleted', (t) => {
  const c = newCloud();
  t.is(ipOf(handle(c, lb('a'))), '203.0.113.1');
  t.is(ipOf(handle(c, lb('b'))), '203.0.113.2');
  t.is(ipOf(handle(c, lb('a', ['n2', 'n1']))), '203.0.113.1');
  t.deepEqual(c.loadBalancers.a!.nodes, ['n1', 'n2']);
  result(handle(c, { type: 'EnsureLoadBalancerDeleted', name: 'a' }));
  result(handle(c, { type: 'EnsureLoadBalancerDeleted', name: 'a' }));
  t.deepEqual(result(handle(c, { type: 'GetLoadBalancer', name: 'a' })), { kind: 'LoadBalancer', exists: false, ingress: [] });
  t.is(ipOf(handle(c, lb('c'))), '203.0.113.1');
  t.is(errorOf(handle(c, { type: 'UpdateLoadBalancer', name: 'zzz', nodes: [] })), 'load balancer zzz not found');
  result(handle(c, { type: 'UpdateLoadBalancer', name: 'b', nodes: ['z', 'y'] }));
  t.deepEqual(c.loadBalancers.b!.nodes, ['y', 'z']);
});

test('cloud core: a seeded pool offset and an exhausted pool', (t) => {
  const c = newCloud({ externalPool: '192.0.2.0/29', poolOffset: 4 });
  t.deepEqual([1, 2, 3, 4, 5, 6].map((i) => ipOf(handle(c, lb(`lb${i}`)))), ['192.0.2.5', '192.0.2.6', '192.0.2.1', '192.0.2.2', '192.0.2.3', '192.0.2.4']);
  t.is(errorOf(handle(c, lb('lb7'))), 'no external IP addresses left in the pool');
});

test('cloud core: the load balancer name is "a" and the UID without dashes, cut to 32 characters', (t) => {
  t.is(loadBalancerName('6f0f2bb4-1c9e-4a11-9a6f-2d8e2f1c3b77'), 'a6f0f2bb41c9e4a119a6f2d8e2f1c3b7');
  t.is(loadBalancerName('abc'), 'aabc');
});

test('cloud core: routes to live instances, one per destination', (t) => {
  const c = newCloud({ instances: [{ name: 'a', zone: 'zone-a' }, { name: 'b', zone: 'zone-b' }] });
  const r = result(handle(c, { type: 'CreateRoute', nameHint: 'uid-a', targetNode: 'a', destinationCIDR: '10.244.1.0/24' }));
  t.deepEqual(r, { kind: 'Route', route: { name: routeName('uid-a', '10.244.1.0/24'), targetNode: 'a', destinationCIDR: '10.244.1.0/24' } });
  t.is(routeName('uid-a', '10.244.1.0/24'), 'uid-a-10-244-1-0-24');
  t.is(errorOf(handle(c, { type: 'CreateRoute', nameHint: 'uid-b', targetNode: 'b', destinationCIDR: '10.244.1.0/24' })), 'route for 10.244.1.0/24 already exists, to a');
  t.is(errorOf(handle(c, { type: 'CreateRoute', nameHint: 'uid-z', targetNode: 'z', destinationCIDR: '10.244.9.0/24' })), 'instance z not found');
  result(handle(c, { type: 'CreateRoute', nameHint: 'uid-b', targetNode: 'b', destinationCIDR: '10.244.2.0/24' }));
  const list = result(handle(c, { type: 'ListRoutes' }));
  t.deepEqual(list.kind === 'Routes' ? list.routes.map((x) => x.targetNode) : [], ['a', 'b']);
  result(handle(c, { type: 'DeleteRoute', name: routeName('uid-a', '10.244.1.0/24') }));
  t.deepEqual(Object.keys(c.routes), ['uid-b-10-244-2-0-24']);
});

test('cloud core: disks attach only in their zone, to one instance, and are freed when it terminates', (t) => {
  const c = newCloud({ instances: [{ name: 'a', zone: 'zone-a' }, { name: 'b', zone: 'zone-b' }, { name: 'a2', zone: 'zone-a' }] });
  result(handle(c, { type: 'CreateDisk', name: 'd', zone: 'zone-a', sizeGi: 10 }));
  t.is(errorOf(handle(c, { type: 'CreateDisk', name: 'e', zone: 'nowhere', sizeGi: 1 })), 'zone nowhere not found');
  t.is(errorOf(handle(c, { type: 'AttachDisk', name: 'd', instance: 'b' })), 'disk d is in zone zone-a, instance b in zone zone-b');
  result(handle(c, { type: 'AttachDisk', name: 'd', instance: 'a' }));
  t.is(errorOf(handle(c, { type: 'AttachDisk', name: 'd', instance: 'a2' })), 'disk d is attached to a');
  t.is(errorOf(handle(c, { type: 'DeleteDisk', name: 'd' })), 'disk d is attached to a');
  result(handle(c, { type: 'TerminateInstance', name: 'a' }));
  t.is(c.disks.d!.attachedTo, undefined);
  result(handle(c, { type: 'DeleteDisk', name: 'd' }));
  t.deepEqual(c.disks, {});
});

test('cloud core: whatever the order of ensures and deletes, live load balancers hold distinct pool IPs', (t) => {
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 7 })), { maxLength: 60 }), fc.integer({ min: 0, max: 5 }), (ops, offset) => {
      const c = newCloud({ externalPool: '198.51.100.0/29', poolOffset: offset });
      for (const [ensure, i] of ops) handle(c, ensure ? lb(`lb${i}`) : { type: 'EnsureLoadBalancerDeleted', name: `lb${i}` });
      const ips = Object.values(c.loadBalancers).map((x) => x.ip);
      return new Set(ips).size === ips.length && ips.every((ip) => /^198\.51\.100\.[1-6]$/.test(ip));
    }),
  );
  t.pass();
});

test('cloud core: a requested load balancer IP is given when the pool has it free', (t) => {
  const c = newCloud();
  const want = (name: string, ip: string): CloudCall => ({ ...(lb(name) as Extract<CloudCall, { type: 'EnsureLoadBalancer' }>), loadBalancerIP: ip });
  t.is(ipOf(handle(c, want('a', '203.0.113.50'))), '203.0.113.50');
  t.is(ipOf(handle(c, lb('b'))), '203.0.113.1');
  t.is(errorOf(handle(c, want('c', '203.0.113.50'))), 'requested load balancer IP 203.0.113.50 is in use by default/a');
  t.is(errorOf(handle(c, want('c', '10.1.2.3'))), 'requested load balancer IP 10.1.2.3 is not in the pool 203.0.113.0/24');
  t.is(errorOf(handle(c, want('c', '203.0.113.0'))), 'requested load balancer IP 203.0.113.0 is not in the pool 203.0.113.0/24');
  t.is(ipOf(handle(c, want('b', '203.0.113.60'))), '203.0.113.60', 'an existing balancer moves to the address asked for');
  t.is(ipOf(handle(c, lb('d'))), '203.0.113.1');
});
