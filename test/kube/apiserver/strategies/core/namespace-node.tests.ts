import test from 'ava';
import { namespaceStrategy as ns } from '../../../../../actors/kube-apiserver/strategies/core/namespace.ts';
import { nodeStrategy as node } from '../../../../../actors/kube-apiserver/strategies/core/node.ts';
import { formatFieldError } from '../../../../../protocols/kube/field-errors.ts';
import { CTX, create, obj, update } from './harness.ts';

test('a namespace is created Active, with the kubernetes finalizer and its name label', (t) => {
  const o = obj('v1', 'Namespace', 'team-a');
  t.deepEqual(create(ns, o), []);
  t.deepEqual(o.status, { phase: 'Active' });
  t.deepEqual(o.spec, { finalizers: ['kubernetes'] });
  t.deepEqual(o.metadata.labels, { 'kubernetes.io/metadata.name': 'team-a' });
  t.deepEqual(ns.selectableFields!(o), { 'status.phase': 'Active', name: 'team-a' });
});

test('namespace spec finalizers: qualified or standard', (t) => {
  t.deepEqual(create(ns, obj('v1', 'Namespace', 'a', { spec: { finalizers: ['custom'] } })), [
    'spec.finalizers: Invalid value: "custom": name is neither a standard finalizer name nor is it fully qualified',
  ]);
  t.deepEqual(create(ns, obj('v1', 'Namespace', 'a', { spec: { finalizers: ['example.com/x'] } })), []);
});

test('namespace updates keep spec.finalizers and status; status phase follows deletion', (t) => {
  const old = obj('v1', 'Namespace', 'a');
  create(ns, old);
  const next = obj('v1', 'Namespace', 'a', { spec: { finalizers: [] }, status: { phase: 'Terminating' } });
  t.deepEqual(update(ns, next, old), []);
  t.deepEqual(next.spec, { finalizers: ['kubernetes'] });
  t.deepEqual(next.status, { phase: 'Active' });
  const st = obj('v1', 'Namespace', 'a', { status: { phase: 'Terminating' } });
  ns.status!.prepareForUpdate(st, old, CTX);
  t.deepEqual(ns.status!.validateUpdate(st, old, CTX).map(formatFieldError), ['status.Phase: Invalid value: "Terminating": may only be \'Active\' if `deletionTimestamp` is empty']);
});

test('node taints (validateNodeTaints cases)', (t) => {
  const withTaints = (taints: unknown[]) => obj('v1', 'Node', 'n1', { spec: { taints } });
  t.deepEqual(create(node, withTaints([{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }])), []);
  t.deepEqual(create(node, withTaints([{ key: 'a', effect: 'Sometimes' }])), [
    'spec.taints[0].effect: Unsupported value: "Sometimes": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"',
  ]);
  t.deepEqual(create(node, withTaints([{ key: 'a' }])), ['spec.taints[0].effect: Required value']);
  const dup = create(node, withTaints([{ key: 'a', effect: 'NoSchedule' }, { key: 'a', value: 'x', effect: 'NoSchedule' }]));
  t.is(dup.length, 1);
  t.true(dup[0]!.startsWith('spec.taints[1]: Duplicate value: '));
  t.true(dup[0]!.endsWith(': taints must be unique by key and effect pair'));
  t.true(create(node, withTaints([{ key: 'bad key', effect: 'NoSchedule' }]))[0]!.startsWith('spec.taints[0].key: Invalid value: "bad key": name part must consist of'));
});

test('node podCIDRs: valid CIDRs, one per family, set once', (t) => {
  const n = (spec: unknown) => obj('v1', 'Node', 'n1', { spec });
  t.deepEqual(create(node, n({ podCIDR: '10.244.1.0/24' })), []);
  t.deepEqual(create(node, n({ podCIDRs: ['10.244.1.0/24', 'fd00:244:1::/64'] })), []);
  t.deepEqual(create(node, n({ podCIDRs: ['10.244.1.0/24', '10.244.2.0/24'] })), ['spec.podCIDRs: Invalid value: []string{"10.244.1.0/24", "10.244.2.0/24"}: may specify no more than one CIDR for each IP family']);
  t.deepEqual(create(node, n({ podCIDRs: ['10.244.1.0'] })), ['spec.podCIDRs[0]: Invalid value: "10.244.1.0": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)']);
  const old = n({ podCIDRs: ['10.244.1.0/24'] });
  create(node, old);
  t.deepEqual(update(node, n({ podCIDRs: ['10.244.9.0/24'] }), old), ['spec.podCIDRs: Forbidden: node updates may not change podCIDR except from "" to valid']);
  const fresh = n({});
  create(node, fresh);
  t.deepEqual(update(node, n({ podCIDRs: ['10.244.9.0/24'] }), fresh), []);
});

test('node status may be set on create (allocatable defaults to capacity) and is kept by spec updates; unschedulable is selectable', (t) => {
  const o = obj('v1', 'Node', 'n1', { spec: { unschedulable: true }, status: { capacity: { cpu: '4' } } });
  t.deepEqual(create(node, o), []);
  t.deepEqual(o.status, { capacity: { cpu: '4' }, allocatable: { cpu: '4' } });
  t.deepEqual(node.selectableFields!(o), { 'spec.unschedulable': 'true' });
  const next = obj('v1', 'Node', 'n1', { spec: {}, status: {} });
  update(node, next, o);
  t.deepEqual(next.status, { capacity: { cpu: '4' }, allocatable: { cpu: '4' } });
});
