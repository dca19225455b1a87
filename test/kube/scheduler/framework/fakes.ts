// Small fake plugins and nodes for the framework's tests: the real plugins are written elsewhere.

import type { Node, Pod } from '../../../../protocols/kube/objects.ts';
import type {
  FilterPlugin, NodeInfo, NodeScore, PluginStatus, PreFilterPlugin, PreScorePlugin, ScorePlugin,
} from '../../../../actors/kube-scheduler/framework/types.ts';
import { SUCCESS } from '../../../../actors/kube-scheduler/framework/types.ts';

const zero = { milliCPU: 0, memory: 0, ephemeralStorage: 0, scalar: {} };

export function nodeInfo(name: string, labels: Record<string, string> = {}): NodeInfo {
  const node: Node = { metadata: { name, labels } };
  return { node, pods: [], requested: zero, nonZeroRequested: zero, allocatable: zero, allowedPodNumber: 110, usedPorts: [], imageSizes: {}, podsWithAffinity: [], podsWithRequiredAntiAffinity: [] };
}

export const nodes = (n: number): NodeInfo[] => Array.from({ length: n }, (_, i) => nodeInfo(`node-${i}`));
export const nameOf = (n: NodeInfo): string => n.node.metadata!.name!;

export const pod = (name = 'p', priority?: number): Pod => ({ metadata: { name, namespace: 'default' }, spec: { containers: [], ...(priority === undefined ? {} : { priority }) } });

export const unschedulable = (...reasons: string[]): PluginStatus => ({ code: 'Unschedulable', reasons });
export const unresolvable = (...reasons: string[]): PluginStatus => ({ code: 'UnschedulableAndUnresolvable', reasons });

/** Rejects the nodes the predicate picks with the given status. */
export function filterBy(name: string, rejects: (n: NodeInfo) => PluginStatus | undefined, calls?: string[]): FilterPlugin {
  return { name, filter: (_s, _p, n) => { calls?.push(`${name}:${nameOf(n)}`); return rejects(n) ?? SUCCESS; } };
}

export function preFilter(name: string, status: PluginStatus, nodeNames?: string[]): PreFilterPlugin {
  return { name, preFilter: () => (nodeNames === undefined ? { status } : { status, result: { nodeNames } }) };
}

export function preScore(name: string, status: PluginStatus): PreScorePlugin {
  return { name, preScore: () => status };
}

/** Scores each node from a table; normalizes by scaling the best to 100 when asked. */
export function scoreBy(name: string, table: Record<string, number>, normalize = false): ScorePlugin {
  const pl: ScorePlugin = { name, score: (_s, _p, n) => ({ score: table[nameOf(n)] ?? 0, status: SUCCESS }) };
  if (!normalize) return pl;
  return {
    ...pl,
    normalize: (_s, _p, scores: readonly NodeScore[]) => {
      const max = Math.max(...scores.map((s) => s.score));
      return scores.map((s) => ({ name: s.name, score: max === 0 ? 0 : Math.trunc((s.score * 100) / max) }));
    },
  };
}
