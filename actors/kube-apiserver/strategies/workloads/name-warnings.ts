// The Warning headers the workload kinds send on create when their name is not a DNS label: the
// name ends up in Pod hostnames, which must be labels (WarningsOnCreate of the pod, replicaset,
// deployment, job and cronjob strategies).

import type { KubeObject } from '../../../../protocols/kube/objects.ts';
import { isDNS1123Label } from '../../../../protocols/kube/validation/index.ts';

const warn = (use: string) => (obj: KubeObject, old?: KubeObject): string[] => {
  if (old !== undefined) return [];
  const msgs = isDNS1123Label(obj.metadata.name ?? '');
  return msgs.length === 0 ? [] : [`metadata.name: this is used in ${use}, which can result in surprising behavior; a DNS label is recommended: [${msgs.join(' ')}]`];
};

/** Pods: their own hostname. */
export const podNameWarnings = warn("the Pod's hostname");
/** ReplicaSets, Deployments, Jobs and CronJobs: the Pods they create. */
export const workloadNameWarnings = warn('Pod names and hostnames');
