// PodTopologySpread as a framework plugin: the filtering and scoring cores behind the extension
// points, their per-cycle results kept in the cycle state. PreScore and Score need every node of
// the snapshot, not only the candidates, so the plugin is built over a lister of the snapshot.

import type { Pod } from '../../../../protocols/kube/objects.ts';
import { type CycleState, type FilterPlugin, type NodeInfo, type NodeScore, type PluginStatus, type PreFilterPlugin, type PreScorePlugin, SUCCESS, type ScorePlugin } from '../../framework/types.ts';
import type { DefaultingArgs } from './constraints.ts';
import { type SpreadFilterState, computeFilterState, filterNode } from './filtering.ts';
import { type SpreadScoreState, computeScoreState, normalizeScores, scoreNode } from './scoring.ts';

export const NAME = 'PodTopologySpread';
const FILTER_KEY = `PreFilter${NAME}`;
const SCORE_KEY = `PreScore${NAME}`;
const SKIP: PluginStatus = { code: 'Skip', reasons: [] };

export interface PodTopologySpreadArgs extends DefaultingArgs {
  /** Every node of the scheduler's snapshot for this cycle. */
  readonly listNodes: () => readonly NodeInfo[];
}

export type PodTopologySpreadPlugin = PreFilterPlugin & FilterPlugin & PreScorePlugin & ScorePlugin;

export function podTopologySpread(args: PodTopologySpreadArgs): PodTopologySpreadPlugin {
  return {
    name: NAME,
    preFilter(state: CycleState, pod: Pod, nodes: readonly NodeInfo[]) {
      const s = computeFilterState(pod, nodes, args);
      state.set(FILTER_KEY, s);
      return { status: s.constraints.length === 0 ? SKIP : SUCCESS };
    },
    filter(state: CycleState, pod: Pod, node: NodeInfo): PluginStatus {
      const s = state.get(FILTER_KEY) as SpreadFilterState | undefined;
      if (s === undefined) return { code: 'Error', reasons: [`reading "${FILTER_KEY}" from cycleState: not found`] };
      const v = filterNode(s, pod, node);
      return v.ok ? SUCCESS : { code: v.code, reasons: [v.reason] };
    },
    preScore(state: CycleState, pod: Pod, nodes: readonly NodeInfo[]): PluginStatus {
      const s = computeScoreState(pod, nodes, args.listNodes(), args);
      if (s === undefined) return SKIP;
      state.set(SCORE_KEY, s);
      return SUCCESS;
    },
    score(state: CycleState, pod: Pod, node: NodeInfo) {
      const s = state.get(SCORE_KEY) as SpreadScoreState | undefined;
      if (s === undefined) return { score: 0, status: SUCCESS };
      return { score: scoreNode(s, pod, node), status: SUCCESS };
    },
    normalize(state: CycleState, _pod: Pod, scores: readonly NodeScore[]): NodeScore[] {
      const s = state.get(SCORE_KEY) as SpreadScoreState | undefined;
      return s === undefined ? [...scores] : normalizeScores(s, scores);
    },
  };
}
