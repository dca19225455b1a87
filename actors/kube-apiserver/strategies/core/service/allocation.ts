// What the Service registry does around the strategy (pkg/registry/core/service/storage/alloc.go):
// infer ipFamilyPolicy and ipFamilies, then allocate clusterIPs per family and NodePorts (a
// port number shared by TCP and UDP gets one NodePort), reporting refusals as Kubernetes does.
// Releases are the pipeline's: after a committed update or delete it frees what the old object
// held and the new one does not (allocators/etcd-allocation.ts).

import { type FieldError, FieldPath, fieldError } from '../../../../../protocols/kube/field-errors.ts';
import type { Service } from '../../../../../protocols/kube/objects.ts';
import { type IPFamily, familyOf } from '../../../allocators/ip.ts';
import type { Allocators } from '../../types.ts';
import { same } from '../fields.ts';
import { type ServiceSpec, isHeadless, needsHealthCheck, needsNodePorts } from './defaults.ts';
import { validateClusterIPsRelated } from './validation.ts';

const SPEC = FieldPath.root('spec');
const POLICY = SPEC.child('ipFamilyPolicy');
const other = (f: IPFamily): IPFamily => (f === 'IPv4' ? 'IPv6' : 'IPv4');

/** The families the allocators serve, primary first; an allocator that does not say serves IPv4. */
export function clusterFamilies(alloc: Allocators | undefined): readonly IPFamily[] {
  const f = (alloc as { families?: readonly IPFamily[] } | undefined)?.families;
  return f !== undefined && f.length > 0 ? f : ['IPv4'];
}

const why = (alloc: Allocators): string => (alloc as { lastError?: string }).lastError ?? 'provided IP is already allocated';

/** initIPFamilyFields: errors, or [] with the families and policy filled in. */
export function initIPFamilyFields(spec: ServiceSpec, old: ServiceSpec | undefined, families: readonly IPFamily[]): FieldError[] {
  if (spec.type === 'ExternalName') return [];
  if (old !== undefined && old.ipFamilyPolicy === 'PreferDualStack' && spec.ipFamilyPolicy === 'PreferDualStack' && same(old.clusterIPs, spec.clusterIPs) && same(old.ipFamilies, spec.ipFamilies)) return [];
  if (spec.ipFamilyPolicy === undefined) spec.ipFamilyPolicy = (spec.clusterIPs ?? []).length === 2 || (spec.ipFamilies ?? []).length === 2 ? 'RequireDualStack' : 'SingleStack';
  const pre = validateClusterIPsRelated(spec);
  if (pre.length > 0) return pre;
  const errs: FieldError[] = [];
  if (old !== undefined) {
    if (spec.ipFamilyPolicy === 'SingleStack') {
      if (same(old.clusterIPs, spec.clusterIPs) && (spec.clusterIPs ?? []).length > 1) spec.clusterIPs = spec.clusterIPs!.slice(0, 1);
      if (same(old.ipFamilies, spec.ipFamilies) && (spec.ipFamilies ?? []).length > 1) spec.ipFamilies = spec.ipFamilies!.slice(0, 1);
    } else {
      if ((spec.clusterIPs ?? []).length < (old.clusterIPs ?? []).length) errs.push(fieldError.invalid(POLICY, spec.ipFamilyPolicy, "must be 'SingleStack' to release the secondary cluster IP"));
      if ((spec.ipFamilies ?? []).length < (old.ipFamilies ?? []).length) errs.push(fieldError.invalid(POLICY, spec.ipFamilyPolicy, "must be 'SingleStack' to release the secondary IP family"));
    }
  }
  if (spec.ipFamilyPolicy === 'SingleStack') {
    if ((spec.clusterIPs ?? []).length === 2) errs.push(fieldError.invalid(POLICY, spec.ipFamilyPolicy, "must be 'RequireDualStack' or 'PreferDualStack' when multiple cluster IPs are specified"));
    if ((spec.ipFamilies ?? []).length === 2) errs.push(fieldError.invalid(POLICY, spec.ipFamilyPolicy, "must be 'RequireDualStack' or 'PreferDualStack' when multiple IP families are specified"));
  }
  const fams: string[] = [...(spec.ipFamilies ?? [])];
  for (const [i, ip] of (spec.clusterIPs ?? []).entries()) {
    if (ip === 'None') break;
    if (i < fams.length) continue;
    const fam = familyOf(ip)!;
    if (!families.includes(fam)) errs.push(fieldError.invalid(SPEC.child('clusterIPs').index(i), spec.clusterIPs, `${fam} is not configured on this cluster`));
    else fams.push(fam);
  }
  spec.ipFamilies = fams;
  if (errs.length > 0) return errs;
  if (spec.clusterIP === 'None' && Object.keys(spec.selector ?? {}).length === 0) {
    // Headless without a selector may list both families even on a single-stack cluster.
    if (fams.length === 0) fams.push(families[0]!);
    if (fams.length < 2 && spec.ipFamilyPolicy !== 'SingleStack') fams.push(other(fams[0] as IPFamily));
    return [];
  }
  if (spec.ipFamilyPolicy === 'RequireDualStack' && families.length < 2) errs.push(fieldError.invalid(POLICY, spec.ipFamilyPolicy, 'this cluster is not configured for dual-stack services'));
  fams.forEach((f, i) => !families.includes(f as IPFamily) && errs.push(fieldError.invalid(SPEC.child('ipFamilies').index(i), f, 'not configured on this cluster')));
  if (errs.length > 0) return errs;
  if (fams.length === 0) fams.push(families[0]!);
  if (spec.ipFamilyPolicy !== 'SingleStack' && fams.length === 1 && families.length === 2) fams.push(other(fams[0] as IPFamily));
  return [];
}

/** Allocates the clusterIPs `spec` asks for and `old` does not hold; errors as the registry words them. */
export function allocateClusterIPs(spec: ServiceSpec, old: ServiceSpec | undefined, alloc: Allocators): FieldError[] {
  if (spec.type === 'ExternalName' || isHeadless(spec) || spec.clusterIP === 'None') return [];
  const held = new Set(old?.type === 'ExternalName' ? [] : (old?.clusterIPs ?? []));
  const ips = [...(spec.clusterIPs ?? [])];
  for (const [i, fam] of (spec.ipFamilies ?? []).entries()) {
    const want = ips[i];
    if (want !== undefined && want !== '' && held.has(want)) continue;
    if (want !== undefined && want !== '') {
      if (alloc.clusterIP(fam as IPFamily, want) === undefined) return [fieldError.invalid(SPEC.child('clusterIPs'), spec.clusterIPs, `failed to allocate IP ${want}: ${why(alloc)}`)];
      continue;
    }
    const got = alloc.clusterIP(fam as IPFamily);
    if (got === undefined) return [fieldError.internal(SPEC.child('clusterIPs'), `failed to allocate a serviceIP: ${why(alloc)}`)];
    ips[i] = got;
  }
  spec.clusterIPs = ips;
  if (ips.length > 0) spec.clusterIP = ips[0];
  return [];
}

/** Allocates NodePorts (and a healthCheckNodePort) not already held by `old`. */
export function allocateNodePorts(spec: ServiceSpec, old: ServiceSpec | undefined, alloc: Allocators): FieldError[] {
  const held = new Set((old?.ports ?? []).map((p) => p.nodePort ?? 0).filter((p) => p > 0));
  const byPort = new Map<number, number>();
  const ports = spec.ports ?? [];
  const take = (np: number, i: number): FieldError[] => {
    if (held.has(np) || alloc.nodePort(np) !== undefined) return [];
    return [fieldError.invalid(SPEC.child('ports').index(i).child('nodePort'), np, why(alloc))];
  };
  for (const [i, p] of ports.entries()) {
    if ((p.nodePort ?? 0) === 0 && !needsNodePorts(spec)) continue;
    const shared = byPort.get(p.port);
    if (shared === undefined) {
      const requested = ports.slice(i).find((q) => q.port === p.port && (q.nodePort ?? 0) !== 0)?.nodePort ?? 0;
      if (requested !== 0) {
        const e = take(requested, i);
        if (e.length > 0) return e;
        p.nodePort = requested;
      } else {
        const got = alloc.nodePort();
        if (got === undefined) return [fieldError.internal(SPEC.child('ports').index(i).child('nodePort'), `failed to allocate a nodePort: ${why(alloc)}`)];
        p.nodePort = got;
      }
      byPort.set(p.port, p.nodePort);
    } else if ((p.nodePort ?? 0) === 0) p.nodePort = shared;
    else if (p.nodePort !== shared) {
      const e = take(p.nodePort!, i);
      if (e.length > 0) return e;
    }
  }
  if (needsHealthCheck(spec)) {
    const hc = spec.healthCheckNodePort ?? 0;
    if (hc !== 0 && hc !== old?.healthCheckNodePort && alloc.nodePort(hc) === undefined)
      return [fieldError.internal(SPEC.child('healthCheckNodePort'), `failed to allocate requested HealthCheck NodePort ${hc}: ${why(alloc)}`)];
    if (hc === 0) {
      const got = alloc.nodePort();
      if (got === undefined) return [fieldError.internal(SPEC.child('healthCheckNodePort'), `failed to allocate a HealthCheck NodePort: ${why(alloc)}`)];
      spec.healthCheckNodePort = got;
    }
  }
  return [];
}

/** Families, then IPs, then ports: the first step that fails stops the write. */
export function allocateService(svc: Service, old: Service | undefined, alloc: Allocators | undefined): FieldError[] {
  const spec: ServiceSpec = (svc.spec ??= {});
  const fam = initIPFamilyFields(spec, old?.spec, clusterFamilies(alloc));
  if (fam.length > 0 || alloc === undefined) return fam;
  const ips = allocateClusterIPs(spec, old?.spec, alloc);
  return ips.length > 0 ? ips : allocateNodePorts(spec, old?.spec, alloc);
}
