// The ControllerDefs the manager starts: names are the controllers' service accounts, writes go
// with that account's client, and neither elects a leader of its own (the manager does).
import test from 'ava';
import type { ControllerContext } from '../../../../actors/kube-controller-manager/context.ts';
import { podGCController } from '../../../../actors/kube-controller-manager/podgc/controller.ts';
import { replicaSetController } from '../../../../actors/kube-controller-manager/replicaset/controller.ts';

const ctx: ControllerContext = {
  client: (name) => ({ hosts: ['cp-1'], token: `token-of-${name}`, readToken: 'manager' }),
  epochMs: 0,
  clusterCIDRs: ['10.244.0.0/16'],
  serviceCIDRs: ['10.96.0.0/12'],
  nodeCIDRMaskSizes: { ipv4: 24, ipv6: 64 },
  rootCA: 'CA',
};

test('defs: replicaset-controller and pod-garbage-collector write as their service accounts', (t) => {
  for (const [def, informers] of [
    [replicaSetController, ['replicasets', 'pods']],
    [podGCController, ['pods', 'nodes']],
  ] as const) {
    const spec = def.spec(ctx);
    t.is(spec.client.token, `token-of-${def.name}`);
    t.is(spec.component, def.name);
    t.is(spec.leaderElection, undefined);
    t.deepEqual(spec.informers.map((i) => i.resource), [...informers]);
  }
  t.is(replicaSetController.name, 'replicaset-controller');
  t.is(podGCController.name, 'pod-garbage-collector');
  t.is(replicaSetController.spec(ctx).workers, 5);
});
