// ValidatePodSpec (pkg/apis/core/validation, 1.32) in Kubernetes' order: volumes, containers,
// init containers (sidecars included), host-network ports, restartPolicy, dnsPolicy,
// nodeSelector, security context, pull secrets, affinity, DNS config, readiness and scheduling
// gates, topology spread, hostUsers, names, activeDeadlineSeconds, hostname, tolerations,
// priority, OS. `isPod` is PodValidationOptions.ResourceIsPod: a Pod rather than a template.

import { type FieldError, FieldPath, fieldError } from '../../../../protocols/kube/field-errors.ts';
import { inclusiveRangeError, isDNS1123Label, isDNS1123Subdomain, isQualifiedName, validateLabels } from '../../../../protocols/kube/validation/index.ts';
import { checkHostPortConflicts, validateContainerCommon } from './container-validation.ts';
import { type J, isSet, list, rec, str, strs, strMap } from './json.ts';
import { validateLifecycle, validateProbes } from './probe-validation.ts';
import { validateAffinity, validateTolerations, validateTopologySpreadConstraints } from './scheduling-validation.ts';
import { validateIP } from '../core/net.ts';
import { validatePodSecurityContext } from './security-validation.ts';
import { CleanSpecs } from './spec-memo.ts';
import { validateVolumes } from './volume-validation.ts';

const RESTART_POLICIES = ['Always', 'OnFailure', 'Never'];
const DNS_POLICIES = ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'];
const PREEMPTION_POLICIES = ['PreemptLowerPriority', 'Never'];
const OSES = ['linux', 'windows'];
const MAX_INT32 = 2147483647;

function supported(value: string, path: FieldPath, values: readonly string[]): FieldError[] {
  if (value === '') return [fieldError.required(path)];
  return values.includes(value) ? [] : [fieldError.notSupported(path, value, values)];
}

function validateContainers(spec: J, volumes: ReadonlyMap<string, J>, grace: number | undefined, path: FieldPath): FieldError[] {
  const containers = list(spec.containers);
  if (containers.length === 0) return [fieldError.required(path)];
  const errs: FieldError[] = [];
  const names = new Set<string>();
  containers.forEach((c, i) => {
    const at = path.index(i);
    errs.push(...validateContainerCommon(c, volumes, at, spec.hostUsers !== false));
    if (names.has(str(c.name))) errs.push(fieldError.duplicate(at.child('name'), str(c.name)));
    else names.add(str(c.name));
    if (isSet(c.lifecycle)) errs.push(...validateLifecycle(c.lifecycle, grace, at.child('lifecycle')));
    errs.push(...validateProbes(c, grace, at));
    if (isSet(c.restartPolicy)) errs.push(fieldError.forbidden(at.child('restartPolicy'), 'may not be set for non-init containers'));
  });
  errs.push(...checkHostPortConflicts(containers, path));
  return errs;
}

const NO_RESTART = 'may not be set for init containers without restartPolicy=Always';

/** validateInitContainers: a restartPolicy of Always makes a sidecar, which may have probes and hooks. */
function validateInitContainers(spec: J, volumes: ReadonlyMap<string, J>, grace: number | undefined, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set(list(spec.containers).map((c) => str(c.name)));
  list(spec.initContainers).forEach((c, i) => {
    const at = path.index(i);
    errs.push(...validateContainerCommon(c, volumes, at, spec.hostUsers !== false));
    const sidecar = c.restartPolicy === 'Always';
    if (isSet(c.restartPolicy) && !sidecar) errs.push(fieldError.notSupported(at.child('restartPolicy'), c.restartPolicy, ['Always']));
    if (names.has(str(c.name))) errs.push(fieldError.duplicate(at.child('name'), str(c.name)));
    else if (str(c.name) !== '') names.add(str(c.name));
    // Kubernetes checks each init container alone, so its errors always say index 0.
    errs.push(...checkHostPortConflicts([c], path));
    if (sidecar) {
      if (isSet(c.lifecycle)) errs.push(...validateLifecycle(c.lifecycle, grace, at.child('lifecycle')));
      errs.push(...validateProbes(c, grace, at));
    } else {
      for (const f of ['lifecycle', 'livenessProbe', 'readinessProbe', 'startupProbe']) if (isSet(c[f])) errs.push(fieldError.forbidden(at.child(f), NO_RESTART));
    }
    if (Array.isArray(c.resizePolicy) && c.resizePolicy.length > 0) errs.push(fieldError.invalid(at.child('resizePolicy'), c.resizePolicy, 'must not be set for init containers'));
  });
  return errs;
}

function validateHostNetworkPorts(spec: J, path: FieldPath, isPod: boolean): FieldError[] {
  if (spec.hostNetwork !== true) return [];
  const errs: FieldError[] = [];
  list(spec.containers).forEach((c, i) =>
    list(c.ports).forEach((p, j) => {
      const hp = p.hostPort ?? 0;
      if ((isPod || hp !== 0) && hp !== p.containerPort) {
        errs.push(fieldError.invalid(path.child('containers').index(i).child('ports').index(j).child('hostPort'), hp, 'must match `containerPort` when `hostNetwork` is true'));
      }
    }),
  );
  return errs;
}

function validateDNSConfig(spec: J, path: FieldPath): FieldError[] {
  if (spec.dnsPolicy === 'None') {
    if (!isSet(spec.dnsConfig)) return [fieldError.required(path, 'must provide `dnsConfig` when `dnsPolicy` is None')];
    if (strs(spec.dnsConfig.nameservers).length === 0) return [fieldError.required(path.child('nameservers'), 'must provide at least one DNS nameserver when `dnsPolicy` is None')];
  }
  if (!isSet(spec.dnsConfig)) return [];
  const c = rec(spec.dnsConfig);
  const errs: FieldError[] = [];
  if (strs(c.nameservers).length > 3) errs.push(fieldError.invalid(path.child('nameservers'), c.nameservers, 'must not have more than 3 nameservers'));
  strs(c.nameservers).forEach((ns, i) => errs.push(...validateIP(path.child('nameservers').index(i), ns)));
  const searches = strs(c.searches);
  if (searches.length > 32) errs.push(fieldError.invalid(path.child('searches'), searches, 'must not have more than 32 search paths'));
  if (searches.join(' ').length > 2048) errs.push(fieldError.invalid(path.child('searches'), searches, 'must not have more than 2048 characters (including spaces) in the search list'));
  searches.forEach((s, i) => {
    const trimmed = s.endsWith('.') ? s.slice(0, -1) : s;
    errs.push(...isDNS1123Subdomain(trimmed).map((m) => fieldError.invalid(path.child('searches').index(i), trimmed, m)));
  });
  list(c.options).forEach((o, i) => {
    if (str(o.name) === '') errs.push(fieldError.required(path.child('options').index(i), 'must not be empty'));
  });
  return errs;
}

function validateGates(spec: J, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  list(spec.readinessGates).forEach((g, i) => {
    const at = path.child('readinessGates').index(i).child('conditionType');
    errs.push(...isQualifiedName(str(g.conditionType)).map((m) => fieldError.invalid(at, str(g.conditionType), m)));
  });
  const seen = new Set<string>();
  list(spec.schedulingGates).forEach((g, i) => {
    const at = path.child('schedulingGates').index(i);
    errs.push(...isQualifiedName(str(g.name)).map((m) => fieldError.invalid(at, str(g.name), m)));
    if (seen.has(str(g.name))) errs.push(fieldError.duplicate(at, str(g.name)));
    seen.add(str(g.name));
  });
  return errs;
}

function validateHostUsers(spec: J, path: FieldPath): FieldError[] {
  if (spec.hostUsers !== false) return [];
  const why = 'when `pod.Spec.HostUsers` is false';
  return [
    ...(spec.hostNetwork === true ? [fieldError.forbidden(path.child('hostNetwork'), why)] : []),
    ...(spec.hostPID === true ? [fieldError.forbidden(path.child('HostPID'), why)] : []),
    ...(spec.hostIPC === true ? [fieldError.forbidden(path.child('HostIPC'), why)] : []),
  ];
}

const nameErrors = (value: unknown, path: FieldPath, check: (s: string) => string[]): FieldError[] =>
  str(value) === '' ? [] : check(str(value)).map((m) => fieldError.invalid(path, str(value), m));

/** ValidatePodSpec. */
const CLEAN_SPECS = new CleanSpecs();

/** ValidatePodSpec, through `memo`: the specs that validated clean before (null: validate every part every time). */
export function validatePodSpec(spec: J, path: FieldPath, isPod: boolean, memo: CleanSpecs | null = CLEAN_SPECS): FieldError[] {
  if (memo === null) return validatePodSpecFully(spec, path, isPod, false);
  const at = `${isPod ? 'pod' : 'template'} ${path}`;
  if (memo.known(spec, at)) return [];
  const errs = validatePodSpecFully(spec, path, isPod, true);
  if (errs.length === 0) memo.clean(spec, at);
  return errs;
}

/** `memos`: whether parts (volume sources, tolerations) may be answered by their own memos (an undefined memo argument). */
function validatePodSpecFully(spec: J, path: FieldPath, isPod: boolean, memos: boolean): FieldError[] {
  const errs: FieldError[] = [];
  if (!isSet(spec.terminationGracePeriodSeconds)) errs.push(fieldError.required(path.child('terminationGracePeriodSeconds')));
  const grace = typeof spec.terminationGracePeriodSeconds === 'number' ? spec.terminationGracePeriodSeconds : undefined;
  const { errs: volErrs, names: volumes } = validateVolumes(spec.volumes, path.child('volumes'), memos ? undefined : null);
  errs.push(...volErrs);
  errs.push(...validateContainers(spec, volumes, grace, path.child('containers')));
  errs.push(...validateInitContainers(spec, volumes, grace, path.child('initContainers')));
  errs.push(...validateHostNetworkPorts(spec, path, isPod));
  errs.push(...supported(str(spec.restartPolicy), path.child('restartPolicy'), RESTART_POLICIES));
  errs.push(...supported(str(spec.dnsPolicy), path.child('dnsPolicy'), DNS_POLICIES));
  errs.push(...validateLabels(strMap(spec.nodeSelector), path.child('nodeSelector')));
  errs.push(...validatePodSecurityContext(spec, path.child('securityContext')));
  list(spec.imagePullSecrets).forEach((s, i) => {
    if (Object.keys(s).some((k) => k !== 'name')) errs.push(fieldError.invalid(path.child('imagePullSecrets').index(i), s, 'only name may be set'));
  });
  errs.push(...validateAffinity(spec.affinity, path.child('affinity')));
  errs.push(...validateDNSConfig(spec, path.child('dnsConfig')));
  errs.push(...validateGates(spec, path));
  errs.push(...validateTopologySpreadConstraints(spec.topologySpreadConstraints, path.child('topologySpreadConstraints')));
  errs.push(...validateHostUsers(spec, path));
  errs.push(...nameErrors(spec.serviceAccountName, path.child('serviceAccountName'), isDNS1123Subdomain));
  errs.push(...nameErrors(spec.nodeName, path.child('nodeName'), isDNS1123Subdomain));
  if (isSet(spec.activeDeadlineSeconds) && !(spec.activeDeadlineSeconds >= 1 && spec.activeDeadlineSeconds <= MAX_INT32)) {
    errs.push(fieldError.invalid(path.child('activeDeadlineSeconds'), spec.activeDeadlineSeconds, inclusiveRangeError(1, MAX_INT32)));
  }
  errs.push(...nameErrors(spec.hostname, path.child('hostname'), isDNS1123Label));
  errs.push(...nameErrors(spec.subdomain, path.child('subdomain'), isDNS1123Label));
  errs.push(...validateTolerations(spec.tolerations, path.child('tolerations'), memos ? undefined : null));
  list(spec.hostAliases).forEach((a, i) => {
    const at = path.child('hostAliases').index(i);
    errs.push(...validateIP(at.child('ip'), str(a.ip)));
    strs(a.hostnames).forEach((h, j) => errs.push(...isDNS1123Subdomain(h).map((m) => fieldError.invalid(at.child('hostnames').index(j), h, m))));
  });
  errs.push(...nameErrors(spec.priorityClassName, path.child('priorityClassName'), isDNS1123Subdomain));
  if (isSet(spec.runtimeClassName)) errs.push(...isDNS1123Subdomain(str(spec.runtimeClassName)).map((m) => fieldError.invalid(path.child('runtimeClassName'), spec.runtimeClassName, m)));
  if (isSet(spec.preemptionPolicy)) errs.push(...supported(str(spec.preemptionPolicy), path.child('preemptionPolicy'), PREEMPTION_POLICIES));
  if (isSet(spec.os)) {
    const os = str(spec.os.name);
    if (os === '') errs.push(fieldError.required(path.child('os', 'name')));
    else if (!OSES.includes(os)) errs.push(fieldError.notSupported(path.child('os'), os, OSES));
  }
  return errs;
}
