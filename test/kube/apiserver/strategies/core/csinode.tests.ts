// CSINode's validation (ValidateCSINode, ValidateCSINodeUpdate of 1.32): driver names, node IDs,
// limits, topology keys, and driver entries frozen once present.

import test from 'ava';
import { csiNodeStrategy as csiNode } from '../../../../../actors/kube-apiserver/strategies/core/csinode.ts';
import { create, obj, update } from './harness.ts';

const node = (...drivers: Record<string, unknown>[]) => obj('storage.k8s.io/v1', 'CSINode', 'worker-1', { spec: { drivers } });
const EBS = { name: 'ebs.csi.aws.com', nodeID: 'i-0abc', topologyKeys: ['topology.ebs.csi.aws.com/zone'], allocatable: { count: 25 } };

test('CSINode: a well-formed driver list is accepted', (t) => {
  t.deepEqual(create(csiNode, node(EBS, { name: 'pd.csi.storage.gke.io', nodeID: 'n1' })), []);
  t.deepEqual(create(csiNode, node()), []);
});

test('CSINode: driver name, node ID, count and topology keys are checked', (t) => {
  t.deepEqual(create(csiNode, node({ ...EBS, nodeID: '' })), ['spec.drivers[0].nodeID: Required value']);
  t.deepEqual(create(csiNode, node({ ...EBS, nodeID: 'x'.repeat(193) })), [`spec.drivers[0].nodeID: Invalid value: "${'x'.repeat(193)}": must be 192 characters or less`]);
  t.deepEqual(create(csiNode, node({ ...EBS, allocatable: { count: -1 } })), ['spec.drivers[0].allocatable.count: Invalid value: -1: must be greater than or equal to 0']);
  t.deepEqual(create(csiNode, node(EBS, EBS)), ['spec.drivers[1].name: Duplicate value: "ebs.csi.aws.com"']);
  t.deepEqual(create(csiNode, node({ ...EBS, topologyKeys: ['zone', 'zone'] })), ['spec.drivers[0]: Duplicate value: "zone"']);
  const bad = create(csiNode, node({ ...EBS, name: 'Not_A_Driver!' }));
  t.is(bad.length, 1);
  t.regex(bad[0]!, /^spec\.drivers\[0\]\.name: Invalid value: "Not_A_Driver!": a lowercase RFC 1123 subdomain/);
  t.deepEqual(create(csiNode, node({ ...EBS, name: `${'a'.repeat(64)}` })), ['spec.drivers[0].name: Too long: may not be more than 63 bytes']);
});

test('CSINode updates: drivers may be added or removed, not changed', (t) => {
  const old = node(EBS);
  create(csiNode, old);
  t.deepEqual(update(csiNode, node(EBS, { name: 'pd.csi.storage.gke.io', nodeID: 'n1' }), old), []);
  t.deepEqual(update(csiNode, node(), old), []);
  const changed = update(csiNode, node({ ...EBS, allocatable: { count: 39 } }), old);
  t.is(changed.length, 1);
  t.regex(changed[0]!, /^CSINodeDriver: Invalid value: .*: field is immutable$/);
});
