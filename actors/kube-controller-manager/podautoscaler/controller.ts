// The HPA controller as kube-controller-manager starts it: informers on HPAs, pods and the
// scalable workloads, one worker, writing as system:serviceaccount:kube-system:horizontal-pod-autoscaler.
// Kubernetes puts every HPA event through a queue that delays each key by the 15 s sync period,
// so an HPA is synced every 15 s and not on each change; here an HPA is synced when it is added or
// its spec changes and then every 15 s (requeueAfter), and changes to its own status or to pods
// and workloads enqueue nothing. The metrics source is the resource metrics API stand-in.

import type { ControllerDef } from '../context.ts';
import { keyOf, type Notification } from '../../client/index.ts';
import { emptyHPAMemory, type HPAMemory, hpaWritten } from './memory.ts';
import type { PodMetricsSource } from './metrics-source.ts';
import { reconcileHPA } from './reconcile.ts';

export const HPA_CONTROLLER = 'horizontal-pod-autoscaler';

export const HPA_INFORMERS = [
  { name: 'horizontalpodautoscalers', resource: 'horizontalpodautoscalers' },
  { name: 'pods', resource: 'pods' },
  { name: 'deployments', resource: 'deployments' },
  { name: 'replicasets', resource: 'replicasets' },
  { name: 'statefulsets', resource: 'statefulsets' },
] as const;

export function hpaKeys(informer: string, n: Notification): string[] {
  if (informer !== 'horizontalpodautoscalers') return [];
  if (n.type === 'update' && n.old.metadata.generation === n.obj.metadata.generation) return [];
  return [keyOf(n.obj)];
}

export function horizontalPodAutoscaler(metrics?: PodMetricsSource): ControllerDef<HPAMemory> {
  return {
    name: HPA_CONTROLLER,
    spec: (c) => ({
      client: c.client(HPA_CONTROLLER),
      informers: HPA_INFORMERS,
      keysFor: hpaKeys,
      reconcile: (key, listers, now, memory) => reconcileHPA(key, listers, now, memory, metrics, c.epochMs),
      memory: emptyHPAMemory,
      written: hpaWritten,
      component: HPA_CONTROLLER,
      epochMs: c.epochMs,
    }),
  };
}
