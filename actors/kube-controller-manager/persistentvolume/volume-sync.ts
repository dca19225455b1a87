// syncVolume of the PV controller (Kubernetes 1.32): an unclaimed (or only pre-bound) volume is
// Available; a volume whose claim is gone is Released and reclaimed by its policy (Retain keeps
// it, Delete removes it when the deleter is this controller's provisioner); a volume the controller
// bound to a claim that went to another volume is unbound again. Claims are read from the cache
// only (Kubernetes double-checks a missing claim with a GET; a reconcile here cannot read).

import type { PersistentVolume, PersistentVolumeClaim } from '../../../protocols/kube/objects.ts';
import { ANN_BOUND_BY_CONTROLLER, ANN_DYNAMICALLY_PROVISIONED, volumeModeMismatch } from '../../../protocols/kube/volume-matching.ts';
import { deleteCall, updateCall } from '../../client/index.ts';
import { updateVolumePhase } from './bind.ts';
import { asObject, type BinderView, hasAnnotation, HOST_PATH_PROVISIONER, Outcome } from './view.ts';

/** The claim a volume's claimRef points at, if it still exists with the same uid. */
function claimOf(volume: PersistentVolume, view: BinderView): PersistentVolumeClaim | undefined {
  const ref = volume.spec!.claimRef!;
  const claim = view.claim(ref.namespace ?? '', ref.name ?? '');
  return claim && claim.metadata?.uid === ref.uid ? claim : undefined;
}

/** isVolumeReleased: bound (with a uid) to a claim that is gone or bound to another volume. */
export function isVolumeReleased(volume: PersistentVolume, view: BinderView): boolean {
  const ref = volume.spec?.claimRef;
  if (!ref || !ref.uid) return false;
  const claim = claimOf(volume, view);
  if (claim === undefined) return true;
  return (claim.spec?.volumeName ?? '') !== '' && claim.spec?.volumeName !== volume.metadata?.name;
}

function failed(out: Outcome, view: BinderView, volume: PersistentVolume, reason: string, message: string): void {
  if (updateVolumePhase(out, view, volume, 'Failed', message)) out.event(volume, 'Warning', reason, message);
}

/** reclaimVolume, run once the volume is Released. */
function reclaim(out: Outcome, view: BinderView, volume: PersistentVolume): void {
  const policy = volume.spec?.persistentVolumeReclaimPolicy;
  if (policy === 'Retain') return;
  // Recycle (deprecated: a scrubber pod) is not implemented: the volume stays Released.
  if (policy === 'Recycle') return;
  if (policy !== 'Delete') return failed(out, view, volume, 'VolumeUnknownReclaimPolicy', 'Volume has unrecognized PersistentVolumeReclaimPolicy');
  if (volume.metadata?.deletionTimestamp || !isVolumeReleased(volume, view)) return;
  const by = volume.metadata?.annotations?.[ANN_DYNAMICALLY_PROVISIONED];
  if (by === HOST_PATH_PROVISIONER) {
    out.write(deleteCall('persistentvolumes', volume.metadata!.name!));
    return;
  }
  // An external provisioner deletes its own volumes.
  if (by !== undefined && by !== '' && !by.startsWith('kubernetes.io/')) return;
  const message = by?.startsWith('kubernetes.io/')
    ? `no volume plugin matched name: ${by}`
    : `error getting deleter volume plugin for volume "${volume.metadata?.name}": no deletable volume plugin matched`;
  failed(out, view, volume, 'VolumeFailedDelete', message);
}

/** unbindVolume: the controller's own binding removed; a user's pre-binding keeps its name, loses its uid. */
function unbind(out: Outcome, volume: PersistentVolume): void {
  if (hasAnnotation(volume, ANN_BOUND_BY_CONTROLLER)) {
    const { [ANN_BOUND_BY_CONTROLLER]: _gone, ...rest } = volume.metadata?.annotations ?? {};
    const { claimRef: _ref, ...spec } = volume.spec ?? {};
    const metadata = { ...volume.metadata };
    if (Object.keys(rest).length > 0) metadata.annotations = rest;
    else delete metadata.annotations;
    out.write(updateCall(asObject({ ...volume, metadata, spec })));
  } else {
    out.write(updateCall(asObject({ ...volume, spec: { ...volume.spec, claimRef: { ...volume.spec!.claimRef!, uid: '' } } })));
  }
}

export function syncVolume(volume: PersistentVolume, view: BinderView): Outcome {
  const out = new Outcome();
  const ref = volume.spec?.claimRef;
  if (!ref || !ref.uid) {
    updateVolumePhase(out, view, volume, 'Available');
    return out;
  }
  const claim = claimOf(volume, view);
  const phase = volume.status?.phase;
  if (claim === undefined) {
    if (phase !== 'Released' && phase !== 'Failed') {
      updateVolumePhase(out, view, volume, 'Released');
      return out;
    }
    reclaim(out, view, volume);
    return out;
  }
  const bound = claim.spec?.volumeName ?? '';
  if (bound === '') {
    if (volumeModeMismatch(claim, volume)) {
      out.event(volume, 'Warning', 'VolumeMismatch', `Cannot bind PersistentVolume to requested PersistentVolumeClaim "${claim.metadata?.name}" due to incompatible volumeMode.`);
      out.event(claim, 'Warning', 'VolumeMismatch', `Cannot bind PersistentVolume "${volume.metadata?.name}" to requested PersistentVolumeClaim due to incompatible volumeMode.`);
    }
    // The claim's own sync completes the binding (its key is queued with this volume's).
    return out;
  }
  if (bound === volume.metadata?.name) {
    updateVolumePhase(out, view, volume, 'Bound');
    return out;
  }
  if (hasAnnotation(volume, ANN_DYNAMICALLY_PROVISIONED) && volume.spec?.persistentVolumeReclaimPolicy === 'Delete') {
    // Provisioned for a claim that was bound elsewhere meanwhile: not needed.
    if (phase !== 'Released' && phase !== 'Failed') updateVolumePhase(out, view, volume, 'Released');
    else reclaim(out, view, volume);
    return out;
  }
  unbind(out, volume);
  return out;
}
