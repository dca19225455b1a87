// The pod garbage collector as kube-controller-manager starts it: informers on Pods and Nodes,
// writing as system:serviceaccount:kube-system:pod-garbage-collector.

import type { ControllerDef } from '../context.ts';
import { emptyPodGCMemory, type PodGCMemory, podGCKeys, reconcilePodGC } from './reconcile.ts';

export const PODGC_CONTROLLER = 'pod-garbage-collector';

export const PODGC_INFORMERS = [
  { name: 'pods', resource: 'pods' },
  { name: 'nodes', resource: 'nodes' },
] as const;

export const podGCController: ControllerDef<PodGCMemory> = {
  name: PODGC_CONTROLLER,
  spec: (c) => ({
    client: c.client(PODGC_CONTROLLER),
    informers: PODGC_INFORMERS,
    keysFor: podGCKeys,
    reconcile: (key, listers, now, memory) => reconcilePodGC(key, listers, now, memory, c.epochMs),
    memory: emptyPodGCMemory,
    component: PODGC_CONTROLLER,
    epochMs: c.epochMs,
  }),
};
