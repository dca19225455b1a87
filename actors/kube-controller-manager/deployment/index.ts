// The deployment controller's surface: the ControllerDef the manager starts, the parts a test
// loop runs, and the rollback patch `kubectl rollout undo` sends (scenarios use it).

export { DEPLOYMENT_CONTROLLER, deploymentController, deploymentControllerSpec, type DeploymentMemory } from './controller.ts';
export { type RollbackPlan, rollbackPatch } from './rollback.ts';
export { computeHash } from './hash.ts';
