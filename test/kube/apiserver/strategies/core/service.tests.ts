import test from 'ava';
import { ServiceAllocators } from '../../../../../actors/kube-apiserver/allocators/index.ts';
import { serviceStrategy as s } from '../../../../../actors/kube-apiserver/strategies/core/service/index.ts';
import type { StrategyContext } from '../../../../../actors/kube-apiserver/strategies/types.ts';
import { formatFieldError } from '../../../../../protocols/kube/field-errors.ts';
import type { KubeObject } from '../../../../../protocols/kube/objects.ts';

const DUAL = { serviceCIDRs: ['10.96.0.0/12', 'fd00:10:96::/112'], nodePortRange: { base: 30000, size: 2768 } };
const SINGLE = { ...DUAL, serviceCIDRs: ['10.96.0.0/12'] };

function ctxFor(config = SINGLE): StrategyContext & { allocators: ServiceAllocators } {
  let n = 0;
  const allocators = new ServiceAllocators(config, (k) => n++ % k);
  return { now: '2026-01-01T00:00:00Z', pick: () => 0, allocate: allocators, allocators };
}

const svc = (spec: Record<string, unknown>, name = 'web'): KubeObject => ({ apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'default' }, spec });

/** defaults, prepareForCreate, validate: the create path; the errors formatted. */
function create(obj: KubeObject, ctx = ctxFor()): string[] {
  s.defaults(obj);
  s.prepareForCreate(obj, ctx);
  return s.validate(obj, ctx).map(formatFieldError);
}

test('defaults of the docs nginx Service', (t) => {
  const o = svc({ selector: { app: 'nginx' }, ports: [{ port: 80 }] });
  t.deepEqual(create(o), []);
  const spec = o.spec as Record<string, unknown>;
  t.is(spec.type, 'ClusterIP');
  t.is(spec.sessionAffinity, 'None');
  t.is(spec.internalTrafficPolicy, 'Cluster');
  t.is(spec.ipFamilyPolicy, 'SingleStack');
  t.deepEqual(spec.ipFamilies, ['IPv4']);
  t.deepEqual(spec.ports, [{ port: 80, protocol: 'TCP', targetPort: 80 }]);
  t.regex(spec.clusterIP as string, /^10\.(9[6-9]|10\d|11[01])\./);
  t.deepEqual(spec.clusterIPs, [spec.clusterIP]);
  t.is(spec.externalTrafficPolicy, undefined);
});

test('NodePort and LoadBalancer defaults and allocation', (t) => {
  const np = svc({ type: 'NodePort', ports: [{ port: 80, name: 'http' }, { port: 80, protocol: 'UDP', name: 'dns' }] });
  t.deepEqual(create(np), []);
  const spec = np.spec as { externalTrafficPolicy: string; ports: { nodePort: number }[] };
  t.is(spec.externalTrafficPolicy, 'Cluster');
  t.true(spec.ports[0]!.nodePort >= 30000 && spec.ports[0]!.nodePort <= 32767);
  t.is(spec.ports[1]!.nodePort, spec.ports[0]!.nodePort, 'one port number, one NodePort across protocols');
  const lb = svc({ type: 'LoadBalancer', externalTrafficPolicy: 'Local', ports: [{ port: 443 }] });
  t.deepEqual(create(lb), []);
  const l = lb.spec as { allocateLoadBalancerNodePorts: boolean; healthCheckNodePort: number };
  t.is(l.allocateLoadBalancerNodePorts, true);
  t.true(l.healthCheckNodePort >= 30000);
});

test('dual-stack: PreferDualStack gets both families on a dual-stack cluster, one on a single-stack one', (t) => {
  const o = svc({ ipFamilyPolicy: 'PreferDualStack', ports: [{ port: 80 }] });
  t.deepEqual(create(o, ctxFor(DUAL)), []);
  const spec = o.spec as { ipFamilies: string[]; clusterIPs: string[] };
  t.deepEqual(spec.ipFamilies, ['IPv4', 'IPv6']);
  t.is(spec.clusterIPs.length, 2);
  t.regex(spec.clusterIPs[1]!, /^fd00:10:96::/);
  const single = svc({ ipFamilyPolicy: 'PreferDualStack', ports: [{ port: 80 }] });
  t.deepEqual(create(single), []);
  t.deepEqual((single.spec as { ipFamilies: string[] }).ipFamilies, ['IPv4']);
  t.deepEqual(create(svc({ ipFamilyPolicy: 'RequireDualStack', ports: [{ port: 80 }] })), [
    'spec.ipFamilyPolicy: Invalid value: "RequireDualStack": this cluster is not configured for dual-stack services',
  ]);
  t.deepEqual(create(svc({ ipFamilies: ['IPv6'], ports: [{ port: 80 }] })), ['spec.ipFamilies[0]: Invalid value: "IPv6": not configured on this cluster']);
});

test('a taken or out-of-range clusterIP is refused with the allocator\'s reason', (t) => {
  const ctx = ctxFor();
  t.deepEqual(create(svc({ clusterIP: '10.96.0.10', ports: [{ port: 53 }] }, 'a'), ctx), []);
  t.deepEqual(create(svc({ clusterIP: '10.96.0.10', ports: [{ port: 53 }] }, 'b'), ctx), [
    'spec.clusterIPs: Invalid value: []string{"10.96.0.10"}: failed to allocate IP 10.96.0.10: provided IP is already allocated',
  ]);
  t.deepEqual(create(svc({ clusterIP: '192.168.0.1', ports: [{ port: 53 }] }, 'c'), ctx), [
    'spec.clusterIPs: Invalid value: []string{"192.168.0.1"}: failed to allocate IP 192.168.0.1: the provided IP (192.168.0.1) is not in the valid range. The range of valid IPs is 10.96.0.0/12',
  ]);
  t.deepEqual(create(svc({ type: 'NodePort', ports: [{ port: 80, nodePort: 80 }] }, 'd'), ctx), [
    'spec.ports[0].nodePort: Invalid value: 80: provided port is not in the valid range. The range of valid ports is 30000-32767',
  ]);
});

test('validation table (ValidateService cases)', (t) => {
  const cases: [Record<string, unknown>, string[]][] = [
    [{ selector: { app: 'x' } }, ['spec.ports: Required value']],
    [{ clusterIP: 'None' }, []],
    [{ ports: [{ port: 0 }] }, ['spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive', 'spec.ports[0].targetPort: Invalid value: 0: must be between 1 and 65535, inclusive']],
    [{ ports: [{ port: 80 }, { port: 81 }] }, ['spec.ports[0].name: Required value', 'spec.ports[1].name: Required value']],
    [{ ports: [{ port: 80, name: 'a' }, { port: 81, name: 'a' }] }, ['spec.ports[1].name: Duplicate value: "a"']],
    [{ ports: [{ port: 80, protocol: 'ICMP' }] }, ['spec.ports[0].protocol: Unsupported value: "ICMP": supported values: "SCTP", "TCP", "UDP"']],
    [{ ports: [{ port: 80, targetPort: 'Http' }] }, ['spec.ports[0].targetPort: Invalid value: "Http": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)']],
    [{ type: 'Bogus', ports: [{ port: 80 }] }, ['spec.type: Unsupported value: "Bogus": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"']],
    [{ sessionAffinity: 'Sticky', ports: [{ port: 80 }] }, ['spec.sessionAffinity: Unsupported value: "Sticky": supported values: "ClientIP", "None"']],
    [{ ports: [{ port: 80, nodePort: 30080 }] }, ["spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'"]],
    [{ type: 'NodePort', clusterIP: 'None', ports: [{ port: 80 }] }, ['spec.clusterIPs[0]: Invalid value: "None": may not be set to \'None\' for NodePort services']],
    [{ type: 'ExternalName' }, ['spec.externalName: Required value']],
    [{ type: 'ExternalName', externalName: 'db.example.com.' }, []],
    [{ externalIPs: ['127.0.0.1'], ports: [{ port: 80 }] }, ['spec.externalIPs[0]: Invalid value: "127.0.0.1": may not be in the loopback range (127.0.0.0/8, ::1/128)']],
    [{ clusterIP: '1.2.3', ports: [{ port: 80 }] }, ['spec.clusterIPs[0]: Invalid value: "1.2.3": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)']],
    [{ ports: [{ port: 80 }], externalTrafficPolicy: 'Local' }, ['spec.externalTrafficPolicy: Invalid value: "Local": may only be set for externally-accessible services']],
    [{ ports: [{ port: 80 }], sessionAffinity: 'ClientIP', sessionAffinityConfig: { clientIP: { timeoutSeconds: 86401 } } }, ['spec.sessionAffinityConfig.clientIP.timeoutSeconds: Invalid value: 86401: must be greater than 0 and less than 86400']],
  ];
  for (const [spec, want] of cases) t.deepEqual(create(svc(spec)), want, JSON.stringify(spec));
});

test('update: clusterIP is immutable; a PUT without it keeps it; ExternalName may drop it', (t) => {
  const ctx = ctxFor();
  const old = svc({ ports: [{ port: 80 }] });
  create(old, ctx);
  old.metadata = { ...old.metadata, resourceVersion: '1' };
  const ip = (old.spec as { clusterIP: string }).clusterIP;
  const again = svc({ ports: [{ port: 80 }] });
  s.defaults(again);
  s.prepareForUpdate(again, old, ctx);
  t.deepEqual(s.validateUpdate(again, old, ctx), []);
  t.is((again.spec as { clusterIP: string }).clusterIP, ip);
  const moved = svc({ clusterIP: '10.96.0.99', clusterIPs: ['10.96.0.99'], ports: [{ port: 80 }] });
  s.defaults(moved);
  s.prepareForUpdate(moved, old, ctx);
  const errs = s.validateUpdate(moved, old, ctx).map(formatFieldError);
  t.true(errs.includes('spec.clusterIPs[0]: Invalid value: []string{"10.96.0.99"}: may not change once set'), errs.join('\n'));
  const ext = svc({ type: 'ExternalName', externalName: 'example.com', ports: [{ port: 80 }] });
  s.defaults(ext);
  ext.spec = { ...(ext.spec as object), clusterIP: ip, clusterIPs: [ip] };
  s.prepareForUpdate(ext, old, ctx);
  t.deepEqual(s.validateUpdate(ext, old, ctx).map(formatFieldError), []);
  t.is((ext.spec as { clusterIP?: string }).clusterIP, undefined);
});

test('status.loadBalancer (ValidateLoadBalancerStatus)', (t) => {
  const old = svc({ type: 'LoadBalancer', ports: [{ port: 80 }] });
  create(old);
  const write = (status: unknown) => {
    const o = { ...structuredClone(old), status };
    s.status!.prepareForUpdate(o, old, ctxFor());
    return s.status!.validateUpdate(o, old, ctxFor()).map(formatFieldError);
  };
  t.deepEqual(write({ loadBalancer: { ingress: [{ ip: '203.0.113.7', ipMode: 'VIP' }] } }), []);
  t.deepEqual(write({ loadBalancer: { ingress: [{ ip: '203.0.113.7' }] } }), ['status.loadBalancer.ingress[0].ipMode: Required value: must be specified when `ip` is set']);
  t.deepEqual(write({ loadBalancer: { ingress: [{ hostname: '203.0.113.7' }] } }), ['status.loadBalancer.ingress[0].hostname: Invalid value: "203.0.113.7": must be a DNS name, not an IP address']);
  t.deepEqual(write({ loadBalancer: { ingress: [{ ip: 'nope', ipMode: 'VIP' }] } }), ['status.loadBalancer.ingress[0].ip: Invalid value: "nope": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)']);
});
