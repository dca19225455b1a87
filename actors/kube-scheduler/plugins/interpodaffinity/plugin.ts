// InterPodAffinity as a framework plugin: the filtering and scoring cores behind the extension
// points. Namespace selectors of terms need the namespaces' labels, and PreScore needs every node
// of the snapshot, so both come in as lookups when the plugin is built.

import type { Pod } from '../../../../protocols/kube/objects.ts';
import { type CycleState, type FilterPlugin, type NodeInfo, type NodeScore, type PluginStatus, type PreFilterPlugin, type PreScorePlugin, SUCCESS, type ScorePlugin } from '../../framework/types.ts';
import { type AffinityFilterState, computeFilterState, filterNode } from './filtering.ts';
import { type AffinityScoreArgs, type TopologyScore, computeScoreState, normalizeScores, scoreNode } from './scoring.ts';
import type { NamespaceLabels } from './terms.ts';

export const NAME = 'InterPodAffinity';
const FILTER_KEY = `PreFilter${NAME}`;
const SCORE_KEY = `PreScore${NAME}`;
const SKIP: PluginStatus = { code: 'Skip', reasons: [] };

export interface InterPodAffinityArgs extends AffinityScoreArgs {
  readonly listNodes: () => readonly NodeInfo[];
  readonly namespaceLabels: NamespaceLabels;
}

export type InterPodAffinityPlugin = PreFilterPlugin & FilterPlugin & PreScorePlugin & ScorePlugin;

export function interPodAffinity(args: InterPodAffinityArgs): InterPodAffinityPlugin {
  return {
    name: NAME,
    preFilter(state: CycleState, pod: Pod, nodes: readonly NodeInfo[]) {
      const s = computeFilterState(pod, nodes, args.namespaceLabels);
      if (s === undefined) return { status: SKIP };
      state.set(FILTER_KEY, s);
      return { status: SUCCESS };
    },
    filter(state: CycleState, _pod: Pod, node: NodeInfo): PluginStatus {
      const s = state.get(FILTER_KEY) as AffinityFilterState | undefined;
      if (s === undefined) return SUCCESS;
      const v = filterNode(s, node, args.namespaceLabels);
      return v.ok ? SUCCESS : { code: v.code, reasons: [v.reason] };
    },
    preScore(state: CycleState, pod: Pod): PluginStatus {
      const s = computeScoreState(pod, args.listNodes(), args.namespaceLabels, args);
      if (s === undefined) return SKIP;
      state.set(SCORE_KEY, s);
      return SUCCESS;
    },
    score(state: CycleState, _pod: Pod, node: NodeInfo) {
      const s = state.get(SCORE_KEY) as TopologyScore | undefined;
      return { score: s === undefined ? 0 : scoreNode(s, node), status: SUCCESS };
    },
    normalize(state: CycleState, _pod: Pod, scores: readonly NodeScore[]): NodeScore[] {
      return state.has(SCORE_KEY) ? normalizeScores(scores) : [...scores];
    },
  };
}
