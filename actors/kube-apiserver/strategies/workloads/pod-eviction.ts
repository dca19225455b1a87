// The pods/eviction subresource (pkg/registry/core/pod/storage/eviction.go) as a decision: given
// the pod and the namespace's PodDisruptionBudgets, delete it at once, decrement a budget first,
// or refuse with the Status Kubernetes sends (429 when the budget allows no disruption).

import type { KubeObject, Status } from '../../../../protocols/kube/objects.ts';
import { type FailureStatus, forbidden, tooManyRequests } from '../../../../protocols/kube/status.ts';
import { labelSelectorAsSelector, matchesLabels } from '../../../../protocols/kube/validation/index.ts';
import { type J, rec, selectorObj, str, strMap } from './json.ts';
import { isPodReady, podCondition, setCondition } from './pod-conditions.ts';
import { cloneBody } from '../../registry/body.ts';

export type EvictionPlan =
  /** Delete the pod (after `withDisruptionTarget`); `pinResourceVersion`: with the pod's resourceVersion as a precondition when the request set none. */
  | { readonly kind: 'delete'; readonly pinResourceVersion: boolean }
  /** Write this budget's status (disruptionsAllowed decremented, the pod in disruptedPods), then delete the pod. */
  | { readonly kind: 'decrement-then-delete'; readonly pdb: KubeObject }
  /** Answer with this Status and leave the pod. */
  | { readonly kind: 'refuse'; readonly status: FailureStatus | Status };

const MAX_DISRUPTED_PODS = 2000;
const PDB = { group: 'policy', resource: 'poddisruptionbudget' };

const tooMany = (message: string, cause: string, retryAfter: number): FailureStatus => {
  const base = tooManyRequests(message, retryAfter);
  return { ...base, details: { ...base.details, causes: [{ reason: 'DisruptionBudget', message: cause }] } };
};

/** The budgets whose selector matches the pod (a budget with an invalid selector matches nothing). */
export function matchingBudgets(pod: KubeObject, pdbs: readonly KubeObject[]): KubeObject[] {
  const labels = strMap(pod.metadata.labels) ?? {};
  return pdbs.filter((pdb) => {
    if (pdb.metadata.namespace !== pod.metadata.namespace) return false;
    const sel = labelSelectorAsSelector(selectorObj(rec(pdb.spec).selector));
    return sel.ok && sel.value.type !== 'nothing' && matchesLabels(sel.value, labels);
  });
}

/** checkAndDecrement: the budget with one disruption spent, or the refusal. */
function checkAndDecrement(pod: KubeObject, pdb: KubeObject, now: string): EvictionPlan {
  const status: J = structuredClone(rec(pdb.status));
  const name = str(pdb.metadata.name);
  const allowed = typeof status.disruptionsAllowed === 'number' ? status.disruptionsAllowed : 0;
  if ((status.observedGeneration ?? 0) < (pdb.metadata.generation ?? 0)) {
    return { kind: 'refuse', status: tooMany("Cannot evict pod as it would violate the pod's disruption budget.", `The disruption budget ${name} is still being processed by the server.`, 10) };
  }
  if (allowed < 0) return { kind: 'refuse', status: forbidden(PDB, name, 'pdb disruptions allowed is negative') };
  if (Object.keys(rec(status.disruptedPods)).length > MAX_DISRUPTED_PODS) {
    return { kind: 'refuse', status: forbidden(PDB, name, 'DisruptedPods map too big - too many evictions not confirmed by PDB controller') };
  }
  if (allowed === 0) {
    const cause = `The disruption budget ${name} needs ${status.desiredHealthy ?? 0} healthy pods and has ${status.currentHealthy ?? 0} currently`;
    return { kind: 'refuse', status: tooMany("Cannot evict pod as it would violate the pod's disruption budget.", cause, 0) };
  }
  status.disruptionsAllowed = allowed - 1;
  if (status.disruptionsAllowed === 0) {
    setCondition(status, { type: 'DisruptionAllowed', status: 'False', reason: 'InsufficientPods', message: '', observedGeneration: status.observedGeneration ?? 0 }, now);
  }
  status.disruptedPods = { ...rec(status.disruptedPods), [str(pod.metadata.name)]: now };
  return { kind: 'decrement-then-delete', pdb: { ...structuredClone(pdb), status } };
}

/** What an Eviction of `pod` does, given the budgets of its namespace. */
export function planEviction(pod: KubeObject, pdbs: readonly KubeObject[], now: string): EvictionPlan {
  const phase = str(rec(pod.status).phase);
  const terminal = phase === 'Succeeded' || phase === 'Failed';
  const deleting = Boolean(pod.metadata.deletionTimestamp);
  // canIgnorePDB: nothing to protect in a pod that is finished, not yet running, or already going.
  if (terminal || phase === 'Pending' || deleting) return { kind: 'delete', pinResourceVersion: !terminal && !deleting };
  const budgets = matchingBudgets(pod, pdbs);
  if (budgets.length > 1) {
    return { kind: 'refuse', status: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.', code: 500 } };
  }
  if (budgets.length === 0) return { kind: 'delete', pinResourceVersion: false };
  const pdb = budgets[0]!;
  if (!isPodReady(pod)) {
    const spec = rec(pdb.spec);
    const st = rec(pdb.status);
    if (spec.unhealthyPodEvictionPolicy === 'AlwaysAllow') return { kind: 'delete', pinResourceVersion: true };
    if ((st.currentHealthy ?? 0) >= (st.desiredHealthy ?? 0) && (st.desiredHealthy ?? 0) > 0) return { kind: 'delete', pinResourceVersion: true };
  }
  return checkAndDecrement(pod, pdb, now);
}

/** The pod with the DisruptionTarget condition the eviction adds before deleting it. */
export function withDisruptionTarget(pod: KubeObject, now: string): KubeObject {
  const out = cloneBody(pod);
  const status = rec(out.status);
  setCondition(status, podCondition({ type: 'DisruptionTarget', status: 'True', reason: 'EvictionByEvictionAPI', message: 'Eviction API: evicting' }), now);
  out.status = status;
  return out;
}
