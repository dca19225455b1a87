// Strategies of the workload kinds (pods, apps/v1, batch/v1, autoscaling, policy), keyed
// `<group>/<resource>`, and the pure cores of their subresources the registry serves: /scale
// (toScale, fromScale, validateScale), pods/binding (bindPod) and pods/eviction (planEviction).

import type { Strategy } from '../types.ts';
import { cronJobStrategy } from './cronjob.ts';
import { daemonSetStrategy } from './daemonset.ts';
import { deploymentStrategy } from './deployment.ts';
import { hpaStrategy } from './hpa.ts';
import { withInitialStatus } from './initial-status.ts';
import { jobStrategy } from './job.ts';
import { pdbStrategy } from './pdb.ts';
import { podStrategy } from './pod-strategy.ts';
import { replicaSetStrategy } from './replicaset.ts';
import { statefulSetStrategy } from './statefulset.ts';

const STRATEGIES: Readonly<Record<string, Strategy>> = {
  '/pods': podStrategy,
  'apps/deployments': deploymentStrategy,
  'apps/replicasets': replicaSetStrategy,
  'apps/daemonsets': daemonSetStrategy,
  'apps/statefulsets': statefulSetStrategy,
  'batch/jobs': jobStrategy,
  'batch/cronjobs': cronJobStrategy,
  'autoscaling/horizontalpodautoscalers': hpaStrategy,
  'policy/poddisruptionbudgets': pdbStrategy,
};

export const WORKLOAD_STRATEGIES: Readonly<Record<string, Strategy>> = Object.fromEntries(Object.entries(STRATEGIES).map(([k, s]) => [k, withInitialStatus(k, s)]));

export { fromScale, toScale, validateScale, type ScaledObject } from './scale.ts';
export { validatePodTemplateSpec } from './pod-validation.ts';
export { bindPod, validatePodBinding, type BindingResult } from './pod-binding.ts';
export { planEviction, matchingBudgets, withDisruptionTarget, type EvictionPlan } from './pod-eviction.ts';
