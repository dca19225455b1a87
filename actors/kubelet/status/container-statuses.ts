// The API's containerStatuses / initContainerStatuses from what the runtime reports (the kubelet's
// convertToAPIContainerStatuses): the latest container of each name gives the state, the one
// before it the lastState; containers not created yet wait (ContainerCreating, or PodInitializing
// in a pod with init containers); a container that will be restarted shows the reason its last
// start failed (CrashLoopBackOff, ErrImagePull, ...). Ready and started come from the probes.

import type { ContainerStatus as CriContainerStatus } from '../../../protocols/kube/cri.ts';
import type { Pod } from '../../../protocols/kube/objects.ts';
import { restartCountOf } from '../sync/labels.ts';
import type { ApiContainerState, ApiContainerStatus, Container, RuntimePodStatus } from '../sync/pod-types.ts';
import { shouldContainerBeRestarted } from '../sync/restart.ts';
import { containerNameOf, containersNewestFirst, latestContainer, stateOf } from '../sync/runtime-view.ts';

/** The prefix of containerIDs in the API: the runtime's name. */
export const CONTAINER_ID_SCHEME = 'containerd';

export interface WaitingReason {
  readonly reason: string;
  readonly message: string;
}

export interface ConvertOptions {
  /** Virtual ms to an API timestamp. */
  readonly time: (ms: number) => string;
  /** Why the container's last start failed, by name (the kubelet's reason cache). */
  readonly waiting: Readonly<Record<string, WaitingReason>>;
}

export const containerIdOf = (id: string): string => `${CONTAINER_ID_SCHEME}://${id}`;

function convertOne(cs: CriContainerStatus, old: ApiContainerStatus | undefined, time: (ms: number) => string): ApiContainerStatus {
  const containerID = containerIdOf(cs.id);
  const base = {
    name: containerNameOf(cs),
    ready: false,
    restartCount: restartCountOf(cs.annotations),
    image: cs.image.image,
    imageID: cs.imageRef,
    containerID,
  };
  const lastState: ApiContainerState = {};
  switch (stateOf(cs)) {
    case 'running':
      return { ...base, state: { running: { startedAt: time(cs.startedAt) } }, lastState };
    case 'created':
      return { ...base, state: { waiting: {} }, lastState };
    case 'exited':
      return {
        ...base,
        state: {
          terminated: {
            exitCode: cs.exitCode,
            ...(cs.reason ? { reason: cs.reason } : {}),
            ...(cs.message ? { message: cs.message } : {}),
            startedAt: time(cs.startedAt),
            finishedAt: time(cs.finishedAt),
            containerID,
          },
        },
        lastState,
      };
    default:
      if (old?.state?.running) {
        // It ran and is gone: report it terminated rather than waiting, so a run-once pod does not run twice.
        return {
          ...base,
          restartCount: (old.restartCount ?? 0) + 1,
          state: { terminated: { exitCode: 137, reason: 'ContainerStatusUnknown', message: 'The container could not be located when the pod was terminated' } },
          lastState,
        };
      }
      return { ...base, state: { waiting: {} }, lastState };
  }
}

export function convertToAPIContainerStatuses(
  pod: Pod,
  s: RuntimePodStatus,
  previous: readonly ApiContainerStatus[] | undefined,
  containers: readonly Container[],
  isInit: boolean,
  opts: ConvertOptions,
): ApiContainerStatus[] {
  const oldByName = new Map((previous ?? []).map((st) => [st.name, st]));
  const hasInits = (pod.spec?.initContainers ?? []).length > 0;
  const defaultWaiting = (): ApiContainerState => ({ waiting: { reason: hasInits ? 'PodInitializing' : 'ContainerCreating' } });
  const statuses = new Map<string, ApiContainerStatus>();
  for (const c of containers) {
    const old = oldByName.get(c.name);
    if (old?.state?.terminated) statuses.set(c.name, old);
    else statuses.set(c.name, { name: c.name, state: defaultWaiting(), lastState: old?.lastState ?? {}, ready: false, restartCount: old?.restartCount ?? 0, image: c.image ?? '', imageID: '' });
  }

  const known = new Set(s.containers.map(containerNameOf));
  for (const c of containers) {
    const old = oldByName.get(c.name);
    if (known.has(c.name) || !old || old.state?.terminated || !old.state?.running) continue;
    // It used to run and the runtime no longer knows it: show it stopped, not back to waiting (which would make the pod Pending).
    const st = statuses.get(c.name)!;
    if (st.lastState?.terminated) continue;
    statuses.set(c.name, {
      ...st,
      lastState: { terminated: { exitCode: 137, reason: 'ContainerStatusUnknown', message: 'The container could not be located when the pod was deleted.  The container used to be Running' } },
      restartCount: pod.metadata?.deletionTimestamp ? st.restartCount : st.restartCount + 1,
    });
  }

  const seen = new Map<string, number>();
  for (const cs of containersNewestFirst(s)) {
    const name = containerNameOf(cs);
    const current = statuses.get(name);
    const n = seen.get(name) ?? 0;
    if (!current || n >= 2) continue;
    const converted = convertOne(cs, oldByName.get(name), opts.time);
    statuses.set(name, n === 0 ? converted : { ...current, lastState: converted.state ?? {} });
    seen.set(name, n + 1);
  }

  for (const c of containers) {
    if (isInit) {
      const latest = latestContainer(s, c.name);
      if (latest && stateOf(latest) === 'exited' && latest.exitCode === 0) continue;
    }
    if (!shouldContainerBeRestarted(c, pod, s)) continue;
    const why = opts.waiting[c.name];
    if (!why) continue;
    const st = statuses.get(c.name)!;
    statuses.set(c.name, {
      ...st,
      ...(st.state?.terminated ? { lastState: st.state } : {}),
      state: { waiting: { reason: why.reason, ...(why.message ? { message: why.message } : {}) } },
    });
  }

  const out = containers.map((c) => statuses.get(c.name)!);
  // Init containers keep spec order; regular ones are listed by name, as the kubelet sorts them.
  return isInit ? out : out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
