// One pod's worker, as the kubelet's podWorkers run them: one sync at a time per pod, a sync
// asked for while one runs is run once after it. A sync reads the pod's runtime state over CRI
// (ListPodSandbox by the pod's uid label, then each sandbox's status with its containers),
// decides (the sync core), acts (kill, sandbox, images, create, start), reads again, and reports
// the pod's status. Each CRI call's answer continues the sync at its next step.

import type { ObjectMeta, PersistentVolume, PersistentVolumeClaim, Pod, PodStatus } from '../../../protocols/kube/objects.ts';
import type { AttachableVolume } from '../volumes/attach.ts';
import type { ContainerStatus, MountFiles, PodSandboxConfig, PodSandboxStatus } from '../../../protocols/kube/cri.ts';
import { POD_UID_LABEL } from '../sync/labels.ts';
import { isTerminalPhase } from '../status/phase.ts';
import { EMPTY_RUNTIME_POD, type RuntimePod } from './runtime-pod.ts';

/** One container to stop: with its grace period (s) and the Killing event's message. */
export interface Stop {
  readonly id: string;
  readonly name: string;
  readonly grace: number;
  readonly message: string;
}

/** A step of a sync: a CRI call to make (and how to take its answer) or local work. */
export type Step =
  | { readonly op: 'list' }
  /** Read the pod's PersistentVolumeClaims from the apiserver (the volume manager's populator). */
  | { readonly op: 'claims' }
  | { readonly op: 'sandboxStatus'; readonly id: string }
  | { readonly op: 'decide' }
  | { readonly op: 'stopContainers'; readonly stops: readonly Stop[] }
  | { readonly op: 'stopSandbox'; readonly id: string }
  | { readonly op: 'runSandbox'; readonly attempt: number }
  | { readonly op: 'newSandboxStatus' }
  | { readonly op: 'ensureImage'; readonly init: boolean; readonly index: number }
  | { readonly op: 'pull'; readonly init: boolean; readonly index: number }
  | { readonly op: 'pulledSize'; readonly init: boolean; readonly index: number }
  | { readonly op: 'create'; readonly init: boolean; readonly index: number }
  | { readonly op: 'start'; readonly init: boolean; readonly index: number; readonly containerId: string }
  | { readonly op: 'updateVolumes'; readonly containerId: string; readonly mountFiles: Readonly<Record<string, MountFiles>> }
  | { readonly op: 'report' };

/** A pod as the kubelet's informer has it: always with its metadata. */
export type BoundPod = Pod & { readonly metadata: ObjectMeta };

export interface Waiting {
  readonly reason: string;
  readonly message: string;
}

export interface PodWorker {
  readonly uid: string;
  /** namespace/name */
  readonly key: string;
  /** The newest version seen; kept after the pod leaves the API, to tear it down. */
  pod: BoundPod;
  /** The pod is no longer in the apiserver (deleted for good): tear down, then forget it. */
  gone: boolean;
  /** Admission's verdict: a rejected pod never starts. */
  admission: 'pending' | 'admitted' | { readonly reason: string; readonly message: string };
  run: number;
  busy: boolean;
  again: boolean;
  steps: Step[];
  /** Being collected by the current read of the runtime. */
  reading: { sandboxes: PodSandboxStatus[]; containers: ContainerStatus[]; sandboxOf: Record<string, string>; left: number } | null;
  /** The sandbox each container of the last read runs in (CRI's ContainerStatus does not say). */
  sandboxOf: Record<string, string>;
  runtime: RuntimePod;
  /** The sandbox this sync uses, and its config (containers are created in it). */
  sandbox: { id: string; config: PodSandboxConfig; ips: string[] } | null;
  /** Why a container is not running, beyond what the runtime says (image pulls, backoff, config). */
  waiting: Record<string, Waiting>;
  /** The status last written to the apiserver (or being written). */
  reported: PodStatus | null;
  /** A status write is in flight: the next waits for it. */
  writing: boolean;
  /** Another status report is due once the write in flight is answered. */
  reportAgain: boolean;
  /** The eviction manager chose this pod: it is killed with this grace period and fails so. */
  evicted: { readonly reason: string; readonly message: string; readonly gracePeriodSeconds: number } | null;
  /** Every sandbox was stopped after the pod ended or was deleted (its IPs released). */
  tornDown: boolean;
  /** Deletion confirmed to the apiserver (the kubelet's final delete was sent). */
  confirmed: boolean;
  /** How many of each container's notes (workload model messages) were recorded as Events. */
  notesSeen: Record<string, number>;
  /** The pod's claims as last read, by claim name; null for one that could not be read. */
  claims: Record<string, PersistentVolumeClaim | null>;
  /** The PersistentVolumes of its bound claims as last read, by PV name; null for one that could not be read. */
  pvs: Record<string, PersistentVolume | null>;
  /** Claim and volume reads still to be answered in this sync. */
  claimsLeft: number;
  /** The pod's volumes on PersistentVolumes, as its last sync found them (for volumesInUse). */
  attachable: AttachableVolume[];
  /** Its attachable volumes were found attached and mounted: they stay so until the pod is torn down. */
  mounted: boolean;
  /** Since when (virtual ms) it waits for its volumes to be attached; undefined when not waiting. */
  attachWaitSince: number | undefined;
  /** What each container's volumes held when the kubelet last wrote them (JSON), by container id. */
  volumes: Record<string, string>;
  /** The volumes of the container being created, until its id is known. */
  creating: string;
  /** When each image's pull began, for the Pulled event. */
  pulls: Record<string, number>;
  /** The stop wave in flight: answers still to come, and when it began (preStop time counts against grace). */
  stopsLeft: number;
  waveStartedAt: number;
  syncs: number;
  /** When the pod's resync timer fires, while it is set. */
  resyncAt: number;
}

export function podWorker(pod: BoundPod): PodWorker {
  return {
    uid: pod.metadata.uid!,
    key: `${pod.metadata.namespace}/${pod.metadata.name}`,
    pod,
    gone: false,
    admission: 'pending',
    run: 0,
    busy: false,
    again: false,
    steps: [],
    reading: null,
    sandboxOf: {},
    runtime: EMPTY_RUNTIME_POD,
    sandbox: null,
    waiting: {},
    reported: null,
    writing: false,
    reportAgain: false,
    evicted: null,
    tornDown: false,
    confirmed: false,
    pulls: {},
    notesSeen: {},
    claims: {},
    pvs: {},
    claimsLeft: 0,
    attachable: [],
    mounted: false,
    attachWaitSince: undefined,
    volumes: {},
    creating: '',
    stopsLeft: 0,
    waveStartedAt: 0,
    syncs: 0,
    resyncAt: 0,
  };
}

/** Steps that read the runtime's state of the pod afresh. */
export const READ: readonly Step[] = [{ op: 'list' }];

/** A sync from the start: read, decide, act (the decide step adds the actions), read, report. */
export function beginSync(w: PodWorker): void {
  w.run++;
  w.syncs++;
  w.busy = true;
  w.again = false;
  // A pod being torn down (or finished) starts nothing, so its claims are not read again: the
  // volume manager adds no volumes for such pods, and the Node authorizer no longer relates a
  // deleted pod's claims to this node.
  const claims = !deleting(w) && !isTerminalPhase(w.pod.status?.phase) && (w.pod.spec?.volumes ?? []).some((v) => v.persistentVolumeClaim !== undefined);
  w.steps = [...(claims ? [{ op: 'claims' } as const] : []), ...READ, { op: 'decide' }];
}

export const labelSelectorOf = (w: PodWorker) => ({ [POD_UID_LABEL]: w.uid });

/** Starts a read of the runtime: a list's answer. */
export function listed(w: PodWorker, ids: readonly string[]): Step[] {
  w.reading = { sandboxes: [], containers: [], sandboxOf: {}, left: ids.length };
  if (ids.length === 0) {
    w.runtime = EMPTY_RUNTIME_POD;
    w.sandboxOf = {};
    w.reading = null;
    return [];
  }
  return ids.map((id) => ({ op: 'sandboxStatus', id }));
}

/** One sandbox's status arrived (or was gone: `status` undefined). */
export function sandboxRead(w: PodWorker, status: PodSandboxStatus | undefined, containers: readonly ContainerStatus[]): void {
  const r = w.reading;
  if (r === null) return;
  if (status !== undefined) {
    r.sandboxes.push(status);
    r.containers.push(...containers);
    for (const c of containers) r.sandboxOf[c.id] = status.id;
  }
  if (--r.left === 0) {
    w.runtime = { sandboxes: r.sandboxes, containers: r.containers };
    w.sandboxOf = r.sandboxOf;
    w.reading = null;
  }
}

/** Whether the pod is being deleted (by the API or for good). */
export const deleting = (w: PodWorker): boolean => w.gone || w.pod.metadata.deletionTimestamp !== undefined;

/** Whether nothing of the pod runs any more: every container exited and no sandbox ready. */
export function stopped(rp: RuntimePod): boolean {
  return rp.containers.every((c) => c.state !== 'CONTAINER_RUNNING' && c.state !== 'CONTAINER_CREATED') && rp.sandboxes.every((s) => s.state !== 'SANDBOX_READY');
}
