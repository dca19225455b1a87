// ConfigMap and Secret (ValidateConfigMap/ValidateSecret and their updates): config keys, the
// 1 MiB total, the typed secrets' required keys, `type` immutable, and `immutable: true`
// freezing the data. Secret data travel base64-encoded in JSON; sizes count decoded bytes.

import { type FieldError, FieldPath, fieldError } from '../../../../protocols/kube/field-errors.ts';
import type { ConfigMap, KubeObject, Secret } from '../../../../protocols/kube/objects.ts';
import { DNS1123_SUBDOMAIN_MAX_LENGTH, maxLenError, nameIsDNSSubdomain, regexError, utf8Length } from '../../../../protocols/kube/validation/index.ts';
import { genericStrategy } from '../generic.ts';
import { validateImmutableField } from '../meta.ts';
import type { Strategy } from '../types.ts';
import { same, view } from './fields.ts';

export const MAX_SECRET_SIZE = 1024 * 1024;
const CONFIG_KEY = /^[-._a-zA-Z0-9]+$/;

/** IsConfigMapKey: what a key of data/binaryData (and a file name in a volume) may be. */
export function isConfigMapKey(key: string): string[] {
  const errs: string[] = [];
  if (utf8Length(key) > DNS1123_SUBDOMAIN_MAX_LENGTH) errs.push(maxLenError(DNS1123_SUBDOMAIN_MAX_LENGTH));
  if (!CONFIG_KEY.test(key)) errs.push(regexError("a valid config key must consist of alphanumeric characters, '-', '_' or '.'", '[-._a-zA-Z0-9]+', 'key.name', 'KEY_NAME', 'key-name'));
  if (key === '.') errs.push("must not be '.'");
  else if (key === '..') errs.push("must not be '..'");
  else if (key.startsWith('..')) errs.push("must not start with '..'");
  return errs;
}

const keyErrors = (path: FieldPath, key: string): FieldError[] => isConfigMapKey(key).map((m) => fieldError.invalid(path.key(key), key, m));
const base64Length = (v: string): number => Buffer.from(v, 'base64').length;

/** The whole-object TooLong Kubernetes reports at the empty path (field.NewPath("")). */
const tooLargeObject = (): FieldError => ({ ...fieldError.tooLong('x', MAX_SECRET_SIZE), field: '' });

export function validateConfigMap(obj: KubeObject): FieldError[] {
  const cm = view<ConfigMap>(obj);
  const errs: FieldError[] = [];
  let total = 0;
  for (const [k, v] of Object.entries(cm.data ?? {})) {
    errs.push(...keyErrors(FieldPath.root('data'), k));
    if (cm.binaryData !== undefined && k in cm.binaryData) errs.push(fieldError.invalid(FieldPath.root('data').key(k), k, 'duplicate of key present in binaryData'));
    total += utf8Length(v);
  }
  for (const [k, v] of Object.entries(cm.binaryData ?? {})) {
    errs.push(...keyErrors(FieldPath.root('binaryData'), k));
    total += base64Length(v);
  }
  if (total > MAX_SECRET_SIZE) errs.push(tooLargeObject());
  return errs;
}

const frozen = (o: { immutable?: boolean }) => o.immutable === true;
const IMMUTABLE_SET = 'field is immutable when `immutable` is set';

export function validateConfigMapUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  const cm = view<ConfigMap>(obj);
  const was = view<ConfigMap>(old);
  const errs: FieldError[] = [];
  if (frozen(was)) {
    if (!frozen(cm)) errs.push(fieldError.forbidden('immutable', IMMUTABLE_SET));
    if (!same(cm.data, was.data)) errs.push(fieldError.forbidden('data', IMMUTABLE_SET));
    if (!same(cm.binaryData, was.binaryData)) errs.push(fieldError.forbidden('binaryData', IMMUTABLE_SET));
  }
  return [...errs, ...validateConfigMap(obj)];
}

export const configMapStrategy: Strategy = { ...genericStrategy(false), nameValidator: nameIsDNSSubdomain, validate: validateConfigMap, validateUpdate: validateConfigMapUpdate };

/** The keys each well-known type requires (core/v1 types.go constants). */
export const SECRET_TYPES = {
  opaque: 'Opaque',
  serviceAccountToken: 'kubernetes.io/service-account-token',
  dockercfg: 'kubernetes.io/dockercfg',
  dockerConfigJson: 'kubernetes.io/dockerconfigjson',
  basicAuth: 'kubernetes.io/basic-auth',
  sshAuth: 'kubernetes.io/ssh-auth',
  tls: 'kubernetes.io/tls',
} as const;

function jsonError(data: string): string | undefined {
  try {
    const v: unknown = JSON.parse(Buffer.from(data, 'base64').toString('utf8'));
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? undefined : 'json: cannot unmarshal into Go value of type map[string]interface {}';
  } catch (e) {
    return (e as Error).message;
  }
}

function validateSecretType(s: Partial<Secret>): FieldError[] {
  const data = s.data ?? {};
  const at = FieldPath.root('data');
  const has = (k: string) => k in data;
  switch (s.type) {
    case SECRET_TYPES.serviceAccountToken:
      return (s.metadata?.annotations?.['kubernetes.io/service-account.name'] ?? '') === '' ? [fieldError.required(FieldPath.root('metadata', 'annotations').key('kubernetes.io/service-account.name'))] : [];
    case SECRET_TYPES.dockercfg:
    case SECRET_TYPES.dockerConfigJson: {
      const key = s.type === SECRET_TYPES.dockercfg ? '.dockercfg' : '.dockerconfigjson';
      if (!has(key)) return [fieldError.required(at.key(key))];
      const err = jsonError(data[key]!);
      return err === undefined ? [] : [fieldError.invalid(at.key(key), '<secret contents redacted>', err)];
    }
    case SECRET_TYPES.basicAuth:
      return !has('username') && !has('password') ? [fieldError.required(at.key('username')), fieldError.required(at.key('password'))] : [];
    case SECRET_TYPES.sshAuth:
      return base64Length(data['ssh-privatekey'] ?? '') === 0 ? [fieldError.required(at.key('ssh-privatekey'))] : [];
    case SECRET_TYPES.tls:
      return [...(has('tls.crt') ? [] : [fieldError.required(at.key('tls.crt'))]), ...(has('tls.key') ? [] : [fieldError.required(at.key('tls.key'))])];
    default:
      return [];
  }
}

export function validateSecret(obj: KubeObject): FieldError[] {
  const s = view<Secret>(obj);
  const errs: FieldError[] = [];
  let total = 0;
  for (const [k, v] of Object.entries(s.data ?? {})) {
    errs.push(...keyErrors(FieldPath.root('data'), k));
    total += base64Length(v);
  }
  if (total > MAX_SECRET_SIZE) errs.push(fieldError.tooLong('data', MAX_SECRET_SIZE));
  return [...errs, ...validateSecretType(s)];
}

export function validateSecretUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  const s = view<Secret>(obj);
  const was = view<Secret>(old);
  const errs = validateImmutableField(s.type, was.type, 'type');
  if (frozen(was)) {
    if (!frozen(s)) errs.push(fieldError.forbidden('immutable', IMMUTABLE_SET));
    if (!same(s.data, was.data)) errs.push(fieldError.forbidden('data', IMMUTABLE_SET));
  }
  return [...errs, ...validateSecret(obj)];
}

/** v1 conversion folds stringData into data (stringData wins), and an empty type is Opaque. */
function defaultSecret(obj: KubeObject): KubeObject {
  const s = obj as KubeObject & { data?: Record<string, string>; stringData?: Record<string, string>; type?: string };
  if (s.stringData !== undefined) {
    const data = { ...s.data };
    for (const [k, v] of Object.entries(s.stringData)) data[k] = Buffer.from(v, 'utf8').toString('base64');
    s.data = data;
    delete s.stringData;
  }
  if (s.type === undefined || s.type === '') s.type = SECRET_TYPES.opaque;
  return obj;
}

export const secretStrategy: Strategy = {
  ...genericStrategy(false),
  nameValidator: nameIsDNSSubdomain,
  defaults: defaultSecret,
  validate: validateSecret,
  validateUpdate: validateSecretUpdate,
  selectableFields: (obj) => ({ type: String(view<Secret>(obj).type ?? '') }),
};

export const serviceAccountStrategy: Strategy = { ...genericStrategy(false), nameValidator: nameIsDNSSubdomain };
