// The dry run over the nodes where preemption might help, and the choice among the candidates it
// finds (pickOneNodeForPreemption). The dry run starts at a random offset and stops once it has
// enough candidates, at least one of them violating no PodDisruptionBudget; those come first.

import type { Pod, PodDisruptionBudget } from '../../../../protocols/kube/objects.ts';
import type { CycleState, NodeInfo, PluginStatus } from '../../framework/types.ts';
import type { FilterProfile } from './fits.ts';
import { earliestStartOfHighest, podPriority } from './priority.ts';
import { selectVictimsOnNode } from './victims.ts';

export interface Candidate {
  readonly node: string;
  /** Most important first. */
  readonly victims: readonly Pod[];
  readonly numPDBViolations: number;
}

export interface DryRun {
  readonly candidates: readonly Candidate[];
  /** Why each node tried and not a candidate was of no use. */
  readonly nodeToStatus: Readonly<Record<string, PluginStatus>>;
  /** Plugin errors met on nodes (they fail the attempt only when no candidate was found). */
  readonly errors: readonly string[];
}

export interface DryRunInput {
  readonly profile: FilterProfile;
  readonly state: CycleState;
  readonly pod: Pod;
  /** Every node of the snapshot: PreFilter runs over them again. */
  readonly nodes: readonly NodeInfo[];
  /** The nodes whose filter verdict was Unschedulable. */
  readonly potential: readonly NodeInfo[];
  readonly pdbs: (namespace: string) => readonly PodDisruptionBudget[];
  readonly offset: number;
  readonly numCandidates: number;
}

/** The budgets of every namespace a pod on the node lives in: all a victim could match. */
function pdbsFor(node: NodeInfo, pdbs: DryRunInput['pdbs']): PodDisruptionBudget[] {
  const namespaces = [...new Set(node.pods.map((p) => p.metadata?.namespace ?? ''))].sort();
  return namespaces.flatMap((ns) => pdbs(ns));
}

export function dryRunPreemption(input: DryRunInput): DryRun {
  const { potential, numCandidates } = input;
  const nonViolating: Candidate[] = [];
  const violating: Candidate[] = [];
  const nodeToStatus: Record<string, PluginStatus> = {};
  const errors: string[] = [];
  for (let i = 0; i < potential.length; i++) {
    const node = potential[(input.offset + i) % potential.length]!;
    const name = node.node.metadata?.name ?? '';
    const r = selectVictimsOnNode(input.profile, input.state, input.pod, input.nodes, node, pdbsFor(node, input.pdbs));
    if (r.ok && r.victims.length > 0) {
      const list = r.numPDBViolations === 0 ? nonViolating : violating;
      if (list.length < numCandidates) list.push({ node: name, victims: r.victims, numPDBViolations: r.numPDBViolations });
      if (nonViolating.length > 0 && nonViolating.length + violating.length >= numCandidates) break;
      continue;
    }
    const status: PluginStatus = r.ok ? { code: 'Error', reasons: [`expected at least one victim pod on node "${name}"`] } : r.status;
    if (status.code === 'Error') errors.push(status.reasons.join(', '));
    nodeToStatus[name] = status;
  }
  return { candidates: [...nonViolating, ...violating], nodeToStatus, errors };
}

/** Kubernetes lifts every priority by MaxInt32+1 before summing, so negative priorities add up as costs too. */
const PRIORITY_LIFT = 2 ** 31;

/**
 * Each criterion keeps the candidates scoring best; the first that leaves one decides: fewest PDB
 * violations, lowest highest-priority victim, smallest sum of (lifted) priorities, fewest victims,
 * latest start of the highest-priority victims; then the first candidate.
 */
const CRITERIA: readonly ((c: Candidate) => number)[] = [
  (c) => -c.numPDBViolations,
  (c) => -podPriority(c.victims[0]!),
  (c) => -c.victims.reduce((sum, v) => sum + podPriority(v) + PRIORITY_LIFT, 0),
  (c) => -c.victims.length,
  (c) => earliestStartOfHighest(c.victims) ?? -Infinity,
];

export function pickOneNodeForPreemption(candidates: readonly Candidate[]): Candidate | undefined {
  let left = [...candidates];
  if (left.length === 0) return undefined;
  for (const score of CRITERIA) {
    const scores = left.map(score);
    const best = Math.max(...scores);
    left = left.filter((_, i) => scores[i] === best);
    if (left.length === 1) return left[0];
  }
  return left[0];
}
