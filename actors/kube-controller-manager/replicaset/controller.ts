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

export const replicaSetController: ControllerDef<ReplicaSetMemory> = {
  name: REPLICASET_CONTROLLER,
  spec: (c) => ({
    client: c.client(REPLICASET_CONTROLLER),
    informers: REPLICASET_INFORMERS,
    keysFor: replicaSetKeys,
    reconcile: (key, listers, now, memory) => reconcileReplicaSet(key, listers, now, memory, c.epochMs),
    memory: emptyMemory,
    written: replicaSetWritten,
    workers: 5,
    component: REPLICASET_CONTROLLER,
    epochMs: c.epochMs,
  }),
};
