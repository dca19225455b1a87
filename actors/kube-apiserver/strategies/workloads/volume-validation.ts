// A pod's volumes (ValidateVolumes): one source each, DNS-label names, no duplicates, and the
// essentials of the common sources. Sources are checked in the order Kubernetes checks them, so
// "may not specify more than 1 volume type" names the same second source it names.

import { type FieldError, FieldPath, fieldError } from '../../../../protocols/kube/field-errors.ts';
import { isDNS1123Label } from '../../../../protocols/kube/validation/index.ts';
import { VOLUME_FIELD_PATHS, validateObjectFieldSelector, validateResourceFieldSelector } from './downward-api.ts';
import { type J, isSet, list, rec, str } from './json.ts';
import { tryParseQuantity } from '../../../../protocols/kube/quantity.ts';
import { CleanMemo } from './clean-memo.ts';

const SOURCE_ORDER = [
  'emptyDir', 'hostPath', 'gitRepo', 'gcePersistentDisk', 'awsElasticBlockStore', 'secret', 'nfs', 'iscsi', 'glusterfs', 'flocker',
  'persistentVolumeClaim', 'rbd', 'cinder', 'cephfs', 'quobyte', 'downwardAPI', 'fc', 'flexVolume', 'configMap', 'azureFile',
  'vsphereVolume', 'photonPersistentDisk', 'portworxVolume', 'azureDisk', 'storageos', 'projected', 'scaleIO', 'csi', 'ephemeral', 'image',
] as const;
/** The paths Kubernetes names, misspellings included: a second source's error and a source's own errors. */
const FORBIDDEN_AT: Readonly<Record<string, string>> = { cephfs: 'cephFS', downwardAPI: 'downwarAPI' };
const VALIDATED_AT: Readonly<Record<string, string>> = { gcePersistentDisk: 'persistentDisk' };

const HOST_PATH_TYPES = ['', 'BlockDevice', 'CharDevice', 'Directory', 'DirectoryOrCreate', 'File', 'FileOrCreate', 'Socket'];
const FILE_MODE_ERROR = 'must be a number between 0 and 0777 (octal), both inclusive';

/** validatePathNoBacksteps: no ".." path element. */
export function validatePathNoBacksteps(p: string, path: FieldPath): FieldError[] {
  return p.split(/[/\\]/).includes('..') ? [fieldError.invalid(path, p, "must not contain '..'")] : [];
}

/** validateLocalDescendingPath: relative, without "..". */
export function validateLocalDescendingPath(p: string, path: FieldPath): FieldError[] {
  const errs = p.startsWith('/') ? [fieldError.invalid(path, p, 'must be a relative path')] : [];
  return [...errs, ...validatePathNoBacksteps(p, path)];
}

/** ValidateLocalNonReservedPath: also no leading ".." (a projection may not write beside the volume's own files). */
function validateLocalNonReservedPath(p: string, path: FieldPath): FieldError[] {
  const errs = validateLocalDescendingPath(p, path);
  if (p.startsWith('..') && !p.startsWith('../')) errs.push(fieldError.invalid(path, p, "must not start with '..'"));
  return errs;
}

function validateMode(mode: unknown, path: FieldPath): FieldError[] {
  if (!isSet(mode)) return [];
  return typeof mode === 'number' && mode >= 0 && mode <= 0o777 ? [] : [fieldError.invalid(path, mode, FILE_MODE_ERROR)];
}

/** validateKeyToPath: one projected key. */
function validateKeyToPath(item: J, at: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  if (!item.key) errs.push(fieldError.required(at.child('key')));
  if (!item.path) errs.push(fieldError.required(at.child('path')));
  errs.push(...validateLocalNonReservedPath(str(item.path), at.child('path')));
  errs.push(...validateMode(item.mode, at.child('mode')));
  return errs;
}

const validateKeyToPaths = (items: unknown, path: FieldPath): FieldError[] => list(items).flatMap((item, i) => validateKeyToPath(item, path.index(i)));

function validateSource(kind: string, s: J, path: FieldPath): FieldError[] {
  switch (kind) {
    case 'hostPath': {
      if (!s.path) return [fieldError.required(path.child('path'))];
      const errs = validatePathNoBacksteps(str(s.path), path.child('path'));
      if (isSet(s.type) && !HOST_PATH_TYPES.includes(str(s.type))) errs.push(fieldError.notSupported(path.child('type'), s.type, HOST_PATH_TYPES));
      return errs;
    }
    case 'emptyDir': {
      if (!isSet(s.sizeLimit)) return [];
      const q = tryParseQuantity(String(s.sizeLimit));
      return q !== undefined && q.nanos >= 0n ? [] : [fieldError.forbidden(path.child('sizeLimit'), 'SizeLimit field must be a valid resource quantity')];
    }
    case 'secret':
      return [
        ...(s.secretName ? [] : [fieldError.required(path.child('secretName'))]),
        ...validateMode(s.defaultMode, path.child('defaultMode')),
        ...validateKeyToPaths(s.items, path.child('items')),
      ];
    case 'configMap':
      return [
        ...(s.name ? [] : [fieldError.required(path.child('name'))]),
        ...validateMode(s.defaultMode, path.child('defaultMode')),
        ...validateKeyToPaths(s.items, path.child('items')),
      ];
    case 'persistentVolumeClaim':
      return s.claimName ? [] : [fieldError.required(path.child('claimName'))];
    case 'nfs': {
      const errs = s.server ? [] : [fieldError.required(path.child('server'))];
      if (!s.path) errs.push(fieldError.required(path.child('path')));
      else if (!str(s.path).startsWith('/')) errs.push(fieldError.invalid(path.child('path'), s.path, 'must be an absolute path'));
      return errs;
    }
    case 'csi':
      return s.driver ? [] : [fieldError.required(path.child('driver'))];
    case 'downwardAPI':
      return [...validateMode(s.defaultMode, path.child('defaultMode')), ...list(s.items).flatMap((f) => validateDownwardAPIFile(f, path))];
    case 'projected':
      return [...validateMode(s.defaultMode, path.child('defaultMode')), ...validateProjectionSources(s, path)];
    case 'image':
      return s.reference ? [] : [fieldError.required(path.child('reference'))];
    default:
      return [];
  }
}

/**
 * validateDownwardAPIVolumeFile. Kubernetes reports a file's errors at the volume source's path,
 * not the item's, so they say `downwardAPI.path`, `downwardAPI.fieldRef`.
 */
function validateDownwardAPIFile(f: J, path: FieldPath): FieldError[] {
  const errs = str(f.path) === '' ? [fieldError.required(path.child('path'))] : [];
  errs.push(...validateLocalNonReservedPath(str(f.path), path.child('path')));
  if (isSet(f.fieldRef)) {
    errs.push(...validateObjectFieldSelector(rec(f.fieldRef), VOLUME_FIELD_PATHS, path.child('fieldRef')));
    if (isSet(f.resourceFieldRef)) errs.push(fieldError.invalid(path, 'resource', 'fieldRef and resourceFieldRef can not be specified simultaneously'));
  } else if (isSet(f.resourceFieldRef)) errs.push(...validateResourceFieldSelector(rec(f.resourceFieldRef), path.child('resourceFieldRef'), true));
  else errs.push(fieldError.required(path, 'one of fieldRef and resourceFieldRef is required'));
  errs.push(...validateMode(f.mode, path.child('mode')));
  return errs;
}

/** validateProjectionSources: one kind per source, file paths unique across sources, sane token lifetimes. */
function validateProjectionSources(projected: J, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const paths = new Set<string>();
  const claim = (p: string, owner: unknown): void => {
    if (p === '') return;
    if (paths.has(p)) errs.push(fieldError.invalid(path, owner, 'conflicting duplicate paths'));
    paths.add(p);
  };
  list(projected.sources).forEach((src, i) => {
    const at = path.child('sources').index(i);
    let n = 0;
    for (const kind of ['secret', 'configMap'] as const) {
      if (!isSet(src[kind])) continue;
      n++;
      const ref = rec(src[kind]);
      if (str(ref.name) === '') errs.push(fieldError.required(at.child(kind, 'name')));
      list(ref.items).forEach((item, j) => {
        errs.push(...validateKeyToPath(item, at.child(kind, 'items').index(j)));
        claim(str(item.path), str(ref.name));
      });
    }
    if (isSet(src.downwardAPI)) {
      n++;
      for (const f of list(rec(src.downwardAPI).items)) {
        errs.push(...validateDownwardAPIFile(f, at.child('downwardAPI')));
        claim(str(f.path), src.downwardAPI);
      }
    }
    if (isSet(src.serviceAccountToken)) {
      n++;
      const token = rec(src.serviceAccountToken);
      const exp = typeof token.expirationSeconds === 'number' ? token.expirationSeconds : 0;
      const expPath = at.child('serviceAccountToken', 'expirationSeconds');
      if (exp < 600) errs.push(fieldError.invalid(expPath, exp, 'may not specify a duration less than 10 minutes'));
      if (exp > 2 ** 32) errs.push(fieldError.invalid(expPath, exp, 'may not specify a duration larger than 2^32 seconds'));
      // Kubernetes names the projection's own path here, not the source's.
      if (str(token.path) === '') errs.push(fieldError.required(path.child('path')));
      else errs.push(...validateLocalNonReservedPath(str(token.path), path.child('path')));
    }
    if (n > 1) errs.push(fieldError.forbidden(at, 'may not specify more than 1 volume type per source'));
  });
  return errs;
}

/** validateVolumeSource: exactly one source, then that source's own rules. */
function validateVolumeSource(v: J, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  let n = 0;
  for (const kind of SOURCE_ORDER) {
    if (!isSet(v[kind])) continue;
    // emptyDir comes first and is counted without the check, as in Kubernetes.
    if (n > 0) errs.push(fieldError.forbidden(path.child(FORBIDDEN_AT[kind] ?? kind), 'may not specify more than 1 volume type'));
    else errs.push(...validateSource(kind, rec(v[kind]), path.child(VALIDATED_AT[kind] ?? kind)));
    n++;
  }
  if (n === 0) errs.push(fieldError.required(path, 'must specify a volume type'));
  return errs;
}

const CLEAN_SOURCES = new CleanMemo();

/**
 * ValidateVolumes: the errors, and the volumes that passed (by name) for mounts to refer to.
 * `memo`: the sources that validated clean before (null: validate every one).
 */
export function validateVolumes(volumes: unknown, path: FieldPath, memo: CleanMemo | null = CLEAN_SOURCES): { errs: FieldError[]; names: Map<string, J> } {
  const errs: FieldError[] = [];
  const names = new Map<string, J>();
  list(volumes).forEach((v, i) => {
    const at = path.index(i);
    const namePath = at.child('name');
    const name = str(v.name);
    const el = memo === null ? validateVolumeSource(v, at) : memo.check(v, () => validateVolumeSource(v, at), 'name');
    if (name === '') el.push(fieldError.required(namePath));
    else el.push(...isDNS1123Label(name).map((msg) => fieldError.invalid(namePath, name, msg)));
    if (names.has(name)) el.push(fieldError.duplicate(namePath, name));
    if (el.length === 0) names.set(name, v);
    else errs.push(...el);
  });
  return { errs, names };
}
