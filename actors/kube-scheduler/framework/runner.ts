// One scheduling attempt as kube-scheduler's schedulePod runs it (schedule_one.go): PreFilter,
// Filter over a rotating window of nodes, PreScore/Score with weights and normalization, and
// the host chosen by reservoir sampling among the best. Every plugin's verdict and score is kept
// so that a failure can be explained and a success annotated.

import type { Pod } from '../../../protocols/kube/objects.ts';
import type {
  CycleState, FilterPlugin, NodeInfo, PluginStatus, PreFilterPlugin, PreScorePlugin, ScorePlugin,
} from './types.ts';
import { MAX_NODE_SCORE, MIN_NODE_SCORE } from './types.ts';

export interface WeightedScorePlugin {
  readonly plugin: ScorePlugin;
  readonly weight: number;
}

/** The plugins one profile runs, per extension point, in order. */
export interface RunnerProfile {
  readonly preFilter: readonly PreFilterPlugin[];
  readonly filter: readonly FilterPlugin[];
  readonly preScore: readonly PreScorePlugin[];
  readonly score: readonly WeightedScorePlugin[];
  /** 0 (or absent) means adaptive, as in KubeSchedulerConfiguration. */
  readonly percentageOfNodesToScore?: number;
}

export interface Diagnosis {
  /** Every node's rejecting status, by node name (nodes never evaluated have none). */
  readonly nodeToStatus: Readonly<Record<string, PluginStatus>>;
  /** The plugins that rejected the pod somewhere: what queue re-activation keys on. */
  readonly unschedulablePlugins: readonly string[];
  /** Set when PreFilter rejected the pod: the message stands for every node. */
  readonly preFilterMsg?: string;
  readonly numAllNodes: number;
}

/** What each plugin said, for explanations: filter verdicts per node, raw and final weighted scores. */
export interface AttemptRecord {
  readonly filter: Readonly<Record<string, Readonly<Record<string, PluginStatus>>>>;
  /** node → plugin → the plugin's score before normalization and weight. */
  readonly rawScore: Readonly<Record<string, Readonly<Record<string, number>>>>;
  /** node → plugin → normalized score times weight. */
  readonly score: Readonly<Record<string, Readonly<Record<string, number>>>>;
  readonly total: Readonly<Record<string, number>>;
}

export type AttemptOutcome =
  | { readonly kind: 'scheduled'; readonly node: string; readonly evaluatedNodes: number; readonly feasibleNodes: number; readonly nextStartIndex: number; readonly record: AttemptRecord }
  | { readonly kind: 'unschedulable'; readonly diagnosis: Diagnosis; readonly nextStartIndex: number; readonly record: AttemptRecord }
  | { readonly kind: 'error'; readonly message: string; readonly nextStartIndex: number };

export interface AttemptInput {
  readonly profile: RunnerProfile;
  readonly pod: Pod;
  /** All nodes of the snapshot, in snapshot order. */
  readonly nodes: readonly NodeInfo[];
  /** The scheduler's nextStartNodeIndex carried between attempts. */
  readonly startIndex: number;
  /** An integer in [0, n): the scheduler's random stream, for tie-breaking. */
  readonly pick: (n: number) => number;
  /** The cycle state, when the caller goes on with it (Reserve, PreBind) or seeds it (cluster objects); a fresh one otherwise. */
  readonly state?: CycleState;
}

const MIN_FEASIBLE_NODES_TO_FIND = 100;
const MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND = 5;
const DEFAULT_PERCENTAGE_OF_NODES_TO_SCORE = 50;

/** How many feasible nodes are enough to stop filtering (schedule_one.go numFeasibleNodesToFind). */
export function numFeasibleNodesToFind(percentageOfNodesToScore: number | undefined, numAllNodes: number): number {
  const pct = percentageOfNodesToScore ?? 0;
  if (numAllNodes < MIN_FEASIBLE_NODES_TO_FIND) return numAllNodes;
  let adaptive = pct;
  if (adaptive <= 0) {
    adaptive = DEFAULT_PERCENTAGE_OF_NODES_TO_SCORE - Math.trunc(numAllNodes / 125);
    if (adaptive < MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND) adaptive = MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND;
  }
  const numNodes = Math.trunc((numAllNodes * adaptive) / 100);
  if (numNodes < MIN_FEASIBLE_NODES_TO_FIND) return MIN_FEASIBLE_NODES_TO_FIND;
  return numNodes;
}

const rejected = (s: PluginStatus): boolean => s.code === 'Unschedulable' || s.code === 'UnschedulableAndUnresolvable';

interface PreFilterOutcome {
  readonly status: PluginStatus;
  readonly nodeNames?: ReadonlySet<string>;
  readonly skip: ReadonlySet<string>;
  readonly narrowing: readonly string[];
}

function runPreFilter(profile: RunnerProfile, state: CycleState, pod: Pod, nodes: readonly NodeInfo[]): PreFilterOutcome {
  const skip = new Set<string>();
  const narrowing: string[] = [];
  let nodeNames: Set<string> | undefined;
  // Unschedulable lets the rest run (preemption needs their state); Unresolvable stops at once.
  let result: PluginStatus = { code: 'Success', reasons: [] };
  for (const pl of profile.preFilter) {
    const { status, result: r } = pl.preFilter(state, pod, nodes);
    if (status.code === 'Skip') { skip.add(pl.name); continue; }
    if (status.code !== 'Success') {
      const s = { ...status, plugin: pl.name };
      if (s.code === 'UnschedulableAndUnresolvable') return { status: s, skip, narrowing };
      if (s.code === 'Unschedulable') { result = s; continue; }
      return { status: { code: 'Error', reasons: [`running PreFilter plugin "${pl.name}": ${s.reasons.join(', ')}`], plugin: pl.name }, skip, narrowing };
    }
    if (r?.nodeNames !== undefined) {
      narrowing.push(pl.name);
      nodeNames = nodeNames === undefined ? new Set(r.nodeNames) : new Set(r.nodeNames.filter((n) => nodeNames!.has(n)));
      if (nodeNames.size === 0) {
        const msg = narrowing.length === 1
          ? `node(s) didn't satisfy plugin ${narrowing[0]}`
          : `node(s) didn't satisfy plugin(s) [${narrowing.join(' ')}] simultaneously`;
        return { status: { code: 'UnschedulableAndUnresolvable', reasons: [msg] }, nodeNames, skip, narrowing };
      }
    }
  }
  return { status: result, nodeNames, skip, narrowing };
}

function runFilters(profile: RunnerProfile, skip: ReadonlySet<string>, state: CycleState, pod: Pod, node: NodeInfo, verdicts: Record<string, PluginStatus>): PluginStatus {
  for (const pl of profile.filter) {
    if (skip.has(pl.name)) continue;
    const s = pl.filter(state, pod, node);
    verdicts[pl.name] = s;
    if (s.code !== 'Success') return { ...s, plugin: pl.name };
  }
  return { code: 'Success', reasons: [] };
}

/** One scheduling attempt for one pod against a snapshot of nodes. */
export function scheduleOne(input: AttemptInput): AttemptOutcome {
  const { profile, pod, nodes, pick } = input;
  const state: CycleState = input.state ?? new Map();
  const all = nodes.length;
  const start = all === 0 ? 0 : input.startIndex % all;
  const filterRecord: Record<string, Record<string, PluginStatus>> = {};
  const emptyRecord = (): AttemptRecord => ({ filter: filterRecord, rawScore: {}, score: {}, total: {} });
  if (all === 0) return { kind: 'error', message: 'no nodes available to schedule pods', nextStartIndex: 0 };

  const pre = runPreFilter(profile, state, pod, nodes);
  const unschedulablePlugins = new Set<string>(pre.narrowing);
  if (pre.status.code === 'Error') return { kind: 'error', message: pre.status.reasons.join(', '), nextStartIndex: start };
  if (rejected(pre.status)) {
    const nodeToStatus: Record<string, PluginStatus> = {};
    for (const n of nodes) nodeToStatus[n.node.metadata!.name!] = pre.status;
    if (pre.status.plugin !== undefined) unschedulablePlugins.add(pre.status.plugin);
    const diagnosis: Diagnosis = { nodeToStatus, unschedulablePlugins: [...unschedulablePlugins].sort(), preFilterMsg: pre.status.reasons.join(', '), numAllNodes: all };
    return { kind: 'unschedulable', diagnosis, nextStartIndex: start, record: emptyRecord() };
  }

  const nodeToStatus: Record<string, PluginStatus> = {};
  let candidates = nodes;
  if (pre.nodeNames !== undefined) {
    candidates = nodes.filter((n) => pre.nodeNames!.has(n.node.metadata!.name!));
    const absent: PluginStatus = { code: 'UnschedulableAndUnresolvable', reasons: [`node(s) didn't satisfy plugin(s) [${[...unschedulablePlugins].sort().join(' ')}]`] };
    for (const n of nodes) if (!pre.nodeNames.has(n.node.metadata!.name!)) nodeToStatus[n.node.metadata!.name!] = absent;
  }

  // A node nominated by an earlier preemption is tried first; if it passes, it is the answer.
  const nominated = pod.status?.nominatedNodeName;
  const nominee = nominated ? nodes.find((n) => n.node.metadata!.name === nominated) : undefined;
  if (nominee !== undefined) {
    const verdicts: Record<string, PluginStatus> = {};
    const s = runFilters(profile, pre.skip, state, pod, nominee, verdicts);
    if (s.code === 'Success') {
      filterRecord[nominated!] = verdicts;
      return { kind: 'scheduled', node: nominated!, evaluatedNodes: 1 + Object.keys(nodeToStatus).length, feasibleNodes: 1, nextStartIndex: start, record: emptyRecord() };
    }
  }

  const toFind = numFeasibleNodesToFind(profile.percentageOfNodesToScore, candidates.length);
  const feasible: NodeInfo[] = [];
  for (let i = 0; i < candidates.length && feasible.length < toFind; i++) {
    const n = candidates[(start + i) % candidates.length]!;
    const name = n.node.metadata!.name!;
    const verdicts: Record<string, PluginStatus> = {};
    filterRecord[name] = verdicts;
    const s = runFilters(profile, pre.skip, state, pod, n, verdicts);
    if (s.code === 'Success') { feasible.push(n); continue; }
    if (!rejected(s)) return { kind: 'error', message: `running "${s.plugin}" filter plugin: ${s.reasons.join(', ')}`, nextStartIndex: start };
    nodeToStatus[name] = s;
    unschedulablePlugins.add(s.plugin!);
  }
  const processed = feasible.length + Object.keys(nodeToStatus).length;
  const nextStartIndex = (start + processed) % all;

  if (feasible.length === 0) {
    const diagnosis: Diagnosis = { nodeToStatus, unschedulablePlugins: [...unschedulablePlugins].sort(), numAllNodes: all };
    return { kind: 'unschedulable', diagnosis, nextStartIndex, record: emptyRecord() };
  }
  const evaluatedNodes = feasible.length + Object.keys(nodeToStatus).length;
  // A single feasible node needs no scoring (schedulePod's shortcut).
  if (feasible.length === 1) {
    return { kind: 'scheduled', node: feasible[0]!.node.metadata!.name!, evaluatedNodes, feasibleNodes: 1, nextStartIndex, record: emptyRecord() };
  }
  const scored = scoreNodes(profile, state, pod, feasible);
  if ('error' in scored) return { kind: 'error', message: scored.error, nextStartIndex };
  const record: AttemptRecord = { filter: filterRecord, rawScore: scored.raw, score: scored.perPlugin, total: scored.total };
  const names = feasible.map((n) => n.node.metadata!.name!);
  return { kind: 'scheduled', node: selectHost(names, scored.total, pick), evaluatedNodes, feasibleNodes: feasible.length, nextStartIndex, record };
}

interface Scored {
  readonly raw: Record<string, Record<string, number>>;
  readonly perPlugin: Record<string, Record<string, number>>;
  readonly total: Record<string, number>;
}

/** PreScore, Score, NormalizeScore and weights over the feasible nodes (framework RunScorePlugins). */
export function scoreNodes(profile: RunnerProfile, state: CycleState, pod: Pod, feasible: readonly NodeInfo[]): Scored | { error: string } {
  const skipScore = new Set<string>();
  for (const pl of profile.preScore) {
    const s = pl.preScore(state, pod, feasible);
    if (s.code === 'Skip') { skipScore.add(pl.name); continue; }
    if (s.code !== 'Success') return { error: `running PreScore plugin "${pl.name}": ${s.reasons.join(', ')}` };
  }
  const perPlugin: Record<string, Record<string, number>> = {};
  const total: Record<string, number> = {};
  const raw: Record<string, Record<string, number>> = {};
  for (const n of feasible) { raw[n.node.metadata!.name!] = {}; perPlugin[n.node.metadata!.name!] = {}; total[n.node.metadata!.name!] = 0; }
  for (const { plugin, weight } of profile.score) {
    if (skipScore.has(plugin.name)) continue;
    let list = [];
    for (const n of feasible) {
      const { score, status } = plugin.score(state, pod, n);
      if (status.code !== 'Success') return { error: `running Score plugin "${plugin.name}": ${status.reasons.join(', ')}` };
      list.push({ name: n.node.metadata!.name!, score });
      raw[n.node.metadata!.name!]![plugin.name] = score;
    }
    if (plugin.normalize !== undefined) list = plugin.normalize(state, pod, list);
    for (const { name, score } of list) {
      if (score > MAX_NODE_SCORE || score < MIN_NODE_SCORE) {
        return { error: `plugin "${plugin.name}" returns an invalid score ${score}, it should in the range of [${MIN_NODE_SCORE}, ${MAX_NODE_SCORE}] after normalizing` };
      }
      perPlugin[name]![plugin.name] = score * weight;
      total[name]! += score * weight;
    }
  }
  return { raw, perPlugin, total };
}

/** The highest total wins; among equals each has the same chance (reservoir sampling in node order). */
export function selectHost(names: readonly string[], total: Readonly<Record<string, number>>, pick: (n: number) => number): string {
  let best = names[0]!;
  let count = 0;
  for (const name of names) {
    const score = total[name] ?? 0;
    const top = total[best] ?? 0;
    if (count === 0 || score > top) { best = name; count = 1; continue; }
    if (score === top) {
      count++;
      if (pick(count) === 0) best = name;
    }
  }
  return best;
}
