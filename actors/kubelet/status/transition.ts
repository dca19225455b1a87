// The status manager refuses a status in which a container that may not restart leaves the
// terminated state: that would be a kubelet bug, and writing it would let a run-once container
// appear to run twice. Its message is the kubelet's.

import type { Pod } from '../../../protocols/kube/objects.ts';
import type { ApiContainerStatus, PodStatus } from '../sync/pod-types.ts';
import { isSidecar, restartPolicyOf } from '../sync/restart.ts';

function illegal(old: readonly ApiContainerStatus[], next: readonly ApiContainerStatus[], mayRestart: (st: ApiContainerStatus) => boolean): string | undefined {
  for (const o of old) {
    if (!o.state?.terminated || mayRestart(o)) continue;
    if (next.some((n) => n.name === o.name && !n.state?.terminated)) return o.name;
  }
  return undefined;
}

/** null when the new status is acceptable, else the error the status manager logs and drops it with. */
export function checkContainerStateTransition(pod: Pod, old: PodStatus, next: PodStatus): string | null {
  const policy = restartPolicyOf(pod);
  if (policy === 'Always') return null;
  const failedMayRestart = (st: ApiContainerStatus) => st.state!.terminated!.exitCode !== 0 && policy === 'OnFailure';
  const regular = illegal(old.containerStatuses ?? [], next.containerStatuses ?? [], failedMayRestart);
  if (regular !== undefined) return `terminated container ${regular} attempted illegal transition to non-terminated state`;
  const inits = pod.spec?.initContainers ?? [];
  const sidecar = (st: ApiContainerStatus) => inits.some((c) => c.name === st.name && isSidecar(c));
  const init = illegal(old.initContainerStatuses ?? [], next.initContainerStatuses ?? [], (st) => sidecar(st) || failedMayRestart(st));
  if (init !== undefined) return `terminated init container ${init} attempted illegal transition to non-terminated state`;
  return null;
}
