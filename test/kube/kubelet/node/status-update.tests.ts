// When the kubelet posts its node status (kubelet_node_status_test's cases: no change within the
// report frequency means no patch; a changed condition, a missing OS label or 5 minutes mean a
// patch) and the patch body, checked by applying it with the apiserver's strategic merge.

import test from 'ava';
import fc from 'fast-check';
import type { Node } from 'kubernetes-types/core/v1.d.ts';
import { applyPatch } from '../../../../actors/kube-apiserver/patch/index.ts';
import { computeNodeStatus, nodeObject } from '../../../../actors/kubelet/node/node-object.ts';
import { nodeStatusPatch } from '../../../../actors/kubelet/node/status-patch.ts';
import { nodeConditionsHaveChanged, nodeStatusHasChanged, shouldPost } from '../../../../actors/kubelet/node/status-update.ts';
import type { KubeObject } from '../../../../protocols/kube/objects.ts';

const worker = { nodeName: 'worker-1', cpuCores: 2, memoryBytes: 4 * 1024 ** 3, ephemeralStorageBytes: 50 * 1024 ** 3, addresses: { ipv4: '10.0.0.11' }, podCIDRs: [], controlPlane: false };
const T0 = 1_767_225_600_000;
const healthy = { memoryPressure: false, diskPressure: false, pidPressure: false, notReadyErrors: [] };
const registered: Node = { ...nodeObject(worker, T0), metadata: { ...nodeObject(worker, T0).metadata, uid: 'u1', resourceVersion: '5' } };

test('heartbeat-only changes are no change; anything else is', (t) => {
  const next = computeNodeStatus(worker, registered.status, healthy, T0 + 10_000).status;
  t.false(nodeStatusHasChanged(registered.status, next));
  t.false(nodeConditionsHaveChanged(registered.status!.conditions!, [...next.conditions!].reverse()), 'order does not matter');
  const pressured = computeNodeStatus(worker, registered.status, { ...healthy, diskPressure: true }, T0 + 10_000).status;
  t.true(nodeStatusHasChanged(registered.status, pressured));
  t.true(nodeStatusHasChanged(registered.status, { ...next, allocatable: { ...next.allocatable, pods: '10' } }));
  t.true(nodeStatusHasChanged(undefined, next));
  t.false(nodeStatusHasChanged(undefined, undefined));
});

test('shouldPost: first report, changes, missing labels, pod CIDR change, and the 5 minute report frequency', (t) => {
  const computed = computeNodeStatus(worker, registered.status, healthy, T0 + 10_000).status;
  const base = { current: registered, computed, nowMs: T0 + 10_000, lastReportMs: T0 };
  t.false(shouldPost(base));
  t.true(shouldPost({ ...base, lastReportMs: undefined }));
  t.true(shouldPost({ ...base, nowMs: T0 + 300_000 }));
  t.false(shouldPost({ ...base, nowMs: T0 + 299_999 }));
  t.true(shouldPost({ ...base, podCIDRChanged: true }));
  t.true(shouldPost({ ...base, current: { ...registered, metadata: { ...registered.metadata, labels: {} } } }));
  t.true(shouldPost({ ...base, computed: computeNodeStatus(worker, registered.status, { ...healthy, notReadyErrors: ['container runtime is down'] }, T0 + 10_000).status }));
});

const nodeKind = { group: '', version: 'v1', kind: 'Node' };

function applied(original: Node, patch: string): Node {
  const r = applyPatch('strategic', original as unknown as KubeObject, patch, nodeKind);
  if (!r.ok) throw new Error(JSON.stringify(r.status));
  return r.object as unknown as Node;
}

test('the status patch carries the heartbeats with $setElementOrder and reproduces the new status', (t) => {
  const next = computeNodeStatus(worker, registered.status, healthy, T0 + 10_000).status;
  const patch = nodeStatusPatch(registered, next);
  const body = JSON.parse(patch);
  t.deepEqual(Object.keys(body.status), ['$setElementOrder/conditions', 'conditions']);
  t.deepEqual(body.status['$setElementOrder/conditions'], [{ type: 'MemoryPressure' }, { type: 'DiskPressure' }, { type: 'PIDPressure' }, { type: 'Ready' }]);
  t.deepEqual(body.status.conditions[0], { lastHeartbeatTime: '2026-01-01T00:00:10Z', type: 'MemoryPressure' });
  t.deepEqual(applied(registered, patch).status, next);
});

test('no change, empty patch; changed addresses are replaced whole; a vanished condition is deleted', (t) => {
  t.is(nodeStatusPatch(registered, registered.status!), '{}');
  const moved = { ...registered.status!, addresses: [{ type: 'InternalIP', address: '10.0.0.12' }, { type: 'InternalIP', address: 'fd00::12' }, { type: 'Hostname', address: 'worker-1' }] };
  const patch = JSON.parse(nodeStatusPatch(registered, moved));
  t.deepEqual(patch.status.addresses.at(-1), { $patch: 'replace' });
  t.deepEqual(applied(registered, JSON.stringify(patch)).status?.addresses, moved.addresses);
  const fewer = { ...registered.status!, conditions: registered.status!.conditions!.filter((c) => c.type !== 'PIDPressure') };
  const p2 = nodeStatusPatch(registered, fewer);
  t.deepEqual(JSON.parse(p2).status.conditions, [{ $patch: 'delete', type: 'PIDPressure' }]);
  t.deepEqual(applied(registered, p2).status, fewer);
});

test('property: for any health changes over time, applying the patch to the old node gives the new status', (t) => {
  const health = fc.record({ memoryPressure: fc.boolean(), diskPressure: fc.boolean(), pidPressure: fc.boolean(), notReadyErrors: fc.subarray(['container runtime is down', 'PLEG is not healthy: pleg was last seen active 3m0s ago; threshold is 3m0s']) });
  fc.assert(
    fc.property(fc.array(fc.tuple(health, fc.integer({ min: 1, max: 600_000 })), { minLength: 1, maxLength: 6 }), (steps) => {
      let node = registered;
      let now = T0;
      for (const [h, dt] of steps) {
        now += dt;
        const next = computeNodeStatus(worker, node.status, h, now).status;
        const after = applied(node, nodeStatusPatch(node, next));
        if (JSON.stringify(after.status) !== JSON.stringify(next)) return false;
        node = after;
      }
      return true;
    }),
    { numRuns: 60 },
  );
  t.pass();
});
