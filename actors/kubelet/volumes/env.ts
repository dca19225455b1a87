// A container's environment as the kubelet's makeEnvironmentVariables builds it: envFrom first
// (ConfigMap or Secret keys, with the prefix; keys that are not valid variable names skipped and
// reported in one event per source), then env in order, where `value` is $(VAR)-expanded against
// what is defined so far and valueFrom reads a ConfigMap or Secret key, a pod field or a
// container resource. A missing non-optional source fails the container (the pod sync reports
// CreateContainerConfigError with this error). Then command and args are expanded against the
// result. Service environment variables ({SVC}_SERVICE_HOST, ...) are not added yet. The kubelet
// keeps the variables in a map; here they keep the order in which they were first defined.

import type { ConfigMap, Container, EnvVarSource, Pod, Secret } from 'kubernetes-types/core/v1.d.ts';
import { expand, mappingFor } from './expansion.ts';
import { extractFieldPathAsString, resourceValueFor } from './fieldpath.ts';
import { type Lookup, fromBase64 } from './payload.ts';

export interface EnvSources {
  readonly configMaps: Lookup<ConfigMap>;
  readonly secrets: Lookup<Secret>;
  readonly allocatable: Readonly<Record<string, string>>;
  readonly podIP?: string;
  readonly podIPs?: readonly string[];
  readonly hostIPs?: readonly string[];
}

export interface EnvEvent {
  readonly type: 'Warning';
  readonly reason: 'InvalidEnvironmentVariableNames';
  readonly message: string;
}

export type EnvResult =
  | { readonly ok: true; readonly env: { name: string; value: string }[]; readonly events: EnvEvent[] }
  | { readonly ok: false; readonly error: string };

const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;
/** validation.IsEnvVarName: C-like names plus dots and dashes, never `.`, `..` or a `..` prefix. */
export const isEnvVarName = (k: string): boolean => ENV_NAME.test(k) && k !== '.' && !k.startsWith('..');

const decode = (b64: string): string => new TextDecoder().decode(fromBase64(b64));

/** podFieldSelectorRuntimeValue: the fields only the kubelet knows, then the pod's own. */
function fieldValue(pod: Pod, path: string, s: EnvSources): { ok: true; value: string } | { ok: false; error: string } {
  switch (path) {
    case 'spec.nodeName': return { ok: true, value: pod.spec?.nodeName ?? '' };
    case 'spec.serviceAccountName': return { ok: true, value: pod.spec?.serviceAccountName ?? '' };
    case 'status.hostIP': return { ok: true, value: s.hostIPs?.[0] ?? '' };
    case 'status.hostIPs': return { ok: true, value: (s.hostIPs ?? []).join(',') };
    case 'status.podIP': return { ok: true, value: s.podIP ?? '' };
    case 'status.podIPs': return { ok: true, value: (s.podIPs ?? []).join(',') };
    default: return extractFieldPathAsString(pod, path);
  }
}

type Resolved = { kind: 'value'; value: string } | { kind: 'skip' } | { kind: 'error'; error: string };

function valueFrom(pod: Pod, container: Container, from: EnvVarSource, s: EnvSources): Resolved {
  const ns = pod.metadata?.namespace ?? 'default';
  if (from.fieldRef) {
    const r = fieldValue(pod, from.fieldRef.fieldPath, s);
    return r.ok ? { kind: 'value', value: r.value } : { kind: 'error', error: r.error };
  }
  if (from.resourceFieldRef) {
    const r = resourceValueFor(from.resourceFieldRef, pod, from.resourceFieldRef.containerName || container.name, s.allocatable);
    return r.ok ? { kind: 'value', value: r.value } : { kind: 'error', error: r.error };
  }
  if (from.configMapKeyRef) {
    const { name = '', key, optional } = from.configMapKeyRef;
    const cm = s.configMaps(ns, name);
    if (!cm) return optional ? { kind: 'skip' } : { kind: 'error', error: `configmap "${name}" not found` };
    const v = cm.data?.[key];
    if (v === undefined) return optional ? { kind: 'skip' } : { kind: 'error', error: `couldn't find key ${key} in ConfigMap ${ns}/${name}` };
    return { kind: 'value', value: v };
  }
  if (from.secretKeyRef) {
    const { name = '', key, optional } = from.secretKeyRef;
    const secret = s.secrets(ns, name);
    if (!secret) return optional ? { kind: 'skip' } : { kind: 'error', error: `secret "${name}" not found` };
    const v = secret.data?.[key];
    if (v === undefined) return optional ? { kind: 'skip' } : { kind: 'error', error: `couldn't find key ${key} in Secret ${ns}/${name}` };
    return { kind: 'value', value: decode(v) };
  }
  return { kind: 'value', value: '' };
}

export function containerEnv(pod: Pod, container: Container, s: EnvSources): EnvResult {
  const ns = pod.metadata?.namespace ?? 'default';
  const vars = new Map<string, string>();
  const events: EnvEvent[] = [];
  for (const from of container.envFrom ?? []) {
    const prefix = from.prefix ?? '';
    let entries: [string, string][];
    let what: string;
    if (from.configMapRef) {
      const name = from.configMapRef.name ?? '';
      const cm = s.configMaps(ns, name);
      if (!cm) {
        if (from.configMapRef.optional) continue;
        return { ok: false, error: `configmap "${name}" not found` };
      }
      entries = Object.entries(cm.data ?? {});
      what = `configMap ${ns}/${name}`;
    } else if (from.secretRef) {
      const name = from.secretRef.name ?? '';
      const secret = s.secrets(ns, name);
      if (!secret) {
        if (from.secretRef.optional) continue;
        return { ok: false, error: `secret "${name}" not found` };
      }
      entries = Object.entries(secret.data ?? {}).map(([k, v]) => [k, decode(v)]);
      what = `secret ${ns}/${name}`;
    } else {
      continue;
    }
    const invalid: string[] = [];
    for (const [key, value] of entries) {
      const k = prefix + key;
      if (isEnvVarName(k)) vars.set(k, value);
      else invalid.push(k);
    }
    if (invalid.length > 0) {
      invalid.sort();
      events.push({
        type: 'Warning',
        reason: 'InvalidEnvironmentVariableNames',
        message: `Keys [${invalid.join(', ')}] from the EnvFrom ${what} were skipped since they are considered invalid environment variable names.`,
      });
    }
  }
  const mapping = mappingFor(vars);
  for (const e of container.env ?? []) {
    if (e.value) {
      vars.set(e.name, expand(e.value, mapping));
      continue;
    }
    if (!e.valueFrom) {
      vars.set(e.name, '');
      continue;
    }
    const r = valueFrom(pod, container, e.valueFrom, s);
    if (r.kind === 'error') return { ok: false, error: r.error };
    if (r.kind === 'value') vars.set(e.name, r.value);
  }
  return { ok: true, env: [...vars].map(([name, value]) => ({ name, value })), events };
}

/** ExpandContainerCommandAndArgs: $(VAR) in command and args against the container's environment. */
export function expandCommandAndArgs(container: Container, env: readonly { name: string; value: string }[]): { command: string[]; args: string[] } {
  const mapping = mappingFor(new Map(env.map((e) => [e.name, e.value])));
  return { command: (container.command ?? []).map((c) => expand(c, mapping)), args: (container.args ?? []).map((a) => expand(a, mapping)) };
}
