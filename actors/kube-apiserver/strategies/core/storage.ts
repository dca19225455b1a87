// PersistentVolume, PersistentVolumeClaim and storage.k8s.io/v1 StorageClass: their defaults
// (Retain / Filesystem / Pending; Delete / Immediate) and validation, with the PVC spec frozen
// after creation but for a growing storage request, a first volumeName binding and a first class.

import { type FieldError, FieldPath, fieldError } from '../../../../protocols/kube/field-errors.ts';
import type { KubeObject, PersistentVolume, PersistentVolumeClaim, StorageClass } from '../../../../protocols/kube/objects.ts';
import { nameIsDNSSubdomain } from '../../../../protocols/kube/validation/index.ts';
import { genericStrategy } from '../generic.ts';
import { FIELD_IMMUTABLE, validateImmutableField } from '../meta.ts';
import type { Strategy } from '../types.ts';
import { compareQuantity, optionalEnum, qualifiedName, quantityOf, quantityText, requiredEnum, same, view } from './fields.ts';

const ACCESS_MODES = ['ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOncePod'];
const SPEC = FieldPath.root('spec');

function validateAccessModes(modes: readonly string[] | undefined, at: FieldPath, requiredDetail: string): FieldError[] {
  if ((modes ?? []).length === 0) return [fieldError.required(at, requiredDetail)];
  const errs = modes!.filter((m) => !ACCESS_MODES.includes(m)).map((m) => fieldError.notSupported(at, m, ACCESS_MODES));
  if (modes!.includes('ReadWriteOncePod') && modes!.length > 1) errs.push(fieldError.forbidden(at, 'may not use ReadWriteOncePod with other access modes'));
  return errs;
}

/** The volume sources a PV may name; exactly one must be set. */
const PV_SOURCES = [
  'awsElasticBlockStore', 'azureDisk', 'azureFile', 'cephfs', 'cinder', 'csi', 'fc', 'flexVolume', 'flocker', 'gcePersistentDisk', 'glusterfs',
  'hostPath', 'iscsi', 'local', 'nfs', 'photonPersistentDisk', 'portworxVolume', 'quobyte', 'rbd', 'scaleIO', 'storageos', 'vsphereVolume',
];

export function validatePersistentVolume(obj: KubeObject): FieldError[] {
  const spec = (view<PersistentVolume>(obj).spec ?? {}) as Record<string, unknown> & NonNullable<PersistentVolume['spec']>;
  const errs = validateAccessModes(spec.accessModes, SPEC.child('accessModes'), '');
  const capacity = spec.capacity ?? {};
  const keys = Object.keys(capacity);
  if (keys.length === 0) errs.push(fieldError.required(SPEC.child('capacity')));
  else if (!('storage' in capacity) || keys.length > 1) errs.push(fieldError.notSupported(SPEC.child('capacity'), keys, ['storage']));
  else if ((quantityOf(capacity.storage)?.nanos ?? 0n) <= 0n) errs.push(fieldError.invalid(SPEC.child('capacity').key('storage'), quantityText(capacity.storage!), 'must be greater than zero'));
  const sources = PV_SOURCES.filter((s) => spec[s] !== undefined && spec[s] !== null);
  if (sources.length === 0) errs.push(fieldError.required(SPEC, 'must specify a volume type'));
  for (const extra of sources.slice(1)) errs.push(fieldError.forbidden(SPEC.child(extra), 'may not specify more than 1 volume type'));
  errs.push(...optionalEnum(SPEC.child('persistentVolumeReclaimPolicy'), spec.persistentVolumeReclaimPolicy, ['Delete', 'Recycle', 'Retain']));
  errs.push(...optionalEnum(SPEC.child('volumeMode'), spec.volumeMode, ['Block', 'Filesystem']));
  return errs;
}

const pvSource = (spec: Record<string, unknown>) => Object.fromEntries(PV_SOURCES.filter((s) => s in spec).map((s) => [s, spec[s]]));

export const persistentVolumeStrategy: Strategy = {
  ...genericStrategy(true),
  nameValidator: nameIsDNSSubdomain,
  defaults(obj) {
    const pv = obj as KubeObject & { spec?: Record<string, unknown>; status?: { phase?: string } };
    const spec = (pv.spec ??= {});
    spec.persistentVolumeReclaimPolicy ??= 'Retain';
    spec.volumeMode ??= 'Filesystem';
    const hostPath = spec.hostPath as { type?: string } | undefined;
    if (hostPath !== undefined && hostPath !== null) hostPath.type ??= '';
    return obj;
  },
  prepareForCreate(obj, ctx) {
    // lastPhaseTransitionTime is stamped since PersistentVolumeLastPhaseTransitionTime (GA in 1.31).
    obj.status = { phase: 'Pending', lastPhaseTransitionTime: ctx.now };
  },
  validate: validatePersistentVolume,
  validateUpdate(obj, old) {
    const spec = (view<PersistentVolume>(obj).spec ?? {}) as Record<string, unknown>;
    const was = (view<PersistentVolume>(old).spec ?? {}) as Record<string, unknown>;
    const errs: FieldError[] = [];
    if (!same(pvSource(spec), pvSource(was))) errs.push(fieldError.forbidden(SPEC.child('persistentvolumesource'), 'spec.persistentvolumesource is immutable after creation'));
    errs.push(...validateImmutableField(spec.volumeMode, was.volumeMode, 'volumeMode'));
    if (was.nodeAffinity !== undefined) errs.push(...validateImmutableField(spec.nodeAffinity, was.nodeAffinity, SPEC.child('nodeAffinity')));
    return [...errs, ...validatePersistentVolume(obj)];
  },
  status: {
    prepareForUpdate(obj, old, ctx) {
      genericStrategy(true).status!.prepareForUpdate(obj, old, ctx);
      stampPhaseTransition(obj, old, ctx.now);
    },
    validateUpdate: () => [],
  },
};

type PVStatus = { phase?: string; lastPhaseTransitionTime?: string };

/**
 * A status write that changes the phase gets the request's time as lastPhaseTransitionTime,
 * unless the writer set a time of its own; one that keeps the phase and leaves the time out keeps
 * the old one.
 */
export function stampPhaseTransition(obj: KubeObject, old: KubeObject, now: string): void {
  const was = (old.status ?? {}) as PVStatus;
  const status = ((obj.status as PVStatus | undefined) ?? {}) as PVStatus;
  const given = status.lastPhaseTransitionTime ?? undefined;
  if (was.phase === status.phase) {
    if (given === undefined && was.lastPhaseTransitionTime !== undefined) obj.status = { ...status, lastPhaseTransitionTime: was.lastPhaseTransitionTime };
  } else if (given === undefined || given === was.lastPhaseTransitionTime) obj.status = { ...status, lastPhaseTransitionTime: now };
}

type ClaimSpec = NonNullable<PersistentVolumeClaim['spec']>;

export function validatePersistentVolumeClaim(obj: KubeObject): FieldError[] {
  const spec: ClaimSpec = view<PersistentVolumeClaim>(obj).spec ?? {};
  const errs = validateAccessModes(spec.accessModes, SPEC.child('accessModes'), 'at least 1 access mode is required');
  const requests = spec.resources?.requests ?? {};
  const at = SPEC.child('resources').key('storage');
  if (!('storage' in requests)) errs.push(fieldError.required(at));
  else if ((quantityOf(requests.storage)?.nanos ?? 0n) <= 0n) errs.push(fieldError.invalid(at, quantityText(requests.storage!), 'must be greater than zero'));
  errs.push(...optionalEnum(SPEC.child('volumeMode'), spec.volumeMode, ['Block', 'Filesystem']));
  return errs;
}

/** The beta annotation that named a claim's class before spec.storageClassName existed. */
export const BETA_STORAGE_CLASS_ANNOTATION = 'volume.beta.kubernetes.io/storage-class';

type Annotations = Readonly<Record<string, string>> | undefined;

/** The claim's class moves from the beta annotation into spec.storageClassName, naming the same class. */
function classFromAnnotation(oldAnn: Annotations, newAnn: Annotations, oldClass: string | undefined, newClass: string | undefined): boolean {
  const was = oldAnn?.[BETA_STORAGE_CLASS_ANNOTATION];
  const now = newAnn?.[BETA_STORAGE_CLASS_ANNOTATION];
  return was !== undefined && oldClass === undefined && newClass === was && (now === undefined || now === was);
}

/** A class set on a claim that had none (retroactive default StorageClass assignment, GA in 1.28). */
function classFromNil(oldAnn: Annotations, oldClass: string | undefined, newClass: string | undefined): boolean {
  const was = oldAnn?.[BETA_STORAGE_CLASS_ANNOTATION];
  return newClass !== undefined && oldClass === undefined && (was === undefined || newClass === was);
}

export function validatePersistentVolumeClaimUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  const spec: ClaimSpec = view<PersistentVolumeClaim>(obj).spec ?? {};
  const was: ClaimSpec = view<PersistentVolumeClaim>(old).spec ?? {};
  const errs = validatePersistentVolumeClaim(obj);
  const newAnn = obj.metadata.annotations;
  const oldAnn = old.metadata.annotations;
  // A null class is an unset one, as Go's nil pointer.
  const oldClass = was.storageClassName ?? undefined;
  const newClass = spec.storageClassName ?? undefined;
  // The spec compared below has what may change masked out.
  let storageClassName = newClass;
  if (classFromAnnotation(oldAnn, newAnn, oldClass, newClass)) storageClassName = undefined;
  else {
    const before = oldAnn?.[BETA_STORAGE_CLASS_ANNOTATION] ?? '';
    const after = newAnn?.[BETA_STORAGE_CLASS_ANNOTATION] ?? '';
    if (before !== after) errs.push(fieldError.invalid(FieldPath.root('metadata').child('annotations', BETA_STORAGE_CLASS_ANNOTATION), after, FIELD_IMMUTABLE));
    if (classFromNil(oldAnn, oldClass, newClass)) storageClassName = oldClass;
  }
  // Only a bound claim may be resized; for others the storage request is part of the frozen spec.
  const bound = (old.status as { phase?: string } | undefined)?.phase === 'Bound';
  const requests = bound ? { ...spec.resources?.requests, storage: was.resources?.requests?.storage } : spec.resources?.requests;
  const comparable = {
    ...spec,
    storageClassName,
    resources: { ...spec.resources, requests },
    volumeName: (was.volumeName ?? '') === '' ? was.volumeName : spec.volumeName,
    volumeAttributesClassName: was.volumeAttributesClassName,
  };
  if (!same(comparable, was)) errs.push(fieldError.forbidden(SPEC, 'spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims'));
  if (compareQuantity(spec.resources?.requests?.storage, was.resources?.requests?.storage) < 0)
    errs.push(fieldError.forbidden(SPEC.child('resources', 'requests', 'storage'), 'field can not be less than previous value'));
  errs.push(...validateImmutableField(spec.volumeMode, was.volumeMode, 'volumeMode'));
  return errs;
}

export const persistentVolumeClaimStrategy: Strategy = {
  ...genericStrategy(true),
  nameValidator: nameIsDNSSubdomain,
  defaults(obj) {
    const spec = ((obj as KubeObject & { spec?: Record<string, unknown> }).spec ??= {});
    spec.volumeMode ??= 'Filesystem';
    return obj;
  },
  prepareForCreate(obj) {
    obj.status = { phase: 'Pending' };
  },
  validate: validatePersistentVolumeClaim,
  validateUpdate: validatePersistentVolumeClaimUpdate,
};

const MAX_PARAMETERS = 512;
const MAX_PARAMETERS_SIZE = 256 * 1024;

export function validateStorageClass(obj: KubeObject): FieldError[] {
  const sc = view<StorageClass>(obj);
  const errs: FieldError[] = [];
  const provisioner = sc.provisioner ?? '';
  if (provisioner === '') errs.push(fieldError.required('provisioner', provisioner));
  else errs.push(...qualifiedName('provisioner', provisioner.toLowerCase()));
  const params = sc.parameters ?? {};
  if (Object.keys(params).length > MAX_PARAMETERS) errs.push(fieldError.tooLong('parameters', MAX_PARAMETERS));
  else {
    let size = 0;
    for (const [k, v] of Object.entries(params)) {
      if (k.length < 1) errs.push(fieldError.invalid('parameters', k, 'field can not be empty.'));
      size += k.length + v.length;
    }
    if (size > MAX_PARAMETERS_SIZE) errs.push(fieldError.tooLong('parameters', MAX_PARAMETERS_SIZE));
  }
  errs.push(...optionalEnum('reclaimPolicy', sc.reclaimPolicy, ['Delete', 'Retain']));
  errs.push(...requiredEnum('volumeBindingMode', sc.volumeBindingMode, ['Immediate', 'WaitForFirstConsumer']));
  return errs;
}

export function validateStorageClassUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  const sc = view<StorageClass>(obj);
  const was = view<StorageClass>(old);
  const errs: FieldError[] = [];
  if (!same(sc.parameters, was.parameters)) errs.push(fieldError.forbidden('parameters', 'updates to parameters are forbidden.'));
  if (sc.provisioner !== was.provisioner) errs.push(fieldError.forbidden('provisioner', 'updates to provisioner are forbidden.'));
  if (sc.reclaimPolicy !== was.reclaimPolicy) errs.push(fieldError.forbidden('reclaimPolicy', 'updates to reclaimPolicy are forbidden.'));
  errs.push(...validateImmutableField(sc.volumeBindingMode, was.volumeBindingMode, 'volumeBindingMode'));
  return [...validateStorageClass(obj), ...errs];
}

export const storageClassStrategy: Strategy = {
  ...genericStrategy(false),
  nameValidator: nameIsDNSSubdomain,
  defaults(obj) {
    const sc = obj as KubeObject & { reclaimPolicy?: string; volumeBindingMode?: string };
    sc.reclaimPolicy ??= 'Delete';
    sc.volumeBindingMode ??= 'Immediate';
    return obj;
  },
  validate: validateStorageClass,
  validateUpdate: validateStorageClassUpdate,
};
