// The Service range repair core: what one pass rebuilds, the Warning Events it finds, and leaks
// freed on the third pass that still finds them (pkg/registry/core/service/*/controller/repair.go).

import test from 'ava';
import { collectNodePorts, DEFAULT_SERVICE_ALLOCATOR_CONFIG, RANGE_KEYS, type RangeSnapshot, repairRanges } from '../../../../actors/kube-apiserver/allocators/index.ts';
import type { KubeObject } from '../../../../protocols/kube/objects.ts';

const env = { config: DEFAULT_SERVICE_ALLOCATOR_CONFIG, pick: () => 0 };
const svc = (name: string, spec: Record<string, unknown>): KubeObject => ({ apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'default', uid: `u-${name}` }, spec });
const snap = (key: string, slots: number[]): RangeSnapshot => ({ key, modRevision: 7, range: '', slots });
const ranges = (ips: number[], ports: number[]): RangeSnapshot[] => [snap(RANGE_KEYS.primary, ips), snap(RANGE_KEYS.secondary, []), snap(RANGE_KEYS.nodePorts, ports)];
const reasons = (r: ReturnType<typeof repairRanges>) => r.events.map((e) => `${e.service.metadata.name} ${e.reason}: ${e.message}`);

test('a held value the ranges miss is taken again, with a Warning on its Service', (t) => {
  const r = repairRanges(ranges([], []), [svc('web', { clusterIPs: ['10.96.0.10'], ports: [{ port: 80, nodePort: 30080, protocol: 'TCP' }] })], new Map(), env);
  t.deepEqual(reasons(r), ['web ClusterIPNotAllocated: Cluster IP [IPv4]:10.96.0.10 is not allocated; repairing', 'web PortNotAllocated: Port 30080 is not allocated; repairing']);
  t.deepEqual(r.rebuilt.values(), ['ip:10.96.0.10', 'port:30080']);
  t.is(r.events[0]!.component, 'ipallocator-repair-controller');
  t.is(r.events[1]!.component, 'portallocator-repair-controller');
});

test('duplicates and values outside the ranges only draw Warnings', (t) => {
  const r = repairRanges(ranges([9], [80]), [
    svc('a', { clusterIPs: ['10.96.0.10'], ports: [{ nodePort: 30080 }] }),
    svc('b', { clusterIPs: ['10.96.0.10'], ports: [{ nodePort: 30080 }] }),
    svc('c', { clusterIPs: ['10.200.0.1', 'fd00:99::1'], ports: [{ nodePort: 40000 }] }),
    svc('d', { clusterIPs: ['None'] }),
  ], new Map(), env);
  t.deepEqual(reasons(r), [
    'b ClusterIPAlreadyAllocated: Cluster IP [IPv4]:10.96.0.10 was assigned to multiple services; please recreate service',
    'b PortAlreadyAllocated: Port 30080 was assigned to multiple services; please recreate service',
    'c ClusterIPOutOfRange: Cluster IP [IPv4]:10.200.0.1 is not within the service CIDR 10.96.0.0/12; please recreate service',
    'c ClusterIPOutOfRange: Cluster IP [IPv6]:fd00:99::1 is not within the service CIDR fd00:10:96::/112; please recreate service',
    'c PortOutOfRange: Port 40000 is not within the port range 30000-32767; please recreate service',
  ]);
  t.deepEqual(r.rebuilt.values(), ['ip:10.96.0.10', 'port:30080']);
});

test('a value no Service holds is kept two passes and freed on the third', (t) => {
  let leaks = new Map<string, number>();
  const stored = ranges([99], [5]);
  const held: boolean[] = [];
  for (let pass = 0; pass < 3; pass++) {
    const r = repairRanges(stored, [], leaks, env);
    leaks = r.leaks;
    held.push(r.rebuilt.values().length === 2);
    t.deepEqual(r.events, []);
  }
  t.deepEqual(held, [true, true, false]);
  t.is(leaks.size, 0);
  // A suspected leak that a Service turns out to hold is forgotten.
  const first = repairRanges(stored, [], new Map(), env);
  const second = repairRanges(stored, [svc('late', { clusterIPs: ['10.96.0.100'] })], first.leaks, env);
  t.deepEqual([...second.leaks.keys()], ['port:30005']);
});

test('collectServiceNodePorts: same port twice with one protocol counts twice, with two protocols once', (t) => {
  t.deepEqual(collectNodePorts(svc('a', { ports: [{ nodePort: 30001, protocol: 'TCP' }, { nodePort: 30001, protocol: 'UDP' }], healthCheckNodePort: 30002 })), [30001, 30002]);
  t.deepEqual(collectNodePorts(svc('b', { ports: [{ nodePort: 30001, protocol: 'TCP' }, { nodePort: 30001, protocol: 'TCP' }] })), [30001, 30001]);
  t.deepEqual(collectNodePorts(svc('c', { ports: [{ nodePort: 30003, protocol: 'UDP' }], healthCheckNodePort: 30003 })), [30003]);
  t.deepEqual(collectNodePorts(svc('d', { ports: [{ port: 80 }] })), []);
});
