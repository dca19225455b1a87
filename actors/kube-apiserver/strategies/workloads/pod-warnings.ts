// The Warning headers a pod spec draws (warningsForPodSpecAndMeta, 1.32): deprecated node labels,
// annotations and volume plugins, duplicates that apply would silently drop, fractional bytes,
// ambiguous ports, a negative grace period, selectors that match nothing. `at` is where the pod
// spec's owner puts it: '' for a Pod, 'spec.template' for a workload.

import { FieldPath, goQuote } from '../../../../protocols/kube/field-errors.ts';
import { formatQuantity, tryParseQuantity } from '../../../../protocols/kube/quantity.ts';
import { type J, isSet, list, rec, str } from './json.ts';

// Without a prototype: a label key such as `constructor` is no deprecated label.
const DEPRECATED_NODE_LABELS: Readonly<Record<string, string | undefined>> = Object.assign(Object.create(null) as Record<string, string>, {
  'beta.kubernetes.io/arch': 'deprecated since v1.14; use "kubernetes.io/arch" instead',
  'beta.kubernetes.io/os': 'deprecated since v1.14; use "kubernetes.io/os" instead',
  'failure-domain.beta.kubernetes.io/region': 'deprecated since v1.17; use "topology.kubernetes.io/region" instead',
  'failure-domain.beta.kubernetes.io/zone': 'deprecated since v1.17; use "topology.kubernetes.io/zone" instead',
  'beta.kubernetes.io/instance-type': 'deprecated since v1.17; use "node.kubernetes.io/instance-type" instead',
});
const DEPRECATED_ANNOTATIONS: readonly [string, string][] = [
  ['scheduler.alpha.kubernetes.io/critical-pod', 'non-functional in v1.16+; use the "priorityClassName" field instead'],
  ['security.alpha.kubernetes.io/sysctls', 'non-functional in v1.11+; use the "sysctls" field instead'],
  ['security.alpha.kubernetes.io/unsafe-sysctls', 'non-functional in v1.11+; use the "sysctls" field instead'],
];
const DEPRECATED_VOLUMES: readonly [string, string, string][] = [
  ['photonPersistentDisk', 'photonPersistentDisk', 'deprecated in v1.11, non-functional in v1.16+'],
  ['gitRepo', 'gitRepo', 'deprecated in v1.11'],
  ['scaleIO', 'scaleIO', 'deprecated in v1.16, non-functional in v1.22+'],
  ['flocker', 'flocker', 'deprecated in v1.22, non-functional in v1.25+'],
  ['storageos', 'storageOS', 'deprecated in v1.22, non-functional in v1.25+'],
  ['quobyte', 'quobyte', 'deprecated in v1.22, non-functional in v1.25+'],
  ['glusterfs', 'glusterfs', 'deprecated in v1.25, non-functional in v1.26+'],
  ['cephfs', 'cephfs', 'deprecated in v1.28, non-functional in v1.31+'],
  ['rbd', 'rbd', 'deprecated in v1.28, non-functional in v1.31+'],
];
const SECCOMP_POD_ANNOTATION = 'seccomp.security.alpha.kubernetes.io/pod';
const SECCOMP_CONTAINER_PREFIX = 'container.seccomp.security.alpha.kubernetes.io/';
const NO_MATCH = 'a null labelSelector results in matching no pod';

function termWarnings(term: J, path: FieldPath): string[] {
  return list(term.matchExpressions).flatMap((e, j) => {
    const msg = DEPRECATED_NODE_LABELS[str(e.key)];
    return msg === undefined ? [] : [`${path.child('matchExpressions').index(j).child('key')}: ${str(e.key)} is ${msg}`];
  });
}

function containerWarnings(c: J, p: FieldPath, annotations: J, base: FieldPath): string[] {
  const out: string[] = [];
  if (!isSet(rec(c.securityContext).seccompProfile) && Object.hasOwn(annotations, SECCOMP_CONTAINER_PREFIX + str(c.name))) {
    out.push(`${base.child('metadata', 'annotations').key(SECCOMP_CONTAINER_PREFIX + str(c.name))}: non-functional in v1.27+; use the "seccompProfile" field instead`);
  }
  for (const [kind, resource] of [['limits', 'memory'], ['requests', 'memory'], ['limits', 'ephemeral-storage'], ['requests', 'ephemeral-storage']] as const) {
    const raw = rec(rec(c.resources)[kind])[resource];
    const q = typeof raw === 'string' || typeof raw === 'number' ? tryParseQuantity(String(raw)) : undefined;
    if (q !== undefined && q.nanos % 1_000_000_000n !== 0n) out.push(`${p.child('resources', kind).key(resource)}: fractional byte value ${goQuote(formatQuantity(q))} is invalid, must be an integer`);
  }
  const seen = new Set<string>();
  list(c.env).forEach((e, i) => {
    const name = str(e.name);
    if (!seen.has(name)) return void seen.add(name);
    const ref = `$(${name})`;
    const value = str(e.value);
    if (isSet(e.valueFrom) || value === ref || !value.includes(ref)) out.push(`${p.child('env').index(i)}: hides previous definition of ${goQuote(name)}, which may be dropped when using apply`);
  });
  return out;
}

/** The warnings for a pod spec and its metadata; paths start at `at` ('' for a Pod). */
export function podSpecWarnings(spec: J, meta: J, at: string): string[] {
  return quietPodSpec(spec, meta) ? [] : allPodSpecWarnings(spec, meta, at);
}

/** podSpecWarnings drawn in full, every path built. */
export function allPodSpecWarnings(spec: J, meta: J, at: string): string[] {
  const base = FieldPath.of(at);
  const specPath = base.child('spec');
  const annotations = rec(meta.annotations);
  const out: string[] = [];
  for (const k of Object.keys(rec(spec.nodeSelector)).sort()) if (DEPRECATED_NODE_LABELS[k]) out.push(`${specPath.child('nodeSelector').key(k)}: ${DEPRECATED_NODE_LABELS[k]}`);
  const na = rec(rec(spec.affinity).nodeAffinity);
  // Paths are built only for lists that are there: most pods have no affinity at all.
  list(rec(na.requiredDuringSchedulingIgnoredDuringExecution).nodeSelectorTerms).forEach((t, i) =>
    out.push(...termWarnings(t, specPath.child('affinity', 'nodeAffinity', 'requiredDuringSchedulingIgnoredDuringExecution', 'nodeSelectorTerms').index(i))),
  );
  list(na.preferredDuringSchedulingIgnoredDuringExecution).forEach((t, i) =>
    out.push(...termWarnings(rec(t.preference), specPath.child('affinity', 'nodeAffinity', 'preferredDuringSchedulingIgnoredDuringExecution').index(i).child('preference'))),
  );
  list(spec.topologySpreadConstraints).forEach((t, i) => {
    const at2 = specPath.child('topologySpreadConstraints').index(i);
    const msg = DEPRECATED_NODE_LABELS[str(t.topologyKey)];
    if (msg !== undefined) out.push(`${at2.child('topologyKey')}: ${str(t.topologyKey)} is ${msg}`);
    if (!isSet(t.labelSelector)) out.push(`${at2.child('labelSelector')}: ${NO_MATCH}`);
  });
  for (const [key, msg] of DEPRECATED_ANNOTATIONS) if (Object.hasOwn(annotations, key)) out.push(`${base.child('metadata', 'annotations').key(key)}: ${msg}`);
  list(spec.volumes).forEach((v, i) => {
    for (const [source, shown, msg] of DEPRECATED_VOLUMES) if (isSet(v[source])) out.push(`${specPath.child('volumes').index(i).child(shown)}: ${msg}`);
  });
  const ips = new Set<string>();
  list(spec.hostAliases).forEach((a, i) => {
    if (ips.has(str(a.ip))) out.push(`${specPath.child('hostAliases').index(i).child('ip')}: duplicate ip ${goQuote(str(a.ip))}`);
    ips.add(str(a.ip));
  });
  const secrets = new Set<string>();
  const pullSecrets = list(spec.imagePullSecrets);
  pullSecrets.forEach((s, i) => {
    if (pullSecrets.length > 1 && secrets.has(str(s.name))) out.push(`${specPath.child('imagePullSecrets').index(i).child('name')}: duplicate name ${goQuote(str(s.name))}`);
    secrets.add(str(s.name));
  });
  pullSecrets.forEach((s, i) => {
    if (str(s.name) === '') out.push(`${specPath.child('imagePullSecrets').index(i).child('name')}: invalid empty name ""`);
  });
  if (!isSet(rec(spec.securityContext).seccompProfile) && Object.hasOwn(annotations, SECCOMP_POD_ANNOTATION)) {
    out.push(`${base.child('metadata', 'annotations').key(SECCOMP_POD_ANNOTATION)}: non-functional in v1.27+; use the "seccompProfile" field instead`);
  }
  const visited: [J, FieldPath][] = [
    ...list(spec.initContainers).map((c, i): [J, FieldPath] => [c, specPath.child('initContainers').index(i)]),
    ...list(spec.containers).map((c, i): [J, FieldPath] => [c, specPath.child('containers').index(i)]),
  ];
  for (const [c, p] of visited) out.push(...containerWarnings(c, p, annotations, base));
  out.push(...portWarnings(visited));
  if (typeof spec.terminationGracePeriodSeconds === 'number' && spec.terminationGracePeriodSeconds < 0) {
    out.push(`${specPath.child('terminationGracePeriodSeconds')}: must be >= 0; negative values are invalid and will be treated as 1`);
  }
  for (const kind of ['podAffinity', 'podAntiAffinity']) {
    const a = rec(rec(spec.affinity)[kind]);
    if (!isSet(a.requiredDuringSchedulingIgnoredDuringExecution) && !isSet(a.preferredDuringSchedulingIgnoredDuringExecution)) continue;
    const p = specPath.child('affinity', kind);
    list(a.requiredDuringSchedulingIgnoredDuringExecution).forEach((t, i) => {
      if (!isSet(t.labelSelector)) out.push(`${p.child('requiredDuringSchedulingIgnoredDuringExecution').index(i).child('labelSelector')}: ${NO_MATCH}`);
    });
    list(a.preferredDuringSchedulingIgnoredDuringExecution).forEach((t, i) => {
      if (!isSet(rec(t.podAffinityTerm).labelSelector)) out.push(`${p.child('preferredDuringSchedulingIgnoredDuringExecution').index(i).child('podAffinityTerm', 'labelSelector')}: ${NO_MATCH}`);
    });
  }
  return out;
}

/** Ports that collide across the pod's containers (the hostIP-without-hostPort warning is left out). */
function portWarnings(containers: readonly [J, FieldPath][]): string[] {
  const out: string[] = [];
  const seen = new Map<string, { path: FieldPath; port: J }[]>();
  for (const [c, p] of containers) {
    list(c.ports).forEach((port, i) => {
      const here = p.child('ports').index(i);
      const key = `${port.containerPort ?? 0}/${str(port.protocol)}`;
      for (const other of seen.get(key) ?? []) {
        const [hp, ohp] = [port.hostPort ?? 0, other.port.hostPort ?? 0];
        const [ip, oip] = [str(port.hostIP), str(other.port.hostIP)];
        if (ip === oip && hp === ohp) out.push(`${here}: duplicate port definition with ${other.path}`);
        else if (hp === 0 || ohp === 0) out.push(`${here}: overlapping port definition with ${other.path}`);
        else if (hp === ohp && (ip === '') !== (oip === '')) out.push(`${here}: dangerously ambiguous port definition with ${other.path}`);
      }
      seen.set(key, [...(seen.get(key) ?? []), { path: here, port }]);
    });
  }
  return out;
}

const isList = (v: unknown): v is unknown[] => Array.isArray(v);
const HEEDED_ANNOTATIONS: ReadonlySet<string> = new Set([...DEPRECATED_ANNOTATIONS.map(([key]) => key), SECCOMP_POD_ANNOTATION]);
const BYTE_RESOURCES = ['memory', 'ephemeral-storage'] as const;

/**
 * Whether a pod spec can draw no warning at all, read without building a path or a list: most
 * specs draw none, and allPodSpecWarnings costs several times this. Where a warning is possible
 * (an affinity, spread constraints, pull secrets, a byte quantity, two ports or env vars alike…)
 * it says false and the full check decides.
 */
export function quietPodSpec(spec: J, meta: J): boolean {
  if (isSet(spec.affinity) || (isList(spec.topologySpreadConstraints) && spec.topologySpreadConstraints.length > 0)) return false;
  if (isList(spec.imagePullSecrets) && spec.imagePullSecrets.length > 0) return false;
  if (isList(spec.hostAliases) && spec.hostAliases.length > 1) return false;
  if (typeof spec.terminationGracePeriodSeconds === 'number' && spec.terminationGracePeriodSeconds < 0) return false;
  const selector: unknown = spec.nodeSelector;
  if (selector !== null && typeof selector === 'object' && !Array.isArray(selector)) for (const k in selector) if (DEPRECATED_NODE_LABELS[k]) return false;
  const annotations: unknown = meta.annotations;
  if (annotations !== null && typeof annotations === 'object' && !Array.isArray(annotations)) {
    for (const k in annotations) if (HEEDED_ANNOTATIONS.has(k) || k.startsWith(SECCOMP_CONTAINER_PREFIX)) return false;
  }
  if (isList(spec.volumes)) {
    for (const v of spec.volumes) {
      if (v === null || typeof v !== 'object' || Array.isArray(v)) continue;
      for (const [source] of DEPRECATED_VOLUMES) if (isSet((v as J)[source])) return false;
    }
  }
  const ports: string[] = [];
  return quietContainers(spec.initContainers, ports) && quietContainers(spec.containers, ports);
}

/** Whether containers can draw no warning, their port keys added to `ports` (any key twice draws one). */
function quietContainers(containers: unknown, ports: string[]): boolean {
  if (!isList(containers)) return true;
  for (const c of containers) {
    if (c === null || typeof c !== 'object' || Array.isArray(c)) continue;
    const resources = rec((c as J).resources);
    for (const kind of ['limits', 'requests'] as const) {
      const r = rec(resources[kind]);
      for (const resource of BYTE_RESOURCES) if (r[resource] !== undefined) return false;
    }
    const env = (c as J).env;
    if (isList(env) && env.length > 1) {
      const names = env.map((e) => str(rec(e).name));
      if (new Set(names).size !== names.length) return false;
    }
    const cp = (c as J).ports;
    if (isList(cp)) {
      for (const port of cp) {
        const key = `${rec(port).containerPort ?? 0}/${str(rec(port).protocol)}`;
        if (ports.includes(key)) return false;
        ports.push(key);
      }
    }
  }
  return true;
}
