// The cluster spec's controlPlane.plant: off by default, only the known bugs, only true or false.

import test from 'ava';
import { ClusterSpecError, resolveClusterSpec } from '../../../scenarios/cluster/spec.ts';

test('controlPlane.plant is empty by default and carries the planted bugs asked for', (t) => {
  t.deepEqual(resolveClusterSpec({}).controlPlane, { plant: {} });
  t.deepEqual(resolveClusterSpec({ controlPlane: { plant: { schedulerForgetsAssumed: true, replicaSetIgnoresExpectations: false } } }).controlPlane.plant, { schedulerForgetsAssumed: true, replicaSetIgnoresExpectations: false });
});

test('controlPlane is refused with the field named when it is not an object, has unknown fields or a plant that is not a boolean', (t) => {
  const refused = (spec: unknown) => t.throws(() => resolveClusterSpec(spec as never), { instanceOf: ClusterSpecError })?.message;
  t.is(refused({ controlPlane: 3 }), 'cluster: controlPlane: Invalid value: 3: must be an object');
  t.is(refused({ controlPlane: { replicas: 2 } }), 'cluster: controlPlane: unknown field "replicas"');
  t.is(refused({ controlPlane: { plant: { schedulerForgetsEverything: true } } }), 'cluster: controlPlane.plant: unknown field "schedulerForgetsEverything"');
  t.is(refused({ controlPlane: { plant: { schedulerForgetsAssumed: 'yes' } } }), 'cluster: controlPlane.plant.schedulerForgetsAssumed: Invalid value: "yes": must be true or false');
});
