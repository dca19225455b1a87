// The cloud-controller-manager's surface for the cluster builder and for tests.

export { CCM_KIND, CCM_LEASE, cloudControllerContext, cloudControllerManager, type CloudControllerManagerOptions } from './manager.ts';
export { CLOUD_CONTROLLERS, type CloudControllerContext, type CloudControllerDef, cloudNodeController, cloudNodeLifecycleController, routeController, serviceController } from './controllers.ts';
export { type CloudLoopState, cloudLoopStateKey, defineCloudLoop } from './cloud-loop.ts';
