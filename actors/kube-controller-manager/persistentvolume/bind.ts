// The two-way binding of a volume and a claim, in the PV controller's order: the volume's claimRef
// first, then its phase Bound, then the claim's volumeName with its bind-completed annotation,
// then the claim's phase Bound with the volume's access modes and capacity. Each step is skipped
// when already done; the first step not done is the one write of this reconcile.

import type { PersistentVolume, PersistentVolumeClaim } from '../../../protocols/kube/objects.ts';
import { ANN_BIND_COMPLETED, ANN_BOUND_BY_CONTROLLER, bindVolumeToClaim } from '../../../protocols/kube/volume-matching.ts';
import { updateCall } from '../../client/index.ts';
import { asObject, type BinderView, hasAnnotation, type Outcome, withAnnotations } from './view.ts';

type VolumePhase = 'Pending' | 'Available' | 'Bound' | 'Released' | 'Failed';
type ClaimPhase = 'Pending' | 'Bound' | 'Lost';

/** updateVolumePhase: a status write when the phase differs (the message cleared). */
export function updateVolumePhase(out: Outcome, view: BinderView, volume: PersistentVolume, phase: VolumePhase, message = ''): boolean {
  if (volume.status?.phase === phase) return false;
  const { message: _old, ...status } = volume.status ?? {};
  const next: PersistentVolume = { ...volume, status: { ...status, phase, ...(message ? { message } : {}), lastPhaseTransitionTime: view.stamp } };
  out.write(updateCall(asObject(next), { subresource: 'status' }));
  return true;
}

/** updateClaimStatus: phase, and the volume's access modes and (when becoming Bound) capacity; cleared without a volume. */
export function updateClaimStatus(out: Outcome, claim: PersistentVolumeClaim, phase: ClaimPhase, volume?: PersistentVolume): boolean {
  const was = claim.status ?? {};
  const status: Record<string, unknown> = { ...was, phase };
  let dirty = was.phase !== phase;
  if (volume === undefined) {
    if (was.accessModes !== undefined) {
      delete status.accessModes;
      dirty = true;
    }
    if (was.capacity !== undefined) {
      delete status.capacity;
      dirty = true;
    }
  } else {
    const modes = volume.spec?.accessModes ?? [];
    if (JSON.stringify(was.accessModes ?? null) !== JSON.stringify(volume.spec?.accessModes ?? null)) {
      status.accessModes = modes;
      dirty = true;
    }
    // Only when becoming Bound: a later difference may be a resize in progress.
    if (was.phase !== phase && was.capacity?.storage !== volume.spec?.capacity?.storage) {
      status.capacity = volume.spec?.capacity ?? {};
      dirty = true;
    }
  }
  if (!dirty) return false;
  out.write(updateCall(asObject({ ...claim, status } as PersistentVolumeClaim), { subresource: 'status' }));
  return true;
}

/** bind: the next write binding `volume` and `claim`, if any is left. */
export function bind(out: Outcome, view: BinderView, volume: PersistentVolume, claim: PersistentVolumeClaim): void {
  const bound = bindVolumeToClaim(volume, claim);
  if (bound.dirty) {
    out.write(updateCall(asObject(bound.volume)));
    return;
  }
  if (updateVolumePhase(out, view, volume, 'Bound')) return;
  let next = claim;
  let dirty = false;
  if (claim.spec?.volumeName !== volume.metadata?.name) {
    next = { ...next, spec: { ...next.spec, volumeName: volume.metadata!.name! } };
    if (!hasAnnotation(next, ANN_BOUND_BY_CONTROLLER)) next = withAnnotations(next, { [ANN_BOUND_BY_CONTROLLER]: 'yes' });
    dirty = true;
  }
  if (!hasAnnotation(next, ANN_BIND_COMPLETED)) {
    next = withAnnotations(next, { [ANN_BIND_COMPLETED]: 'yes' });
    dirty = true;
  }
  if (dirty) {
    out.write(updateCall(asObject(next)));
    return;
  }
  updateClaimStatus(out, claim, 'Bound', volume);
}
