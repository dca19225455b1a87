// The runtime's volume store: which mount a written path falls under, replay from the host's
// disk, and a pod's own volumes forgotten with it while a PersistentVolume's data stays.

import test from 'ava';
import { applyWrite, forgetUnder, mountOf, podVolumePrefix, replayVolumes } from '../../../actors/container-runtime/volume-data.ts';

const mounts = [
  { containerPath: '/data', hostPath: '/var/lib/kubelet/pods/u1/volumes/kubernetes.io~empty-dir/data', readonly: false },
  { containerPath: '/data/deep/', hostPath: '/var/lib/kubelet/plugins/kubernetes.io/pv/pv-1/globalmount', readonly: false },
  { containerPath: '/etc/config', hostPath: '/var/lib/kubelet/pods/u1/volumes/kubernetes.io~projected/config', readonly: true },
];

test('a path falls under the longest mount that contains it; outside every mount it is the process’s own', (t) => {
  t.like(mountOf(mounts, '/data/a.txt'), { hostPath: mounts[0]!.hostPath, rel: 'a.txt' });
  t.like(mountOf(mounts, '/data/deep/b/c.txt'), { hostPath: mounts[1]!.hostPath, rel: 'b/c.txt', containerPath: '/data/deep' });
  t.like(mountOf(mounts, '/etc/config/x'), { readonly: true });
  t.is(mountOf(mounts, '/tmp/x'), undefined);
  t.is(mountOf(mounts, '/database/x'), undefined, 'a prefix of the name is not a mount');
});

test('writes replay from the log as they were applied; a pod’s own volumes are forgotten with it, a PV’s are not', (t) => {
  const writes = [
    { hostPath: mounts[0]!.hostPath, rel: 'a', content: '1' },
    { hostPath: mounts[1]!.hostPath, rel: 'b', content: '2' },
    { hostPath: mounts[0]!.hostPath, rel: 'a', content: '3' },
    { hostPath: mounts[0]!.hostPath, rel: 'gone', content: 'x' },
    { hostPath: mounts[0]!.hostPath, rel: 'gone', content: null },
  ];
  const data = replayVolumes(writes);
  t.deepEqual(data[mounts[0]!.hostPath], { a: '3' });
  const forget = forgetUnder(data, podVolumePrefix('u1'));
  t.deepEqual(forget, [{ hostPath: mounts[0]!.hostPath, rel: 'a', content: null }]);
  const after = forget.reduce(applyWrite, data);
  t.deepEqual(after[mounts[0]!.hostPath], {});
  t.deepEqual(after[mounts[1]!.hostPath], { b: '2' });
});
