// The ControllerDefs the manager starts: each writes as its own service account (whose RBAC role
// allows exactly what it writes) and watches what its reconcile reads.

import test from 'ava';
import type { ControllerContext } from '../../../../actors/kube-controller-manager/context.ts';
import { endpointsController } from '../../../../actors/kube-controller-manager/endpoints/controller.ts';
import { endpointSliceController } from '../../../../actors/kube-controller-manager/endpointslice/controller.ts';
import { serviceAccountController } from '../../../../actors/kube-controller-manager/serviceaccount/controller.ts';

const ctx: ControllerContext = {
  client: (name) => ({ hosts: ['api'], token: `token-of-${name}`, readToken: 'manager' }),
  epochMs: 42,
  clusterCIDRs: [],
  serviceCIDRs: [],
  nodeCIDRMaskSizes: { ipv4: 24, ipv6: 64 },
  rootCA: '',
};

const cases = [
  { def: endpointSliceController, name: 'endpointslice-controller', watches: ['services', 'pods', 'endpointslices.discovery.k8s.io', 'nodes'] },
  { def: endpointsController, name: 'endpoint-controller', watches: ['services', 'pods', 'endpoints'] },
  { def: serviceAccountController, name: 'service-account-controller', watches: ['namespaces', 'serviceaccounts'] },
];
for (const c of cases) {
  test(`defs: ${c.name} writes as its service account and watches ${c.watches.join(', ')}`, (t) => {
    t.is(c.def.name, c.name);
    const spec = c.def.spec(ctx);
    t.is(spec.client.token, `token-of-${c.name}`);
    t.is(spec.component, c.name);
    t.is(spec.epochMs, 42);
    t.is(spec.leaderElection, undefined);
    t.deepEqual(spec.informers.map((i) => i.resource), c.watches);
  });
}
