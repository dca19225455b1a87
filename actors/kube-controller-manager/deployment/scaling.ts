// Resizing one ReplicaSet: its replicas and the replica annotations written together, and the
// ScalingReplicaSet Event Kubernetes records when the size changed.

import { replicasAnnotationsNeedUpdate, setReplicasAnnotations } from './annotations.ts';
import { maxSurge } from './rollout-math.ts';
import { type ReplicaSet, replicasOf } from './types.ts';
import { current, event, type Work, write } from './work.ts';

/** scaleReplicaSet: `op` names the direction in the Event ("up" / "down"); whether the size changed. */
export function scaleReplicaSet(w: Work, given: ReplicaSet, newScale: number, op: string): { scaled: boolean; rs: ReplicaSet } {
  const rs = current(w, given);
  const desired = replicasOf(w.d);
  const max = desired + maxSurge(w.d);
  const sizeNeedsUpdate = replicasOf(rs) !== newScale;
  if (!sizeNeedsUpdate && !replicasAnnotationsNeedUpdate(rs, desired, max)) return { scaled: false, rs };
  const oldScale = replicasOf(rs);
  const copy = structuredClone(rs);
  copy.spec = { ...copy.spec!, replicas: newScale };
  setReplicasAnnotations(copy, desired, max);
  write(w, copy);
  if (sizeNeedsUpdate) event(w, 'Normal', 'ScalingReplicaSet', `Scaled ${op} replica set ${copy.metadata!.name} to ${newScale} from ${oldScale}`);
  return { scaled: sizeNeedsUpdate, rs: copy };
}

/** scaleReplicaSetAndRecordEvent: nothing when the size is already right. */
export function scaleAndRecord(w: Work, given: ReplicaSet, newScale: number): { scaled: boolean; rs: ReplicaSet } {
  const rs = current(w, given);
  if (replicasOf(rs) === newScale) return { scaled: false, rs };
  return scaleReplicaSet(w, rs, newScale, replicasOf(rs) < newScale ? 'up' : 'down');
}
