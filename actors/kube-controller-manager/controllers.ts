// The controllers kube-controller-manager starts when it leads, in start order: each a
// ControllerDef (context.ts) whose name is its service account's.

import type { AnyControllerDef } from './context.ts';
import { attachDetachController } from './attachdetach/controller.ts';
import { deploymentController } from './deployment/index.ts';
import { nodeIpamController } from './nodeipam/controller.ts';
import { nodeLifecycleController } from './nodelifecycle/controller.ts';
import { taintEvictionController } from './nodelifecycle/taint-eviction-controller.ts';
import { persistentVolumeBinder } from './persistentvolume/controller.ts';
import { podGCController } from './podgc/controller.ts';
import { replicaSetController } from './replicaset/controller.ts';
import { rootCAPublisher } from './root-ca-publisher.ts';

export const CONTROLLERS: readonly AnyControllerDef[] = [rootCAPublisher, nodeIpamController, nodeLifecycleController, taintEvictionController, replicaSetController, deploymentController, podGCController, persistentVolumeBinder, attachDetachController];
