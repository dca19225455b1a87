// Reading a Deployment's ReplicaSets as pkg/controller/deployment/util does: which one is new
// (its template equals the Deployment's, the hash label aside), their orderings, the counts the
// status sums, and the revision numbers kept in annotations.

import { parseRfc3339 } from '../../../protocols/kube/time.ts';
import { canonicalJson } from './hash.ts';
import { type Deployment, POD_TEMPLATE_HASH, type PodTemplateSpec, type ReplicaSet, REVISION_ANNOTATION, replicasOf } from './types.ts';

const created = (rs: ReplicaSet): number => parseRfc3339(rs.metadata?.creationTimestamp ?? '') ?? 0;
const nameOf = (rs: ReplicaSet): string => rs.metadata?.name ?? '';

/** ReplicaSetsByCreationTimestamp: oldest first, ties by name. */
export function byCreation(a: ReplicaSet, b: ReplicaSet): number {
  const d = created(a) - created(b);
  return d !== 0 ? d : nameOf(a) < nameOf(b) ? -1 : nameOf(a) > nameOf(b) ? 1 : 0;
}

/** ReplicaSetsBySizeNewer: largest first; equal sizes newest first (scaling up favours the newer). */
export const bySizeNewer = (a: ReplicaSet, b: ReplicaSet): number => replicasOf(b) - replicasOf(a) || byCreation(b, a);
/** ReplicaSetsBySizeOlder: largest first; equal sizes oldest first (scaling down takes from the older). */
export const bySizeOlder = (a: ReplicaSet, b: ReplicaSet): number => replicasOf(b) - replicasOf(a) || byCreation(a, b);

/** deploymentutil.Revision: 0 when the annotation is absent, NaN when it is not a number. */
export function revisionOf(obj: { metadata?: { annotations?: Record<string, string> } }): number {
  const v = obj.metadata?.annotations?.[REVISION_ANNOTATION];
  if (v === undefined) return 0;
  return /^[+-]?\d+$/.test(v) ? Number(v) : NaN;
}

/** ReplicaSetsByRevision: lowest revision first (an unparseable one counts as 0), ties by creation. */
export const byRevision = (a: ReplicaSet, b: ReplicaSet): number => {
  const r = (rs: ReplicaSet) => (Number.isNaN(revisionOf(rs)) ? 0 : revisionOf(rs));
  return r(a) - r(b) || byCreation(a, b);
};

/** MaxRevision: the highest parseable revision among `rss`. */
export function maxRevision(rss: readonly ReplicaSet[]): number {
  let max = 0;
  for (const rs of rss) {
    const v = revisionOf(rs);
    if (!Number.isNaN(v) && v > max) max = v;
  }
  return max;
}

function withoutHash(t: PodTemplateSpec | undefined): string {
  const copy = structuredClone(t ?? {});
  if (copy.metadata?.labels) {
    delete copy.metadata.labels[POD_TEMPLATE_HASH];
    if (Object.keys(copy.metadata.labels).length === 0) delete copy.metadata.labels;
  }
  return canonicalJson(copy);
}

/** EqualIgnoreHash: the templates are equal once the pod-template-hash label is left out of both. */
export const equalIgnoreHash = (a: PodTemplateSpec | undefined, b: PodTemplateSpec | undefined): boolean => withoutHash(a) === withoutHash(b);

/** FindNewReplicaSet: the oldest ReplicaSet whose template is the Deployment's. */
export function findNewReplicaSet(d: Deployment, rss: readonly ReplicaSet[]): ReplicaSet | undefined {
  return [...rss].sort(byCreation).find((rs) => equalIgnoreHash(rs.spec?.template, d.spec?.template));
}

/** FindOldReplicaSets (all of them: the controller scales and cleans up with the inactive ones too). */
export function findOldReplicaSets(d: Deployment, rss: readonly ReplicaSet[]): ReplicaSet[] {
  const fresh = findNewReplicaSet(d, rss);
  return rss.filter((rs) => rs !== fresh);
}

/** FilterActiveReplicaSets: those asked for at least one pod. */
export const filterActive = (rss: readonly (ReplicaSet | undefined)[]): ReplicaSet[] => rss.filter((rs): rs is ReplicaSet => rs !== undefined && replicasOf(rs) > 0);

const sum = (rss: readonly (ReplicaSet | undefined)[], f: (rs: ReplicaSet) => number | undefined): number => rss.reduce((n, rs) => n + (rs === undefined ? 0 : (f(rs) ?? 0)), 0);
/** GetReplicaCountForReplicaSets: the pods asked for. */
export const specReplicas = (rss: readonly (ReplicaSet | undefined)[]): number => sum(rss, (rs) => rs.spec?.replicas);
/** GetActualReplicaCountForReplicaSets: the pods there are. */
export const actualReplicas = (rss: readonly (ReplicaSet | undefined)[]): number => sum(rss, (rs) => rs.status?.replicas);
export const readyReplicas = (rss: readonly (ReplicaSet | undefined)[]): number => sum(rss, (rs) => rs.status?.readyReplicas);
export const availableReplicas = (rss: readonly (ReplicaSet | undefined)[]): number => sum(rss, (rs) => rs.status?.availableReplicas);

/** FindActiveOrLatest: the one active ReplicaSet, or the newest when none is active; none when several are. */
export function findActiveOrLatest(newRS: ReplicaSet | undefined, oldRSs: readonly ReplicaSet[]): ReplicaSet | undefined {
  if (newRS === undefined && oldRSs.length === 0) return undefined;
  const newestFirst = [...oldRSs].sort((a, b) => byCreation(b, a));
  const active = filterActive([...newestFirst, newRS]);
  if (active.length === 0) return newRS ?? newestFirst[0];
  return active.length === 1 ? active[0] : undefined;
}
