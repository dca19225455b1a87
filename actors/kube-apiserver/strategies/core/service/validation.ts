// ValidateService and ValidateServiceUpdate (pkg/apis/core/validation), in Kubernetes' order,
// including ValidateServiceClusterIPsRelatedFields and the dual-stack upgrade/downgrade rules.

import { type FieldError, FieldPath, fieldError } from '../../../../../protocols/kube/field-errors.ts';
import type { Service } from '../../../../../protocols/kube/objects.ts';
import { isValidPortNum, validateLabels } from '../../../../../protocols/kube/validation/index.ts';
import { familyOf } from '../../../allocators/ip.ts';
import { dns1123Label, dns1123Subdomain, optionalEnum, portNumOrName, qualifiedName, requiredEnum } from '../fields.ts';
import { validateCIDR, validateIP, validateNonSpecialIP } from '../net.ts';
import { type ServicePort, type ServiceSpec, externallyAccessible, isHeadless, needsHealthCheck } from './defaults.ts';

const SPEC = FieldPath.root('spec');
const TYPES = ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'];
const PROTOCOLS = ['TCP', 'UDP', 'SCTP'];
const FAMILIES = ['IPv4', 'IPv6'];
const POLICIES = ['SingleStack', 'PreferDualStack', 'RequireDualStack'];
const MAX_AFFINITY_SECONDS = 86400;

function validatePort(sp: ServicePort, requireName: boolean, names: Set<string>, at: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const name = sp.name ?? '';
  if (requireName && name === '') errs.push(fieldError.required(at.child('name')));
  else if (name !== '') {
    errs.push(...dns1123Label(at.child('name'), name));
    if (names.has(name)) errs.push(fieldError.duplicate(at.child('name'), name));
    else names.add(name);
  }
  for (const m of isValidPortNum(sp.port ?? 0)) errs.push(fieldError.invalid(at.child('port'), sp.port ?? 0, m));
  errs.push(...requiredEnum(at.child('protocol'), sp.protocol, PROTOCOLS));
  errs.push(...portNumOrName(at.child('targetPort'), sp.targetPort));
  if (sp.appProtocol !== undefined) errs.push(...qualifiedName(at.child('appProtocol'), sp.appProtocol));
  return errs;
}

function validateAffinity(spec: ServiceSpec): FieldError[] {
  const at = SPEC.child('sessionAffinityConfig');
  if (spec.sessionAffinity === 'None') return spec.sessionAffinityConfig === undefined ? [] : [fieldError.forbidden(at, 'must not be set when session affinity is None')];
  if (spec.sessionAffinity !== 'ClientIP') return [];
  const why = 'when session affinity type is ClientIP';
  const cfg = spec.sessionAffinityConfig;
  if (cfg === undefined) return [fieldError.required(at, why)];
  if (cfg.clientIP === undefined) return [fieldError.required(at.child('clientIP'), why)];
  const t = cfg.clientIP.timeoutSeconds;
  if (t === undefined) return [fieldError.required(at.child('clientIP', 'timeoutSeconds'), why)];
  return t <= 0 || t > MAX_AFFINITY_SECONDS ? [fieldError.invalid(at.child('clientIP', 'timeoutSeconds'), t, `must be greater than 0 and less than ${MAX_AFFINITY_SECONDS}`)] : [];
}

/** ValidateServiceClusterIPsRelatedFields; also the allocator's pre-check. */
export function validateClusterIPsRelated(spec: ServiceSpec): FieldError[] {
  if (spec.type === 'ExternalName') return [];
  const errs: FieldError[] = [];
  const ipsAt = SPEC.child('clusterIPs');
  const ips = spec.clusterIPs ?? [];
  const families = spec.ipFamilies ?? [];
  if ((spec.clusterIP ?? '') !== '') {
    if (ips.length === 0) errs.push(fieldError.required(ipsAt));
    else if (ips[0] !== spec.clusterIP) errs.push(fieldError.invalid(ipsAt, ips, 'first value must match `clusterIP`'));
  } else if (ips.length !== 0) errs.push(fieldError.invalid(ipsAt, ips, 'must be empty when `clusterIP` is not specified'));
  const seen = new Set<string>();
  families.forEach((f, i) => {
    if (!FAMILIES.includes(f)) errs.push(fieldError.notSupported(SPEC.child('ipFamilies').index(i), f, FAMILIES));
    if (seen.has(f)) errs.push(fieldError.duplicate(SPEC.child('ipFamilies').index(i), f));
    seen.add(f);
  });
  errs.push(...optionalEnum(SPEC.child('ipFamilyPolicy'), spec.ipFamilyPolicy, POLICIES));
  let badIPs = false;
  ips.forEach((ip, i) => {
    if (i === 0 && ip === 'None') {
      if (ips.length > 1) {
        badIPs = true;
        errs.push(fieldError.invalid(ipsAt, ips, "'None' must be the first and only value"));
      }
      return;
    }
    const e = validateIP(ipsAt.index(i), ip);
    if (e.length > 0) badIPs = true;
    errs.push(...e);
  });
  if (ips.length > 2) errs.push(fieldError.invalid(ipsAt, ips, 'may only hold up to 2 values'));
  if (badIPs) return errs;
  if (ips.length > 1 && (ips.length !== 2 || familyOf(ips[0]!) === familyOf(ips[1]!))) errs.push(fieldError.invalid(ipsAt, ips, 'may specify no more than one IP for each IP family'));
  if (!isHeadless(spec)) {
    ips.forEach((ip, i) => {
      if (i >= families.length) return;
      const v6 = familyOf(ip) === 'IPv6';
      if (families[i] === 'IPv4' && v6) errs.push(fieldError.invalid(ipsAt.index(i), ip, `expected an IPv4 value as indicated by \`ipFamilies[${i}]\``));
      if (families[i] === 'IPv6' && !v6) errs.push(fieldError.invalid(ipsAt.index(i), ip, `expected an IPv6 value as indicated by \`ipFamilies[${i}]\``));
    });
  }
  return errs;
}

function validateTrafficPolicies(spec: ServiceSpec): FieldError[] {
  const errs: FieldError[] = [];
  const etp = spec.externalTrafficPolicy ?? '';
  if (!externallyAccessible(spec)) {
    if (etp !== '') errs.push(fieldError.invalid(SPEC.child('externalTrafficPolicy'), etp, 'may only be set for externally-accessible services'));
  } else errs.push(...requiredEnum(SPEC.child('externalTrafficPolicy'), etp, ['Cluster', 'Local']));
  const hc = spec.healthCheckNodePort ?? 0;
  if (!needsHealthCheck(spec)) {
    if (hc !== 0) errs.push(fieldError.invalid(SPEC.child('healthCheckNodePort'), hc, "may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'"));
  } else if (hc === 0) errs.push(fieldError.required(SPEC.child('healthCheckNodePort')));
  else for (const m of isValidPortNum(hc)) errs.push(fieldError.invalid(SPEC.child('healthCheckNodePort'), hc, m));
  const itp = spec.internalTrafficPolicy;
  if (itp === undefined && (spec.type === 'NodePort' || spec.type === 'LoadBalancer' || spec.type === 'ClusterIP')) errs.push(fieldError.required(SPEC.child('internalTrafficPolicy')));
  errs.push(...optionalEnum(SPEC.child('internalTrafficPolicy'), itp, ['Cluster', 'Local']));
  errs.push(...optionalEnum(SPEC.child('trafficDistribution'), spec.trafficDistribution, ['PreferClose']));
  return errs;
}

function validateTypeRules(spec: ServiceSpec): FieldError[] {
  const errs: FieldError[] = [];
  const first = (spec.clusterIPs ?? [])[0];
  if ((spec.type === 'LoadBalancer' || spec.type === 'NodePort') && isHeadless(spec))
    errs.push(fieldError.invalid(SPEC.child('clusterIPs').index(0), first, `may not be set to 'None' for ${spec.type} services`));
  if (spec.type === 'ExternalName') {
    if ((spec.clusterIPs ?? []).length > 0) errs.push(fieldError.forbidden(SPEC.child('clusterIPs'), 'may not be set for ExternalName services'));
    if ((spec.ipFamilies ?? []).length > 0) errs.push(fieldError.forbidden(SPEC.child('ipFamilies'), 'may not be set for ExternalName services'));
    if (spec.ipFamilyPolicy !== undefined) errs.push(fieldError.forbidden(SPEC.child('ipFamilyPolicy'), 'may not be set for ExternalName services'));
    const cname = (spec.externalName ?? '').replace(/\.$/, '');
    if (cname !== '') errs.push(...dns1123Subdomain(SPEC.child('externalName'), cname));
    else errs.push(fieldError.required(SPEC.child('externalName')));
  }
  return errs;
}

function validatePortSets(spec: ServiceSpec): FieldError[] {
  const errs: FieldError[] = [];
  const ports = spec.ports ?? [];
  if (spec.type === 'ClusterIP')
    ports.forEach((p, i) => (p.nodePort ?? 0) !== 0 && errs.push(fieldError.forbidden(SPEC.child('ports').index(i).child('nodePort'), "may not be used when `type` is 'ClusterIP'")));
  const nodePorts = new Set<string>();
  ports.forEach((p, i) => {
    if ((p.nodePort ?? 0) === 0) return;
    const key = `${p.protocol}/${p.nodePort}`;
    if (nodePorts.has(key)) errs.push(fieldError.duplicate(SPEC.child('ports').index(i).child('nodePort'), p.nodePort));
    nodePorts.add(key);
  });
  const seen = new Set<string>();
  ports.forEach((p, i) => {
    const key = `${p.protocol}/${p.port}`;
    if (seen.has(key)) errs.push(fieldError.duplicate(SPEC.child('ports').index(i), { port: p.port, protocol: p.protocol }));
    seen.add(key);
  });
  return errs;
}

function validateSourceRanges(svc: Service, spec: ServiceSpec): FieldError[] {
  const errs: FieldError[] = [];
  const ranges = spec.loadBalancerSourceRanges ?? [];
  const annotation = svc.metadata?.annotations?.['service.beta.kubernetes.io/load-balancer-source-ranges'];
  if (ranges.length > 0) {
    const at = SPEC.child('LoadBalancerSourceRanges');
    if (spec.type !== 'LoadBalancer') errs.push(fieldError.forbidden(at, "may only be used when `type` is 'LoadBalancer'"));
    ranges.forEach((r, i) => errs.push(...validateCIDR(at.index(i), r.trim())));
  } else if (annotation !== undefined) {
    const at = FieldPath.root('metadata', 'annotations').key('service.beta.kubernetes.io/load-balancer-source-ranges');
    if (spec.type !== 'LoadBalancer') errs.push(fieldError.forbidden(at, "may only be used when `type` is 'LoadBalancer'"));
    const v = annotation.trim();
    if (v !== '') for (const c of v.split(',')) errs.push(...validateCIDR(at, c.trim()));
  }
  return errs;
}

/** ValidateService without the metadata part (the pipeline's). */
export function validateService(svc: Service): FieldError[] {
  const spec: ServiceSpec = svc.spec ?? {};
  const errs: FieldError[] = [];
  const ports = spec.ports ?? [];
  if (ports.length === 0 && !isHeadless(spec) && spec.type !== 'ExternalName') errs.push(fieldError.required(SPEC.child('ports')));
  errs.push(...validateTypeRules(spec));
  const names = new Set<string>();
  ports.forEach((p, i) => errs.push(...validatePort(p, ports.length > 1, names, SPEC.child('ports').index(i))));
  if (spec.selector !== undefined) errs.push(...validateLabels(spec.selector, SPEC.child('selector')));
  errs.push(...requiredEnum(SPEC.child('sessionAffinity'), spec.sessionAffinity, ['ClientIP', 'None']));
  errs.push(...validateAffinity(spec));
  errs.push(...validateClusterIPsRelated(spec));
  (spec.externalIPs ?? []).forEach((ip, i) => {
    const at = SPEC.child('externalIPs').index(i);
    const e = validateIP(at, ip);
    errs.push(...(e.length > 0 ? e : validateNonSpecialIP(at, ip)));
  });
  errs.push(...requiredEnum(SPEC.child('type'), spec.type, TYPES));
  errs.push(...validatePortSets(spec));
  errs.push(...validateSourceRanges(svc, spec));
  if (spec.allocateLoadBalancerNodePorts !== undefined && spec.type !== 'LoadBalancer')
    errs.push(fieldError.forbidden(SPEC.child('allocateLoadBalancerNodePorts'), "may only be used when `type` is 'LoadBalancer'"));
  // Kubernetes reports this one without the "spec." prefix.
  if (spec.type === 'LoadBalancer' && spec.allocateLoadBalancerNodePorts === undefined) errs.push(fieldError.required('allocateLoadBalancerNodePorts'));
  errs.push(...validateLoadBalancerClass(undefined, spec));
  errs.push(...validateTrafficPolicies(spec));
  return errs;
}

function validateLoadBalancerClass(old: ServiceSpec | undefined, spec: ServiceSpec): FieldError[] {
  const at = SPEC.child('loadBalancerClass');
  const errs: FieldError[] = [];
  if (old !== undefined && old.type === 'LoadBalancer' && spec.type === 'LoadBalancer' && (old.loadBalancerClass ?? null) !== (spec.loadBalancerClass ?? null))
    errs.push(fieldError.invalid(at, spec.loadBalancerClass ?? null, 'may not change once set'));
  if (spec.loadBalancerClass === undefined) return errs;
  if (spec.type !== 'LoadBalancer') errs.push(fieldError.forbidden(at, "may only be used when service type is 'LoadBalancer'"));
  else errs.push(...qualifiedName(at, spec.loadBalancerClass));
  return errs;
}

/** The update-only rules: dual-stack upgrade/downgrade, loadBalancerClass, healthCheckNodePort. */
export function validateServiceUpdate(svc: Service, old: Service): FieldError[] {
  const spec: ServiceSpec = svc.spec ?? {};
  const was: ServiceSpec = old.spec ?? {};
  const errs = [...validateUpgradeDowngradeClusterIPs(was, spec), ...validateUpgradeDowngradeFamilies(was, spec), ...validateLoadBalancerClass(was, spec)];
  if (needsHealthCheck(was) && needsHealthCheck(spec) && spec.healthCheckNodePort !== was.healthCheckNodePort) errs.push(fieldError.forbidden(SPEC.child('healthCheckNodePort'), 'field is immutable'));
  return [...errs, ...validateService(svc)];
}

const singleStackRequired = (spec: ServiceSpec, what: string): FieldError[] =>
  spec.ipFamilyPolicy !== 'SingleStack' ? [fieldError.invalid(SPEC.child('ipFamilyPolicy'), spec.ipFamilyPolicy ?? null, `must be set to 'SingleStack' when releasing the secondary ${what}`)] : [];

function validateUpgradeDowngradeClusterIPs(old: ServiceSpec, spec: ServiceSpec): FieldError[] {
  if (spec.type === 'ExternalName' || old.type === 'ExternalName' || (isHeadless(old) && isHeadless(spec))) return [];
  const at = SPEC.child('clusterIPs');
  const before = old.clusterIPs ?? [];
  const after = spec.clusterIPs ?? [];
  const errs: FieldError[] = [];
  if (before.length === after.length) before.forEach((ip, i) => ip !== after[i] && errs.push(fieldError.invalid(at.index(i), after, 'may not change once set')));
  else if (before.length > after.length) {
    if (after.length === 0) errs.push(fieldError.invalid(at.index(0), after, 'primary clusterIP can not be unset'));
    if (after.length > 0 && after[0] !== before[0]) errs.push(fieldError.invalid(at.index(0), after, 'may not change once set'));
    if (after.length === 1) errs.push(...singleStackRequired(spec, 'clusterIP'));
  } else if (before.length > 0 && after[0] !== before[0]) errs.push(fieldError.invalid(at.index(0), after, 'may not change once set'));
  return errs;
}

function validateUpgradeDowngradeFamilies(old: ServiceSpec, spec: ServiceSpec): FieldError[] {
  if (spec.type === 'ExternalName' || old.type === 'ExternalName' || isHeadless(old) !== isHeadless(spec) || isHeadless(spec)) return [];
  const at = SPEC.child('ipFamilies');
  const before = old.ipFamilies ?? [];
  const after = spec.ipFamilies ?? [];
  const errs: FieldError[] = [];
  if (before.length === after.length) before.forEach((f, i) => f !== after[i] && errs.push(fieldError.invalid(at.index(0), after, 'may not change once set')));
  else if (before.length > after.length) {
    // Kubernetes tests clusterIPs here, and reports clusterIPs as the value: kept as it does.
    if ((spec.clusterIPs ?? []).length === 0) errs.push(fieldError.invalid(at.index(0), after, 'primary ipFamily can not be unset'));
    if (after.length > 0 && after[0] !== before[0]) errs.push(fieldError.invalid(at.index(0), spec.clusterIPs ?? [], 'may not change once set'));
    if (after.length === 1) errs.push(...singleStackRequired(spec, 'ipFamily'));
  } else if (before.length > 0 && after.length > 0 && after[0] !== before[0]) errs.push(fieldError.invalid(at.index(0), spec.clusterIPs ?? [], 'may not change once set'));
  return errs;
}

/** ValidateLoadBalancerStatus: what a load-balancer controller may write to status.loadBalancer. */
export function validateServiceStatus(svc: Service): FieldError[] {
  const errs: FieldError[] = [];
  const at = FieldPath.root('status', 'loadBalancer', 'ingress');
  (svc.status?.loadBalancer?.ingress ?? []).forEach((ing, i) => {
    const p = at.index(i);
    const ip = ing.ip ?? '';
    if (ip !== '') errs.push(...validateIP(p.child('ip'), ip));
    if (ing.ipMode !== undefined) {
      if (ip === '') errs.push(fieldError.forbidden(p.child('ipMode'), 'may not be set when `ip` is empty'));
      else errs.push(...optionalEnum(p.child('ipMode'), ing.ipMode, ['VIP', 'Proxy']));
    } else if (ip !== '' && svc.spec?.type === 'LoadBalancer') errs.push(fieldError.required(p.child('ipMode'), 'must be specified when `ip` is set'));
    const host = ing.hostname ?? '';
    if (host !== '') {
      errs.push(...dns1123Subdomain(p.child('hostname'), host));
      if (familyOf(host) !== undefined) errs.push(fieldError.invalid(p.child('hostname'), host, 'must be a DNS name, not an IP address'));
    }
  });
  return errs;
}
