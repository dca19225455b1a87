// The files configMap, secret, downwardAPI and projected volumes put in a pod's directory, as
// the volume plugins' MakePayload and CollectData compute them. Without items every key becomes
// a file named for it; with items only the listed keys, at their paths; a listed key that is
// missing fails the mount unless the source is optional. Modes default to the volume's
// defaultMode (0644). The kubelet then writes the payload atomically (AtomicWriter); fsGroup's
// effect on the modes is not modelled here.

import type {
  ConfigMap,
  DownwardAPIVolumeFile,
  KeyToPath,
  Pod,
  ProjectedVolumeSource,
  Secret,
} from 'kubernetes-types/core/v1.d.ts';
import { extractFieldPathAsString, resourceValueFor } from './fieldpath.ts';

/** One file of a volume: its path inside the volume, its mode bits and its bytes. */
export interface FileProjection {
  readonly path: string;
  readonly mode: number;
  readonly data: Uint8Array;
}

/** 0644, the API's default for defaultMode. */
export const DEFAULT_MODE = 0o644;

/** (namespace, name) → the object, or undefined when it does not exist. */
export type Lookup<T> = (namespace: string, name: string) => T | undefined;

export type PayloadResult = { readonly ok: true; readonly files: FileProjection[] } | { readonly ok: false; readonly error: string };

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
export const fromBase64 = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'base64'));

const sortedFiles = (m: Map<string, FileProjection>): FileProjection[] => [...m.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));

/** The keys of a source as bytes, in the order the plugin looks them up. */
function keyedPayload(
  content: ReadonlyMap<string, Uint8Array>,
  items: readonly KeyToPath[] | undefined,
  defaultMode: number,
  optional: boolean,
  missingKey: (key: string) => string,
): PayloadResult {
  const out = new Map<string, FileProjection>();
  if (!items || items.length === 0) {
    for (const [key, data] of content) out.set(key, { path: key, mode: defaultMode, data });
    return { ok: true, files: sortedFiles(out) };
  }
  for (const item of items) {
    const data = content.get(item.key);
    if (!data) {
      if (optional) continue;
      return { ok: false, error: missingKey(item.key) };
    }
    out.set(item.path, { path: item.path, mode: item.mode ?? defaultMode, data });
  }
  return { ok: true, files: sortedFiles(out) };
}

/** configmap.MakePayload: data as UTF-8 text, then binaryData. */
export function configMapPayload(cm: ConfigMap | undefined, items: readonly KeyToPath[] | undefined, defaultMode: number, optional: boolean): PayloadResult {
  const content = new Map<string, Uint8Array>();
  for (const [k, v] of Object.entries(cm?.data ?? {})) content.set(k, utf8(v));
  for (const [k, v] of Object.entries(cm?.binaryData ?? {})) if (!content.has(k)) content.set(k, fromBase64(v));
  return keyedPayload(content, items, defaultMode, optional, (k) => `configmap references non-existent config key: ${k}`);
}

/** secret.MakePayload: the base64 of data decoded (stringData was merged in by the apiserver). */
export function secretPayload(secret: Secret | undefined, items: readonly KeyToPath[] | undefined, defaultMode: number, optional: boolean): PayloadResult {
  const content = new Map<string, Uint8Array>();
  for (const [k, v] of Object.entries(secret?.data ?? {})) content.set(k, fromBase64(v));
  return keyedPayload(content, items, defaultMode, optional, (k) => `secret references non-existent secret key: ${k}`);
}

/** Collapses `a//b/./c` as filepath.Clean does for the relative paths the API allows. */
const cleanPath = (p: string): string => p.split('/').filter((s) => s !== '' && s !== '.').join('/');

/** errors.NewAggregate(...).Error(). */
export const aggregate = (errors: readonly string[]): string => {
  const unique = [...new Set(errors)];
  return unique.length === 1 ? unique[0]! : `[${unique.join(', ')}]`;
};

/** downwardapi.CollectData: every item is written; failures are aggregated. */
export function downwardAPIPayload(pod: Pod, items: readonly DownwardAPIVolumeFile[], defaultMode: number, allocatable: Readonly<Record<string, string>>): PayloadResult {
  const out = new Map<string, FileProjection>();
  const errors: string[] = [];
  for (const item of items) {
    const path = cleanPath(item.path);
    let value = '';
    const got = item.fieldRef
      ? extractFieldPathAsString(pod, item.fieldRef.fieldPath)
      : item.resourceFieldRef
        ? resourceValueFor(item.resourceFieldRef, pod, item.resourceFieldRef.containerName ?? '', allocatable)
        : undefined;
    if (got?.ok) value = got.value;
    else if (got) errors.push(got.error);
    out.set(path, { path, mode: item.mode ?? defaultMode, data: utf8(value) });
  }
  return errors.length ? { ok: false, error: aggregate(errors) } : { ok: true, files: sortedFiles(out) };
}

/** A service account token the projected volume wants; the shell obtains it with a TokenRequest. */
export interface TokenRequestNeed {
  readonly path: string;
  readonly mode: number;
  readonly audience?: string;
  /** Defaults to 3600, as the API does. */
  readonly expirationSeconds: number;
}

export interface ProjectedSources {
  readonly configMaps: Lookup<ConfigMap>;
  readonly secrets: Lookup<Secret>;
  readonly allocatable: Readonly<Record<string, string>>;
}

export type ProjectedResult =
  | { readonly ok: true; readonly files: FileProjection[]; readonly tokens: TokenRequestNeed[] }
  | { readonly ok: false; readonly error: string };

/**
 * The projected plugin's payload: each source's files merged, later sources overwriting earlier
 * paths; a missing ConfigMap or Secret fails unless optional; errors of all sources aggregated.
 * clusterTrustBundle sources are not supported.
 */
export function projectedPayload(pod: Pod, source: ProjectedVolumeSource, sources: ProjectedSources): ProjectedResult {
  const ns = pod.metadata?.namespace ?? 'default';
  const mode = source.defaultMode ?? DEFAULT_MODE;
  const files = new Map<string, FileProjection>();
  const tokens: TokenRequestNeed[] = [];
  const errors: string[] = [];
  const merge = (r: PayloadResult): void => {
    if (!r.ok) errors.push(r.error);
    else for (const f of r.files) files.set(f.path, f);
  };
  for (const s of source.sources ?? []) {
    if (s.configMap) {
      const optional = s.configMap.optional === true;
      const cm = sources.configMaps(ns, s.configMap.name ?? '');
      if (!cm && !optional) errors.push(`configmap "${s.configMap.name}" not found`);
      else merge(configMapPayload(cm, s.configMap.items, mode, optional));
    } else if (s.secret) {
      const optional = s.secret.optional === true;
      const secret = sources.secrets(ns, s.secret.name ?? '');
      if (!secret && !optional) errors.push(`secret "${s.secret.name}" not found`);
      else merge(secretPayload(secret, s.secret.items, mode, optional));
    } else if (s.downwardAPI) {
      merge(downwardAPIPayload(pod, s.downwardAPI.items ?? [], mode, sources.allocatable));
    } else if (s.serviceAccountToken) {
      const t = s.serviceAccountToken;
      tokens.push({ path: t.path, mode, audience: t.audience, expirationSeconds: t.expirationSeconds ?? 3600 });
    }
  }
  return errors.length ? { ok: false, error: aggregate(errors) } : { ok: true, files: sortedFiles(files), tokens };
}
