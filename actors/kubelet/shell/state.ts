// The kubelet's state, options and messages.

import { stateKey } from '../../../runtime/index.ts';
import type { ActorContext } from '../../../runtime/index.ts';
import type { KitMsg, KitState } from '../../client/index.ts';
import type { ContainerEventResponse } from '../../../protocols/kube/cri.ts';
import type { PodNetworkReply } from '../../../protocols/kube/pod-network.ts';
import type { CriAnswerMsg, CriClient } from './cri.ts';
import type { PodWorker } from './pod-worker.ts';
import type { LeaseControllerState } from '../node/lease.ts';
import type { Node } from '../../../protocols/kube/objects.ts';
import type { ProbeAction } from '../probes/spec.ts';
import type { ProbeWorker } from '../probes/worker.ts';
import type { BackoffState, ImagePullBackoffState } from '../backoff.ts';
import type { EvictionState } from '../eviction/manager.ts';
import type { ObjectRefs } from '../volumes/object-refs.ts';

/** The machine the kubelet runs on, as its host is configured. */
export interface NodeMachine {
  readonly cpu: number;
  readonly memoryBytes: number;
  readonly ephemeralStorageBytes: number;
  readonly maxPods: number;
  readonly addresses: { readonly ipv4: string; readonly ipv6?: string };
  readonly podCIDRs: readonly string[];
  readonly controlPlane: boolean;
}

export interface KubeletOptions {
  /** The node's name: its host's name. */
  readonly node: string;
  readonly machine: NodeMachine;
  /** Hosts of the apiserver replicas, tried in order. */
  readonly apiservers: readonly string[];
  /** The kubelet's credentials (system:node:<node>). */
  readonly token: string;
  readonly epochMs?: number;
  /** --cloud-provider: 'external' registers the Node tainted uninitialized for a cloud-controller-manager; none by default. */
  readonly cloudProvider?: 'external';
}

export type KubeletTimerMsg =
  | { readonly type: 'KubeletStart' }
  | { readonly type: 'PodResync'; readonly uid: string }
  | { readonly type: 'ProbeTick'; readonly uid: string; readonly key: string }
  | { readonly type: 'NodeStatusTick' }
  | { readonly type: 'LeaseTick' }
  | { readonly type: 'LeaseBackoff' }
  | { readonly type: 'NodeRegister' }
  | { readonly type: 'RuntimeTick' }
  | { readonly type: 'EvictionTick' }
  | { readonly type: 'SyncAll' };

export type KubeletMsg = KitMsg | CriAnswerMsg | ContainerEventResponse | PodNetworkReply | KubeletTimerMsg;

export type Ctx = ActorContext<KubeletMsg>;

export interface KubeletState {
  kit: KitState;
  cri: CriClient;
  /** Pod workers by pod uid. */
  workers: Record<string, PodWorker>;
  /** The Secrets and ConfigMaps the pods refer to, each watched alone while a pod does. */
  objectRefs: ObjectRefs;
  node: NodeLoop;
  /** The last relist's fingerprint of each pod's sandboxes and containers, by list. */
  relist: Record<string, Record<string, string>>;
  /** Probe workers by `uid/container/kind`. */
  probes: Record<string, ProbeWorker>;
  /** The probe each worker has in flight (one at a time), and a counter telling runs apart. */
  probeInFlight: Record<string, ProbeInFlight>;
  probeRun: number;
  nextProbeReq: number;
  /** Outstanding network probes by request id: which worker asked. */
  probeRequests: Record<number, { readonly uid: string; readonly key: string; readonly run: number }>;
  /** The worker whose image pull runs now (pulls are serialized), and the workers waiting for it. */
  pulling: string | null;
  pullQueue: string[];
  /** The eviction manager's thresholds, pressure conditions and their times. */
  eviction: EvictionState;
  /** Containers' restart back-off (CrashLoopBackOff) and image pulls' back-off. */
  backoff: BackoffState;
  pullBackoff: ImagePullBackoffState;
}


/** The kubelet's node work: registration, status posts, the Lease controller. */
export interface NodeLoop {
  registered: boolean;
  /** The Node as last read or written. */
  node: Node | null;
  /** When a status patch last succeeded. */
  lastReportMs: number | undefined;
  statusInFlight: boolean;
  lease: LeaseControllerState;
}

/** A probe in flight: which worker, which run of it, and what it does (to read the answer). */
export interface ProbeInFlight {
  readonly key: string;
  readonly run: number;
  readonly action: ProbeAction;
}

export const kubeletStateKey = stateKey<KubeletState>('kubelet');
