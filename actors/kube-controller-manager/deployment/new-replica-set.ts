// getNewReplicaSet: the ReplicaSet running the Deployment's current template, its revision one
// above every old one's. An existing one gets the Deployment's annotations and minReadySeconds;
// a missing one (when the caller allows) is created as `<deployment>-<pod-template-hash>` with
// the hash label on its selector and template. A name taken by a ReplicaSet that is not this
// template's is a hash collision: status.collisionCount goes up and the next sync hashes anew.

import { setDeploymentRevision, setNewReplicaSetAnnotations } from './annotations.ts';
import { getCondition, newCondition, setCondition } from './conditions.ts';
import { computeHash } from './hash.ts';
import { equalIgnoreHash, findNewReplicaSet, maxRevision } from './replica-sets.ts';
import { newRSNewReplicas } from './rollout-math.ts';
import { type Deployment, POD_TEMPLATE_HASH, REASONS, type ReplicaSet, REVISION_ANNOTATION } from './types.ts';
import { event, type Work, write } from './work.ts';

/** HasProgressDeadline: set and not MaxInt32 (which means "never"). */
export const hasProgressDeadline = (d: Deployment): boolean => d.spec?.progressDeadlineSeconds !== undefined && d.spec.progressDeadlineSeconds !== 2147483647;

const q = (s: string) => JSON.stringify(s);

export type NewRSOutcome = { readonly rs: ReplicaSet | undefined; readonly collided?: false } | { readonly rs: undefined; readonly collided: true };

/** A create of the new ReplicaSet the apiserver refused (other than AlreadyExists), heard after the sync that sent it. */
export interface FailedCreate {
  readonly name: string;
  readonly message: string;
}

export function getNewReplicaSet(
  w: Work,
  rsList: readonly ReplicaSet[],
  oldRSs: readonly ReplicaSet[],
  createIfMissing: boolean,
  inNamespace: (name: string) => ReplicaSet | undefined,
  failed?: FailedCreate,
): NewRSOutcome {
  const d = w.d;
  const existing = findNewReplicaSet(d, rsList);
  const newRevision = String(maxRevision(oldRSs) + 1);

  if (existing !== undefined) {
    const copy = structuredClone(existing);
    const annotationsUpdated = setNewReplicaSetAnnotations(d, copy, newRevision, true);
    const minReadyNeedsUpdate = (copy.spec?.minReadySeconds ?? 0) !== (d.spec?.minReadySeconds ?? 0);
    if (annotationsUpdated || minReadyNeedsUpdate) {
      copy.spec = { ...copy.spec!, minReadySeconds: d.spec?.minReadySeconds ?? 0 };
      return { rs: write(w, copy) };
    }
    setDeploymentRevision(d, copy.metadata?.annotations?.[REVISION_ANNOTATION]);
    if (hasProgressDeadline(d) && getCondition(d.status, 'Progressing') === undefined) {
      d.status ??= {};
      setCondition(d.status, newCondition('Progressing', 'True', REASONS.foundNewRS, `Found new replica set ${q(copy.metadata!.name!)}`, w.nowMs));
    }
    return { rs: copy };
  }
  if (!createIfMissing) return { rs: undefined };

  const template = structuredClone(d.spec!.template);
  const hash = computeHash(template, d.status?.collisionCount);
  template.metadata = { ...template.metadata, labels: { ...template.metadata?.labels, [POD_TEMPLATE_HASH]: hash } };
  const selector = structuredClone(d.spec!.selector);
  selector.matchLabels = { ...selector.matchLabels, [POD_TEMPLATE_HASH]: hash };
  const name = `${d.metadata!.name}-${hash}`;

  const taken = inNamespace(name);
  if (taken !== undefined) {
    const ref = (taken.metadata?.ownerReferences ?? []).find((r) => r.controller === true);
    // Ours already (a slow cache): the next sync finds it among the Deployment's ReplicaSets.
    if (ref?.uid === d.metadata?.uid && equalIgnoreHash(d.spec?.template, taken.spec?.template)) return { rs: taken };
    d.status = { ...d.status, collisionCount: (d.status?.collisionCount ?? 0) + 1 };
    return { rs: undefined, collided: true };
  }

  const rs: ReplicaSet = {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name,
      namespace: d.metadata!.namespace!,
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: d.metadata!.name!, uid: d.metadata!.uid!, controller: true, blockOwnerDeletion: true }],
      labels: template.metadata.labels!,
    },
    spec: { replicas: 0, minReadySeconds: d.spec?.minReadySeconds ?? 0, selector, template },
  };
  rs.spec!.replicas = newRSNewReplicas(d, [...oldRSs, rs], rs);
  // Kubernetes reports a refused create as it happens; here the refusal is heard after the sync
  // that sent it, so the next sync reports it and tries again (backing off while it fails).
  const refused = failed?.name === name ? `Failed to create new replica set ${q(name)}: ${failed.message}` : undefined;
  if (refused !== undefined) {
    if (hasProgressDeadline(d)) {
      d.status ??= {};
      setCondition(d.status, newCondition('Progressing', 'False', REASONS.failedRSCreate, refused, w.nowMs));
    }
    event(w, 'Warning', REASONS.failedRSCreate, refused);
  }
  setNewReplicaSetAnnotations(d, rs, newRevision, false);
  write(w, rs, true);
  if (rs.spec!.replicas! > 0) event(w, 'Normal', 'ScalingReplicaSet', `Scaled up replica set ${name} to ${rs.spec!.replicas}`);
  setDeploymentRevision(d, newRevision);
  if (hasProgressDeadline(d) && refused === undefined) {
    d.status ??= {};
    setCondition(d.status, newCondition('Progressing', 'True', REASONS.newReplicaSet, `Created new replica set ${q(name)}`, w.nowMs));
  }
  return { rs };
}
