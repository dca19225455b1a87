// The controllers the cluster's CCM runs.

import test from 'ava';
import { CLUSTER_CLOUD_CONTROLLERS } from '../../../scenarios/cluster/ccm-controllers.ts';

test('the cluster CCM runs the node, node-lifecycle and service controllers; no route controller (no --allocate-node-cidrs)', (t) => {
  t.deepEqual(CLUSTER_CLOUD_CONTROLLERS.map((d) => d.name), ['cloud-node-controller', 'cloud-node-lifecycle-controller', 'service-lb-controller']);
});
