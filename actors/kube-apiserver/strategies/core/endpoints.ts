// Endpoints (ValidateEndpoints; a PUT may create them, as the endpoints controller relies on) and
// discovery.k8s.io/v1 EndpointSlice (pkg/apis/discovery/validation): addressType required and
// immutable, addresses checked by that type.

import { type FieldError, FieldPath, fieldError } from '../../../../protocols/kube/field-errors.ts';
import type { EndpointSlice, Endpoints, KubeObject } from '../../../../protocols/kube/objects.ts';
import { isValidPortNum, nameIsDNSSubdomain } from '../../../../protocols/kube/validation/index.ts';
import { parseIP } from '../../allocators/ip.ts';
import { validateImmutableField } from '../meta.ts';
import { genericStrategy } from '../generic.ts';
import type { Strategy } from '../types.ts';
import { dns1123Label, dns1123Subdomain, qualifiedName, requiredEnum, view } from './fields.ts';
import { validateIP, validateNonSpecialIP } from './net.ts';

const PROTOCOLS = ['TCP', 'UDP', 'SCTP'];

type Subset = NonNullable<Endpoints['subsets']>[number];
type Address = NonNullable<Subset['addresses']>[number];
type EPort = NonNullable<Subset['ports']>[number];

function validateAddress(a: Address, at: FieldPath): FieldError[] {
  const ipErrs = validateIP(at.child('ip'), a.ip ?? '');
  const errs = [...ipErrs];
  if ((a.hostname ?? '') !== '') errs.push(...dns1123Label(at.child('hostname'), a.hostname!));
  if (a.nodeName !== undefined) errs.push(...dns1123Subdomain(at.child('nodeName'), a.nodeName));
  if (ipErrs.length === 0) errs.push(...validateNonSpecialIP(at.child('ip'), a.ip!));
  return errs;
}

function validatePort(p: EPort, requireName: boolean, at: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const name = p.name ?? '';
  if (requireName && name === '') errs.push(fieldError.required(at.child('name')));
  else if (name !== '') errs.push(...dns1123Label(at.child('name'), name));
  for (const m of isValidPortNum(p.port ?? 0)) errs.push(fieldError.invalid(at.child('port'), p.port ?? 0, m));
  errs.push(...requiredEnum(at.child('protocol'), p.protocol, PROTOCOLS));
  if (p.appProtocol !== undefined) errs.push(...qualifiedName(at.child('appProtocol'), p.appProtocol));
  return errs;
}

export function validateEndpoints(obj: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  ((obj as Endpoints).subsets ?? []).forEach((ss, i) => {
    const at = FieldPath.root('subsets').index(i);
    if ((ss.addresses ?? []).length === 0 && (ss.notReadyAddresses ?? []).length === 0) errs.push(fieldError.required(at, 'must specify `addresses` or `notReadyAddresses`'));
    (ss.addresses ?? []).forEach((a, j) => errs.push(...validateAddress(a, at.child('addresses').index(j))));
    (ss.notReadyAddresses ?? []).forEach((a, j) => errs.push(...validateAddress(a, at.child('notReadyAddresses').index(j))));
    const ports = ss.ports ?? [];
    ports.forEach((p, j) => errs.push(...validatePort(p, ports.length > 1, at.child('ports').index(j))));
  });
  return errs;
}

export const endpointsStrategy: Strategy = {
  ...genericStrategy(false),
  nameValidator: nameIsDNSSubdomain,
  defaults(obj) {
    for (const ss of (obj as Endpoints).subsets ?? []) for (const p of ss.ports ?? []) if ((p.protocol ?? '') === '') p.protocol = 'TCP';
    return obj;
  },
  validate: validateEndpoints,
  validateUpdate: validateEndpoints,
  allowCreateOnUpdate: true,
};

const ADDRESS_TYPES = ['IPv4', 'IPv6', 'FQDN'];
const MAX_ADDRESSES = 100;
const MAX_ENDPOINTS = 1000;
const MAX_PORTS = 20000;

function validateSliceAddress(type: string, addr: string, at: FieldPath): FieldError[] {
  if (type === 'FQDN') return dns1123Subdomain(at, addr);
  const ip = parseIP(addr);
  if (type === 'IPv4' && ip?.family !== 'IPv4') return [fieldError.invalid(at, addr, 'must be a valid IPv4 address')];
  if (type === 'IPv6' && ip?.family !== 'IPv6') return [fieldError.invalid(at, addr, 'must be a valid IPv6 address')];
  return validateNonSpecialIP(at, addr);
}

export function validateEndpointSlice(obj: KubeObject): FieldError[] {
  const slice = view<EndpointSlice>(obj);
  const errs = requiredEnum('addressType', slice.addressType, ADDRESS_TYPES);
  const type = slice.addressType ?? '';
  const endpoints = slice.endpoints ?? [];
  if (endpoints.length > MAX_ENDPOINTS) errs.push(fieldError.tooMany('endpoints', endpoints.length, MAX_ENDPOINTS));
  endpoints.forEach((ep, i) => {
    const at = FieldPath.root('endpoints').index(i);
    const addrs = ep.addresses ?? [];
    if (addrs.length === 0) errs.push(fieldError.required(at.child('addresses'), 'must contain at least 1 address'));
    else if (addrs.length > MAX_ADDRESSES) errs.push(fieldError.tooMany(at.child('addresses'), addrs.length, MAX_ADDRESSES));
    else if (ADDRESS_TYPES.includes(type)) addrs.forEach((a, j) => errs.push(...validateSliceAddress(type, a, at.child('addresses').index(j))));
    if (ep.nodeName !== undefined) errs.push(...dns1123Subdomain(at.child('nodeName'), ep.nodeName));
    if (ep.hostname !== undefined) errs.push(...dns1123Label(at.child('hostname'), ep.hostname));
  });
  const ports = slice.ports ?? [];
  if (ports.length > MAX_PORTS) errs.push(fieldError.tooMany('ports', ports.length, MAX_PORTS));
  const names = new Set<string>();
  ports.forEach((p, i) => {
    const at = FieldPath.root('ports').index(i);
    const name = p.name ?? '';
    if (name !== '') errs.push(...dns1123Label(at.child('name'), name));
    if (names.has(name)) errs.push(fieldError.duplicate(at.child('name'), name));
    names.add(name);
    if (p.port !== undefined && p.port !== null) for (const m of isValidPortNum(p.port)) errs.push(fieldError.invalid(at.child('port'), p.port, m));
    errs.push(...requiredEnum(at.child('protocol'), p.protocol, PROTOCOLS));
    if (p.appProtocol !== undefined) errs.push(...qualifiedName(at.child('appProtocol'), p.appProtocol));
  });
  return errs;
}

export const endpointSliceStrategy: Strategy = {
  ...genericStrategy(false),
  nameValidator: nameIsDNSSubdomain,
  defaults(obj) {
    for (const p of view<EndpointSlice>(obj).ports ?? []) if ((p.protocol ?? '') === '') p.protocol = 'TCP';
    return obj;
  },
  validate: validateEndpointSlice,
  validateUpdate: (obj, old) => [...validateEndpointSlice(obj), ...validateImmutableField(view<EndpointSlice>(obj).addressType, view<EndpointSlice>(old).addressType, 'addressType')],
};
