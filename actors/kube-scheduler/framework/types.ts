// The scheduling framework's shapes, as kube-scheduler's framework package has them: what a plugin
// sees of a node (NodeInfo), what it answers (a Status with a code and reasons), the cycle state
// plugins share within one scheduling attempt, and the plugin interfaces by extension point.
// Plugins are pure: the same pod, nodes and state give the same answers.

import type { Node, Pod } from '../../../protocols/kube/objects.ts';

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
