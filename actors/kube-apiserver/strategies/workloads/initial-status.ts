// What a new object's status reads right after create. Kubernetes clears the status to its Go
// zero value, and fields without omitempty still serialize: a fresh ReplicaSet reads back
// `status: {replicas: 0}`, a Deployment `status: {}`. Controllers and clients see exactly that.

import type { Strategy } from '../types.ts';

export const INITIAL_STATUS: Readonly<Record<string, () => Record<string, unknown>>> = {
  'apps/deployments': () => ({}),
  'apps/replicasets': () => ({ replicas: 0 }),
  'apps/daemonsets': () => ({ currentNumberScheduled: 0, numberMisscheduled: 0, desiredNumberScheduled: 0, numberReady: 0 }),
  'apps/statefulsets': () => ({ replicas: 0, availableReplicas: 0 }),
  'batch/jobs': () => ({}),
  'batch/cronjobs': () => ({}),
  'autoscaling/horizontalpodautoscalers': () => ({ desiredReplicas: 0 }),
  'policy/poddisruptionbudgets': () => ({ disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 }),
};

/** The strategy with its prepareForCreate leaving `status` as Kubernetes stores it. */
export function withInitialStatus(key: string, s: Strategy): Strategy {
  const make = INITIAL_STATUS[key];
  if (make === undefined) return s;
  return {
    ...s,
    prepareForCreate(obj, ctx) {
      s.prepareForCreate(obj, ctx);
      obj.status = make();
    },
  };
}
