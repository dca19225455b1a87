// Setting up a pod's volumes: the kubelet's FailedMount messages for missing ConfigMaps and
// Secrets, optional sources mounted empty, the claim checks of the desired-state populator,
// and the references emptyDir and hostPath give.

import test from 'ava';
import type { ConfigMap, PersistentVolumeClaim, Pod, Volume } from 'kubernetes-types/core/v1.d.ts';
import { setUpPodVolumes } from '../../../../actors/kubelet/volumes/pod-volumes.ts';

const cm: ConfigMap = { metadata: { name: 'app-config', namespace: 'default' }, data: { 'app.properties': 'x=1' } };
const claims: Record<string, PersistentVolumeClaim> = {
  bound: { metadata: { name: 'bound' }, spec: { volumeName: 'pv-1' }, status: { phase: 'Bound' } },
  pending: { metadata: { name: 'pending' }, spec: {}, status: { phase: 'Pending' } },
  dying: { metadata: { name: 'dying', deletionTimestamp: '2026-01-01T00:00:00Z' }, spec: { volumeName: 'pv-2' }, status: { phase: 'Bound' } },
};
const sources = {
  configMaps: (ns: string, n: string) => (ns === 'default' && n === 'app-config' ? cm : undefined),
  secrets: () => undefined,
  claims: (_: string, n: string) => claims[n],
  allocatable: {},
};
const podWith = (...volumes: Volume[]): Pod => ({ metadata: { name: 'p', namespace: 'default' }, spec: { containers: [{ name: 'c', image: 'i' }], volumes } });

test('a missing ConfigMap or Secret fails the mount with the kubelet message; optional ones mount empty', (t) => {
  const [cfg, sec, opt, ok] = setUpPodVolumes(
    podWith(
      { name: 'cfg', configMap: { name: 'x' } },
      { name: 'creds', secret: { secretName: 'db' } },
      { name: 'opt', configMap: { name: 'x', optional: true } },
      { name: 'good', configMap: { name: 'app-config' } },
    ),
    sources,
  );
  t.like(cfg, { ok: false, reason: 'FailedMount', message: 'MountVolume.SetUp failed for volume "cfg" : configmap "x" not found' });
  t.like(sec, { ok: false, message: 'MountVolume.SetUp failed for volume "creds" : secret "db" not found' });
  t.like(opt, { ok: true, content: { kind: 'files', files: [] } });
  t.true(ok?.ok && ok.content.kind === 'files' && ok.content.files[0]?.path === 'app.properties');
});

test('a missing key is a SetUp failure too', (t) => {
  const [v] = setUpPodVolumes(podWith({ name: 'cfg', configMap: { name: 'app-config', items: [{ key: 'missing', path: 'm' }] } }), sources);
  t.like(v, { ok: false, message: 'MountVolume.SetUp failed for volume "cfg" : configmap references non-existent config key: missing' });
});

test('claims: usable only when present, not being deleted and Bound', (t) => {
  const vols = setUpPodVolumes(
    podWith(
      { name: 'data', persistentVolumeClaim: { claimName: 'bound' } },
      { name: 'wait', persistentVolumeClaim: { claimName: 'pending' } },
      { name: 'gone', persistentVolumeClaim: { claimName: 'nope' } },
      { name: 'dying', persistentVolumeClaim: { claimName: 'dying', readOnly: true } },
    ),
    sources,
  );
  t.deepEqual(vols[0], { name: 'data', ok: true, content: { kind: 'persistentVolumeClaim', claimName: 'bound', volumeName: 'pv-1', readOnly: false } });
  t.like(vols[1], { ok: false, error: 'error processing PVC default/pending: PVC is not bound' });
  t.like(vols[2], { ok: false, error: 'error processing PVC default/nope: failed to fetch PVC from API server: persistentvolumeclaims "nope" not found' });
  t.like(vols[3], { ok: false, error: 'error processing PVC default/dying: PVC is being deleted' });
});

test('emptyDir and hostPath are references for the runtime', (t) => {
  const vols = setUpPodVolumes(podWith({ name: 'scratch', emptyDir: { medium: 'Memory', sizeLimit: '64Mi' } }, { name: 'logs', hostPath: { path: '/var/log', type: 'Directory' } }, { name: 'tmp', emptyDir: {} }), sources);
  t.deepEqual(vols.map((v) => v.ok && v.content), [
    { kind: 'emptyDir', medium: 'Memory', sizeLimit: '64Mi' },
    { kind: 'hostPath', path: '/var/log', type: 'Directory' },
    { kind: 'emptyDir', medium: '' },
  ]);
});
