// TaintToleration (Kubernetes 1.32): Filter rejects a node with a NoSchedule or NoExecute taint the
// pod does not tolerate; Score counts the PreferNoSchedule taints it does not tolerate, and the
// normalization reverses the count so that the node with the fewest gets the most points.

import { defaultNormalizeScore } from '../framework/normalize.ts';
import type { Taint, Toleration } from 'kubernetes-types/core/v1.d.ts';
import type { Pod } from '../../../protocols/kube/objects.ts';
import {
  type CycleState,
  type FilterPlugin,
  MAX_NODE_SCORE,
  type NodeInfo,
  type NodeScore,
  type PluginStatus,
  type PreScorePlugin,
  SUCCESS,
  type ScorePlugin,
} from '../framework/types.ts';

// A local copy: tsx's CommonJS output turns each read of an imported binding into a getter call.
const OK = SUCCESS;

export const TAINT_TOLERATION = 'TaintToleration';
const PRE_SCORE_KEY = `PreScore${TAINT_TOLERATION}`;

/**
 * Toleration.ToleratesTaint as of 1.32: an empty effect or key matches any; operator Exists
 * matches any value, Equal (or empty) the same value; any other operator tolerates nothing
 * (Gt/Lt on tolerations came after 1.32).
 */
export function toleratesTaint(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  switch (t.operator ?? '') {
    case '':
    case 'Equal':
      return (t.value ?? '') === (taint.value ?? '');
    case 'Exists':
      return true;
    default:
      return false;
  }
}

export function tolerationsTolerateTaint(tolerations: readonly Toleration[] | undefined, taint: Taint): boolean {
  return (tolerations ?? []).some((t) => toleratesTaint(t, taint));
}

/** The first taint (in the node's order) that the filter selects and no toleration tolerates. */
export function findMatchingUntoleratedTaint(
  taints: readonly Taint[] | undefined,
  tolerations: readonly Toleration[] | undefined,
  include: (t: Taint) => boolean,
): Taint | undefined {
  return (taints ?? []).find((t) => include(t) && !tolerationsTolerateTaint(tolerations, t));
}

export const doNotScheduleTaint = (t: Taint): boolean => t.effect === 'NoSchedule' || t.effect === 'NoExecute';

/** Kubernetes prints the taint with Go's %s, so a taint without a value reads "{key: }". */
export const untoleratedTaintReason = (t: Taint): string => `node(s) had untolerated taint {${t.key}: ${t.value ?? ''}}`;


/** Tolerations that can tolerate a PreferNoSchedule taint: that effect, or no effect (all effects). */
const preferNoScheduleTolerations = (pod: Pod): Toleration[] =>
  (pod.spec?.tolerations ?? []).filter((t) => !t.effect || t.effect === 'PreferNoSchedule');

export function countIntolerableTaintsPreferNoSchedule(taints: readonly Taint[] | undefined, tolerations: readonly Toleration[]): number {
  return (taints ?? []).filter((t) => t.effect === 'PreferNoSchedule' && !tolerationsTolerateTaint(tolerations, t)).length;
}

export const taintToleration: FilterPlugin & PreScorePlugin & ScorePlugin = {
  name: TAINT_TOLERATION,

  filter(_state: CycleState, pod: Pod, node: NodeInfo): PluginStatus {
    // Most nodes carry no taint; this runs for every node a pod considers.
    if ((node.node.spec?.taints?.length ?? 0) === 0) return OK;
    const taint = findMatchingUntoleratedTaint(node.node.spec?.taints, pod.spec?.tolerations, doNotScheduleTaint);
    return taint ? { code: 'UnschedulableAndUnresolvable', reasons: [untoleratedTaintReason(taint)] } : OK;
  },

  preScore(state: CycleState, pod: Pod): PluginStatus {
    state.set(PRE_SCORE_KEY, preferNoScheduleTolerations(pod));
    return SUCCESS;
  },

  score(state: CycleState, pod: Pod, node: NodeInfo) {
    // Without PreScore (a profile may disable it) the tolerations are computed here, as NodeAffinity does.
    if ((node.node.spec?.taints?.length ?? 0) === 0) return { score: 0, status: OK };
    const tolerations = (state.get(PRE_SCORE_KEY) as Toleration[] | undefined) ?? preferNoScheduleTolerations(pod);
    return { score: countIntolerableTaintsPreferNoSchedule(node.node.spec?.taints, tolerations), status: OK };
  },

  normalize(_state: CycleState, _pod: Pod, scores: readonly NodeScore[]): NodeScore[] {
    return defaultNormalizeScore(MAX_NODE_SCORE, true, scores);
  },
};
