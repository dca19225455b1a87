// `kubectl rollout undo` as 1.32 does it, on the client: find the ReplicaSet of the wanted
// revision (by default the one before the latest), and send the Deployment a JSON patch that
// replaces spec.template with that ReplicaSet's template (its pod-template-hash label left out)
// and metadata.annotations with the ReplicaSet's annotations, keeping the Deployment's own
// controller-managed ones. The controller then finds that old ReplicaSet to be the new one
// again, gives it the next revision and rolls back to it.

import { controllerRefOf } from './claim.ts';
import { equalIgnoreHash, revisionOf } from './replica-sets.ts';
import { ANNOTATIONS_TO_SKIP, type Deployment, POD_TEMPLATE_HASH, type ReplicaSet } from './types.ts';

export type RollbackPlan =
  | { readonly kind: 'patch'; readonly patchType: 'json'; readonly patch: string; readonly toRevision: number }
  | { readonly kind: 'skipped'; readonly message: string }
  | { readonly kind: 'error'; readonly message: string };

/** deploymentRevision: the ReplicaSet of `toRevision`, or with 0 the second newest revision. */
function replicaSetForRevision(d: Deployment, owned: readonly ReplicaSet[], toRevision: number): ReplicaSet | string {
  let latest: ReplicaSet | undefined;
  let latestRevision = -1;
  let previous: ReplicaSet | undefined;
  let previousRevision = -1;
  for (const rs of owned) {
    const v = revisionOf(rs);
    if (Number.isNaN(v)) continue;
    if (toRevision === 0) {
      if (latestRevision < v) {
        previousRevision = latestRevision;
        previous = latest;
        latestRevision = v;
        latest = rs;
      } else if (previousRevision < v) {
        previousRevision = v;
        previous = rs;
      }
    } else if (toRevision === v) return rs;
  }
  if (toRevision > 0) return `unable to find specified revision ${toRevision} in history`;
  return previous ?? `no rollout history found for deployment ${JSON.stringify(d.metadata?.name ?? '')}`;
}

/** The patch `kubectl rollout undo deployment/<name> [--to-revision=N]` sends, or why it sends none. */
export function rollbackPatch(d: Deployment, replicaSets: readonly ReplicaSet[], toRevision = 0): RollbackPlan {
  if (toRevision < 0) return { kind: 'error', message: `unable to find specified revision ${toRevision} in history` };
  const owned = replicaSets.filter((rs) => controllerRefOf(rs)?.uid === d.metadata?.uid);
  const found = replicaSetForRevision(d, owned, toRevision);
  if (typeof found === 'string') return { kind: 'error', message: found };
  if (d.spec?.paused === true) return { kind: 'error', message: "you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again" };
  const revision = revisionOf(found);
  if (equalIgnoreHash(found.spec?.template, d.spec?.template)) return { kind: 'skipped', message: `skipped rollback (current template already matches revision ${toRevision})` };

  const template = structuredClone(found.spec?.template ?? {});
  if (template.metadata?.labels) {
    delete template.metadata.labels[POD_TEMPLATE_HASH];
    if (Object.keys(template.metadata.labels).length === 0) delete template.metadata.labels;
  }
  const annotations: Record<string, string> = {};
  for (const [k, v] of Object.entries(d.metadata?.annotations ?? {})) if (ANNOTATIONS_TO_SKIP.has(k)) annotations[k] = v;
  for (const [k, v] of Object.entries(found.metadata?.annotations ?? {})) if (!ANNOTATIONS_TO_SKIP.has(k)) annotations[k] = v;
  const patch = [
    { op: 'replace', path: '/spec/template', value: template },
    { op: 'replace', path: '/metadata/annotations', value: annotations },
  ];
  return { kind: 'patch', patchType: 'json', patch: JSON.stringify(patch), toRevision: revision };
}
