// metadata checks every kind shares: ValidateObjectMeta(Accessor) on create and
// ValidateObjectMetaAccessorUpdate on update (k8s.io/apimachinery/pkg/api/validation/objectmeta.go),
// with the core group's extra finalizer-name rule (pkg/apis/core/validation) that the built-in
// kinds use. The pipeline calls these before a strategy's own validate.

import { type FieldError, FieldPath, type PathLike, fieldError, goStringSlice } from '../../../protocols/kube/field-errors.ts';
import type { ObjectMeta, OwnerReference } from '../../../protocols/kube/objects.ts';
import { type NameValidator, isQualifiedName, nameIsDNSLabel, validateAnnotations, validateLabels, validateObjectName } from '../../../protocols/kube/validation/index.ts';

export const FIELD_IMMUTABLE = 'field is immutable';
export const IS_NEGATIVE = 'must be greater than or equal to 0';

/** The finalizers Kubernetes itself names without a domain: namespace cleanup and the GC's two. */
export const STANDARD_FINALIZERS: ReadonlySet<string> = new Set(['kubernetes', 'orphan', 'foregroundDeletion']);

export interface ObjectMetaOptions {
  readonly namespaced: boolean;
  readonly nameValidator: NameValidator;
  /**
   * Built-in kinds reject an unqualified, non-standard finalizer (core's ValidateObjectMeta);
   * custom resources only warn about it. Default true.
   */
  readonly kubeFinalizers?: boolean;
}

/** The metav1 Event kind may not own anything (BannedOwners). */
const BANNED_OWNERS: ReadonlySet<string> = new Set(['v1/Event']);

/** validateOwnerReference: the apiVersion's version is what must be non-empty ("apps/" has none). */
function validateOwnerReference(ref: OwnerReference, at: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const apiVersion = ref.apiVersion ?? '';
  const slash = apiVersion.indexOf('/');
  const version = slash < 0 ? apiVersion : apiVersion.slice(slash + 1);
  if (version === '') errs.push(fieldError.invalid(at.child('apiVersion'), apiVersion, 'version must not be empty'));
  if ((ref.kind ?? '') === '') errs.push(fieldError.invalid(at.child('kind'), ref.kind ?? '', 'must not be empty'));
  if ((ref.name ?? '') === '') errs.push(fieldError.invalid(at.child('name'), ref.name ?? '', 'must not be empty'));
  if ((ref.uid ?? '') === '') errs.push(fieldError.invalid(at.child('uid'), ref.uid ?? '', 'must not be empty'));
  if (BANNED_OWNERS.has(`${apiVersion}/${ref.kind}`)) {
    const group = slash < 0 ? '' : apiVersion.slice(0, slash);
    errs.push(fieldError.invalid(at, ref, `${group}/${version}, Kind=${ref.kind} is disallowed from being an owner`));
  }
  return errs;
}

/** ValidateOwnerReferences: errors at the list's path (Kubernetes gives no index), one controller at most. */
export function validateOwnerReferences(refs: readonly OwnerReference[] | undefined, path: PathLike): FieldError[] {
  const at = FieldPath.of(path);
  const errs: FieldError[] = [];
  let firstController = '';
  for (const ref of refs ?? []) {
    errs.push(...validateOwnerReference(ref, at));
    if (ref.controller !== true) continue;
    const current = `${ref.kind}/${ref.name}`;
    if (firstController === '') firstController = current;
    else errs.push(fieldError.invalid(at, refs, `Only one reference can have Controller set to true. Found "true" in references for ${firstController} and ${current}`));
  }
  return errs;
}

/** The core group's rule: an unqualified finalizer must be one Kubernetes defines. */
export function validateKubeFinalizerName(name: string, path: PathLike): FieldError[] {
  if (name.includes('/') || STANDARD_FINALIZERS.has(name)) return [];
  return [fieldError.invalid(path, name, 'name is neither a standard finalizer name nor is it fully qualified')];
}

/** ValidateFinalizers: qualified names (at the list's path), and not both GC policies at once. */
export function validateFinalizers(finalizers: readonly string[] | undefined, path: PathLike): FieldError[] {
  const list = finalizers ?? [];
  const errs: FieldError[] = [];
  for (const f of list) for (const msg of isQualifiedName(f)) errs.push(fieldError.invalid(path, f, msg));
  if (list.includes('orphan') && list.includes('foregroundDeletion')) errs.push(fieldError.invalid(path, list, 'finalizer orphan and foregroundDeletion cannot be both set'));
  return errs;
}

/** The part of ValidateManagedFields that concerns what a client can get wrong in a request. */
function validateManagedFields(entries: ObjectMeta['managedFields'], at: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  (entries ?? []).forEach((e, i) => {
    if (e.operation !== 'Apply' && e.operation !== 'Update') errs.push(fieldError.invalid(at.index(i).child('operation'), e.operation ?? '', 'must be `Apply` or `Update`'));
    if ((e.fieldsType ?? '') !== '' && e.fieldsType !== 'FieldsV1') errs.push(fieldError.invalid(at.index(i).child('fieldsType'), e.fieldsType, 'must be `FieldsV1`'));
    if ((e.manager ?? '').length > 128) errs.push(fieldError.tooLong(at.index(i).child('manager'), 128));
  });
  return errs;
}

function kubeFinalizerErrors(meta: ObjectMeta, at: FieldPath, opts: { kubeFinalizers?: boolean }): FieldError[] {
  if (opts.kubeFinalizers === false) return [];
  return (meta.finalizers ?? []).flatMap((f, i) => validateKubeFinalizerName(f, at.child('finalizers').index(i)));
}

/** `errs` with `more` added (none, mostly: no copy, no call with spread arguments). */
function add(errs: FieldError[], more: readonly FieldError[]): void {
  for (const e of more) errs.push(e);
}

/**
 * What create and update both check, in apimachinery's order, after the immutability checks,
 * added to `errs`. Paths are built only for what is there to check: every write runs this.
 */
function validateMetaBody(meta: ObjectMeta, at: FieldPath, errs: FieldError[]): void {
  if (meta.labels !== undefined && meta.labels !== null) add(errs, validateLabels(meta.labels, at.child('labels')));
  if (meta.annotations !== undefined) add(errs, validateAnnotations(meta.annotations, at.child('annotations')));
  if (meta.ownerReferences !== undefined) add(errs, validateOwnerReferences(meta.ownerReferences, at.child('ownerReferences')));
}

/**
 * ValidateObjectMeta for a new object (name generation already done). A cluster-scoped kind with a
 * namespace is refused here, though the real pipeline clears such a namespace before validating.
 */
export function validateObjectMeta(meta: ObjectMeta, opts: ObjectMetaOptions, path: PathLike = 'metadata'): FieldError[] {
  const at = FieldPath.of(path);
  const errs = validateObjectName(meta, opts.nameValidator, at);
  const namespace = meta.namespace ?? '';
  if (opts.namespaced) {
    if (namespace === '') errs.push(fieldError.required(at.child('namespace')));
    else for (const msg of nameIsDNSLabel(namespace, false)) errs.push(fieldError.invalid(at.child('namespace'), namespace, msg));
  } else if (namespace !== '') errs.push(fieldError.forbidden(at.child('namespace'), 'not allowed on this type'));
  if ((meta.generation ?? 0) < 0) errs.push(fieldError.invalid(at.child('generation'), meta.generation, IS_NEGATIVE));
  validateMetaBody(meta, at, errs);
  if (meta.finalizers !== undefined) add(errs, validateFinalizers(meta.finalizers, at.child('finalizers')));
  if (meta.managedFields !== undefined) add(errs, validateManagedFields(meta.managedFields, at.child('managedFields')));
  if (meta.finalizers !== undefined) add(errs, kubeFinalizerErrors(meta, at, opts));
  return errs;
}

/**
 * apiequality.Semantic.DeepEqual for JSON values: key order does not matter (a client may send
 * a roleRef's fields in any order), and an absent value equals null, as Go's nil does.
 */
export function semanticEqual(a: unknown, b: unknown): boolean {
  if (a === undefined || a === null || b === undefined || b === null) return (a ?? null) === (b ?? null);
  if (Array.isArray(a) || Array.isArray(b)) return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => semanticEqual(x, b[i]));
  if (typeof a === 'object' && typeof b === 'object') {
    const x = a as Record<string, unknown>;
    const y = b as Record<string, unknown>;
    const keys = new Set([...Object.keys(x), ...Object.keys(y)]);
    for (const k of keys) if (!semanticEqual(x[k], y[k])) return false;
    return true;
  }
  return a === b;
}

const same = semanticEqual;

/** ValidateImmutableField: the new value is what the message shows. */
export function validateImmutableField(newVal: unknown, oldVal: unknown, path: PathLike): FieldError[] {
  return same(newVal, oldVal) ? [] : [fieldError.invalid(path, newVal, FIELD_IMMUTABLE)];
}

/**
 * ValidateObjectMetaAccessorUpdate. The pipeline fills resourceVersion from the stored object
 * before validating an unconditional update, as the real registry does, so an empty one here is
 * a client's error. Options: `kubeFinalizers` as for create.
 */
export function validateObjectMetaUpdate(meta: ObjectMeta, old: ObjectMeta, path: PathLike = 'metadata', opts: { kubeFinalizers?: boolean } = {}): FieldError[] {
  const at = FieldPath.of(path);
  const errs: FieldError[] = [];
  if (old.deletionTimestamp !== undefined && old.deletionTimestamp !== null) {
    const before = new Set(old.finalizers ?? []);
    const extra = [...new Set((meta.finalizers ?? []).filter((f) => !before.has(f)))].sort();
    if (extra.length > 0) errs.push(fieldError.forbidden(at.child('finalizers'), `no new finalizers can be added if the object is being deleted, found new finalizers ${goStringSlice(extra)}`));
  }
  if ((meta.resourceVersion ?? '') === '') errs.push(fieldError.invalid(at.child('resourceVersion'), meta.resourceVersion ?? '', 'must be specified for an update'));
  if ((meta.generation ?? 0) < (old.generation ?? 0)) errs.push(fieldError.invalid(at.child('generation'), meta.generation ?? 0, 'must not be decremented'));
  errs.push(...validateImmutableField(meta.name ?? '', old.name ?? '', at.child('name')));
  errs.push(...validateImmutableField(meta.namespace ?? '', old.namespace ?? '', at.child('namespace')));
  errs.push(...validateImmutableField(meta.uid ?? '', old.uid ?? '', at.child('uid')));
  errs.push(...validateImmutableField(meta.creationTimestamp, old.creationTimestamp, at.child('creationTimestamp')));
  errs.push(...validateImmutableField(meta.deletionTimestamp, old.deletionTimestamp, at.child('deletionTimestamp')));
  errs.push(...validateImmutableField(meta.deletionGracePeriodSeconds, old.deletionGracePeriodSeconds, at.child('deletionGracePeriodSeconds')));
  validateMetaBody(meta, at, errs);
  if (meta.managedFields !== undefined) add(errs, validateManagedFields(meta.managedFields, at.child('managedFields')));
  if (meta.finalizers !== undefined) add(errs, kubeFinalizerErrors(meta, at, opts));
  return errs;
}
