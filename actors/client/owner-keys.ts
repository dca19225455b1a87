// Mapping a dependent's change to its controller's key, as the workload controllers do with
// metav1.GetControllerOf: a Pod's change wakes the ReplicaSet that controls it (the owner
// reference with controller: true); an update that moved the pod to another controller (or
// released it) wakes the old one too.

import type { KubeObject } from '../../protocols/kube/objects.ts';
import type { Notification } from './informer.ts';

/** The key of the object's controlling owner of `kind`, if it has one: GetControllerOf. */
export function controllerKeyOf(obj: KubeObject, kind: string): string | undefined {
  const ref = (obj.metadata.ownerReferences ?? []).find((r) => r.controller === true && r.kind === kind);
  if (ref === undefined) return undefined;
  const ns = obj.metadata.namespace;
  return ns ? `${ns}/${ref.name}` : ref.name;
}

/** The controller keys a dependent's notification concerns: old and new owners of an update. */
export function controllerKeys(n: Notification, kind: string): string[] {
  const keys = [controllerKeyOf(n.obj, kind)];
  if (n.type === 'update') keys.push(controllerKeyOf(n.old, kind));
  return [...new Set(keys.filter((k): k is string => k !== undefined))];
}
