// Property: for any volumes and WaitForFirstConsumer claims, when VolumeBinding's Filter passes a
// node, the volumes Reserve hands out are distinct, each satisfies its claim (class, size, mode,
// access modes) and accepts the node; and a node fails only with the reasons Kubernetes words.

import test from 'ava';
import fc from 'fast-check';
import type { Pod } from '../../../../protocols/kube/objects.ts';
import { newVolumeBinding } from '../../../../actors/kube-scheduler/plugins/volumebinding/plugin.ts';
import { checkVolumeNodeAffinity, checkVolumeSatisfyClaim } from '../../../../protocols/kube/volume-matching.ts';
import { cluster, cycle, info, pv, pvc, sc } from './fixtures.ts';

const volumeArb = fc.record({
  size: fc.constantFrom('1Gi', '2Gi', '4Gi'),
  cls: fc.constantFrom('local', 'dyn'),
  modes: fc.constantFrom(['ReadWriteOnce'], ['ReadWriteOnce', 'ReadOnlyMany'], ['ReadWriteMany']),
  hosts: fc.option(fc.subarray(['n1', 'n2'], { minLength: 1 }), { nil: undefined }),
  taken: fc.boolean(),
});
const claimArb = fc.record({ size: fc.constantFrom('1Gi', '2Gi', '3Gi'), cls: fc.constantFrom('local', 'dyn'), modes: fc.constantFrom(['ReadWriteOnce'], ['ReadOnlyMany']) });

test('VolumeBinding property: chosen volumes are distinct, fit their claims and accept the node', (t) => {
  fc.assert(
    fc.property(fc.array(volumeArb, { maxLength: 6 }), fc.array(claimArb, { minLength: 1, maxLength: 3 }), fc.constantFrom('n1', 'n2'), (vs, cs, nodeName) => {
      const volumes = vs.map((v, i) => pv(`v${i}`, v.size, { cls: v.cls, modes: [...v.modes], ...(v.hosts ? { hosts: v.hosts } : {}), ...(v.taken ? { claimRef: { namespace: 'x', name: 'y', uid: 'z' } } : {}) }));
      const claims = cs.map((c, i) => pvc(`c${i}`, c.size, { cls: c.cls, modes: [...c.modes] }));
      const pod: Pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default' }, spec: { containers: [], volumes: claims.map((c, i) => ({ name: `v${i}`, persistentVolumeClaim: { claimName: c.metadata!.name! } })) } };
      const plugin = newVolumeBinding();
      const state = cycle(cluster(volumes, claims, [sc('local', 'kubernetes.io/no-provisioner'), sc('dyn', 'kybernetes.io/host-path')]));
      if (plugin.preFilter(state, pod, []).status.code !== 'Success') return false;
      const f = plugin.filter(state, pod, info(nodeName));
      if (f.code !== 'Success') return f.code === 'UnschedulableAndUnresolvable' && f.reasons.every((r) => r === "node(s) didn't find available persistent volumes to bind");
      plugin.reserve(state, pod, nodeName);
      const written = plugin.preBind(state, pod, nodeName).calls.filter((c) => c.target.resource === 'persistentvolumes');
      const names = written.map((c) => c.target.name);
      if (new Set(names).size !== names.length) return false;
      return written.every((c) => {
        const body = (c as { body: ReturnType<typeof pv> }).body;
        const claim = claims.find((x) => x.metadata?.name === body.spec?.claimRef?.name)!;
        const original = volumes.find((v) => v.metadata?.name === body.metadata?.name)!;
        return !original.spec?.claimRef && checkVolumeSatisfyClaim(original, claim) === undefined && checkVolumeNodeAffinity(original, info(nodeName).node.metadata!.labels!) === undefined;
      });
    }),
    { numRuns: 200, seed: 7 },
  );
  t.pass();
});
