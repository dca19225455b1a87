// The controllers the cluster's cloud-controller-manager runs: 1.32's defaults, with
// --allocate-node-cidrs=false, so no route controller (pod ranges are kube-controller-manager's
// node-IPAM's); the cluster spec's `cloud: { routes: true }` adds it (components.ts).

import { type CloudControllerDef, cloudNodeController, cloudNodeLifecycleController, serviceController } from '../../actors/cloud-controller-manager/index.ts';

export const CLUSTER_CLOUD_CONTROLLERS: readonly CloudControllerDef[] = [cloudNodeController, cloudNodeLifecycleController, serviceController];
