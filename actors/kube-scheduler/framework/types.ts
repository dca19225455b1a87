// The scheduling framework's shapes, as kube-scheduler's framework package has them: what a plugin
// sees of a node (NodeInfo), what it answers (a Status with a code and reasons), the cycle state
// plugins share within one scheduling attempt, and the plugin interfaces by extension point.
// Plugins are pure: the same pod, nodes and state give the same answers.

import type { ApiCall } from '../../../protocols/kube/api.ts';
import type { CSINode, Node, PersistentVolume, PersistentVolumeClaim, Pod, PodDisruptionBudget, StorageClass } from '../../../protocols/kube/objects.ts';

/** Resource amounts as the scheduler counts them: CPU in millicores, the rest in units (bytes, pods). */
export interface Resources {
  readonly milliCPU: number;
  readonly memory: number;
  readonly ephemeralStorage: number;
  /** Extended and hugepages resources by name. */
  readonly scalar: Readonly<Record<string, number>>;
}

/** A host port in use on a node: protocol, IP ('0.0.0.0' for any) and port. */
export interface HostPortInfo {
  readonly protocol: string;
  readonly ip: string;
  readonly port: number;
}

/** What the scheduler cache knows of one node. */
export interface NodeInfo {
  readonly node: Node;
  /** Pods bound or assumed to this node. */
  readonly pods: readonly Pod[];
  /** The sum of the pods' effective requests. */
  readonly requested: Resources;
  /** The same, with the scheduler's defaults (100m CPU, 200Mi memory) for containers that request none: what scoring uses. */
  readonly nonZeroRequested: Resources;
  readonly allocatable: Resources;
  /** Allocatable pod count. */
  readonly allowedPodNumber: number;
  readonly usedPorts: readonly HostPortInfo[];
  /** The pods with any pod (anti-)affinity, and those with required anti-affinity: what InterPodAffinity scans (the snapshot's HavePodsWithAffinity lists). */
  readonly podsWithAffinity: readonly Pod[];
  readonly podsWithRequiredAntiAffinity: readonly Pod[];
  /** Images on the node: normalized name → size in bytes (for ImageLocality). */
  readonly imageSizes: Readonly<Record<string, number>>;
}

/** framework.Code. */
export type Code = 'Success' | 'Error' | 'Unschedulable' | 'UnschedulableAndUnresolvable' | 'Wait' | 'Skip' | 'Pending';

export interface PluginStatus {
  readonly code: Code;
  /** The reasons as Kubernetes words them, e.g. "Insufficient cpu", "node(s) didn't match Pod's node affinity/selector". */
  readonly reasons: readonly string[];
  /** The plugin that answered (set by the framework). */
  readonly plugin?: string;
}

export const SUCCESS: PluginStatus = { code: 'Success', reasons: [] };

/** Data plugins keep between their extension points within one scheduling cycle. */
export type CycleState = Map<string, unknown>;

export interface PreFilterResult {
  /** When set, only these nodes can pass (e.g. NodeAffinity's matchFields on metadata.name). */
  readonly nodeNames?: readonly string[];
}

export interface Plugin {
  readonly name: string;
}

/** PreEnqueue: whether a pod may enter the active queue at all (e.g. SchedulingGates). */
export interface PreEnqueuePlugin extends Plugin {
  preEnqueue(pod: Pod): PluginStatus;
}

export interface PreFilterPlugin extends Plugin {
  preFilter(state: CycleState, pod: Pod, nodes: readonly NodeInfo[]): { readonly status: PluginStatus; readonly result?: PreFilterResult };
}

export interface FilterPlugin extends Plugin {
  filter(state: CycleState, pod: Pod, node: NodeInfo): PluginStatus;
}

export interface PreScorePlugin extends Plugin {
  preScore(state: CycleState, pod: Pod, nodes: readonly NodeInfo[]): PluginStatus;
}

export interface NodeScore {
  readonly name: string;
  readonly score: number;
}

export interface ScorePlugin extends Plugin {
  score(state: CycleState, pod: Pod, node: NodeInfo): { readonly score: number; readonly status: PluginStatus };
  /** Scales raw scores into [0, MAX_NODE_SCORE]; absent when scores are already in range. */
  normalize?(state: CycleState, pod: Pod, scores: readonly NodeScore[]): NodeScore[];
}

export const MAX_NODE_SCORE = 100;
export const MIN_NODE_SCORE = 0;

/**
 * What plugins read of the cluster besides nodes and their pods (the framework handle's listers),
 * as the scheduler's informers hold it when the cycle starts. The runner puts it in the cycle
 * state under CLUSTER_STATE_KEY before PreFilter.
 */
export interface ClusterObjects {
  persistentVolumeClaim(namespace: string, name: string): PersistentVolumeClaim | undefined;
  persistentVolumes(): readonly PersistentVolume[];
  storageClass(name: string): StorageClass | undefined;
  podDisruptionBudgets(namespace: string): readonly PodDisruptionBudget[];
  /** The node's CSINode (named as the node); absent where no CSINode informer feeds the view (test fakes), which reads as none. */
  csiNode?(name: string): CSINode | undefined;
}

export const CLUSTER_STATE_KEY = 'framework/cluster';

/** The cluster objects a cycle reads; plugins that need them call this in PreFilter. */
export function clusterOf(state: CycleState): ClusterObjects | undefined {
  return state.get(CLUSTER_STATE_KEY) as ClusterObjects | undefined;
}

/** PostFilter: runs when no node fits (DefaultPreemption nominates a node and names victims). */
export interface PostFilterPlugin extends Plugin {
  postFilter(
    state: CycleState,
    pod: Pod,
    nodes: readonly NodeInfo[],
    filtered: Readonly<Record<string, PluginStatus>>,
  ): { readonly status: PluginStatus; readonly nominatedNodeName?: string; readonly victims?: readonly Pod[] };
}

/** Reserve: claims what the pod will use on the chosen node before binding (VolumeBinding's assumed PVs); undone on failure. */
export interface ReservePlugin extends Plugin {
  reserve(state: CycleState, pod: Pod, nodeName: string): PluginStatus;
  unreserve(state: CycleState, pod: Pod, nodeName: string): void;
}

/** Permit: approve, deny, or make the pod wait (up to timeoutMs) before binding. */
export interface PermitPlugin extends Plugin {
  permit(state: CycleState, pod: Pod, nodeName: string): { readonly status: PluginStatus; readonly timeoutMs?: number };
}

/**
 * PreBind and Bind act on the apiserver; being pure they return the calls to make, which the
 * scheduler's shell sends in the binding cycle, failing the pod's binding if any call fails.
 * PreBind's `waitFor` lets a plugin wait for the cluster to reach a state (VolumeBinding waits for
 * its claims to be bound by the PV controller): the shell re-asks until it answers Success or the
 * binding times out.
 */
export interface PreBindPlugin extends Plugin {
  preBind(state: CycleState, pod: Pod, nodeName: string): { readonly status: PluginStatus; readonly calls: readonly ApiCall[] };
  waitFor?(state: CycleState, pod: Pod, nodeName: string, cluster: ClusterObjects): PluginStatus;
}

export interface BindPlugin extends Plugin {
  /** Skip to let the next Bind plugin bind; DefaultBinder posts pods/binding. */
  bind(state: CycleState, pod: Pod, nodeName: string): { readonly status: PluginStatus; readonly calls: readonly ApiCall[] };
}
