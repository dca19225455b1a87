import test from 'ava';
import type { ControllerContext } from '../../../../actors/kube-controller-manager/context.ts';
import { nodeLifecycleController } from '../../../../actors/kube-controller-manager/nodelifecycle/controller.ts';
import { taintEvictionController } from '../../../../actors/kube-controller-manager/nodelifecycle/taint-eviction-controller.ts';
import { nodeIpamController } from '../../../../actors/kube-controller-manager/nodeipam/controller.ts';
import { DEFAULT_EPOCH_MS } from '../../../../protocols/kube/time.ts';

const asked: string[] = [];
const ctx: ControllerContext = {
  client: (name) => {
    asked.push(name);
    return { hosts: ['cp-1'], token: `token-${name}` };
  },
  epochMs: DEFAULT_EPOCH_MS,
  clusterCIDRs: ['10.244.0.0/16', 'fd00:10:244::/56'],
  serviceCIDRs: ['10.96.0.0/12'],
  nodeCIDRMaskSizes: { ipv4: 24, ipv6: 64 },
  rootCA: 'CA',
};

test('node controller defs: names as --controllers spells them, the taint manager writing as its own service account, the others as node-controller, no leader election of their own', (t) => {
  const defs = [nodeLifecycleController, taintEvictionController, nodeIpamController];
  t.deepEqual(defs.map((d) => d.name), ['node-controller', 'taint-eviction-controller', 'node-ipam-controller']);
  const specs = defs.map((d) => d.spec(ctx));
  t.deepEqual(asked, ['node-controller', 'taint-eviction-controller', 'node-controller']);
  t.deepEqual(specs.map((s) => s.component), ['node-controller', 'taint-eviction-controller', 'cidrAllocator']);
  for (const s of specs) t.is(s.leaderElection, undefined);
  t.deepEqual(specs[0]!.informers.map((i) => i.name), ['nodes', 'leases', 'pods']);
  t.throws(() => nodeIpamController.spec({ ...ctx, clusterCIDRs: ['10.0.0.0/8'], nodeCIDRMaskSizes: { ipv4: 30, ipv6: 64 } }), { message: /exceeds/ });
});
