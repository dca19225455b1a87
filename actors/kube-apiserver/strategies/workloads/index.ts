// Strategies of the workload kinds (pods, apps/v1, batch/v1, autoscaling, policy), keyed `<group>/<resource>`.

import type { Strategy } from '../types.ts';
import { podStrategy } from './pod-strategy.ts';

export const WORKLOAD_STRATEGIES: Readonly<Record<string, Strategy>> = {
  '/pods': podStrategy,
};
