// EncryptionConfiguration (apiserver.config.k8s.io/v1), the file kube-apiserver's
// --encryption-provider-config names: which resources are encrypted, and with which providers in
// order (the first encrypts, all decrypt). Parsed from YAML and validated with the field paths and
// messages of the apiserver's own validation.

import { parse as parseYaml } from 'yaml';
import { type FieldError, FieldPath, fieldError, formatFieldErrors } from '../../../protocols/kube/field-errors.ts';

export interface Key {
  readonly name: string;
  /** Base64 of 16, 24 or 32 bytes (AES-128/192/256). */
  readonly secret: string;
}

export interface AESConfiguration {
  readonly keys: readonly Key[];
}

/** One of these is set; kms and secretbox are recognised so that validation can name them. */
export interface ProviderConfiguration {
  readonly aescbc?: AESConfiguration;
  readonly aesgcm?: AESConfiguration;
  readonly identity?: Record<string, never>;
  readonly secretbox?: AESConfiguration;
  readonly kms?: Record<string, unknown>;
}

export interface ResourceConfiguration {
  /** `secrets`, `deployments.apps`, `*.apps`, `*.` (every core resource), `*.*` (everything). */
  readonly resources: readonly string[];
  readonly providers: readonly ProviderConfiguration[];
}

export interface EncryptionConfiguration {
  readonly apiVersion: 'apiserver.config.k8s.io/v1';
  readonly kind: 'EncryptionConfiguration';
  readonly resources: readonly ResourceConfiguration[];
}

const AES_KEY_SIZES = [16, 24, 32];
const SECRETBOX_KEY_SIZES = [32];
const PROVIDER_NAMES = ['kms', 'aesgcm', 'aescbc', 'secretbox', 'identity'] as const;
const root = FieldPath.root('resources');

/** Go's base64.StdEncoding: padded, no whitespace, standard alphabet. */
export function decodeBase64Std(s: string): Buffer | undefined {
  if (s.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(s)) return undefined;
  const b = Buffer.from(s, 'base64');
  return b.toString('base64') === s ? b : undefined;
}

function validateKeys(keys: readonly Key[] | undefined, path: FieldPath, sizes: readonly number[]): FieldError[] {
  if (!keys || keys.length === 0) return [fieldError.required(path, 'at least one keys is required')];
  const errs: FieldError[] = [];
  keys.forEach((key, i) => {
    const at = path.index(i);
    if (!key.name) errs.push(fieldError.required(at.child('name'), 'name is a mandatory field for a key'));
    if (!key.secret) {
      errs.push(fieldError.required(at.child('secret'), 'secret is a mandatory field for a key'));
      return;
    }
    const secret = decodeBase64Std(key.secret);
    if (!secret) errs.push(fieldError.invalid(at.child('secret'), 'REDACTED', 'secrets must be base64 encoded'));
    else if (!sizes.includes(secret.length))
      errs.push(fieldError.invalid(at.child('secret'), 'REDACTED', `secret is not of the expected length, got ${secret.length}, expected one of [${sizes.join(' ')}]`));
  });
  return errs;
}

interface GR {
  readonly group: string;
  readonly resource: string;
}

/** schema.ParseGroupResource: `deployments.apps` → apps/deployments; `*.` → every core resource. */
export function parseGroupResource(s: string): GR {
  const dot = s.indexOf('.');
  return dot < 0 ? { group: '', resource: s } : { group: s.slice(dot + 1), resource: s.slice(0, dot) };
}

/** One list naming a resource twice, or a resource and a wildcard covering it: the later would never apply. */
function validateResourceOverlap(resources: readonly string[], path: FieldPath): FieldError[] {
  if (resources.length < 2) return [];
  const r = resources.map(parseGroupResource);
  let duplicate = false;
  let overlap = false;
  // The same walk as Kubernetes', so that the same lists trip the same errors.
  r.forEach((r1, i) =>
    r.forEach((r2, j) => {
      if (i === j) return;
      const same = r1.group === r2.group && r1.resource === r2.resource;
      if (same && !duplicate) {
        duplicate = true;
        return;
      }
      if (overlap) return;
      if (r1.group === '*' && r1.resource === '*') overlap = true;
      else if (r1.group === r2.group && (r1.resource === '*' || r2.resource === '*')) overlap = true;
    }),
  );
  const errs: FieldError[] = [];
  if (duplicate) errs.push(fieldError.invalid(path, [...resources], 'the same resource cannot be specified multiple times'));
  if (overlap) errs.push(fieldError.invalid(path, [...resources], "using overlapping resources such as 'secrets' and '*.' in the same resource list is not allowed as they will be masked"));
  return errs;
}

const NON_REST = ['apiserveripinfo', 'serviceipallocations', 'servicenodeportallocations'];

/** Each name's first problem only. */
function resourceNameProblem(res: string): string | undefined {
  if (res.toLowerCase() !== res) return 'resource name should not contain capital letters';
  if (res === '*') return "use '*.' to encrypt all the resources from core API group or *.* to encrypt all resources";
  if (NON_REST.includes(res)) return 'resources which do not have REST API/s cannot be encrypted';
  const gr = parseGroupResource(res);
  if (gr.group === 'events.k8s.io') return "'*.events.k8s.io' objects are stored using the 'events' API group in etcd. Use 'events' instead in the config file";
  if (gr.group === 'extensions') return "'extensions' group has been removed and cannot be used for encryption";
  if (gr.group === '*' && gr.resource !== '*') return 'encrypting the same resource across groups is not supported';
  return undefined;
}

function validateResourceNames(names: readonly string[], path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  names.forEach((res, j) => {
    const problem = resourceNameProblem(res);
    if (problem) errs.push(fieldError.invalid(path.index(j), res, problem));
  });
  return errs;
}

/** ValidateEncryptionConfiguration: every error, with its field path. */
export function validateEncryptionConfiguration(c: EncryptionConfiguration): FieldError[] {
  if (!c.resources || c.resources.length === 0) return [fieldError.required(root, 'at least one resources is required')];
  const errs: FieldError[] = [];
  c.resources.forEach((conf, i) => {
    const r = root.index(i).child('resources');
    const p = root.index(i).child('providers');
    if (!conf.resources || conf.resources.length === 0) errs.push(fieldError.required(r, `at least one ${r} is required`));
    errs.push(...validateResourceOverlap(conf.resources ?? [], r), ...validateResourceNames(conf.resources ?? [], r));
    if (!conf.providers || conf.providers.length === 0) errs.push(fieldError.required(p, `at least one ${p} is required`));
    (conf.providers ?? []).forEach((provider, j) => {
      const path = p.index(j);
      const set = PROVIDER_NAMES.filter((n) => provider[n] !== undefined && provider[n] !== null);
      if (set.length === 0) errs.push(fieldError.invalid(path, provider, 'provider does not contain any of the expected providers: KMS, AESGCM, AESCBC, Secretbox, Identity'));
      else if (set.length > 1) errs.push(fieldError.invalid(path, provider, 'more than one provider specified in a single element, should split into different list elements'));
      else if (set[0] === 'aesgcm' || set[0] === 'aescbc') errs.push(...validateKeys(provider[set[0]]?.keys, path.child(set[0], 'keys'), AES_KEY_SIZES));
      else if (set[0] === 'secretbox') errs.push(...validateKeys(provider.secretbox?.keys, path.child('secretbox', 'keys'), SECRETBOX_KEY_SIZES));
    });
  });
  return errs;
}

export type Loaded = { readonly ok: true; readonly config: EncryptionConfiguration } | { readonly ok: false; readonly error: string };

/** The file's text (YAML or JSON) as a validated configuration, or why not, as the apiserver says it. */
export function loadEncryptionConfiguration(text: string): Loaded {
  if (text.trim() === '') return { ok: false, error: 'encryption provider configuration file is empty' };
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (e) {
    return { ok: false, error: `error decoding encryption provider configuration file: ${(e as Error).message}` };
  }
  const obj = (typeof doc === 'object' && doc !== null ? doc : {}) as Partial<EncryptionConfiguration> & { apiVersion?: string; kind?: string };
  if (obj.apiVersion !== 'apiserver.config.k8s.io/v1' || obj.kind !== 'EncryptionConfiguration') {
    return { ok: false, error: `error decoding encryption provider configuration file: no kind "${obj.kind ?? ''}" is registered for version "${obj.apiVersion ?? ''}"` };
  }
  const config = { ...obj, resources: obj.resources ?? [] } as EncryptionConfiguration;
  const errs = validateEncryptionConfiguration(config);
  return errs.length > 0 ? { ok: false, error: formatFieldErrors(errs) } : { ok: true, config };
}
