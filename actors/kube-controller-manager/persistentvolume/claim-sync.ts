// syncClaim of the PV controller (Kubernetes 1.32): a claim without the bind-completed annotation
// is bound to the best matching volume, waits for its first consumer (WaitForFirstConsumer
// classes until the scheduler names a node), is provisioned for, or stays Pending; a claim that
// was bound is kept bound, or Lost when its volume is gone or bound elsewhere. Pending claims are
// looked at again every sync period, as the informers' resync makes the controller do.

import type { PersistentVolume, PersistentVolumeClaim, StorageClass } from '../../../protocols/kube/objects.ts';
import {
  ANN_BOUND_BY_CONTROLLER,
  ANN_SELECTED_NODE,
  checkVolumeSatisfyClaim,
  claimClass,
  claimHasClass,
  findBestMatchForClaim,
  isVolumeBoundToClaim,
} from '../../../protocols/kube/volume-matching.ts';
import { updateCall } from '../../client/index.ts';
import { bind, updateClaimStatus } from './bind.ts';
import { provisionClaim } from './provisioner.ts';
import { asObject, type BinderView, hasAnnotation, Outcome } from './view.ts';

const IS_DEFAULT_CLASS = 'storageclass.kubernetes.io/is-default-class';
const BETA_IS_DEFAULT_CLASS = 'storageclass.beta.kubernetes.io/is-default-class';

/** GetDefaultClass: of the classes marked default, the newest (then the first by name). */
export function defaultClass(classes: readonly StorageClass[]): StorageClass | undefined {
  const marked = classes.filter((c) => c.metadata?.annotations?.[IS_DEFAULT_CLASS] === 'true' || c.metadata?.annotations?.[BETA_IS_DEFAULT_CLASS] === 'true');
  marked.sort((a, b) => {
    const ta = a.metadata?.creationTimestamp ?? '';
    const tb = b.metadata?.creationTimestamp ?? '';
    if (ta !== tb) return ta > tb ? -1 : 1;
    return (a.metadata?.name ?? '') < (b.metadata?.name ?? '') ? -1 : 1;
  });
  return marked[0];
}

/** IsDelayBindingMode: the claim's class exists and binds WaitForFirstConsumer. */
export function isDelayBinding(claim: PersistentVolumeClaim, view: BinderView): boolean {
  const name = claimClass(claim);
  if (name === '') return false;
  return view.storageClass(name)?.volumeBindingMode === 'WaitForFirstConsumer';
}

/** Names of the pods not yet scheduled, not finished, that use the claim (directly or as their generic ephemeral volume). */
export function unscheduledPodsUsing(claim: PersistentVolumeClaim, view: BinderView): string[] {
  const name = claim.metadata?.name;
  return view
    .pods(claim.metadata?.namespace ?? '')
    .filter((p) => p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed' && !p.spec?.nodeName)
    .filter((p) => (p.spec?.volumes ?? []).some((v) => v.persistentVolumeClaim?.claimName === name || (v.ephemeral && `${p.metadata?.name}-${v.name}` === name)))
    .map((p) => p.metadata!.name!)
    .sort();
}

function waitingEvent(out: Outcome, claim: PersistentVolumeClaim, view: BinderView): void {
  const pods = unscheduledPodsUsing(claim, view);
  if (pods.length === 0) out.event(claim, 'Normal', 'WaitForFirstConsumer', 'waiting for first consumer to be created before binding');
  else if (pods.length === 1) out.event(claim, 'Normal', 'WaitForPodScheduled', `waiting for pod ${pods[0]} to be scheduled`);
  else out.event(claim, 'Normal', 'WaitForPodScheduled', `waiting for pods ${pods.join(',')} to be scheduled`);
}

function syncUnboundClaim(out: Outcome, claim: PersistentVolumeClaim, view: BinderView): void {
  const wanted = claim.spec?.volumeName ?? '';
  if (wanted === '') {
    const delay = isDelayBinding(claim, view);
    const volume = findBestMatchForClaim(claim, view.volumes, delay);
    if (volume) return bind(out, view, volume, claim);
    out.resync();
    // A claim made before any class was default gets the default now (retroactive default StorageClass).
    const def = claimHasClass(claim) ? undefined : defaultClass(view.storageClasses());
    if (def) {
      out.write(updateCall(asObject({ ...claim, spec: { ...claim.spec, storageClassName: def.metadata!.name! } })));
      return;
    }
    if (delay && !hasAnnotation(claim, ANN_SELECTED_NODE)) waitingEvent(out, claim, view);
    else if (claimClass(claim) !== '') return provisionClaim(out, claim, view);
    else out.event(claim, 'Normal', 'FailedBinding', 'no persistent volumes available for this claim and no storage class is set');
    updateClaimStatus(out, claim, 'Pending');
    return;
  }
  const volume = view.volume(wanted);
  if (volume === undefined) {
    out.resync();
    updateClaimStatus(out, claim, 'Pending');
    return;
  }
  if (!volume.spec?.claimRef) {
    const why = checkVolumeSatisfyClaim(volume, claim);
    if (why === undefined) return bind(out, view, volume, claim);
    out.resync().event(claim, 'Warning', 'VolumeMismatch', `Cannot bind to requested volume "${wanted}": ${why}`);
    updateClaimStatus(out, claim, 'Pending');
    return;
  }
  if (isVolumeBoundToClaim(volume, claim)) return bind(out, view, volume, claim);
  out.resync().event(claim, 'Warning', 'FailedBinding', `volume "${wanted}" already bound to a different claim.`);
  // The claim asked for this volume itself: wait for it. One the controller bound cannot be here unless someone removed bind-completed.
  if (!hasAnnotation(claim, ANN_BOUND_BY_CONTROLLER)) updateClaimStatus(out, claim, 'Pending');
}

function lost(out: Outcome, claim: PersistentVolumeClaim, reason: string, message: string): void {
  if (claim.status?.phase === 'Lost') return;
  updateClaimStatus(out, claim, 'Lost');
  out.event(claim, 'Warning', reason, message);
}

function syncBoundClaim(out: Outcome, claim: PersistentVolumeClaim, view: BinderView): void {
  const name = claim.spec?.volumeName ?? '';
  if (name === '') return lost(out, claim, 'ClaimLost', 'Bound claim has lost reference to PersistentVolume. Data on the volume is lost!');
  const volume: PersistentVolume | undefined = view.volume(name);
  if (volume === undefined) return lost(out, claim, 'ClaimLost', 'Bound claim has lost its PersistentVolume. Data on the volume is lost!');
  const ref = volume.spec?.claimRef;
  if (!ref || ref.uid === claim.metadata?.uid) return bind(out, view, volume, claim);
  lost(out, claim, 'ClaimMisbound', 'Two claims are bound to the same volume, this one is bound incorrectly');
}

export function syncClaim(claim: PersistentVolumeClaim, view: BinderView): Outcome {
  const out = new Outcome();
  if (hasAnnotation(claim, 'pv.kubernetes.io/bind-completed')) syncBoundClaim(out, claim, view);
  else syncUnboundClaim(out, claim, view);
  return out;
}
