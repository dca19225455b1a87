// Which victims a preemption would take against a PodDisruptionBudget's will. The budget's
// status.disruptionsAllowed is what the disruption controller last computed; each victim the budget
// selects uses one up, and the victims past it are "violating". A pod the budget already lists in
// status.disruptedPods was counted by the apiserver's eviction and uses nothing more.

import type { Pod, PodDisruptionBudget } from '../../../../protocols/kube/objects.ts';
import { isEmptySelector, labelSelectorAsSelector, matchesLabels } from '../../../../protocols/kube/validation/index.ts';

export interface PdbSplit {
  readonly violating: readonly Pod[];
  readonly nonViolating: readonly Pod[];
}

/** filterPodsWithPDBViolation: stable, so a sorted input gives sorted groups. */
export function splitByPdbViolation(pods: readonly Pod[], pdbs: readonly PodDisruptionBudget[]): PdbSplit {
  const allowed = pdbs.map((b) => b.status?.disruptionsAllowed ?? 0);
  const selectors = pdbs.map((b) => {
    const parsed = labelSelectorAsSelector(b.spec?.selector as Parameters<typeof labelSelectorAsSelector>[0]);
    // An invalid, nil or empty selector selects no pod here.
    return parsed.ok && !isEmptySelector(parsed.value) ? parsed.value : undefined;
  });
  const violating: Pod[] = [];
  const nonViolating: Pod[] = [];
  for (const pod of pods) {
    const labels = pod.metadata?.labels ?? {};
    let violated = false;
    if (Object.keys(labels).length > 0) {
      pdbs.forEach((pdb, i) => {
        const sel = selectors[i];
        if (sel === undefined || (pdb.metadata?.namespace ?? '') !== (pod.metadata?.namespace ?? '')) return;
        if (!matchesLabels(sel, labels)) return;
        if (Object.hasOwn(pdb.status?.disruptedPods ?? {}, pod.metadata?.name ?? '')) return;
        allowed[i]!--;
        if (allowed[i]! < 0) violated = true;
      });
    }
    (violated ? violating : nonViolating).push(pod);
  }
  return { violating, nonViolating };
}
