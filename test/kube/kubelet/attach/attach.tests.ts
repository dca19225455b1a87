// The kubelet's side of controller-managed attach/detach: which pod volumes are attachable and
// their names (the attach/detach controller's), when a pod may mount them (reported in use and
// listed attached, as VerifyControllerAttachedVolume requires), the FailedMount event after
// podAttachAndMountTimeout, and node status.volumesInUse.

import test from 'ava';
import fc from 'fast-check';
import type { PersistentVolume, PersistentVolumeClaim, Pod } from 'kubernetes-types/core/v1.d.ts';
import { uniqueVolumeName as controllerName } from '../../../../actors/kube-controller-manager/attachdetach/attachdetach.ts';
import { CONTROLLER_MANAGED_ATTACH_DETACH, nodeObject } from '../../../../actors/kubelet/node/node-object.ts';
import {
  type AttachableVolume,
  attachableVolumes,
  POD_ATTACH_AND_MOUNT_TIMEOUT_MS,
  uniqueVolumeName,
  volumesInUse,
  waitForAttach,
} from '../../../../actors/kubelet/volumes/attach.ts';

const claim = (name: string, volumeName: string | undefined, phase = 'Bound', deleting = false): PersistentVolumeClaim => ({
  metadata: { name, namespace: 'default', ...(deleting ? { deletionTimestamp: '2026-01-01T00:00:00Z' } : {}) },
  spec: { ...(volumeName ? { volumeName } : {}) },
  status: { phase },
});
const pv = (name: string, source: Record<string, unknown> = { hostPath: { path: `/mnt/${name}` } }): PersistentVolume => ({ metadata: { name }, spec: { capacity: { storage: '1Gi' }, ...source } });
const pod = (volumes: Pod['spec'] extends infer S ? (S extends { volumes?: infer V } ? V : never) : never): Pod => ({ metadata: { name: 'web', namespace: 'default' }, spec: { containers: [{ name: 'app' }], volumes } });

test('the kubelet registers its node for controller-managed attach/detach', (t) => {
  const node = nodeObject({ nodeName: 'worker-1', cpuCores: 2, memoryBytes: 2 ** 31, ephemeralStorageBytes: 2 ** 34, addresses: { ipv4: '10.0.0.11' }, podCIDRs: [], controlPlane: false }, 0);
  t.is(CONTROLLER_MANAGED_ATTACH_DETACH, 'volumes.kubernetes.io/controller-managed-attach-detach');
  t.is(node.metadata?.annotations?.[CONTROLLER_MANAGED_ATTACH_DETACH], 'true');
});

test("a PV's unique volume name is the attach/detach controller's, for every source", (t) => {
  t.is(uniqueVolumeName(pv('pv-1')), 'kybernetes.io/host-path/pv-1');
  t.is(uniqueVolumeName(pv('pv-2', { local: { path: '/d' } })), 'kybernetes.io/local/pv-2');
  t.is(uniqueVolumeName(pv('pv-3', { csi: { driver: 'd', volumeHandle: 'h' } })), 'kybernetes.io/csi/pv-3');
  t.is(uniqueVolumeName(pv('pv-4', {})), 'kybernetes.io/pv/pv-4');
  const sources = ['hostPath', 'local', 'csi', 'nfs', 'iscsi', 'fc', 'rbd', 'cephfs', 'gcePersistentDisk', 'awsElasticBlockStore', 'azureDisk', 'flexVolume', 'none'];
  fc.assert(
    fc.property(fc.constantFrom(...sources), fc.stringMatching(/^[a-z][a-z0-9-]{0,20}$/), (source, name) => {
      const v = pv(name, source === 'none' ? {} : { [source]: {} });
      return uniqueVolumeName(v) === controllerName(v as never);
    }),
  );
});

test('attachable volumes: claims bound to a PV, in spec order; others are left to the claim checks', (t) => {
  const claims: Record<string, PersistentVolumeClaim> = {
    data: claim('data', 'pv-data'),
    logs: claim('logs', 'pv-logs'),
    pending: claim('pending', undefined, 'Pending'),
    going: claim('going', 'pv-going', 'Bound', true),
    unread: claim('unread', 'pv-unread'),
  };
  const pvs: Record<string, PersistentVolume> = { 'pv-data': pv('pv-data'), 'pv-logs': pv('pv-logs', { local: { path: '/l' } }), 'pv-going': pv('pv-going') };
  const p = pod([
    { name: 'cfg', configMap: { name: 'c' } },
    { name: 'logs', persistentVolumeClaim: { claimName: 'logs' } },
    { name: 'data', persistentVolumeClaim: { claimName: 'data' } },
    { name: 'wait', persistentVolumeClaim: { claimName: 'pending' } },
    { name: 'gone', persistentVolumeClaim: { claimName: 'missing' } },
    { name: 'going', persistentVolumeClaim: { claimName: 'going' } },
    { name: 'unread', persistentVolumeClaim: { claimName: 'unread' } },
  ]);
  t.deepEqual(attachableVolumes(p, (_ns, n) => claims[n], (n) => pvs[n]), [
    { volume: 'logs', pv: 'pv-logs', uniqueName: 'kybernetes.io/local/pv-logs' },
    { volume: 'data', pv: 'pv-data', uniqueName: 'kybernetes.io/host-path/pv-data' },
    { volume: 'unread', pv: 'pv-unread', uniqueName: undefined },
  ]);
  t.deepEqual(attachableVolumes(pod([{ name: 'e', emptyDir: {} }]), () => undefined, () => undefined), []);
});

const DATA: AttachableVolume = { volume: 'data', pv: 'pv-1', uniqueName: 'kybernetes.io/host-path/pv-1' };
const LOGS: AttachableVolume = { volume: 'logs', pv: 'pv-2', uniqueName: 'kybernetes.io/host-path/pv-2' };
const attached = (...names: string[]) => names.map((name) => ({ name, devicePath: '' }));

test('a pod mounts its PV volumes only once each is both reported in use and listed attached', (t) => {
  const a = DATA.uniqueName!;
  const b = LOGS.uniqueName!;
  const cases: { title: string; attached: string[]; inUse: string[]; needs?: AttachableVolume[]; ready: boolean }[] = [
    { title: 'neither', attached: [], inUse: [], ready: false },
    { title: 'attached, not yet reported in use', attached: [a], inUse: [], ready: false },
    { title: 'reported in use, not yet attached', attached: [], inUse: [a], ready: false },
    { title: 'both', attached: [a], inUse: [a], ready: true },
    { title: 'one of two attached', attached: [a], inUse: [a, b], needs: [DATA, LOGS], ready: false },
    { title: 'both of two', attached: [b, a], inUse: [a, b], needs: [DATA, LOGS], ready: true },
    { title: 'a PV that could not be read never is', attached: [a], inUse: [a], needs: [{ ...DATA, uniqueName: undefined }], ready: false },
    { title: 'no PV volumes: nothing to wait for', attached: [], inUse: [], needs: [], ready: true },
  ];
  for (const c of cases) {
    const r = waitForAttach(c.needs ?? [DATA], { volumesAttached: attached(...c.attached), volumesInUse: c.inUse }, undefined, 5_000);
    t.is(r.ready, c.ready, c.title);
    if (!r.ready) t.deepEqual([r.since, r.timeoutAt, r.event], [5_000, 5_000 + POD_ATTACH_AND_MOUNT_TIMEOUT_MS, undefined], c.title);
  }
  t.true(waitForAttach([DATA], { volumesAttached: undefined, volumesInUse: undefined }, undefined, 0).ready === false, 'a node status without the lists');
});

test('the wait ends in FailedMount after podAttachAndMountTimeout (2m3s), naming the volumes, then starts over', (t) => {
  t.is(POD_ATTACH_AND_MOUNT_TIMEOUT_MS, 123_000);
  const node = { volumesAttached: attached(LOGS.uniqueName!), volumesInUse: [DATA.uniqueName!, LOGS.uniqueName!] };
  const needs = [LOGS, DATA, { volume: 'cache', pv: 'pv-3', uniqueName: undefined }];
  const before = waitForAttach(needs, node, 1_000, 1_000 + 122_999);
  t.false(before.ready);
  if (!before.ready) t.deepEqual([before.since, before.event], [1_000, undefined]);
  const at = waitForAttach(needs, node, 1_000, 124_000);
  t.false(at.ready);
  if (at.ready) return;
  t.deepEqual(at.event, {
    reason: 'FailedMount',
    message: 'Unable to attach or mount volumes: unmounted volumes=[cache data], unattached volumes=[cache data]: timed out waiting for the condition',
  });
  t.deepEqual([at.since, at.timeoutAt], [124_000, 124_000 + 123_000], 'the next wait begins');
  const next = waitForAttach(needs, node, at.since, 200_000);
  t.true(!next.ready && next.event === undefined, 'no second event within the next wait');
  const done = waitForAttach(needs.slice(0, 2), { ...node, volumesAttached: attached(LOGS.uniqueName!, DATA.uniqueName!) }, at.since, 200_000);
  t.true(done.ready);
});

test('property: a wait reports at most one FailedMount per timeout and never before one', (t) => {
  fc.assert(
    fc.property(fc.array(fc.integer({ min: 1, max: 60_000 }), { minLength: 1, maxLength: 40 }), (steps) => {
      let since: number | undefined;
      let now = 0;
      let last = 0;
      for (const d of steps) {
        now += d;
        const r = waitForAttach([DATA], { volumesAttached: [], volumesInUse: [] }, since, now);
        if (r.ready) return false;
        if (r.event !== undefined) {
          if (now - last < POD_ATTACH_AND_MOUNT_TIMEOUT_MS) return false;
          last = now;
        }
        if (r.timeoutAt <= now) return false;
        since = r.since;
      }
      return true;
    }),
  );
  t.pass();
});

test('volumesInUse: the PV volumes of every pod that wants or still mounts them, once each, sorted', (t) => {
  const cases: { title: string; pods: { volumes: AttachableVolume[]; inUse: boolean }[]; want: string[] }[] = [
    { title: 'no pods', pods: [], want: [] },
    { title: 'a waiting pod reports its volume (the controller may then attach it)', pods: [{ volumes: [DATA], inUse: true }], want: [DATA.uniqueName!] },
    { title: 'a pod torn down no longer does', pods: [{ volumes: [DATA], inUse: false }], want: [] },
    { title: 'shared by two pods, one gone: still in use', pods: [{ volumes: [DATA], inUse: false }, { volumes: [DATA], inUse: true }], want: [DATA.uniqueName!] },
    { title: 'sorted and deduplicated', pods: [{ volumes: [LOGS, DATA], inUse: true }, { volumes: [DATA], inUse: true }], want: [DATA.uniqueName!, LOGS.uniqueName!] },
    { title: 'a PV not read has no name to report', pods: [{ volumes: [{ ...DATA, uniqueName: undefined }], inUse: true }], want: [] },
  ];
  for (const c of cases) t.deepEqual(volumesInUse(c.pods), c.want, c.title);
});
