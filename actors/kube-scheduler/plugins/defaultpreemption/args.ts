// DefaultPreemptionArgs: how many nodes the dry run must find candidates on before it stops,
// as a share of the nodes where preemption might help and as an absolute floor.

export interface DefaultPreemptionArgs {
  readonly minCandidateNodesPercentage: number;
  readonly minCandidateNodesAbsolute: number;
}

/** SetDefaults_DefaultPreemptionArgs. */
export const DEFAULT_PREEMPTION_ARGS: DefaultPreemptionArgs = { minCandidateNodesPercentage: 10, minCandidateNodesAbsolute: 100 };

/** The args with defaults for what is absent. */
export function preemptionArgs(raw: Readonly<Record<string, unknown>> = {}): DefaultPreemptionArgs {
  const num = (v: unknown, d: number): number => (typeof v === 'number' ? v : d);
  return {
    minCandidateNodesPercentage: num(raw.minCandidateNodesPercentage, DEFAULT_PREEMPTION_ARGS.minCandidateNodesPercentage),
    minCandidateNodesAbsolute: num(raw.minCandidateNodesAbsolute, DEFAULT_PREEMPTION_ARGS.minCandidateNodesAbsolute),
  };
}

/** ValidateDefaultPreemptionArgs, worded as its field errors are; empty when valid. */
export function validatePreemptionArgs(a: DefaultPreemptionArgs, path = ''): string[] {
  const at = path === '' ? '' : `${path}.`;
  const errs: string[] = [];
  const pct = a.minCandidateNodesPercentage;
  const abs = a.minCandidateNodesAbsolute;
  if (!Number.isInteger(pct) || pct < 0 || pct > 100) errs.push(`${at}minCandidateNodesPercentage: Invalid value: ${pct}: not in valid range [0, 100]`);
  if (!Number.isInteger(abs) || abs < 0) errs.push(`${at}minCandidateNodesAbsolute: Invalid value: ${abs}: not in valid range [0, inf)`);
  if (pct === 0 && abs === 0) {
    errs.push(`${at}minCandidateNodesPercentage: Invalid value: 0: cannot be zero at the same time as minCandidateNodesAbsolute`);
    errs.push(`${at}minCandidateNodesAbsolute: Invalid value: 0: cannot be zero at the same time as minCandidateNodesPercentage`);
  }
  return errs;
}

/** calculateNumCandidates: the share of `numNodes`, at least the floor, at most `numNodes`. */
export function numCandidates(a: DefaultPreemptionArgs, numNodes: number): number {
  let n = Math.trunc((numNodes * a.minCandidateNodesPercentage) / 100);
  if (n < a.minCandidateNodesAbsolute) n = a.minCandidateNodesAbsolute;
  if (n > numNodes) n = numNodes;
  return n;
}
