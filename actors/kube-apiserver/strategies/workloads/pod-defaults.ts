// Scheme defaulting of core/v1 pods (pkg/apis/core/v1/defaults.go, 1.32): SetDefaults_PodSpec,
// _Container, _ContainerPort, _Probe, _HTTPGetAction, _Volume and the volume sources' modes for
// every pod spec, pod templates included; SetDefaults_Pod (requests from limits,
// enableServiceLinks, host-network ports) only for Pods themselves.

import { type J, isObject, isSet, list, rec } from './json.ts';
import { formatQuantity, tryParseQuantity } from '../../../../protocols/kube/quantity.ts';
import { BoundedMemo } from '../../bounded-memo.ts';

const DEFAULT_MODE = 0o644;

const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;

/**
 * The tag ParseImageName reports: "latest" when neither tag nor digest is given, '' when the
 * reference does not parse (an empty image, upper case in the repository path) or has only a digest.
 */
export function imageTag(image: string): string {
  return tags.get(image, parseImageTag);
}

// Every container of every pod asks for its image's tag, and a cluster runs few images.
const MAX_TAGS = 256;
const tags = new BoundedMemo<string, string>(MAX_TAGS);

/** imageTag worked out, not remembered. */
export function parseImageTag(image: string): string {
  const at = image.indexOf('@');
  const name = at >= 0 ? image.slice(0, at) : image;
  const colon = name.lastIndexOf(':');
  const hasTag = colon > name.lastIndexOf('/');
  const parts = (hasTag ? name.slice(0, colon) : name).split('/');
  const hasDomain = parts.length > 1 && (parts[0]!.includes('.') || parts[0]!.includes(':') || parts[0] === 'localhost');
  if (!(hasDomain ? parts.slice(1) : parts).every((p) => PATH_COMPONENT.test(p))) return '';
  if (hasTag) return name.slice(colon + 1);
  return at >= 0 ? '' : 'latest';
}

/**
 * SetDefaults_ResourceList: each quantity rounded up to a milli-unit, and kept as the canonical
 * string the apiserver stores ("0.5" reads back as "500m"). Unparsable ones are left to validation.
 */
function defaultResourceList(resources: unknown): void {
  if (!isObject(resources)) return;
  const r = resources as J;
  for (const [name, raw] of Object.entries(r)) {
    const q = typeof raw === 'string' || typeof raw === 'number' ? tryParseQuantity(String(raw)) : undefined;
    if (q === undefined) continue;
    // RoundUp(-3) keeps the parsed text unless it had to round.
    const rest = q.nanos % 1_000_000n;
    r[name] = rest === 0n ? formatQuantity(q) : formatQuantity({ nanos: q.nanos - rest + (q.nanos > 0n ? 1_000_000n : -1_000_000n), format: q.format });
  }
}

function defaultContainer(c: J, hostNetwork: boolean): void {
  // A Go struct field, never omitted: every container reads back with `resources: {}` at least.
  if (!isSet(c.resources)) c.resources = {};
  defaultResourceList(rec(c.resources).requests);
  defaultResourceList(rec(c.resources).limits);
  if (!isSet(c.imagePullPolicy) || c.imagePullPolicy === '') c.imagePullPolicy = imageTag(typeof c.image === 'string' ? c.image : '') === 'latest' ? 'Always' : 'IfNotPresent';
  if (!c.terminationMessagePath) c.terminationMessagePath = '/dev/termination-log';
  if (!c.terminationMessagePolicy) c.terminationMessagePolicy = 'File';
  for (const p of list(c.ports)) {
    if (!p.protocol) p.protocol = 'TCP';
    if (hostNetwork && !p.hostPort) p.hostPort = p.containerPort;
  }
  // Each part read where it is there, without a list or an empty object for what is not.
  if (isObject(c.livenessProbe)) defaultProbe(c.livenessProbe);
  if (isObject(c.readinessProbe)) defaultProbe(c.readinessProbe);
  if (isObject(c.startupProbe)) defaultProbe(c.startupProbe);
  if (isObject(c.lifecycle)) {
    if (isObject(c.lifecycle.postStart)) defaultHandler(c.lifecycle.postStart);
    if (isObject(c.lifecycle.preStop)) defaultHandler(c.lifecycle.preStop);
  }
  if (Array.isArray(c.env)) for (const e of list(c.env)) defaultEnvSource(rec(e.valueFrom));
}

function defaultProbe(p: J): void {
  defaultHandler(p);
  p.timeoutSeconds ||= 1;
  p.periodSeconds ||= 10;
  p.successThreshold ||= 1;
  p.failureThreshold ||= 3;
}

function defaultHandler(h: J): void {
  if (isObject(h.httpGet)) {
    h.httpGet.path ||= '/';
    h.httpGet.scheme ||= 'HTTP';
  }
}

function defaultEnvSource(from: J): void {
  if (isObject(from.fieldRef)) from.fieldRef.apiVersion ||= 'v1';
}

function defaultVolume(v: J): void {
  const sources = Object.keys(v).filter((k) => k !== 'name' && isSet(v[k]));
  if (sources.length === 0) v.emptyDir = {};
  for (const key of ['secret', 'configMap', 'downwardAPI', 'projected']) if (isObject(v[key]) && !isSet(v[key].defaultMode)) v[key].defaultMode = DEFAULT_MODE;
  if (isObject(v.hostPath) && !isSet(v.hostPath.type)) v.hostPath.type = '';
  for (const item of list(rec(v.downwardAPI).items)) if (isObject(item.fieldRef)) item.fieldRef.apiVersion ||= 'v1';
  for (const s of list(rec(v.projected).sources)) {
    if (isObject(s.serviceAccountToken)) s.serviceAccountToken.expirationSeconds ??= 3600;
    for (const item of list(rec(s.downwardAPI).items)) if (isObject(item.fieldRef)) item.fieldRef.apiVersion ||= 'v1';
  }
}

/** SetDefaults_PodSpec and what it reaches (containers, probes, volumes). Mutates `spec`. */
export function defaultPodSpec(spec: J): J {
  spec.dnsPolicy ||= 'ClusterFirst';
  spec.restartPolicy ||= 'Always';
  if (!isSet(spec.securityContext)) spec.securityContext = {};
  spec.terminationGracePeriodSeconds ??= 30;
  spec.schedulerName ||= 'default-scheduler';
  // DefaultHostNetworkHostPortsInPodTemplates is off in 1.32: templates keep hostPort unset.
  for (const c of list(spec.initContainers)) defaultContainer(c, false);
  for (const c of list(spec.containers)) defaultContainer(c, false);
  for (const v of list(spec.volumes)) defaultVolume(v);
  return spec;
}

function requestsFromLimits(containers: unknown): void {
  for (const c of list(containers)) {
    const limits = rec(c.resources).limits;
    if (!isObject(limits)) continue;
    c.resources.requests = { ...limits, ...rec(c.resources.requests) };
  }
}

/** SetDefaults_Pod on top of the spec's defaults. Mutates `pod`. */
export function defaultPod(pod: J): J {
  const spec = rec(pod.spec);
  pod.spec = spec;
  defaultPodSpec(spec);
  requestsFromLimits(spec.containers);
  requestsFromLimits(spec.initContainers);
  spec.enableServiceLinks ??= true;
  if (spec.hostNetwork === true) for (const c of [...list(spec.containers), ...list(spec.initContainers)]) for (const p of list(c.ports)) if (!p.hostPort) p.hostPort = p.containerPort;
  return pod;
}

/** SetDefaults of a PodTemplateSpec embedded in a workload. Mutates `template`. */
export function defaultPodTemplate(template: J): J {
  template.spec = defaultPodSpec(rec(template.spec));
  return template;
}
