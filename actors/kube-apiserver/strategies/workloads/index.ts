// Strategies of the workload kinds (pods, apps/v1, batch/v1, autoscaling, policy), keyed `<group>/<resource>`.

import type { Strategy } from '../types.ts';
import { deploymentStrategy } from './deployment.ts';
import { podStrategy } from './pod-strategy.ts';

export const WORKLOAD_STRATEGIES: Readonly<Record<string, Strategy>> = {
  '/pods': podStrategy,
  'apps/deployments': deploymentStrategy,
};

export { fromScale, toScale, validateScale } from './scale.ts';
export { validatePodTemplateSpec } from './pod-validation.ts';
export { parseQuantity, compareQuantity, quantityString, type Quantity } from './quantity.ts';
