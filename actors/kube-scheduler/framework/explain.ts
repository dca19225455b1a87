// Why a pod did not fit, worded as kube-scheduler's FitError and DefaultPreemption word it (the
// FailedScheduling event and the PodScheduled condition), and the per-plugin results payload that
// kube-scheduler-simulator stores on the pod as annotations.

import type { AttemptRecord, Diagnosis } from './runner.ts';
import type { PluginStatus } from './types.ts';

/** "2 Insufficient cpu", ...: each reason counted over the nodes, sorted as strings (Go's sort.Strings). */
export function reasonsHistogram(nodeToStatus: Readonly<Record<string, PluginStatus>>): string[] {
  const counts = new Map<string, number>();
  for (const status of Object.values(nodeToStatus)) {
    for (const reason of status.reasons) counts.set(reason, (counts.get(reason) ?? 0) + 1);
  }
  return [...counts].map(([reason, n]) => `${n} ${reason}`).sort(byteOrder);
}

function byteOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * FitError.Error(): "0/N nodes are available:" then the PreFilter message or the filter reasons,
 * each closed by a period, then PostFilter's message (preemption's) as it is.
 */
export function fitErrorMessage(diagnosis: Diagnosis, postFilterMsg = ''): string {
  let msg = `0/${diagnosis.numAllNodes} nodes are available:`;
  if (diagnosis.preFilterMsg !== undefined && diagnosis.preFilterMsg !== '') {
    msg += ` ${diagnosis.preFilterMsg}.`;
  } else {
    const reasons = reasonsHistogram(diagnosis.nodeToStatus);
    if (reasons.length > 0) msg += ` ${reasons.join(', ')}.`;
  }
  // PostFilter's message carries its own closing period.
  if (postFilterMsg !== '') msg += ` ${postFilterMsg}`;
  return msg;
}

/** DefaultPreemption's reasons for a node it could not use. */
export const PREEMPTION_NOT_HELPFUL = 'Preemption is not helpful for scheduling';
export const NO_PREEMPTION_VICTIMS = 'No preemption victims found for incoming pod';

/** Why the pod may not preempt at all (PodEligibleToPreemptOthers). */
export type PreemptionIneligible = 'preemptionPolicy=Never' | 'terminating pod on nominated node';

/**
 * DefaultPreemption's PostFilter message when it found no candidate. Nodes that failed with
 * UnschedulableAndUnresolvable are ones preemption cannot help; the rest are taken to hold no pod of
 * lower priority (SelectVictimsOnNode's "no victims"), the only case when every pod shares one
 * priority. Nodes whose lower-priority pods were not enough would show their filter reason instead.
 */
export function preemptionMessage(diagnosis: Diagnosis, ineligible?: PreemptionIneligible): string {
  if (ineligible === 'preemptionPolicy=Never') return 'preemption: not eligible due to preemptionPolicy=Never.';
  if (ineligible === 'terminating pod on nominated node') return 'preemption: not eligible due to a terminating pod on the nominated node.';
  const per: Record<string, PluginStatus> = {};
  for (const [node, status] of Object.entries(diagnosis.nodeToStatus)) {
    const unresolvable = status.code === 'UnschedulableAndUnresolvable';
    per[node] = { code: 'UnschedulableAndUnresolvable', reasons: [unresolvable ? PREEMPTION_NOT_HELPFUL : NO_PREEMPTION_VICTIMS] };
  }
  return `preemption: 0/${diagnosis.numAllNodes} nodes are available: ${reasonsHistogram(per).join(', ')}.`;
}

/** The full FailedScheduling message when no preemption candidate was found. */
export function failedSchedulingMessage(diagnosis: Diagnosis, ineligible?: PreemptionIneligible): string {
  return fitErrorMessage(diagnosis, preemptionMessage(diagnosis, ineligible));
}

/** kube-scheduler-simulator's result annotation keys. */
export const RESULT_ANNOTATIONS = {
  filter: 'kube-scheduler-simulator.sigs.k8s.io/filter-result',
  score: 'kube-scheduler-simulator.sigs.k8s.io/score-result',
  finalScore: 'kube-scheduler-simulator.sigs.k8s.io/finalscore-result',
  selectedNode: 'kube-scheduler-simulator.sigs.k8s.io/selected-node',
} as const;

/** The simulator's "passed" verdict; a failure shows the plugin's reasons. */
export const PASSED_FILTER = 'passed';

/** node → plugin → verdict / score, JSON-encoded as the simulator's annotations carry them. */
export function resultAnnotations(record: AttemptRecord, selectedNode?: string): Record<string, string> {
  const filter: Record<string, Record<string, string>> = {};
  for (const [node, plugins] of Object.entries(record.filter)) {
    filter[node] = {};
    for (const [plugin, status] of Object.entries(plugins)) {
      filter[node][plugin] = status.code === 'Success' ? PASSED_FILTER : status.reasons.join(', ');
    }
  }
  const out: Record<string, string> = {
    [RESULT_ANNOTATIONS.filter]: JSON.stringify(filter),
    [RESULT_ANNOTATIONS.score]: JSON.stringify(stringify(record.rawScore)),
    [RESULT_ANNOTATIONS.finalScore]: JSON.stringify(stringify(record.score)),
  };
  if (selectedNode !== undefined) out[RESULT_ANNOTATIONS.selectedNode] = selectedNode;
  return out;
}

function stringify(scores: Readonly<Record<string, Readonly<Record<string, number>>>>): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  for (const [node, plugins] of Object.entries(scores)) {
    out[node] = {};
    for (const [plugin, score] of Object.entries(plugins)) out[node][plugin] = String(score);
  }
  return out;
}
