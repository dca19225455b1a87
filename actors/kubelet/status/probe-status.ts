// Started and ready on container statuses, from the probe workers' results (the prober manager's
// UpdatePodStatus): a running container without a startup probe has started; a started one
// without a readiness probe is ready; a regular init container is ready once it exited 0.

import type { Pod } from '../../../protocols/kube/objects.ts';
import type { ApiContainerStatus, Container, ProbeResult } from '../sync/pod-types.ts';
import { isSidecar } from '../sync/restart.ts';

export interface ProbeResults {
  readonly readiness: Readonly<Record<string, ProbeResult>>;
  readonly startup: Readonly<Record<string, ProbeResult>>;
}

function started(c: Container | undefined, st: ApiContainerStatus, r: ProbeResults): boolean {
  if (!st.state?.running) return false;
  const result = r.startup[st.name];
  if (result !== undefined) return result === 'Success';
  return !c?.startupProbe;
}

function ready(c: Container | undefined, st: ApiContainerStatus, r: ProbeResults): boolean {
  if (!st.state?.running) return false;
  const result = r.readiness[st.name];
  if (result !== undefined) return result === 'Success';
  return !c?.readinessProbe;
}

export function applyProbeResults(pod: Pod, statuses: readonly ApiContainerStatus[], isInit: boolean, r: ProbeResults): ApiContainerStatus[] {
  const specs = (isInit ? pod.spec?.initContainers : pod.spec?.containers) ?? [];
  return statuses.map((st) => {
    const c = specs.find((x) => x.name === st.name);
    const isStarted = started(c, st, r);
    if (isInit && c && !isSidecar(c)) {
      return { ...st, started: isStarted, ready: st.state?.terminated?.exitCode === 0 };
    }
    return { ...st, started: isStarted, ready: isStarted && ready(c, st, r) };
  });
}
