// The score normalization score plugins share (the framework's helper package).

import type { NodeScore } from './types.ts';

/**
 * helper.DefaultNormalizeScore: scales [0, max] to [0, maxPriority] with integer division, and
 * with reverse subtracts from maxPriority; all zero stays zero, or becomes maxPriority reversed.
 */
export function defaultNormalizeScore(maxPriority: number, reverse: boolean, scores: readonly NodeScore[]): NodeScore[] {
  const max = scores.reduce((m, s) => Math.max(m, s.score), 0);
  if (max === 0) return scores.map((s) => ({ name: s.name, score: reverse ? maxPriority : s.score }));
  return scores.map((s) => {
    const scaled = Math.trunc((maxPriority * s.score) / max);
    return { name: s.name, score: reverse ? maxPriority - scaled : scaled };
  });
}
