// The two volume plugins inside the default profile: an attempt of 1.32's default plugins over a
// small cluster, and the FailedScheduling message their reasons aggregate into.

import test from 'ava';
import type { Pod } from '../../../../protocols/kube/objects.ts';
import { fitErrorMessage } from '../../../../actors/kube-scheduler/framework/explain.ts';
import { buildNodeInfo } from '../../../../actors/kube-scheduler/framework/nodeinfo.ts';
import { scheduleOne } from '../../../../actors/kube-scheduler/framework/runner.ts';
import { inTreeRegistry, type ClusterView } from '../../../../actors/kube-scheduler/registry.ts';
import { setUp } from '../../../../actors/kube-scheduler/shell/setup.ts';
import { cluster, cycle, node, pv, pvc } from './fixtures.ts';

const view: ClusterView = { nodes: [], namespaceLabels: () => ({}), ownerSelectors: () => [] };
const profile = setUp(undefined, inTreeRegistry(view)).profiles.get('default-scheduler')!;

const pod = (name: string, volumes: NonNullable<Pod['spec']>['volumes'], nodeName?: string): Pod => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'default', uid: `uid-${name}` },
  spec: { containers: [{ name: 'c', image: 'nginx' }], volumes, ...(nodeName ? { nodeName } : {}) },
});
const withAllocatable = (name: string) => ({ ...node(name), status: { allocatable: { cpu: '4', memory: '8Gi', pods: '110' } } });
const csiVolume = (name: string) => ({ ...pv(name, '1Gi'), spec: { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], csi: { driver: 'ebs.csi.aws.com', volumeHandle: name } } });

test('default profile: VolumeRestrictions and NodeVolumeLimits run in 1.32\'s filter order', (t) => {
  const names = profile.runner.filter.map((p) => p.name);
  t.deepEqual(names.slice(names.indexOf('NodeResourcesFit'), names.indexOf('VolumeZone') + 1), ['NodeResourcesFit', 'VolumeRestrictions', 'NodeVolumeLimits', 'VolumeBinding', 'VolumeZone']);
});

test('default profile: the volume plugins\' reasons aggregate into FailedScheduling', (t) => {
  const claims = cluster(
    [csiVolume('v0'), csiVolume('v1')],
    [pvc('c0', '1Gi', { volumeName: 'v0', bound: true }), pvc('c1', '1Gi', { volumeName: 'v1', bound: true }), pvc('solo', '1Gi', { modes: ['ReadWriteOncePod'], volumeName: 'v0', bound: true })],
    [],
    [{ apiVersion: 'storage.k8s.io/v1', kind: 'CSINode', metadata: { name: 'n1' }, spec: { drivers: [{ name: 'ebs.csi.aws.com', nodeID: 'i-1', allocatable: { count: 1 } }] } }],
  );
  const nodes = [
    buildNodeInfo(withAllocatable('n1'), [pod('a', [{ name: 'x', persistentVolumeClaim: { claimName: 'c0' } }], 'n1')]),
    buildNodeInfo(withAllocatable('n2'), [pod('b', [{ name: 'd', gcePersistentDisk: { pdName: 'disk-1' } }], 'n2')]),
  ];
  const attempt = (p: Pod) => scheduleOne({ profile: profile.runner, pod: p, nodes, startIndex: 0, pick: () => 0, state: cycle(claims) });

  const out = attempt(pod('p', [{ name: 'x', persistentVolumeClaim: { claimName: 'c1' } }, { name: 'd', gcePersistentDisk: { pdName: 'disk-1' } }]));
  t.is(out.kind, 'unschedulable');
  if (out.kind !== 'unschedulable') return;
  t.is(fitErrorMessage(out.diagnosis), '0/2 nodes are available: 1 node(s) exceed max volume count, 1 node(s) had no available disk.');
  t.deepEqual(out.diagnosis.unschedulablePlugins, ['NodeVolumeLimits', 'VolumeRestrictions']);

  const rwop = attempt(pod('q', [{ name: 'x', persistentVolumeClaim: { claimName: 'solo' } }]));
  t.is(rwop.kind, 'scheduled', 'no pod uses the ReadWriteOncePod claim yet');
  nodes[1] = buildNodeInfo(withAllocatable('n2'), [pod('holder', [{ name: 'x', persistentVolumeClaim: { claimName: 'solo' } }], 'n2')]);
  const taken = attempt(pod('r', [{ name: 'x', persistentVolumeClaim: { claimName: 'solo' } }]));
  t.is(taken.kind, 'unschedulable');
  if (taken.kind === 'unschedulable') {
    t.is(fitErrorMessage(taken.diagnosis), '0/2 nodes are available: 2 node has pod using PersistentVolumeClaim with the same name and ReadWriteOncePod access mode.');
  }
});
