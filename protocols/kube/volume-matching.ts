// Matching PersistentVolumeClaims to PersistentVolumes, as Kubernetes 1.32 does it in
// component-helpers/storage/volume and the PV controller's index: the PV controller binds claims
// with it (no node, delay binding honoured) and the scheduler's VolumeBinding plugin with it (a
// node given, whose labels the PV's node affinity must match). A PV pre-bound to the claim wins
// outright; otherwise the smallest Available PV of the claim's class that satisfies the selector,
// the volume mode, the capacity and (scheduler path) the access modes.

import type { Node, PersistentVolume, PersistentVolumeClaim } from './objects.ts';
import type { NodeSelector, TopologySelectorTerm } from 'kubernetes-types/core/v1.d.ts';
import { tryParseQuantity } from './quantity.ts';
import { type Labels, type Requirement, labelSelectorAsSelector, matchesLabels, newRequirement, selectorOf } from './validation/index.ts';

export const ANN_BIND_COMPLETED = 'pv.kubernetes.io/bind-completed';
export const ANN_BOUND_BY_CONTROLLER = 'pv.kubernetes.io/bound-by-controller';
export const ANN_SELECTED_NODE = 'volume.kubernetes.io/selected-node';
export const ANN_DYNAMICALLY_PROVISIONED = 'pv.kubernetes.io/provisioned-by';
export const ANN_STORAGE_PROVISIONER = 'volume.kubernetes.io/storage-provisioner';
export const ANN_BETA_STORAGE_PROVISIONER = 'volume.beta.kubernetes.io/storage-provisioner';
export const BETA_STORAGE_CLASS_ANNOTATION = 'volume.beta.kubernetes.io/storage-class';
/** The provisioner name a class uses to say it cannot provision (local volumes). */
export const NOT_SUPPORTED_PROVISIONER = 'kubernetes.io/no-provisioner';

/** GetPersistentVolumeClaimClass: the beta annotation wins, then spec.storageClassName, else "". */
export function claimClass(claim: PersistentVolumeClaim): string {
  const beta = claim.metadata?.annotations?.[BETA_STORAGE_CLASS_ANNOTATION];
  if (beta !== undefined) return beta;
  return claim.spec?.storageClassName ?? '';
}

/** GetPersistentVolumeClass, the same for a volume. */
export function volumeClass(volume: PersistentVolume): string {
  const beta = volume.metadata?.annotations?.[BETA_STORAGE_CLASS_ANNOTATION];
  if (beta !== undefined) return beta;
  return volume.spec?.storageClassName ?? '';
}

/** PersistentVolumeClaimHasClass: a class named at all, even "". */
export const claimHasClass = (claim: PersistentVolumeClaim): boolean =>
  (claim.spec?.storageClassName !== undefined && claim.spec?.storageClassName !== null) || claim.metadata?.annotations?.[BETA_STORAGE_CLASS_ANNOTATION] !== undefined;

const nanosOf = (q: string | number | undefined): bigint => (q === undefined ? 0n : (tryParseQuantity(String(q))?.nanos ?? 0n));

/** The claim's storage request in nanos (0 when absent). */
export const requestedStorage = (claim: PersistentVolumeClaim): bigint => nanosOf(claim.spec?.resources?.requests?.storage as string | undefined);
/** The volume's storage capacity in nanos (0 when absent). */
export const volumeCapacity = (volume: PersistentVolume): bigint => nanosOf(volume.spec?.capacity?.storage as string | undefined);

/** IsVolumeBoundToClaim: claimRef names the claim, and its UID, when set, is the claim's. */
export function isVolumeBoundToClaim(volume: PersistentVolume, claim: PersistentVolumeClaim): boolean {
  const ref = volume.spec?.claimRef;
  if (!ref) return false;
  if (ref.name !== claim.metadata?.name || ref.namespace !== claim.metadata?.namespace) return false;
  return !ref.uid || ref.uid === claim.metadata?.uid;
}

/** CheckVolumeModeMismatches: an absent mode is Filesystem on both sides. */
export const volumeModeMismatch = (claim: PersistentVolumeClaim, volume: PersistentVolume): boolean =>
  (claim.spec?.volumeMode ?? 'Filesystem') !== (volume.spec?.volumeMode ?? 'Filesystem');

/** CheckAccessModes: the volume offers every mode the claim asks for. */
export function checkAccessModes(claim: PersistentVolumeClaim, volume: PersistentVolume): boolean {
  const offered = new Set(volume.spec?.accessModes ?? []);
  return (claim.spec?.accessModes ?? []).every((m) => offered.has(m));
}

const OPERATORS: Readonly<Record<string, Requirement['operator']>> = { In: 'in', NotIn: 'notin', Exists: 'exists', DoesNotExist: '!', Gt: 'gt', Lt: 'lt' };

/**
 * MatchNodeSelectorTerms against a node known only by its labels, as volume.CheckNodeAffinity
 * calls it: terms are ORed, a term's expressions ANDed; empty terms and terms that do not parse
 * match nothing; matchFields are not evaluated for a node without a name.
 */
export function nodeSelectorMatchesLabels(selector: NodeSelector, labels: Labels): boolean {
  return (selector.nodeSelectorTerms ?? []).some((term) => {
    const exprs = term.matchExpressions ?? [];
    if (exprs.length === 0) return false;
    const reqs: Requirement[] = [];
    for (const e of exprs) {
      const op = OPERATORS[e.operator];
      const r = op === undefined ? undefined : newRequirement(e.key, op, e.values ?? []);
      if (r === undefined || !r.ok) return false;
      reqs.push(r.value);
    }
    return matchesLabels(selectorOf(reqs), labels);
  });
}

/** volume.CheckNodeAffinity: undefined when the PV may be used on a node with these labels, else why not. */
export function checkVolumeNodeAffinity(volume: PersistentVolume, labels: Labels): string | undefined {
  const required = volume.spec?.nodeAffinity?.required;
  if (!required) return undefined;
  return nodeSelectorMatchesLabels(required, labels) ? undefined : 'no matching NodeSelectorTerms';
}

/** MatchTopologySelectorTerms (a class's allowedTopologies): no terms allow every node. */
export function topologyTermsMatch(terms: readonly TopologySelectorTerm[] | undefined, labels: Labels): boolean {
  if (!terms || terms.length === 0) return true;
  return terms.some((t) => (t.matchLabelExpressions ?? []).every((e) => labels[e.key] !== undefined && e.values.includes(labels[e.key]!)));
}

export interface MatchOptions {
  /** The scheduler's path: the PV's node affinity must match this node, and access modes are checked here. */
  readonly node?: Pick<Node, 'metadata'>;
  /** PVs already chosen for the pod's other claims. */
  readonly excluded?: ReadonlySet<string>;
  /** The claim's class binds WaitForFirstConsumer: without a node only pre-bound PVs match. */
  readonly delayBinding?: boolean;
}

/** FindMatchingVolume: the pre-bound PV, else the smallest fitting Available one; first in list order on ties. */
export function findMatchingVolume(claim: PersistentVolumeClaim, volumes: readonly PersistentVolume[], o: MatchOptions = {}): PersistentVolume | undefined {
  const requested = requestedStorage(claim);
  const wanted = claimClass(claim);
  let selector: ReturnType<typeof labelSelectorAsSelector> | undefined;
  if (claim.spec?.selector) {
    selector = labelSelectorAsSelector(claim.spec.selector);
    if (!selector.ok) return undefined;
  }
  const nodeLabels = o.node?.metadata?.labels ?? {};
  let smallest: PersistentVolume | undefined;
  let smallestQty = 0n;
  for (const volume of volumes) {
    const name = volume.metadata?.name ?? '';
    if (o.excluded?.has(name)) continue;
    if (volume.spec?.claimRef && !isVolumeBoundToClaim(volume, claim)) continue;
    const qty = volumeCapacity(volume);
    if (qty < requested) continue;
    if (volumeModeMismatch(claim, volume)) continue;
    if (volume.metadata?.deletionTimestamp) continue;
    const affinityOk = o.node === undefined || checkVolumeNodeAffinity(volume, nodeLabels) === undefined;
    if (isVolumeBoundToClaim(volume, claim)) return affinityOk ? volume : undefined;
    if (o.node === undefined && o.delayBinding) continue;
    if (volume.status?.phase !== 'Available') continue;
    if (selector?.ok && !matchesLabels(selector.value, volume.metadata?.labels ?? {})) continue;
    if (volumeClass(volume) !== wanted) continue;
    if (!affinityOk) continue;
    if (o.node !== undefined && !checkAccessModes(claim, volume)) continue;
    if (smallest === undefined || smallestQty > qty) {
      smallest = volume;
      smallestQty = qty;
    }
  }
  return smallest;
}

const MODE_ORDER = ['ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOncePod'];
/** GetAccessModesAsString's set, in its canonical order: the PV index's key. */
const modesKey = (modes: readonly string[]): string => MODE_ORDER.filter((m) => modes.includes(m)).join(',');

/**
 * The PV controller's findBestMatchForClaim: volumes grouped by their access-mode set, the sets
 * offering every requested mode tried fewest modes first, so a claim gets what is closest to what
 * it asked for. Volumes are visited in name order, so a seeded run never depends on map order.
 */
export function findBestMatchForClaim(claim: PersistentVolumeClaim, volumes: readonly PersistentVolume[], delayBinding: boolean): PersistentVolume | undefined {
  const groups = new Map<string, PersistentVolume[]>();
  const sorted = [...volumes].sort((a, b) => ((a.metadata?.name ?? '') < (b.metadata?.name ?? '') ? -1 : 1));
  for (const v of sorted) {
    const key = modesKey(v.spec?.accessModes ?? []);
    groups.set(key, [...(groups.get(key) ?? []), v]);
  }
  const requested = claim.spec?.accessModes ?? [];
  const candidates = [...groups.keys()]
    .filter((k) => requested.every((m) => k.split(',').includes(m)))
    .sort((a, b) => a.split(',').length - b.split(',').length || (a < b ? -1 : a > b ? 1 : 0));
  for (const k of candidates) {
    const found = findMatchingVolume(claim, groups.get(k)!, { delayBinding });
    if (found) return found;
  }
  return undefined;
}

/** checkVolumeSatisfyClaim: why a volume a claim names cannot be bound to it, or undefined. */
export function checkVolumeSatisfyClaim(volume: PersistentVolume, claim: PersistentVolumeClaim): string | undefined {
  if (volume.metadata?.deletionTimestamp) return `the volume is marked for deletion "${volume.metadata.name}"`;
  // Compared as Value(): whole units, rounded up.
  const units = (n: bigint) => (n + 999_999_999n) / 1_000_000_000n;
  if (units(volumeCapacity(volume)) < units(requestedStorage(claim))) return 'requested PV is too small';
  if (volumeClass(volume) !== claimClass(claim)) return 'storageClassName does not match';
  if (volumeModeMismatch(claim, volume)) return 'incompatible volumeMode';
  if (!checkAccessModes(claim, volume)) return 'incompatible accessMode';
  return undefined;
}

/** GetBindVolumeToClaim: the volume with claimRef set to the claim (and bound-by-controller when the controller did it), and whether it changed. */
export function bindVolumeToClaim(volume: PersistentVolume, claim: PersistentVolumeClaim): { volume: PersistentVolume; dirty: boolean } {
  const byController = !isVolumeBoundToClaim(volume, claim);
  const ref = volume.spec?.claimRef;
  let dirty = false;
  let out: PersistentVolume = volume;
  if (!ref || ref.name !== claim.metadata?.name || ref.namespace !== claim.metadata?.namespace || ref.uid !== claim.metadata?.uid) {
    out = { ...out, spec: { ...out.spec, claimRef: claimReference(claim) } };
    dirty = true;
  }
  if (byController && out.metadata?.annotations?.[ANN_BOUND_BY_CONTROLLER] === undefined) {
    out = { ...out, metadata: { ...out.metadata, annotations: { ...out.metadata?.annotations, [ANN_BOUND_BY_CONTROLLER]: 'yes' } } };
    dirty = true;
  }
  return { volume: out, dirty };
}

/** reference.GetReference for a claim: what a PV's claimRef holds. */
export function claimReference(claim: PersistentVolumeClaim): NonNullable<NonNullable<PersistentVolume['spec']>['claimRef']> {
  return {
    kind: 'PersistentVolumeClaim',
    namespace: claim.metadata?.namespace ?? '',
    name: claim.metadata?.name ?? '',
    uid: claim.metadata?.uid ?? '',
    apiVersion: 'v1',
    resourceVersion: claim.metadata?.resourceVersion ?? '',
  };
}

/** The scheduler's isPVCFullyBound: a volume named and the binding completed. */
export const claimFullyBound = (claim: PersistentVolumeClaim): boolean =>
  (claim.spec?.volumeName ?? '') !== '' && claim.metadata?.annotations?.[ANN_BIND_COMPLETED] !== undefined;
