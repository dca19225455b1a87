// The annotations the controller keeps on its ReplicaSets and on the Deployment: the Deployment's
// own annotations copied down (minus the controller's), the revision (and, when an old template
// comes back, the revisions it had before), and the replica counts a ReplicaSet was sized for,
// which proportional scaling reads back. These work on copies the caller owns.

import { maxSurge } from './rollout-math.ts';
import {
  ANNOTATIONS_TO_SKIP,
  type Deployment,
  DESIRED_REPLICAS_ANNOTATION,
  MAX_REPLICAS_ANNOTATION,
  type ReplicaSet,
  REVISION_ANNOTATION,
  REVISION_HISTORY_ANNOTATION,
  replicasOf,
} from './types.ts';

/** Kubernetes keeps the revision history annotation under ~2000 characters. */
export const MAX_REV_HISTORY_LENGTH_IN_CHARS = 2000;

const annotationsOf = (o: { metadata?: { annotations?: Record<string, string> } }): Record<string, string> => {
  o.metadata ??= {};
  o.metadata.annotations ??= {};
  return o.metadata.annotations;
};

function copyDeploymentAnnotations(d: Deployment, rs: ReplicaSet): boolean {
  const to = annotationsOf(rs);
  let changed = false;
  for (const [k, v] of Object.entries(d.metadata?.annotations ?? {})) {
    if (ANNOTATIONS_TO_SKIP.has(k) || to[k] === v) continue;
    to[k] = v;
    changed = true;
  }
  return changed;
}

/** SetReplicasAnnotations: desired-replicas and max-replicas; whether either changed. */
export function setReplicasAnnotations(rs: ReplicaSet, desired: number, max: number): boolean {
  const a = annotationsOf(rs);
  let changed = false;
  if (a[DESIRED_REPLICAS_ANNOTATION] !== String(desired)) {
    a[DESIRED_REPLICAS_ANNOTATION] = String(desired);
    changed = true;
  }
  if (a[MAX_REPLICAS_ANNOTATION] !== String(max)) {
    a[MAX_REPLICAS_ANNOTATION] = String(max);
    changed = true;
  }
  return changed;
}

export function replicasAnnotationsNeedUpdate(rs: ReplicaSet, desired: number, max: number): boolean {
  const a = rs.metadata?.annotations ?? {};
  return a[DESIRED_REPLICAS_ANNOTATION] !== String(desired) || a[MAX_REPLICAS_ANNOTATION] !== String(max);
}

function appendHistory(history: string, oldRevision: string): string | undefined {
  const revisions = history.split(',');
  if (revisions[0]!.length === 0) return oldRevision;
  let total = history.length + oldRevision.length + 1;
  let start = 0;
  while (total > MAX_REV_HISTORY_LENGTH_IN_CHARS && start < revisions.length) {
    total -= revisions[start]!.length + 1;
    start++;
  }
  return total <= MAX_REV_HISTORY_LENGTH_IN_CHARS ? [...revisions.slice(start), oldRevision].join(',') : undefined;
}

/**
 * SetNewReplicaSetAnnotations: the Deployment's annotations, the new revision when it is higher
 * (the old one then goes to the revision history: this template came back), and, for a
 * ReplicaSet about to be created, the replica annotations. Whether anything changed.
 */
export function setNewReplicaSetAnnotations(d: Deployment, rs: ReplicaSet, newRevision: string, exists: boolean): boolean {
  let changed = copyDeploymentAnnotations(d, rs);
  const a = annotationsOf(rs);
  const had = Object.hasOwn(a, REVISION_ANNOTATION);
  const oldRevision = a[REVISION_ANNOTATION] ?? '';
  if (oldRevision !== '' && !/^[+-]?\d+$/.test(oldRevision)) return false;
  const oldInt = oldRevision === '' ? 0 : Number(oldRevision);
  const newInt = Number(newRevision);
  if (oldInt < newInt) {
    a[REVISION_ANNOTATION] = newRevision;
    changed = true;
    if (had) {
      const history = appendHistory(a[REVISION_HISTORY_ANNOTATION] ?? '', oldRevision);
      if (history !== undefined) a[REVISION_HISTORY_ANNOTATION] = history;
    }
  }
  if (!exists && setReplicasAnnotations(rs, replicasOf(d), replicasOf(d) + maxSurge(d))) changed = true;
  return changed;
}

/** SetDeploymentRevision: whether the Deployment's revision annotation had to change. */
export function setDeploymentRevision(d: Deployment, revision: string | undefined): boolean {
  const a = annotationsOf(d);
  if (revision === undefined || a[REVISION_ANNOTATION] === revision) return false;
  a[REVISION_ANNOTATION] = revision;
  return true;
}
