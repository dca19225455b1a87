// The ReplicaSet controller as kube-controller-manager starts it: informers on ReplicaSets and
// Pods, five workers (--concurrent-replicaset-syncs), writing as system:serviceaccount:kube-system:replicaset-controller.

import type { ControllerDef } from '../context.ts';
import { replicaSetKeys } from './keys.ts';
import { emptyMemory, type ReplicaSetMemory, replicaSetWritten } from './memory.ts';
import { reconcileReplicaSet } from './reconcile.ts';

export const REPLICASET_CONTROLLER = 'replicaset-controller';

export const REPLICASET_INFORMERS = [
  { name: 'replicasets', resource: 'replicasets' },
  { name: 'pods', resource: 'pods' },
] as const;

/** Bugs planted for the fault runs that must catch them; none in a real cluster. */
export interface ReplicaSetPlant {
  /** Replicas are managed on every reconcile, whatever creates and deletes are still unseen: a lagging cache makes it create again. */
  readonly ignoresExpectations?: true;
}

export function replicaSetControllerWith(plant: ReplicaSetPlant = {}): ControllerDef<ReplicaSetMemory> {
  return {
    name: REPLICASET_CONTROLLER,
    spec: (c) => ({
      client: c.client(REPLICASET_CONTROLLER),
      informers: REPLICASET_INFORMERS,
      keysFor: replicaSetKeys,
      reconcile: (key, listers, now, memory) => {
        if (plant.ignoresExpectations) delete memory.expectations[key];
        return reconcileReplicaSet(key, listers, now, memory, c.epochMs);
      },
      memory: emptyMemory,
      written: replicaSetWritten,
      // updateReplicaSetStatus: a conflicting status write is retried once on a fresh read.
      statusUpdateRetries: 1,
      workers: 5,
      component: REPLICASET_CONTROLLER,
      epochMs: c.epochMs,
    }),
  };
}

export const replicaSetController: ControllerDef<ReplicaSetMemory> = replicaSetControllerWith();
