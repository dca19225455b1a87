// Priority: a pod's spec.priority and spec.preemptionPolicy come from its PriorityClass (the
// globalDefault class when it names none, else 0 and PreemptLowerPriority), and a pod may not
// state a priority of its own that differs. PriorityClasses themselves: at most one globalDefault.
// The two system classes exist in every cluster (the apiserver creates them at start), so they
// resolve even before its cache holds them.

import type { Pod, PriorityClass } from '../../../protocols/kube/objects.ts';
import { admissionForbidden } from './errors.ts';
import type { AdmissionAttributes, AdmissionContext, AdmissionPlugin, Verdict } from './types.ts';

export const SYSTEM_CLUSTER_CRITICAL = 'system-cluster-critical';
export const SYSTEM_NODE_CRITICAL = 'system-node-critical';
/** scheduling.DefaultPriorityWhenNoDefaultClassExists. */
export const DEFAULT_PRIORITY = 0;

const systemClass = (name: string, value: number, description: string): PriorityClass => ({
  apiVersion: 'scheduling.k8s.io/v1',
  kind: 'PriorityClass',
  metadata: { name },
  value,
  globalDefault: false,
  description,
  preemptionPolicy: 'PreemptLowerPriority',
});

/** The classes the apiserver creates at start (its scheduling bootstrap). */
export const SYSTEM_PRIORITY_CLASSES: readonly PriorityClass[] = [
  systemClass(SYSTEM_NODE_CRITICAL, 2000001000, 'Used for system critical pods that must not be moved from their current node.'),
  systemClass(SYSTEM_CLUSTER_CRITICAL, 2000000000, 'Used for system critical pods that must run in the cluster, but can be moved to another node if necessary.'),
];

function findClass(ctx: AdmissionContext, name: string): PriorityClass | undefined {
  return ctx.listers.priorityClasses().find((pc) => pc.metadata?.name === name) ?? SYSTEM_PRIORITY_CLASSES.find((pc) => pc.metadata?.name === name);
}

/** With several marked globalDefault (a race), the lowest value wins. */
function globalDefault(ctx: AdmissionContext): PriorityClass | undefined {
  let best: PriorityClass | undefined;
  for (const pc of ctx.listers.priorityClasses()) if (pc.globalDefault && (best === undefined || best.value > pc.value)) best = pc;
  return best;
}

function admitPod(a: AdmissionAttributes, ctx: AdmissionContext): Verdict {
  const pod = a.object as unknown as Pod;
  const spec = (pod.spec ??= { containers: [] });
  if (a.operation === 'UPDATE') {
    // Set on create and immutable: an update that leaves them out keeps the stored ones.
    const old = (a.oldObject as unknown as Pod | undefined)?.spec;
    if (spec.priority === undefined && old?.priority !== undefined) spec.priority = old.priority;
    if (spec.preemptionPolicy === undefined && old?.preemptionPolicy !== undefined) spec.preemptionPolicy = old.preemptionPolicy;
    return undefined;
  }
  let priority: number;
  let policy: string | undefined;
  if (!spec.priorityClassName) {
    const def = globalDefault(ctx);
    spec.priorityClassName = def?.metadata?.name ?? '';
    if (spec.priorityClassName === '') delete spec.priorityClassName;
    priority = def?.value ?? DEFAULT_PRIORITY;
    policy = def === undefined ? 'PreemptLowerPriority' : def.preemptionPolicy;
  } else {
    const pc = findClass(ctx, spec.priorityClassName);
    if (pc === undefined) return admissionForbidden(a, `no PriorityClass with name ${spec.priorityClassName} was found`);
    priority = pc.value;
    policy = pc.preemptionPolicy;
  }
  if (spec.priority !== undefined && spec.priority !== null && spec.priority !== priority) {
    return admissionForbidden(
      a,
      `the integer value of priority (${spec.priority}) must not be provided in pod spec; priority admission controller computed ${priority} from the given PriorityClass name`,
    );
  }
  spec.priority = priority;
  if (policy !== undefined) {
    if (spec.preemptionPolicy !== undefined && spec.preemptionPolicy !== policy) {
      return admissionForbidden(
        a,
        `the string value of PreemptionPolicy (${spec.preemptionPolicy}) must not be provided in pod spec; priority admission controller computed ${policy} from the given PriorityClass name`,
      );
    }
    spec.preemptionPolicy = policy;
  }
  return undefined;
}

function validateClass(a: AdmissionAttributes, ctx: AdmissionContext): Verdict {
  const pc = a.object as unknown as PriorityClass;
  if (!pc.globalDefault) return undefined;
  const current = globalDefault(ctx);
  if (current !== undefined && (a.operation === 'CREATE' || current.metadata?.name !== pc.metadata?.name)) {
    return admissionForbidden(a, `PriorityClass ${current.metadata?.name} is already marked as default. Only one default can exist`);
  }
  return undefined;
}

const writes = (a: AdmissionAttributes): boolean => a.resource.subresource === '' && (a.operation === 'CREATE' || a.operation === 'UPDATE') && a.object !== undefined;

export const priority: AdmissionPlugin = {
  name: 'Priority',
  admit: (a, ctx) => (writes(a) && a.resource.group === '' && a.resource.resource === 'pods' ? admitPod(a, ctx) : undefined),
  validate: (a, ctx) => (writes(a) && a.resource.group === 'scheduling.k8s.io' && a.resource.resource === 'priorityclasses' ? validateClass(a, ctx) : undefined),
};
