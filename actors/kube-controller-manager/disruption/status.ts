// A PodDisruptionBudget's status, as the disruption controller's trySync writes it: the matching
// pods, those healthy (Ready, not being deleted, not recently evicted: an eviction the API
// approved is listed in disruptedPods and the pod counts as gone for two minutes, or until it is
// being deleted), how many may be disrupted, and the DisruptionAllowed condition. A failure to
// work the numbers out writes the fail-safe status: no disruption allowed, reason SyncFailed.

import type { KubeObject, PodDisruptionBudget } from '../../../protocols/kube/objects.ts';
import { parseRfc3339, rfc3339 } from '../../../protocols/kube/time.ts';
import { labelSelectorAsSelector } from '../../../protocols/kube/validation/index.ts';
import { type Listers, type ReconcileResult, referenceTo, splitKey, updateCall } from '../../client/index.ts';
import { expectedPodCount } from './expected-pods.ts';
import { selectorString } from './selector-string.ts';

/** DeletionTimeout: an evicted pod not being deleted after this long is counted again. */
export const DELETION_TIMEOUT_MS = 2 * 60_000;

type Condition = NonNullable<NonNullable<PodDisruptionBudget['status']>['conditions']>[number];
type Event = NonNullable<ReconcileResult['events']>[number];

const isReady = (pod: KubeObject) => ((pod as { status?: { conditions?: { type: string; status: string }[] } }).status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
const deleting = (o: KubeObject) => o.metadata.deletionTimestamp !== undefined && o.metadata.deletionTimestamp !== null;

/** apimeta.SetStatusCondition: the transition time moves only when the status does. */
function setCondition(conditions: readonly Condition[], c: Omit<Condition, 'lastTransitionTime'>, at: string): Condition[] {
  const old = conditions.find((x) => x.type === c.type);
  const lastTransitionTime = old !== undefined && old.status === c.status ? old.lastTransitionTime : at;
  const next = { ...c, lastTransitionTime } as Condition;
  return old === undefined ? [...conditions, next] : conditions.map((x) => (x.type === c.type ? next : x));
}

const writeStatus = (pdb: PodDisruptionBudget, status: PodDisruptionBudget['status']) => updateCall({ ...(pdb as KubeObject), status } as KubeObject, { subresource: 'status' });

function failSafe(pdb: PodDisruptionBudget, message: string, at: string, events: Event[]): ReconcileResult {
  const s = pdb.status ?? { currentHealthy: 0, desiredHealthy: 0, expectedPods: 0, disruptionsAllowed: 0 };
  const conditions = setCondition(s.conditions ?? [], { type: 'DisruptionAllowed', status: 'False', reason: 'SyncFailed', message, observedGeneration: s.observedGeneration ?? 0 }, at);
  return { writes: [writeStatus(pdb, { ...s, disruptionsAllowed: 0, conditions })], events };
}

export function reconcilePdb(key: string, listers: Listers, now: number, epochMs: number): ReconcileResult {
  const pdb = listers.poddisruptionbudgets!.get(key) as PodDisruptionBudget | undefined;
  if (pdb === undefined) return { writes: [] };
  const at = rfc3339(epochMs + now);
  const ref = referenceTo(pdb as KubeObject);
  const events: Event[] = [];
  const { namespace } = splitKey(key);
  const selector = labelSelectorAsSelector(pdb.spec?.selector);
  if (!selector.ok) {
    events.push({ ref, type: 'Warning', reason: 'NoPods', message: `Failed to get pods: ${selector.error}` });
    return failSafe(pdb, selector.error, at, events);
  }
  const pods = listers.pods!.namespace(namespace).list(selector.value);
  if (pods.length === 0) events.push({ ref, type: 'Normal', reason: 'NoPods', message: 'No matching pods found' });
  const expected = expectedPodCount(pdb.spec ?? {}, pods, listers);
  if (typeof expected === 'string') {
    events.push({ ref, type: 'Warning', reason: 'CalculateExpectedPodCountFailed', message: `Failed to calculate the number of expected pods: ${expected}` });
    return failSafe(pdb, expected, at, events);
  }
  if (expected.unmanaged.length > 0) {
    const message = `Pods selected by this PodDisruptionBudget (selector: ${selectorString(pdb.spec?.selector)}) were found to be unmanaged. As a result, the status of the PDB cannot be calculated correctly, which may result in undefined behavior. To account for these pods please set ".spec.minAvailable" field of the PDB to an integer value.`;
    events.push({ ref, type: 'Warning', reason: 'UnmanagedPods', message });
  }

  // The disrupted-pods map, minus pods gone, being deleted, or overdue (which count again).
  const disrupted: Record<string, string> = {};
  let recheckAt: number | undefined;
  const wall = epochMs + now;
  const listed = pdb.status?.disruptedPods ?? {};
  for (const pod of pods) {
    const since = listed[pod.metadata.name!];
    if (deleting(pod) || since === undefined) continue;
    const expectedDeletion = (parseRfc3339(since) ?? 0) + DELETION_TIMEOUT_MS;
    if (expectedDeletion < wall) {
      events.push({ ref: referenceTo(pod), type: 'Warning', reason: 'NotDeleted', message: `Pod was expected by PDB ${namespace}/${namespace} to be deleted but it wasn't` });
      continue;
    }
    disrupted[pod.metadata.name!] = since;
    recheckAt = Math.min(recheckAt ?? Infinity, expectedDeletion);
  }
  // What is left in the map is within its timeout: those pods count as gone.
  const currentHealthy = pods.filter((p) => !deleting(p) && disrupted[p.metadata.name!] === undefined && isReady(p)).length;
  const { expectedCount, desiredHealthy } = expected;
  const allowed = expectedCount <= 0 || currentHealthy - desiredHealthy <= 0 ? 0 : currentHealthy - desiredHealthy;
  const requeue = recheckAt === undefined ? {} : { requeueAfter: recheckAt - wall };

  const s = pdb.status;
  const generation = pdb.metadata?.generation ?? 0;
  const cond = s?.conditions?.find((c) => c.type === 'DisruptionAllowed');
  const upToDate =
    s !== undefined && s.currentHealthy === currentHealthy && s.desiredHealthy === desiredHealthy && s.expectedPods === expectedCount && s.disruptionsAllowed === allowed &&
    JSON.stringify(s.disruptedPods ?? {}) === JSON.stringify(disrupted) && s.observedGeneration === generation && cond !== undefined && cond.observedGeneration === s.observedGeneration;
  if (upToDate) return { writes: [], events, ...requeue };
  const condition = allowed > 0
    ? { type: 'DisruptionAllowed', status: 'True', reason: 'SufficientPods', message: '', observedGeneration: generation }
    : { type: 'DisruptionAllowed', status: 'False', reason: 'InsufficientPods', message: '', observedGeneration: generation };
  const status = {
    currentHealthy,
    desiredHealthy,
    expectedPods: expectedCount,
    disruptionsAllowed: allowed,
    ...(Object.keys(disrupted).length > 0 ? { disruptedPods: disrupted } : {}),
    observedGeneration: generation,
    conditions: setCondition(s?.conditions ?? [], condition, at),
  };
  return { writes: [writeStatus(pdb, status)], events, ...requeue };
}
