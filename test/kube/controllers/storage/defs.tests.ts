// The storage ControllerDefs: named for their service accounts, writing as them, without leader
// election of their own (the manager elects), with the informers their reconciles read.

import test from 'ava';
import type { ControllerContext } from '../../../../actors/kube-controller-manager/context.ts';
import { attachDetachController } from '../../../../actors/kube-controller-manager/attachdetach/controller.ts';
import { persistentVolumeBinder } from '../../../../actors/kube-controller-manager/persistentvolume/controller.ts';
import { DEFAULT_EPOCH_MS } from '../../../../protocols/kube/time.ts';

test('storage controller defs: service-account names, their own clients, no leader election', (t) => {
  const asked: string[] = [];
  const ctx: ControllerContext = {
    client: (name) => {
      asked.push(name);
      return { hosts: ['cp-1'], token: `token-${name}` };
    },
    epochMs: DEFAULT_EPOCH_MS,
    clusterCIDRs: ['10.244.0.0/16'],
    serviceCIDRs: ['10.96.0.0/12'],
    nodeCIDRMaskSizes: { ipv4: 24, ipv6: 64 },
    rootCA: 'CA',
  };
  const defs = [persistentVolumeBinder, attachDetachController];
  t.deepEqual(defs.map((d) => d.name), ['persistent-volume-binder', 'attachdetach-controller']);
  const specs = defs.map((d) => d.spec(ctx));
  t.deepEqual(asked, ['persistent-volume-binder', 'attachdetach-controller']);
  t.deepEqual(specs.map((s) => s.component), ['persistentvolume-controller', 'attachdetach-controller']);
  for (const s of specs) t.is(s.leaderElection, undefined);
  t.deepEqual(specs[0]!.informers.map((i) => i.resource), ['persistentvolumes', 'persistentvolumeclaims', 'storageclasses.storage.k8s.io', 'pods', 'nodes']);
  t.deepEqual(specs[1]!.memory!(), { unmountWaitSince: {} });
});
