// The controllers the cluster's CCM runs, and the guard that keeps a key from being requeued
// sooner than 1 ms (a requeue of ~1e-12 ms lands on the same virtual instant, forever).

import test from 'ava';
import type { CloudControllerDef, CloudControllerContext } from '../../../actors/cloud-controller-manager/index.ts';
import { emptyView } from '../../../actors/cloud-controller-manager/view.ts';
import type { Listers } from '../../../actors/client/index.ts';
import { CLUSTER_CLOUD_CONTROLLERS, guarded } from '../../../scenarios/cluster/ccm-controllers.ts';

test('the cluster CCM runs the node, node-lifecycle and service controllers; no route controller (no --allocate-node-cidrs)', (t) => {
  t.deepEqual(CLUSTER_CLOUD_CONTROLLERS.map((d) => d.name), ['cloud-node-controller', 'cloud-node-lifecycle-controller', 'service-lb-controller']);
});

test('a requeue shorter than 1 ms becomes 1 ms; longer ones, none, and the rest of the result pass unchanged', (t) => {
  const answering = (requeueAfter: number | undefined): CloudControllerDef => ({
    name: 'probe',
    serviceAccount: 'node-controller',
    spec: () => ({ client: { hosts: [], token: '' }, cloud: undefined as never, informers: [], component: 'probe', reconcile: () => ({ writes: [], cloud: [{ call: { type: 'ListRoutes' } }], ...(requeueAfter === undefined ? {} : { requeueAfter }) }) }),
  });
  const run = (requeueAfter: number | undefined) => guarded(answering(requeueAfter)).spec({} as CloudControllerContext).reconcile('k', {} as Listers, emptyView(), 607_002.07);
  // 300000 - 299999.99999999994: what the node controller asked for ten minutes in.
  t.is(run(300_000 - 299_999.99999999994).requeueAfter, 1);
  t.is(run(0).requeueAfter, 1);
  t.is(run(4_999.5).requeueAfter, 4_999.5);
  t.false('requeueAfter' in run(undefined));
  t.deepEqual(run(1e-12).cloud, [{ call: { type: 'ListRoutes' } }]);
});
