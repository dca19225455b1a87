// VolumeBinding's extension points, with cases after Kubernetes' volume_binding_test.go and
// binder_test.go: PreFilter's verdicts on a pod's claims, Filter's reasons per node, and the
// Reserve → PreBind → waitFor sequence for static binding and for provisioning.

import test from 'ava';
import type { Pod } from '../../../../protocols/kube/objects.ts';
import { newVolumeBinding } from '../../../../actors/kube-scheduler/plugins/volumebinding/plugin.ts';
import { cluster, cycle, info, pv, pvc, sc } from './fixtures.ts';

const pod = (...claims: string[]): Pod => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web', namespace: 'default', uid: 'pod-uid' },
  spec: { containers: [{ name: 'c', image: 'nginx' }], volumes: claims.map((c, i) => ({ name: `v${i}`, persistentVolumeClaim: { claimName: c } })) },
});

const WFFC = sc('wait', 'kubernetes.io/no-provisioner');
const DYN = sc('dyn', 'kybernetes.io/host-path');
const IMMEDIATE = sc('now', 'kybernetes.io/host-path', 'Immediate');

function run(objects: Parameters<typeof cluster>, p: Pod, nodeName = 'n1', labels: Record<string, string> = {}) {
  const plugin = newVolumeBinding();
  const state = cycle(cluster(...objects));
  const pre = plugin.preFilter(state, p, []);
  const filter = pre.status.code === 'Success' ? plugin.filter(state, p, info(nodeName, labels)) : undefined;
  return { pre: pre.status, filter, plugin, state };
}

test('VolumeBinding: a pod without claims is skipped', (t) => {
  const r = run([[], []], pod());
  t.is(r.pre.code, 'Skip');
});

test('VolumeBinding: PreFilter turns away missing, lost, deleting and unbound immediate claims', (t) => {
  t.deepEqual(run([[], []], pod('pvc-a')).pre, { code: 'UnschedulableAndUnresolvable', reasons: ['persistentvolumeclaim "pvc-a" not found'] });
  t.deepEqual(run([[], [pvc('pvc-a', '1G', { volumeName: 'gone', phase: 'Lost', bound: true })]], pod('pvc-a')).pre.reasons, [
    'persistentvolumeclaim "pvc-a" bound to non-existent persistentvolume "gone"',
  ]);
  const deleting = pvc('pvc-a', '1G', { cls: 'wait' });
  t.deepEqual(run([[], [{ ...deleting, metadata: { ...deleting.metadata, deletionTimestamp: 'x' } }], [WFFC]], pod('pvc-a')).pre.reasons, ['persistentvolumeclaim "pvc-a" is being deleted']);
  t.deepEqual(run([[], [pvc('pvc-a', '1G', { cls: 'now' })], [IMMEDIATE]], pod('pvc-a')).pre, { code: 'UnschedulableAndUnresolvable', reasons: ['pod has unbound immediate PersistentVolumeClaims'] });
  // A claim naming its volume but not yet bound counts as immediate even in a WaitForFirstConsumer class.
  t.is(run([[pv('pv-a', '1G', { cls: 'wait' })], [pvc('pvc-a', '1G', { cls: 'wait', volumeName: 'pv-a' })], [WFFC]], pod('pvc-a')).pre.reasons[0], 'pod has unbound immediate PersistentVolumeClaims');
});

test('VolumeBinding: a generic ephemeral volume waits for its claim, which must be the pod\'s own', (t) => {
  const p: Pod = { ...pod(), spec: { containers: [{ name: 'c', image: 'nginx' }], volumes: [{ name: 'scratch', ephemeral: { volumeClaimTemplate: { spec: {} } } }] } };
  t.deepEqual(run([[], []], p).pre.reasons, ['waiting for ephemeral volume controller to create the persistentvolumeclaim "web-scratch"']);
  t.deepEqual(run([[], [pvc('web-scratch', '1G', { cls: 'dyn' })], [DYN]], p).pre.reasons, ['PVC default/web-scratch was not created for pod default/web (pod is not owner)']);
});

test('VolumeBinding: bound claims pass where their volumes may be used, and fail with node affinity conflict elsewhere', (t) => {
  const objs: Parameters<typeof cluster> = [[pv('pv-a', '1G', { hosts: ['n1'], claimRef: { namespace: 'default', name: 'pvc-a', uid: 'uid-pvc-a' } })], [pvc('pvc-a', '1G', { volumeName: 'pv-a', bound: true })]];
  t.deepEqual(run(objs, pod('pvc-a'), 'n1').filter, { code: 'Success', reasons: [] });
  t.deepEqual(run(objs, pod('pvc-a'), 'n2').filter, { code: 'UnschedulableAndUnresolvable', reasons: ['node(s) had volume node affinity conflict'] });
  t.deepEqual(run([[], [pvc('pvc-a', '1G', { volumeName: 'pv-a', bound: true })]], pod('pvc-a')).filter, {
    code: 'UnschedulableAndUnresolvable',
    reasons: ['node(s) unavailable due to one or more pvc(s) bound to non-existent pv(s)'],
  });
});

test('VolumeBinding: unbound WaitForFirstConsumer claims need a matching volume on the node, or a class that provisions', (t) => {
  const local = pv('local-n1', '1G', { cls: 'wait', hosts: ['n1'] });
  t.is(run([[local], [pvc('pvc-a', '1G', { cls: 'wait' })], [WFFC]], pod('pvc-a'), 'n1').filter?.code, 'Success');
  t.deepEqual(run([[local], [pvc('pvc-a', '1G', { cls: 'wait' })], [WFFC]], pod('pvc-a'), 'n2').filter, {
    code: 'UnschedulableAndUnresolvable',
    reasons: ["node(s) didn't find available persistent volumes to bind"],
  });
  t.is(run([[], [pvc('pvc-a', '1G', { cls: 'dyn' })], [DYN]], pod('pvc-a'), 'n2').filter?.code, 'Success');
  const zoned = sc('zoned', 'kybernetes.io/host-path', 'WaitForFirstConsumer', { allowedTopologies: [{ matchLabelExpressions: [{ key: 'zone', values: ['a'] }] }] });
  t.is(run([[], [pvc('pvc-a', '1G', { cls: 'zoned' })], [zoned]], pod('pvc-a'), 'n1', { zone: 'a' }).filter?.code, 'Success');
  t.is(run([[], [pvc('pvc-a', '1G', { cls: 'zoned' })], [zoned]], pod('pvc-a'), 'n1', { zone: 'b' }).filter?.reasons[0], "node(s) didn't find available persistent volumes to bind");
});

test('VolumeBinding: a bound claim with a conflict and an unbound claim without a volume give both reasons', (t) => {
  const objs: Parameters<typeof cluster> = [
    [pv('pv-a', '1G', { hosts: ['n9'], claimRef: { namespace: 'default', name: 'pvc-a', uid: 'uid-pvc-a' } })],
    [pvc('pvc-a', '1G', { volumeName: 'pv-a', bound: true }), pvc('pvc-b', '1G', { cls: 'wait' })],
    [WFFC],
  ];
  t.deepEqual(run(objs, pod('pvc-a', 'pvc-b')).filter?.reasons, ['node(s) had volume node affinity conflict', "node(s) didn't find available persistent volumes to bind"]);
});

test('VolumeBinding: a claim the scheduler already chose a node for fits only that node', (t) => {
  const claim = pvc('pvc-a', '1G', { cls: 'dyn', annotations: { 'volume.kubernetes.io/selected-node': 'n1' } });
  t.is(run([[], [claim], [DYN]], pod('pvc-a'), 'n1').filter?.code, 'Success');
  t.deepEqual(run([[], [claim], [DYN]], pod('pvc-a'), 'n2').filter?.reasons, ["node(s) didn't find available persistent volumes to bind"]);
});

test('VolumeBinding: two claims get two volumes, smallest request first', (t) => {
  const vols = [pv('v5', '5G', { cls: 'wait' }), pv('v10', '10G', { cls: 'wait' })];
  const claims = [pvc('big', '8G', { cls: 'wait' }), pvc('small', '2G', { cls: 'wait' })];
  const r = run([vols, claims, [WFFC]], pod('big', 'small'));
  t.is(r.filter?.code, 'Success');
  r.plugin.reserve(r.state, pod('big', 'small'), 'n1');
  const calls = r.plugin.preBind(r.state, pod('big', 'small'), 'n1').calls;
  t.deepEqual(
    calls.map((c) => `${c.target.name}->${((c as { body?: { spec?: { claimRef?: { name?: string } } } }).body?.spec?.claimRef?.name)}`).sort(),
    ['v10->big', 'v5->small'],
  );
});

test('VolumeBinding: Reserve assumes the volume, so the next pod cannot take it until Unreserve', (t) => {
  const plugin = newVolumeBinding();
  const objs = cluster([pv('only', '1G', { cls: 'wait' })], [pvc('a', '1G', { cls: 'wait' }), pvc('b', '1G', { cls: 'wait' })], [WFFC]);
  const first = cycle(objs);
  plugin.preFilter(first, pod('a'), []);
  t.is(plugin.filter(first, pod('a'), info('n1')).code, 'Success');
  plugin.reserve(first, pod('a'), 'n1');
  const second = cycle(objs);
  plugin.preFilter(second, pod('b'), []);
  t.deepEqual(plugin.filter(second, pod('b'), info('n1')).reasons, ["node(s) didn't find available persistent volumes to bind"]);
  plugin.unreserve(first, pod('a'), 'n1');
  const third = cycle(objs);
  plugin.preFilter(third, pod('b'), []);
  t.is(plugin.filter(third, pod('b'), info('n1')).code, 'Success');
});

test('VolumeBinding: static binding: PreBind writes the claimRef, waitFor waits for the PV controller to finish', (t) => {
  const plugin = newVolumeBinding();
  const volume = pv('v1', '1G', { cls: 'wait', rv: '5' });
  const claim = pvc('a', '1G', { cls: 'wait' });
  const state = cycle(cluster([volume], [claim], [WFFC]));
  plugin.preFilter(state, pod('a'), []);
  plugin.filter(state, pod('a'), info('n1'));
  plugin.reserve(state, pod('a'), 'n1');
  const pre = plugin.preBind(state, pod('a'), 'n1');
  t.is(pre.calls.length, 1);
  const body = (pre.calls[0] as { body: typeof volume }).body;
  t.is(pre.calls[0]!.verb, 'update');
  t.deepEqual(body.spec?.claimRef, { kind: 'PersistentVolumeClaim', namespace: 'default', name: 'a', uid: 'uid-a', apiVersion: 'v1', resourceVersion: '1' });
  t.is(body.metadata?.annotations?.['pv.kubernetes.io/bound-by-controller'], 'yes');
  // The informer has not seen the write yet.
  t.is(plugin.waitFor!(state, pod('a'), 'n1', cluster([volume], [claim], [WFFC])).code, 'Wait');
  const written = { ...body, metadata: { ...body.metadata, resourceVersion: '6' } };
  t.is(plugin.waitFor!(state, pod('a'), 'n1', cluster([written], [claim], [WFFC])).code, 'Wait');
  const boundClaim = pvc('a', '1G', { cls: 'wait', volumeName: 'v1', bound: true });
  t.is(plugin.waitFor!(state, pod('a'), 'n1', cluster([written], [boundClaim], [WFFC])).code, 'Success');
  const reset = { ...written, spec: { ...written.spec, claimRef: undefined } };
  t.deepEqual(plugin.waitFor!(state, pod('a'), 'n1', cluster([reset], [claim], [WFFC])), { code: 'Error', reasons: ['ClaimRef got reset for pv "v1"'] });
});

test('VolumeBinding: provisioning: PreBind sets the selected node; waitFor fails when the provisioner gives it back', (t) => {
  const plugin = newVolumeBinding();
  const claim = pvc('a', '1G', { cls: 'dyn', rv: '3' });
  const state = cycle(cluster([], [claim], [DYN]));
  plugin.preFilter(state, pod('a'), []);
  plugin.filter(state, pod('a'), info('n1'));
  plugin.reserve(state, pod('a'), 'n1');
  const pre = plugin.preBind(state, pod('a'), 'n1');
  const body = (pre.calls[0] as { body: typeof claim }).body;
  t.is(body.metadata?.annotations?.['volume.kubernetes.io/selected-node'], 'n1');
  const annotated = { ...body, metadata: { ...body.metadata, resourceVersion: '4' } };
  t.is(plugin.waitFor!(state, pod('a'), 'n1', cluster([], [annotated], [DYN])).code, 'Wait');
  const provisioned = pv('pvc-uid-a', '1G', { cls: 'dyn', hosts: ['n1'], claimRef: { namespace: 'default', name: 'a', uid: 'uid-a' } });
  const bound = { ...annotated, metadata: { ...annotated.metadata, annotations: { ...annotated.metadata.annotations, 'pv.kubernetes.io/bind-completed': 'yes' } }, spec: { ...annotated.spec, volumeName: 'pvc-uid-a' } };
  t.is(plugin.waitFor!(state, pod('a'), 'n1', cluster([provisioned], [bound], [DYN])).code, 'Success');
  const givenBack = { ...annotated, metadata: { ...annotated.metadata, resourceVersion: '9', annotations: {} } };
  t.deepEqual(plugin.waitFor!(state, pod('a'), 'n1', cluster([], [givenBack], [DYN])), { code: 'Error', reasons: ['provisioning failed for PVC "a"'] });
});

test('VolumeBinding: a pod whose claims are all bound needs no PreBind writes', (t) => {
  const r = run([[pv('pv-a', '1G', { claimRef: { namespace: 'default', name: 'pvc-a', uid: 'uid-pvc-a' } })], [pvc('pvc-a', '1G', { volumeName: 'pv-a', bound: true })]], pod('pvc-a'));
  r.plugin.reserve(r.state, pod('pvc-a'), 'n1');
  t.deepEqual(r.plugin.preBind(r.state, pod('pvc-a'), 'n1').calls, []);
  t.is(r.plugin.waitFor!(r.state, pod('pvc-a'), 'n1', cluster([], [])).code, 'Success');
});
