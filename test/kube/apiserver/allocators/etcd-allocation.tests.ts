// Service values kept in etcd's RangeAllocations: what a Service write leaves there, and two
// replicas whose requests interleave step by step never handing out one value twice.

import test from 'ava';
import fc from 'fast-check';
import { applyCommand } from '../../../../actors/etcd/mvcc/commands.ts';
import { decodeRange, decodeSlots, encodeSlots, RANGE_KEYS } from '../../../../actors/kube-apiserver/allocators/index.ts';
import type { Step } from '../../../../actors/kube-apiserver/registry/index.ts';
import { serviceStep } from '../../../../actors/kube-apiserver/shell/kinds.ts';
import type { ApiCall, ApiResult } from '../../../../protocols/kube/api.ts';
import type { KubeObject } from '../../../../protocols/kube/objects.ts';
import { Rng } from '../../../../runtime/index.ts';
import { Registry } from '../harness.ts';

const services = { group: '', version: 'v1', resource: 'services', namespace: 'default' };
const svc = (name: string, spec: Record<string, unknown>): KubeObject => ({ apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'default' }, spec });
const create = (name: string, spec: Record<string, unknown> = {}): ApiCall => ({ verb: 'create', target: services, body: svc(name, { ports: [{ port: 80 }], ...spec }) });

/** A replica: the harness's store with its own seeded stream, Service writes through etcd allocation. */
class Replica {
  private readonly rng: Rng;
  constructor(
    private readonly shared: Registry,
    seed: number,
  ) {
    this.rng = new Rng(seed);
  }
  get env() {
    return { ...this.shared.env, pick: (n: number) => this.rng.int(n) };
  }
  start(call: ApiCall): Step {
    return serviceStep(call, this.env);
  }
  run(call: ApiCall): ApiResult {
    let step = this.start(call);
    while (step.kind === 'etcd') step = step.then(applyCommand(this.shared.store, step.command));
    return step.result;
  }
}

/** What a RangeAllocation in the store lists, as IPs (offset from the range's first address) or ports. */
function stored(reg: Registry, key: string): number[] {
  const kv = reg.store.range(key, '', {}).kvs[0];
  return decodeRange(key, kv).slots as number[];
}

const ipSlot = (ip: string): number => {
  const [a, b, c, d] = ip.split('.').map(Number) as [number, number, number, number];
  return ((a << 24) | (b << 16) | (c << 8) | d) - ((10 << 24) | (96 << 16)) - 1;
};

test('slots encode as LEB128 gaps and decode back; a cut encoding is refused', (t) => {
  t.is(encodeSlots([]), '');
  t.deepEqual(decodeSlots(encodeSlots([0, 1, 127, 128, 1048574])), [0, 1, 127, 128, 1048574]);
  t.deepEqual(decodeSlots(encodeSlots([5, 3, 5])), [3, 5]);
  t.is(decodeSlots(Buffer.from([0x80]).toString('base64')), undefined);
  fc.assert(fc.property(fc.uniqueArray(fc.integer({ min: 0, max: 2 ** 20 }), { maxLength: 50 }), (slots) => {
    t.deepEqual(decodeSlots(encodeSlots(slots)), [...slots].sort((a, b) => a - b));
  }));
});

test('a created Service\'s clusterIP and nodePort are in the RangeAllocations; its delete frees them', (t) => {
  const shared = new Registry();
  const r = new Replica(shared, 1);
  const created = r.run(create('web', { type: 'NodePort', ports: [{ port: 80, nodePort: 30080 }] }));
  t.is(created.code, 201);
  const ip = ((created.body as KubeObject).spec as { clusterIP: string }).clusterIP;
  t.deepEqual(stored(shared, RANGE_KEYS.primary), [ipSlot(ip)]);
  t.deepEqual(stored(shared, RANGE_KEYS.nodePorts), [80]);
  const record = JSON.parse(shared.store.range(RANGE_KEYS.nodePorts, '', {}).kvs[0]!.value) as Record<string, unknown>;
  t.like(record, { apiVersion: 'v1', kind: 'RangeAllocation', range: '30000-32767' });
  t.is(r.run({ verb: 'delete', target: { ...services, name: 'web' } }).code, 200);
  t.deepEqual(stored(shared, RANGE_KEYS.primary), []);
  t.deepEqual(stored(shared, RANGE_KEYS.nodePorts), []);
});

test('a refused create leaves etcd as it was; one that loses on its name frees what it took', (t) => {
  const shared = new Registry();
  const r = new Replica(shared, 2);
  const before = shared.revision;
  t.is(r.run(create('bad', { ports: [{ port: 0 }] })).code, 422);
  t.is(shared.revision, before);
  t.is(r.run(create('web', { clusterIP: '10.96.0.20' })).code, 201);
  const again = r.run(create('web', { clusterIP: '10.96.0.21', type: 'NodePort' }));
  t.is(again.code, 409);
  t.deepEqual(stored(shared, RANGE_KEYS.primary), [ipSlot('10.96.0.20')]);
  t.deepEqual(stored(shared, RANGE_KEYS.nodePorts), []);
});

test('an update that drops the NodePorts frees them; the ClusterIP stays', (t) => {
  const shared = new Registry();
  const r = new Replica(shared, 3);
  const created = r.run(create('web', { type: 'NodePort', clusterIP: '10.96.0.30' })).body as KubeObject;
  t.is(stored(shared, RANGE_KEYS.nodePorts).length, 1);
  const spec = { ...(created.spec as Record<string, unknown>), type: 'ClusterIP', ports: [{ port: 80, protocol: 'TCP', targetPort: 80 }] };
  const updated = r.run({ verb: 'update', target: { ...services, name: 'web' }, body: { ...created, spec } });
  t.is(updated.code, 200, JSON.stringify(updated.body));
  t.deepEqual(stored(shared, RANGE_KEYS.nodePorts), []);
  t.deepEqual(stored(shared, RANGE_KEYS.primary), [ipSlot('10.96.0.30')]);
});

test('a dual-stack Service takes its IPv6 address in the secondary range', (t) => {
  const shared = new Registry();
  const r = new Replica(shared, 4);
  const created = r.run(create('web', { ipFamilyPolicy: 'RequireDualStack', clusterIP: '10.96.0.40', clusterIPs: ['10.96.0.40', 'fd00:10:96::40'] }));
  t.is(created.code, 201, JSON.stringify(created.body));
  t.deepEqual(stored(shared, RANGE_KEYS.secondary), [0x40 - 1]);
});

test('property: two replicas whose Service creates interleave never share a ClusterIP or a NodePort', (t) => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 1000 }),
      fc.array(fc.record({ replica: fc.integer({ min: 0, max: 1 }), nodePort: fc.boolean(), ip: fc.option(fc.integer({ min: 17, max: 20 }), { nil: undefined }) }), { minLength: 2, maxLength: 8 }),
      fc.array(fc.nat(), { minLength: 1, maxLength: 64 }),
      (seed, requests, schedule) => {
        const shared = new Registry();
        // The same seed on both: left alone, each replica would pick the very same values.
        const replicas = [new Replica(shared, seed), new Replica(shared, seed)];
        const flights = requests.map((q, i) => ({
          step: replicas[q.replica]!.start(create(`s${i}`, { ...(q.nodePort ? { type: 'NodePort' } : {}), ...(q.ip ? { clusterIP: `10.96.0.${q.ip}` } : {}) })),
        }));
        let turn = 0;
        for (;;) {
          const running = flights.filter((f) => f.step.kind === 'etcd');
          if (running.length === 0) break;
          const f = running[schedule[turn++ % schedule.length]! % running.length]!;
          if (f.step.kind === 'etcd') f.step = f.step.then(applyCommand(shared.store, f.step.command));
        }
        const results = flights.map((f) => (f.step.kind === 'done' ? f.step.result : undefined)!);
        const made = results.filter((r) => r.code === 201).map((r) => (r.body as KubeObject).spec as { clusterIP: string; ports: { nodePort?: number }[] });
        // Only a requested IP that another Service got first may be refused.
        results.forEach((r, i) => t.true(r.code === 201 || (r.code === 422 && requests[i]!.ip !== undefined), JSON.stringify(r.body)));
        const ips = made.map((s) => s.clusterIP);
        const ports = made.flatMap((s) => s.ports.map((p) => p.nodePort ?? 0)).filter((p) => p > 0);
        t.is(new Set(ips).size, ips.length);
        t.is(new Set(ports).size, ports.length);
        t.deepEqual(stored(shared, RANGE_KEYS.primary), ips.map(ipSlot).sort((a, b) => a - b));
        t.deepEqual(stored(shared, RANGE_KEYS.nodePorts), ports.map((p) => p - 30000).sort((a, b) => a - b));
      },
    ),
    { numRuns: 60 },
  );
});
