// The built-in scenarios, by name.

import type { ScenarioDefinition } from '../scenario.ts';
import apiserverBasics from './apiserver-basics.ts';
import apiserverChaos from './apiserver-chaos.ts';
import apiserverFailover from './apiserver-failover.ts';
import batch from './batch.ts';
import binPacking from './bin-packing.ts';
import cloudLoadBalancer from './cloud-load-balancer.ts';
import controlPlaneChaos from './control-plane-chaos.ts';
import controlPlaneFailover from './control-plane-failover.ts';
import defaultCluster from './default-cluster.ts';
import dualStackPods from './dual-stack-pods.ts';
import etcdChaos from './etcd-chaos.ts';
import etcdChaos5 from './etcd-chaos-5.ts';
import etcdLeaderFailure from './etcd-leader-failure.ts';
import etcdPartition from './etcd-partition.ts';
import nodeComponentsChaos from './node-components-chaos.ts';
import nodeFailureEviction from './node-failure-eviction.ts';
import partitionDemo from './partition-demo.ts';
import pingPong from './ping-pong.ts';
import podLifecycle from './pod-lifecycle.ts';
import rolloutAndRollback from './rollout-and-rollback.ts';
import schedulingExplained from './scheduling-explained.ts';
import statefulsetStorage from './statefulset-storage.ts';
import supervisionDemo from './supervision-demo.ts';

export const builtins: readonly ScenarioDefinition[] = [defaultCluster, supervisionDemo, pingPong, partitionDemo, etcdLeaderFailure, etcdPartition, etcdChaos, etcdChaos5, apiserverBasics, apiserverFailover, apiserverChaos, podLifecycle, dualStackPods, nodeComponentsChaos, binPacking, schedulingExplained, nodeFailureEviction, rolloutAndRollback, controlPlaneFailover, batch, statefulsetStorage, cloudLoadBalancer, controlPlaneChaos];

export function builtin(name: string): ScenarioDefinition | undefined {
  return builtins.find((s) => s.name === name);
}
