// The init-container part of a sync (kuberuntime's computeInitContainerActions): regular init
// containers run one at a time in order, sidecars start in order and are kept running. Walking the
// list backwards finds the last init container the runtime still knows, because completed ones may
// have been garbage-collected.

import type { Pod } from '../../../protocols/kube/objects.ts';
import type { ContainerToKill } from './actions.ts';
import { CONTAINER_HASH, containerHash } from './labels.ts';
import type { ProbeResult, RuntimePodStatus } from './pod-types.ts';
import { isSidecar, shouldRestartOnFailure } from './restart.ts';
import { isInitContainerFailed, latestContainer, stateOf } from './runtime-view.ts';

export interface InitInputs {
  readonly liveness: (name: string) => ProbeResult | undefined;
  readonly startup: (name: string) => ProbeResult | undefined;
  readonly grace: (name: string, reason: ContainerToKill['reason']) => number;
}

export interface InitResult {
  readonly initialized: boolean;
  readonly killPod: boolean;
  readonly toStart: number[];
  readonly toKill: ContainerToKill[];
}

export function computeInitContainerActions(pod: Pod, s: RuntimePodStatus, inputs: InitInputs): InitResult {
  const inits = pod.spec?.initContainers ?? [];
  if (inits.length === 0) return { initialized: true, killPod: false, toStart: [], toKill: [] };
  const toStart: number[] = [];
  const toKill: ContainerToKill[] = [];
  const kill = (id: string, name: string, reason: ContainerToKill['reason'], message: string) =>
    toKill.push({ containerId: id, name, reason, message, gracePeriodSeconds: inputs.grace(name, reason) });

  // A regular container created or running means initialization finished once; exited ones do
  // not count, since after a node reboot every container is exited and the new sandbox starts over.
  let initialized = (pod.spec?.containers ?? []).some((c) => {
    const st = latestContainer(s, c.name);
    return st !== undefined && (stateOf(st) === 'created' || stateOf(st) === 'running');
  });
  let previousDone = initialized;
  const restartOnFailure = shouldRestartOnFailure(pod);

  for (let i = inits.length - 1; i >= 0; i--) {
    const c = inits[i]!;
    const st = latestContainer(s, c.name);
    if (!st) {
      // A sidecar whose record vanished after initialization is started again.
      if (previousDone && isSidecar(c)) toStart.push(i);
      continue;
    }
    if (previousDone && !isSidecar(c)) continue;
    switch (stateOf(st)) {
      case 'created':
        // Create and start happen in one step; a container stuck created failed to start.
        toStart.push(i);
        break;
      case 'running': {
        if (!isSidecar(c)) break; // a regular init container: wait for it to finish
        if (c.startupProbe) {
          const r = inputs.startup(c.name);
          if (r === undefined) break;
          if (r !== 'Success') {
            if (r === 'Failure') {
              kill(st.id, c.name, 'StartupProbe', `Init container ${c.name} failed startup probe`);
              toStart.push(i);
            }
            break;
          }
        }
        if (i === inits.length - 1) initialized = true;
        else if (!previousDone) toStart.push(i + 1);
        // A running sidecar whose image changed is replaced, as a regular container would be.
        if ((st.annotations[CONTAINER_HASH] ?? '') !== containerHash(c)) {
          kill(st.id, c.name, '', `Init container ${c.name} definition changed`);
          toStart.push(i);
          break;
        }
        if (c.livenessProbe && inputs.liveness(c.name) === 'Failure') {
          kill(st.id, c.name, 'LivenessProbe', `Init container ${c.name} failed liveness probe`);
          toStart.push(i);
        }
        break;
      }
      case 'exited':
        if (isSidecar(c)) toStart.push(i);
        else if (isInitContainerFailed(st)) {
          if (!restartOnFailure) return { initialized: false, killPod: true, toStart: [], toKill };
          toStart.push(i);
        } else if (i === inits.length - 1) initialized = true;
        else toStart.push(i + 1);
        break;
      default: {
        const message = `Init container is in "unknown" state, try killing it before restart`;
        if (!isSidecar(c) && !restartOnFailure) return { initialized: false, killPod: true, toStart: [], toKill };
        kill(st.id, c.name, 'Unknown', message);
        toStart.push(i);
      }
    }
    previousDone = true;
  }
  if (!previousDone) toStart.push(0);
  return { initialized, killPod: false, toStart: toStart.reverse(), toKill };
}
