// The downward API's values: pod fields (fieldpath.ExtractFieldPathAsString, with labels and
// annotations printed one `key="value"` per line, keys sorted, values quoted as Go's %q does)
// and container resources (limits and requests divided by a divisor, rounded up; unset limits
// default to the node's allocatable, as the kubelet merges them before reading).

import type { Container, Pod, ResourceFieldSelector } from 'kubernetes-types/core/v1.d.ts';
import { parseQuantity } from '../../../protocols/kube/quantity.ts';

const ESCAPES: Readonly<Record<string, string>> = { '\u0007': '\\a', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\v': '\\v', '"': '\\"', '\\': '\\\\' };
const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;

/** strconv.Quote: printable characters as they are, the rest escaped. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const esc = ESCAPES[ch];
    if (esc) out += esc;
    else if (PRINTABLE.test(ch)) out += ch;
    else {
      const cp = ch.codePointAt(0)!;
      out += cp < 0x80 ? `\\x${cp.toString(16).padStart(2, '0')}` : cp < 0x10000 ? `\\u${cp.toString(16).padStart(4, '0')}` : `\\U${cp.toString(16).padStart(8, '0')}`;
    }
  }
  return `${out}"`;
}

/** fieldpath.FormatMap. */
export function formatMap(m: Readonly<Record<string, string>> | undefined): string {
  return Object.keys(m ?? {})
    .sort()
    .map((k) => `${k}=${goQuote(m![k]!)}`)
    .join('\n');
}

export type Extracted = { readonly ok: true; readonly value: string } | { readonly ok: false; readonly error: string };
const ok = (value: string): Extracted => ({ ok: true, value });
const fail = (error: string): Extracted => ({ ok: false, error });

/** `metadata.labels['app']` → ['metadata.labels', 'app']. */
function splitSubscript(path: string): [string, string] | undefined {
  if (!path.endsWith("']")) return undefined;
  const i = path.indexOf("['");
  if (i <= 0) return undefined;
  return [path.slice(0, i), path.slice(i + 2, -2)];
}

export function extractFieldPathAsString(pod: Pod, fieldPath: string): Extracted {
  const meta = pod.metadata ?? {};
  const sub = splitSubscript(fieldPath);
  if (sub) {
    const [path, key] = sub;
    if (path === 'metadata.annotations') return ok(meta.annotations?.[key] ?? '');
    if (path === 'metadata.labels') return ok(meta.labels?.[key] ?? '');
    return fail(`fieldPath "${fieldPath}" does not support subscript`);
  }
  switch (fieldPath) {
    case 'metadata.annotations': return ok(formatMap(meta.annotations));
    case 'metadata.labels': return ok(formatMap(meta.labels));
    case 'metadata.name': return ok(meta.name ?? '');
    case 'metadata.namespace': return ok(meta.namespace ?? '');
    case 'metadata.uid': return ok(meta.uid ?? '');
    default: return fail(`unsupported fieldPath: ${fieldPath}`);
  }
}

const DEFAULTED_LIMITS = ['cpu', 'memory', 'ephemeral-storage'];

/** MergeContainerResourceLimits: unset or zero cpu, memory and ephemeral-storage limits take the node's allocatable. */
export function withAllocatableLimits(c: Container, allocatable: Readonly<Record<string, string>>): Container {
  const limits: Record<string, string> = { ...(c.resources?.limits as Record<string, string> | undefined) };
  for (const r of DEFAULTED_LIMITS) {
    const q = limits[r];
    if ((q === undefined || parseQuantity(q).nanos === 0n) && allocatable[r] !== undefined) limits[r] = allocatable[r]!;
  }
  return { ...c, resources: { ...c.resources, limits } };
}

const ceilDiv = (n: bigint, d: bigint): bigint => {
  const q = n / d;
  return n % d !== 0n && n > 0n === d > 0n ? q + 1n : q;
};
const milli = (nanos: bigint): bigint => ceilDiv(nanos, 1_000_000n);
const whole = (nanos: bigint): bigint => ceilDiv(nanos, 1_000_000_000n);

/** ExtractContainerResourceValue on a container whose limits are already defaulted. */
export function containerResourceValue(fs: ResourceFieldSelector, c: Container): Extracted {
  const divisorNanos = fs.divisor === undefined || parseQuantity(String(fs.divisor)).nanos === 0n ? 1_000_000_000n : parseQuantity(String(fs.divisor)).nanos;
  const dot = fs.resource.indexOf('.');
  const kind = fs.resource.slice(0, dot);
  const name = fs.resource.slice(dot + 1);
  const supported = ['cpu', 'memory', 'ephemeral-storage'].includes(name) || name.startsWith('hugepages-');
  if ((kind !== 'limits' && kind !== 'requests') || !supported) return fail(`unsupported container resource : ${fs.resource}`);
  const list = (kind === 'limits' ? c.resources?.limits : c.resources?.requests) as Record<string, string> | undefined;
  const raw = list?.[name];
  const nanos = raw === undefined ? 0n : parseQuantity(raw).nanos;
  // Go divides the rounded values as floats and takes the ceiling; the divisor is at least 1m or 1.
  const [n, d] = name === 'cpu' ? [milli(nanos), milli(divisorNanos)] : [whole(nanos), whole(divisorNanos)];
  return ok(String(ceilDiv(n, d)));
}

/** A container of the pod by name: app containers first, then init containers. */
export const findContainer = (pod: Pod, name: string): Container | undefined =>
  (pod.spec?.containers ?? []).find((c) => c.name === name) ?? (pod.spec?.initContainers ?? []).find((c) => c.name === name);

/** ExtractResourceValueByContainerNameAndNodeAllocatable. */
export function resourceValueFor(fs: ResourceFieldSelector, pod: Pod, containerName: string, allocatable: Readonly<Record<string, string>>): Extracted {
  const c = findContainer(pod, containerName);
  if (!c) return fail(`container ${containerName} not found`);
  return containerResourceValue(fs, withAllocatableLimits(c, allocatable));
}
