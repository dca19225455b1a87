// NodeResourcesBalancedAllocation: favours nodes whose cpu and memory would be used in equal
// fractions after placing the pod: (1 − std of the fractions) × 100, truncated. It reads the
// plain requests (not the non-zero defaults), as 1.32 does.

import { SUCCESS, MAX_NODE_SCORE, type PreScorePlugin, type ScorePlugin } from '../../framework/types.ts';
import { DEFAULT_RESOURCES, podRequestList, scoreNode as scoreNodeImported, type ResourceSpec } from './scorers.ts';

// Local copies: tsx's CommonJS output turns each read of an imported binding into a getter call.
const MAX_SCORE = MAX_NODE_SCORE;
const OK = SUCCESS;
const scoreResources = scoreNodeImported;

export const BALANCED_ALLOCATION_NAME = 'NodeResourcesBalancedAllocation';
const PRE_SCORE_KEY = `PreScore${BALANCED_ALLOCATION_NAME}`;

/** balancedResourceScorer: fractions capped at 1; two resources use |f1 − f2| / 2 as the std. */
export function balancedResourceScore(requested: readonly number[], allocatable: readonly number[]): number {
  // No array of fractions: this runs for every feasible node of every pod. The arithmetic, and
  // its order, is the same as summing a list of them.
  let total = 0;
  let count = 0;
  let f0 = 0;
  let f1 = 0;
  for (let i = 0; i < requested.length; i++) {
    if (allocatable[i] === 0) continue;
    const f = Math.min(requested[i]! / allocatable[i]!, 1);
    total += f;
    if (count === 0) f0 = f;
    else if (count === 1) f1 = f;
    count++;
  }
  let std = 0;
  if (count === 2) std = Math.abs((f0 - f1) / 2);
  else if (count > 2) {
    const mean = total / count;
    let sum = 0;
    for (let i = 0; i < requested.length; i++) {
      if (allocatable[i] === 0) continue;
      const f = Math.min(requested[i]! / allocatable[i]!, 1);
      sum += (f - mean) * (f - mean);
    }
    std = Math.sqrt(sum / count);
  }
  return Math.trunc((1 - std) * MAX_SCORE);
}

export function createBalancedAllocation(args: { readonly resources?: readonly ResourceSpec[] } = {}): PreScorePlugin & ScorePlugin {
  const resources = args.resources ?? DEFAULT_RESOURCES;
  return {
    name: BALANCED_ALLOCATION_NAME,
    preScore(state, pod) {
      state.set(PRE_SCORE_KEY, podRequestList(pod, resources, false));
      return SUCCESS;
    },
    score(state, pod, node) {
      const reqs = (state.get(PRE_SCORE_KEY) as number[] | undefined) ?? podRequestList(pod, resources, false);
      return { score: scoreResources(balancedResourceScore, resources, node, reqs, true), status: OK };
    },
  };
}
