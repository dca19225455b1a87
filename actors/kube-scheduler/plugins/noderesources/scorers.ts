// The resource scoring strategies of NodeResourcesFit (LeastAllocated, MostAllocated,
// RequestedToCapacityRatio) and the request/allocatable pairs they score, as kube-scheduler 1.32
// computes them: integer arithmetic with Go's truncating division, except the ratio strategy's
// final average, which Go rounds.

import type { Pod } from '../../../../protocols/kube/objects.ts';
import { isScalarResourceName, podRequests, toUnits } from '../../framework/nodeinfo.ts';
import { MAX_NODE_SCORE as MAX_SCORE_IMPORTED, type NodeInfo } from '../../framework/types.ts';

// A local copy: tsx's CommonJS output turns each read of an imported binding into a getter call.
const MAX_NODE_SCORE = MAX_SCORE_IMPORTED;

/** config.ResourceSpec: a resource scored, with its weight (1..100). */
export interface ResourceSpec {
  readonly name: string;
  readonly weight: number;
}
/** config.UtilizationShapePoint: utilization 0..100, score 0..10 (MaxCustomPriorityScore). */
export interface UtilizationShapePoint {
  readonly utilization: number;
  readonly score: number;
}
export type ScoringStrategy =
  | { readonly type: 'LeastAllocated' | 'MostAllocated'; readonly resources?: readonly ResourceSpec[] }
  | { readonly type: 'RequestedToCapacityRatio'; readonly resources?: readonly ResourceSpec[]; readonly shape: readonly UtilizationShapePoint[] };

/** The default scored resources: cpu and memory, weight 1 each. */
export const DEFAULT_RESOURCES: readonly ResourceSpec[] = [
  { name: 'cpu', weight: 1 },
  { name: 'memory', weight: 1 },
];
const MAX_CUSTOM_PRIORITY_SCORE = 10;

/** a × b / c truncated, exact beyond 2^53 (memory in bytes times 100 can get there). */
export function mulDiv(a: number, b: number, c: number): number {
  const p = a * b;
  if (Number.isSafeInteger(p)) return Math.trunc(p / c);
  return Number((BigInt(a) * BigInt(b)) / BigInt(c));
}

/** The pod's request of each scored resource; `nonZero` gives containers without cpu/memory the scheduler's defaults. */
export function podRequestList(pod: Pod, resources: readonly ResourceSpec[], nonZero: boolean): number[] {
  const reqs = podRequests(pod, nonZero);
  return resources.map((r) => toUnits(r.name, reqs.get(r.name) ?? 0n));
}

/**
 * resourceAllocationScorer's (allocatable, requested) per resource: cpu and memory from the
 * non-zero requests unless `useRequested`, the rest from plain requests; a scalar resource the
 * pod does not request, or the node lacks, gives (0, 0) so it is left out.
 */
export function allocatableAndRequested(node: NodeInfo, name: string, podRequest: number, useRequested: boolean): [number, number] {
  const requested = useRequested ? node.requested : node.nonZeroRequested;
  if (podRequest === 0 && isScalarResourceName(name)) return [0, 0];
  switch (name) {
    case 'cpu':
      return [node.allocatable.milliCPU, requested.milliCPU + podRequest];
    case 'memory':
      return [node.allocatable.memory, requested.memory + podRequest];
    case 'ephemeral-storage':
      return [node.allocatable.ephemeralStorage, node.requested.ephemeralStorage + podRequest];
    default: {
      const alloc = node.allocatable.scalar[name];
      if (alloc !== undefined) return [alloc, (node.requested.scalar[name] ?? 0) + podRequest];
      return [0, 0];
    }
  }
}

export function leastRequestedScore(requested: number, capacity: number): number {
  if (capacity === 0 || requested > capacity) return 0;
  return mulDiv(capacity - requested, MAX_NODE_SCORE, capacity);
}

export function mostRequestedScore(requested: number, capacity: number): number {
  if (capacity === 0) return 0;
  // Non-zero defaults can push requests past capacity; a full node scores the maximum.
  return mulDiv(Math.min(requested, capacity), MAX_NODE_SCORE, capacity);
}

type Scorer = (requested: readonly number[], allocatable: readonly number[]) => number;

function weightedAverage(resources: readonly ResourceSpec[], perResource: (req: number, cap: number) => number): Scorer {
  return (requested, allocatable) => {
    let nodeScore = 0;
    let weightSum = 0;
    for (let i = 0; i < requested.length; i++) {
      if (allocatable[i] === 0) continue;
      nodeScore += perResource(requested[i]!, allocatable[i]!) * resources[i]!.weight;
      weightSum += resources[i]!.weight;
    }
    return weightSum === 0 ? 0 : Math.trunc(nodeScore / weightSum);
  };
}

/** helper.BuildBrokenLinearFunction: the shape's points joined by lines, flat before the first and after the last. */
export function brokenLinear(shape: readonly UtilizationShapePoint[]): (p: number) => number {
  return (p) => {
    for (let i = 0; i < shape.length; i++) {
      if (p <= shape[i]!.utilization) {
        if (i === 0) return shape[0]!.score;
        const a = shape[i - 1]!;
        const b = shape[i]!;
        return a.score + Math.trunc(((b.score - a.score) * (p - a.utilization)) / (b.utilization - a.utilization));
      }
    }
    return shape[shape.length - 1]!.score;
  };
}

function ratioScorer(resources: readonly ResourceSpec[], shape: readonly UtilizationShapePoint[]): Scorer {
  const raw = brokenLinear(shape.map((p) => ({ utilization: p.utilization, score: p.score * (MAX_NODE_SCORE / MAX_CUSTOM_PRIORITY_SCORE) })));
  const perResource = (req: number, cap: number): number => (cap === 0 || req > cap ? raw(100) : raw(mulDiv(req, 100, cap)));
  return (requested, allocatable) => {
    let nodeScore = 0;
    let weightSum = 0;
    for (let i = 0; i < requested.length; i++) {
      if (allocatable[i] === 0) continue;
      const s = perResource(requested[i]!, allocatable[i]!);
      // A resource scoring zero does not count in the average (Kubernetes' choice).
      if (s > 0) {
        nodeScore += s * resources[i]!.weight;
        weightSum += resources[i]!.weight;
      }
    }
    return weightSum === 0 ? 0 : goRound(nodeScore / weightSum);
  };
}

/** math.Round: half away from zero. */
const goRound = (x: number): number => Math.sign(x) * Math.round(Math.abs(x));

export function scorerFor(strategy: ScoringStrategy): Scorer {
  const resources = strategy.resources ?? DEFAULT_RESOURCES;
  switch (strategy.type) {
    case 'LeastAllocated':
      return weightedAverage(resources, leastRequestedScore);
    case 'MostAllocated':
      return weightedAverage(resources, mostRequestedScore);
    case 'RequestedToCapacityRatio':
      return ratioScorer(resources, strategy.shape);
  }
}

// Reused by every scoreNode call (scorers read them and keep nothing): scoring runs for each
// feasible node of every pod, and two arrays per call were most of its garbage.
const scratchRequested: number[] = [];
const scratchAllocatable: number[] = [];

/** resourceAllocationScorer.score: the node's score for a pod whose scored requests are `podReqs`. */
export function scoreNode(scorer: Scorer, resources: readonly ResourceSpec[], node: NodeInfo, podReqs: readonly number[], useRequested: boolean): number {
  const requested = scratchRequested;
  const allocatable = scratchAllocatable;
  // Setting an array's length is a runtime call; the length only changes with the profile.
  if (requested.length !== resources.length) {
    requested.length = resources.length;
    allocatable.length = resources.length;
  }
  for (let i = 0; i < resources.length; i++) {
    const name = resources[i]!.name;
    const podRequest = podReqs[i]!;
    let alloc: number;
    let req: number;
    // allocatableAndRequested, without its pair: cpu and memory first, as nearly every profile scores them.
    if (name === 'cpu') {
      alloc = node.allocatable.milliCPU;
      req = (useRequested ? node.requested : node.nonZeroRequested).milliCPU + podRequest;
    } else if (name === 'memory') {
      alloc = node.allocatable.memory;
      req = (useRequested ? node.requested : node.nonZeroRequested).memory + podRequest;
    } else {
      [alloc, req] = allocatableAndRequested(node, name, podRequest, useRequested);
    }
    allocatable[i] = alloc;
    requested[i] = alloc === 0 ? 0 : req;
  }
  return scorer(requested, allocatable);
}
