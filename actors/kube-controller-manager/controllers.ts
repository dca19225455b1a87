// The controllers kube-controller-manager starts when it leads, in start order: each a
// ControllerDef (context.ts) whose name is its service account's.

import type { AnyControllerDef } from './context.ts';
import { attachDetachController } from './attachdetach/controller.ts';
import { cronJobController } from './cronjob/controller.ts';
import { daemonSetController } from './daemonset/controller.ts';
import { disruptionController } from './disruption/controller.ts';
import { endpointsController } from './endpoints/controller.ts';
import { endpointSliceController } from './endpointslice/controller.ts';
import { garbageCollector } from './garbagecollector/controller.ts';
import { horizontalPodAutoscaler } from './podautoscaler/controller.ts';
import { jobController } from './job/controller.ts';
import { namespaceController } from './namespace/controller.ts';
import { resourceQuotaController } from './resourcequota/controller.ts';
import { serviceAccountController } from './serviceaccount/controller.ts';
import { ttlAfterFinishedController } from './ttlafterfinished/controller.ts';
import { statefulSetController } from './statefulset/controller.ts';
import { deploymentController } from './deployment/index.ts';
import { nodeIpamController } from './nodeipam/controller.ts';
import { nodeLifecycleController } from './nodelifecycle/controller.ts';
import { taintEvictionController } from './nodelifecycle/taint-eviction-controller.ts';
import { persistentVolumeBinder } from './persistentvolume/controller.ts';
import { podGCController } from './podgc/controller.ts';
import { replicaSetController } from './replicaset/controller.ts';
import { rootCAPublisher } from './root-ca-publisher.ts';

export const CONTROLLERS: readonly AnyControllerDef[] = [
  rootCAPublisher,
  serviceAccountController,
  namespaceController,
  garbageCollector,
  nodeIpamController,
  nodeLifecycleController,
  taintEvictionController,
  podGCController,
  replicaSetController,
  deploymentController,
  statefulSetController,
  daemonSetController,
  jobController,
  cronJobController,
  ttlAfterFinishedController,
  endpointSliceController,
  endpointsController,
  disruptionController,
  // No metrics.k8s.io yet (the data-plane issue): HPAs report FailedGetResourceMetric, as Kubernetes without metrics-server.
  horizontalPodAutoscaler(),
  resourceQuotaController,
  persistentVolumeBinder,
  attachDetachController,
];
