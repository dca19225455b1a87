// The StatefulSet's current and update revisions (getStatefulSetRevisions): the update revision is
// the live template's; an equal older revision is renumbered (a rollback), none equal means a new
// one is created. The current revision is the one status.currentRevision names, or the update
// revision when there is none yet. A name already taken by different data is a hash collision:
// status.collisionCount goes up and the next reconcile names the revision anew.

import type { ApiCall } from '../../../protocols/kube/api.ts';
import type { ControllerRevision, KubeObject, Pod, StatefulSet } from '../../../protocols/kube/objects.ts';
import { createCall, deleteCall, updateCall } from '../../client/index.ts';
import { hashRevisionData } from '../history/hash.ts';
import { equalRevision, findEqualRevisions, newControllerRevision, nextRevision, templatePatch } from '../history/revisions.ts';
import { podRevision } from './identity.ts';

export type SetRevisions =
  | { readonly collision: false; readonly current: ControllerRevision; readonly update: ControllerRevision; readonly collisionCount: number; readonly writes: ApiCall[] }
  | { readonly collision: true; readonly collisionCount: number };

/** `revisions` sorted oldest first, all controlled by `set`. */
export function setRevisions(set: StatefulSet, revisions: readonly ControllerRevision[]): SetRevisions {
  const collisionCount = set.status?.collisionCount ?? 0;
  const data = templatePatch(set.spec!.template);
  const hash = hashRevisionData(data, collisionCount);
  let update = newControllerRevision(set as KubeObject, 'StatefulSet', set.spec!.template.metadata?.labels, data, nextRevision(revisions), hash);
  const writes: ApiCall[] = [];
  const equal = findEqualRevisions(revisions, update);
  const last = revisions[revisions.length - 1];
  if (equal.length > 0 && last !== undefined && equalRevision(last, equal[equal.length - 1]!)) {
    update = last;
  } else if (equal.length > 0) {
    update = { ...equal[equal.length - 1]!, revision: update.revision };
    writes.push(updateCall(update as unknown as KubeObject));
  } else {
    if (revisions.some((r) => r.metadata?.name === update.metadata!.name)) return { collision: true, collisionCount: collisionCount + 1 };
    writes.push(createCall(update as unknown as KubeObject));
  }
  const current = revisions.find((r) => r.metadata?.name === set.status?.currentRevision) ?? update;
  return { collision: false, current, update, collisionCount, writes };
}

/** truncateHistory: deletes the oldest revisions no pod, nor current, nor update uses, beyond revisionHistoryLimit. */
export function truncateHistory(set: StatefulSet, pods: readonly Pod[], revisions: readonly ControllerRevision[], current: string, update: string): ApiCall[] {
  const live = new Set([current, update, ...pods.map((p) => podRevision(p as KubeObject))]);
  const history = revisions.filter((r) => !live.has(r.metadata?.name ?? ''));
  const limit = set.spec?.revisionHistoryLimit ?? 10;
  if (limit < 0 || history.length <= limit) return [];
  return history.slice(0, history.length - limit).map((r) => deleteCall('controllerrevisions', r.metadata!.name!, { namespace: r.metadata!.namespace! }));
}
