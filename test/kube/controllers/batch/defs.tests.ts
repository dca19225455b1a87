import test from 'ava';
import type { ControllerContext } from '../../../../actors/kube-controller-manager/context.ts';
import { jobController } from '../../../../actors/kube-controller-manager/job/controller.ts';
import { cronJobController } from '../../../../actors/kube-controller-manager/cronjob/controller.ts';
import { ttlAfterFinishedController } from '../../../../actors/kube-controller-manager/ttlafterfinished/controller.ts';
import { CONTROLLER_ROLES } from '../../../../actors/kube-apiserver/auth/rbac/controller-roles.ts';

const ctx: ControllerContext = {
  client: (name) => ({ hosts: ['cp-1'], token: `token-of-${name}`, readToken: 'manager' }),
  epochMs: 1_000,
  clusterCIDRs: ['10.244.0.0/16'],
  serviceCIDRs: ['10.96.0.0/12'],
  nodeCIDRMaskSizes: { ipv4: 24, ipv6: 64 },
  rootCA: 'CA',
};

test('batch ControllerDefs: named for their service accounts, writing with their own token, no election of their own', (t) => {
  for (const [def, informers] of [
    [jobController, ['jobs', 'pods']],
    [cronJobController, ['cronjobs', 'jobs']],
    [ttlAfterFinishedController, ['jobs']],
  ] as const) {
    const spec = def.spec(ctx);
    t.is(spec.client.token, `token-of-${def.name}`);
    t.is(spec.component, def.name);
    t.is(spec.epochMs, 1_000);
    t.is(spec.leaderElection, undefined);
    t.deepEqual(spec.informers.map((i) => i.name), [...informers]);
    t.true(CONTROLLER_ROLES.some((r: { name: string }) => r.name === def.name), `an RBAC role for ${def.name}`);
  }
});
