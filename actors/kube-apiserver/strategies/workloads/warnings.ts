// The Warning headers of the workload kinds (their strategies' WarningsOnCreate/WarningsOnUpdate):
// a name that is not a DNS label (it ends up in Pod hostnames), on create only, and the pod
// spec's own warnings, on create and whenever an update changes the spec (the generation moved).

import type { KubeObject } from '../../../../protocols/kube/objects.ts';
import { isDNS1123Label } from '../../../../protocols/kube/validation/index.ts';
import { type J, rec } from './json.ts';
import { podSpecWarnings } from './pod-warnings.ts';

const nameWarning = (use: string, obj: KubeObject): string[] => {
  const msgs = isDNS1123Label(obj.metadata.name ?? '');
  return msgs.length === 0 ? [] : [`metadata.name: this is used in ${use}, which can result in surprising behavior; a DNS label is recommended: [${msgs.join(' ')}]`];
};

/** Pods: their own hostname, and their spec on every write. */
export function podWarnings(obj: KubeObject, old?: KubeObject): string[] {
  const spec = podSpecWarnings(rec(obj.spec), rec(obj.metadata), '');
  if (old !== undefined) return spec;
  const name = nameWarning("the Pod's hostname", obj);
  return name.length === 0 ? spec : spec.length === 0 ? name : [...name, ...spec];
}

/**
 * A workload's warnings: its pod template's (at `at`, found by `template`), and on create the
 * name warning when `namesPods` (ReplicaSets, Deployments, Jobs and CronJobs; not DaemonSets or
 * StatefulSets, whose names are checked otherwise or not used as hostnames).
 */
export function workloadWarnings(at: string, template: (spec: J) => J, namesPods: boolean) {
  return (obj: KubeObject, old?: KubeObject): string[] => {
    if (old !== undefined && obj.metadata.generation === old.metadata.generation) return [];
    const t = template(rec(obj.spec));
    return [...(old === undefined && namesPods ? nameWarning('Pod names and hostnames', obj) : []), ...podSpecWarnings(rec(t.spec), rec(t.metadata), at)];
  };
}
