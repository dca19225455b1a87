// VolumeZone, with cases after Kubernetes' volume_zone_test.go: bound volumes' zone and region
// labels against the node's, beta labels matching GA ones, "__"-separated zone lists, nodes
// without topology labels, and the claims it cannot judge.

import test from 'ava';
import type { Pod } from '../../../../protocols/kube/objects.ts';
import { volumeZone } from '../../../../actors/kube-scheduler/plugins/volumezone.ts';
import { cluster, cycle, info, pv, pvc, sc } from './fixtures.ts';

const pod = (...claims: string[]): Pod => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web', namespace: 'default' },
  spec: { containers: [{ name: 'c', image: 'nginx' }], volumes: claims.map((c, i) => ({ name: `v${i}`, persistentVolumeClaim: { claimName: c } })) },
});

const ZONE = 'topology.kubernetes.io/zone';
const REGION = 'topology.kubernetes.io/region';
const BETA_ZONE = 'failure-domain.beta.kubernetes.io/zone';

function verdict(pvLabels: Record<string, string>, nodeLabels: Record<string, string>): string {
  const state = cycle(cluster([pv('pv-a', '1G', { labels: pvLabels })], [pvc('pvc-a', '1G', { volumeName: 'pv-a', bound: true })]));
  const pre = volumeZone.preFilter(state, pod('pvc-a'), []);
  if (pre.status.code !== 'Success') return pre.status.code;
  const s = volumeZone.filter(state, pod('pvc-a'), info('n1', nodeLabels));
  return s.code === 'Success' ? 'Success' : s.reasons.join();
}

const CONFLICT = 'node(s) had no available volume zone';
const cases: [string, Record<string, string>, Record<string, string>, string][] = [
  ['same zone', { [ZONE]: 'us-west1-a' }, { [ZONE]: 'us-west1-a' }, 'Success'],
  ['other zone', { [ZONE]: 'us-west1-a' }, { [ZONE]: 'us-west1-b' }, CONFLICT],
  ['node without topology labels', { [ZONE]: 'us-west1-a' }, { other: 'x' }, 'Success'],
  ['node with a region only lacks the zone', { [ZONE]: 'us-west1-a' }, { [REGION]: 'us-west1' }, CONFLICT],
  ['beta label on the volume, GA on the node', { [BETA_ZONE]: 'us-west1-a' }, { [ZONE]: 'us-west1-a' }, 'Success'],
  ['beta label on both', { [BETA_ZONE]: 'us-west1-a' }, { [BETA_ZONE]: 'us-west1-a' }, 'Success'],
  ['a zone list containing the node zone', { [ZONE]: 'us-west1-a__us-west1-b' }, { [ZONE]: 'us-west1-b' }, 'Success'],
  ['a zone list without it', { [ZONE]: 'us-west1-a__us-west1-b' }, { [ZONE]: 'us-west1-c' }, CONFLICT],
  ['region mismatch', { [REGION]: 'us-west1' }, { [REGION]: 'us-east1', [ZONE]: 'us-east1-a' }, CONFLICT],
  ['a volume without topology labels is skipped', { other: 'x' }, { [ZONE]: 'a' }, 'Skip'],
];

for (const [title, pvLabels, nodeLabels, want] of cases) {
  test(`VolumeZone: ${title}`, (t) => {
    t.is(verdict(pvLabels, nodeLabels), want);
  });
}

test('VolumeZone: claims it cannot judge', (t) => {
  const pre = (objs: Parameters<typeof cluster>, ...claims: string[]) => volumeZone.preFilter(cycle(cluster(...objs)), pod(...claims), []).status;
  t.deepEqual(pre([[], []], 'missing'), { code: 'UnschedulableAndUnresolvable', reasons: ['persistentvolumeclaim "missing" not found'] });
  t.deepEqual(pre([[], [pvc('c', '1G')]], 'c'), { code: 'UnschedulableAndUnresolvable', reasons: ['PersistentVolumeClaim had no pv name and storageClass name'] });
  t.deepEqual(pre([[], [pvc('c', '1G', { cls: 'now' })], [sc('now', 'x', 'Immediate')]], 'c'), { code: 'UnschedulableAndUnresolvable', reasons: ['PersistentVolume had no name'] });
  t.deepEqual(pre([[], [pvc('c', '1G', { cls: 'nope' })]], 'c'), { code: 'UnschedulableAndUnresolvable', reasons: ['storageclass.storage.k8s.io "nope" not found'] });
  t.deepEqual(pre([[], [pvc('c', '1G', { volumeName: 'gone', bound: true })]], 'c'), { code: 'UnschedulableAndUnresolvable', reasons: ['persistentvolume "gone" not found'] });
  // An unbound WaitForFirstConsumer claim gets its volume where the pod goes: nothing to check.
  t.is(pre([[], [pvc('c', '1G', { cls: 'wait' })], [sc('wait', 'x')]], 'c').code, 'Skip');
});
