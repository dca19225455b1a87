// One scheduling attempt as kube-scheduler's schedulePod runs it (schedule_one.go): PreFilter,
// Filter over a rotating window of nodes, PreScore/Score with weights and normalization, and
// the host chosen by reservoir sampling among the best. Every plugin's verdict and score is kept
// so that a failure can be explained and a success annotated.

import type { Pod } from '../../../protocols/kube/objects.ts';
import type {
  CycleState, FilterPlugin, NodeInfo, NodeScore, PluginStatus, PreFilterPlugin, PreScorePlugin, ScorePlugin,
} from './types.ts';
import { MAX_NODE_SCORE as MAX_IMPORTED, MIN_NODE_SCORE as MIN_IMPORTED, SUCCESS as SUCCESS_IMPORTED } from './types.ts';
import { type AttemptRecord, attemptRecord, newFilterLog, type ScoreLog } from './attempt-record.ts';

export type { AttemptRecord } from './attempt-record.ts';

// Local copies: tsx compiles modules to CommonJS, where each read of an imported binding is a
// getter call, and these are read for every node and plugin of every attempt.
const MAX_NODE_SCORE = MAX_IMPORTED;
const MIN_NODE_SCORE = MIN_IMPORTED;
const SUCCESS = SUCCESS_IMPORTED;

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

type FilterFn = FilterPlugin['filter'];

/**
 * Runs `filters` in order on one node, logging each verdict; stops at the first that is not
 * Success. `fns` are the plugins' filter methods, read once per attempt: plugins differ in shape,
 * so reading the method off each for every node is a slow, megamorphic lookup.
 */
function runFilters(filters: readonly FilterPlugin[], fns: readonly FilterFn[], state: CycleState, pod: Pod, node: NodeInfo, log: PluginStatus[]): PluginStatus {
  for (let i = 0; i < fns.length; i++) {
    const s = fns[i]!.call(filters[i], state, pod, node);
    log.push(s);
    if (s.code !== 'Success') return { ...s, plugin: filters[i]!.name };
  }
  return SUCCESS;
}

/** One scheduling attempt for one pod against a snapshot of nodes. */
export function scheduleOne(input: AttemptInput): AttemptOutcome {
  const { profile, pod, nodes, pick } = input;
  const state: CycleState = input.state ?? new Map();
  const all = nodes.length;
  const start = all === 0 ? 0 : input.startIndex % all;
  const log = newFilterLog();
  const filterOnly = (): AttemptRecord => attemptRecord(log);
  if (all === 0) return { kind: 'error', message: 'no nodes available to schedule pods', nextStartIndex: 0 };

  const pre = runPreFilter(profile, state, pod, nodes);
  const unschedulablePlugins = new Set<string>(pre.narrowing);
  if (pre.status.code === 'Error') return { kind: 'error', message: pre.status.reasons.join(', '), nextStartIndex: start };
  if (rejected(pre.status)) {
    const nodeToStatus: Record<string, PluginStatus> = {};
    for (const n of nodes) nodeToStatus[n.node.metadata!.name!] = pre.status;
    if (pre.status.plugin !== undefined) unschedulablePlugins.add(pre.status.plugin);
    const diagnosis: Diagnosis = { nodeToStatus, unschedulablePlugins: [...unschedulablePlugins].sort(), preFilterMsg: pre.status.reasons.join(', '), numAllNodes: all };
    return { kind: 'unschedulable', diagnosis, nextStartIndex: start, record: filterOnly() };
  }
  // The filters PreFilter did not skip, worked out once rather than per node.
  const filters = pre.skip.size === 0 ? profile.filter : profile.filter.filter((pl) => !pre.skip.has(pl.name));
  log.plugins = filters.map((pl) => pl.name);
  const fns = filters.map((pl) => pl.filter);

  const nodeToStatus: Record<string, PluginStatus> = {};
  let rejectedCount = 0;
  let candidates = nodes;
  if (pre.nodeNames !== undefined) {
    candidates = nodes.filter((n) => pre.nodeNames!.has(n.node.metadata!.name!));
    const absent: PluginStatus = { code: 'UnschedulableAndUnresolvable', reasons: [`node(s) didn't satisfy plugin(s) [${[...unschedulablePlugins].sort().join(' ')}]`] };
    for (const n of nodes) if (!pre.nodeNames.has(n.node.metadata!.name!)) nodeToStatus[n.node.metadata!.name!] = absent;
    rejectedCount = Object.keys(nodeToStatus).length;
  }

  // A node nominated by an earlier preemption is tried first; if it passes, it is the answer.
  const nominated = pod.status?.nominatedNodeName;
  const nominee = nominated ? nodes.find((n) => n.node.metadata!.name === nominated) : undefined;
  if (nominee !== undefined) {
    const verdicts: PluginStatus[] = [];
    const s = runFilters(filters, fns, state, pod, nominee, verdicts);
    if (s.code === 'Success') {
      log.nodes.push(nominated!);
      log.offsets.push(0);
      log.verdicts.push(...verdicts);
      return { kind: 'scheduled', node: nominated!, evaluatedNodes: 1 + rejectedCount, feasibleNodes: 1, nextStartIndex: start, record: filterOnly() };
    }
  }

  const toFind = numFeasibleNodesToFind(profile.percentageOfNodesToScore, candidates.length);
  const feasible: NodeInfo[] = [];
  const count = candidates.length;
  for (let i = 0; i < count && feasible.length < toFind; i++) {
    const n = candidates[(start + i) % count]!;
    const name = n.node.metadata!.name!;
    log.nodes.push(name);
    log.offsets.push(log.verdicts.length);
    const s = runFilters(filters, fns, state, pod, n, log.verdicts);
    if (s.code === 'Success') { feasible.push(n); continue; }
    if (!rejected(s)) return { kind: 'error', message: `running "${s.plugin}" filter plugin: ${s.reasons.join(', ')}`, nextStartIndex: start };
    if (nodeToStatus[name] === undefined) rejectedCount++;
    nodeToStatus[name] = s;
    unschedulablePlugins.add(s.plugin!);
  }
  const processed = feasible.length + rejectedCount;
  const nextStartIndex = (start + processed) % all;

  if (feasible.length === 0) {
    const diagnosis: Diagnosis = { nodeToStatus, unschedulablePlugins: [...unschedulablePlugins].sort(), numAllNodes: all };
    return { kind: 'unschedulable', diagnosis, nextStartIndex, record: filterOnly() };
  }
  const evaluatedNodes = processed;
  // A single feasible node needs no scoring (schedulePod's shortcut).
  if (feasible.length === 1) {
    return { kind: 'scheduled', node: feasible[0]!.node.metadata!.name!, evaluatedNodes, feasibleNodes: 1, nextStartIndex, record: filterOnly() };
  }
  const scored = scoreLog(profile, state, pod, feasible);
  if ('error' in scored) return { kind: 'error', message: scored.error, nextStartIndex };
  const best = selectBest(scored.total, pick);
  return { kind: 'scheduled', node: scored.nodes[best]!, evaluatedNodes, feasibleNodes: feasible.length, nextStartIndex, record: attemptRecord(log, scored) };
}

interface Scored {
  readonly raw: Record<string, Record<string, number>>;
  readonly perPlugin: Record<string, Record<string, number>>;
  readonly total: Record<string, number>;
}

/** PreScore, Score, NormalizeScore and weights over the feasible nodes (framework RunScorePlugins). */
export function scoreNodes(profile: RunnerProfile, state: CycleState, pod: Pod, feasible: readonly NodeInfo[]): Scored | { error: string } {
  const log = scoreLog(profile, state, pod, feasible);
  if ('error' in log) return log;
  const record = attemptRecord(newFilterLog(), log);
  return { raw: record.rawScore, perPlugin: record.score, total: record.total };
}

const rangeError = (plugin: string, score: number): { error: string } =>
  ({ error: `plugin "${plugin}" returns an invalid score ${score}, it should in the range of [${MIN_NODE_SCORE}, ${MAX_NODE_SCORE}] after normalizing` });

function scoreLog(profile: RunnerProfile, state: CycleState, pod: Pod, feasible: readonly NodeInfo[]): ScoreLog | { error: string } {
  const skipScore = new Set<string>();
  for (const pl of profile.preScore) {
    const s = pl.preScore(state, pod, feasible);
    if (s.code === 'Skip') { skipScore.add(pl.name); continue; }
    if (s.code !== 'Success') return { error: `running PreScore plugin "${pl.name}": ${s.reasons.join(', ')}` };
  }
  const scorers = skipScore.size === 0 ? profile.score : profile.score.filter(({ plugin }) => !skipScore.has(plugin.name));
  const count = feasible.length;
  const names = feasible.map((n) => n.node.metadata!.name!);
  const raw = new Float64Array(scorers.length * count);
  const weighted = new Float64Array(scorers.length * count);
  const present = new Uint8Array(scorers.length * count);
  const total = new Float64Array(count);
  let position: Map<string, number> | undefined;
  for (let p = 0; p < scorers.length; p++) {
    const { plugin, weight } = scorers[p]!;
    const base = p * count;
    // Read once per plugin, not per node (see runFilters).
    const scoreFn = plugin.score;
    for (let n = 0; n < count; n++) {
      const { score, status } = scoreFn.call(plugin, state, pod, feasible[n]!);
      if (status.code !== 'Success') return { error: `running Score plugin "${plugin.name}": ${status.reasons.join(', ')}` };
      raw[base + n] = score;
    }
    if (plugin.normalize === undefined) {
      for (let n = 0; n < count; n++) {
        const score = raw[base + n]!;
        if (score > MAX_NODE_SCORE || score < MIN_NODE_SCORE) return rangeError(plugin.name, score);
        weighted[base + n] = score * weight;
        present[base + n] = 1;
        total[n] = total[n]! + score * weight;
      }
      continue;
    }
    const list: NodeScore[] = new Array(count);
    for (let n = 0; n < count; n++) list[n] = { name: names[n]!, score: raw[base + n]! };
    const normalized = plugin.normalize(state, pod, list);
    for (let i = 0; i < normalized.length; i++) {
      const { name, score } = normalized[i]!;
      if (score > MAX_NODE_SCORE || score < MIN_NODE_SCORE) return rangeError(plugin.name, score);
      // Normalizations keep the nodes' order; look a name up only when one did not.
      let n = i;
      if (names[i] !== name) n = (position ??= new Map(names.map((x, j) => [x, j]))).get(name)!;
      weighted[base + n] = score * weight;
      present[base + n] = 1;
      total[n] = total[n]! + score * weight;
    }
  }
  return { nodes: names, plugins: scorers.map(({ plugin }) => plugin.name), raw, weighted, present, total };
}

/** The highest total wins; among equals each has the same chance (reservoir sampling in node order). */
function selectBest(total: Float64Array, pick: (n: number) => number): number {
  let best = 0;
  let count = 0;
  for (let i = 0; i < total.length; i++) {
    const score = total[i]!;
    const top = total[best]!;
    if (count === 0 || score > top) { best = i; count = 1; continue; }
    if (score === top) {
      count++;
      if (pick(count) === 0) best = i;
    }
  }
  return best;
}

/** selectHost over named totals, for callers that hold them by node name. */
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
