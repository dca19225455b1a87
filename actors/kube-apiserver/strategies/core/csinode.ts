// storage.k8s.io/v1 CSINode (ValidateCSINode, 1.32): one per node, named as the node, listing the
// CSI drivers installed there with their node IDs, topology keys and attach limits. The scheduler's
// NodeVolumeLimits reads the limits; a driver entry, once there, may only be removed, not changed
// (the allocatable count became mutable only in 1.33).

import { type FieldError, FieldPath, fieldError } from '../../../../protocols/kube/field-errors.ts';
import type { CSINode, KubeObject } from '../../../../protocols/kube/objects.ts';
import { isDNS1123Subdomain, nameIsDNSSubdomain } from '../../../../protocols/kube/validation/index.ts';
import { genericStrategy } from '../generic.ts';
import { FIELD_IMMUTABLE } from '../meta.ts';
import type { Strategy } from '../types.ts';
import { nonNegative, qualifiedName, same, view } from './fields.ts';

type Driver = NonNullable<NonNullable<CSINode['spec']>['drivers']>[number];

const DRIVER_NAME_MAX = 63;
/** csiNodeIDMaxLength; 256 only for objects that already had a longer one (not modelled). */
const NODE_ID_MAX = 192;

/** ValidateCSIDriverName: required, at most 63 characters, a DNS subdomain in lower case. */
function validateDriverName(name: string, at: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  if (name === '') errs.push(fieldError.required(at));
  if (name.length > DRIVER_NAME_MAX) errs.push(fieldError.tooLong(at, DRIVER_NAME_MAX));
  for (const msg of isDNS1123Subdomain(name.toLowerCase())) errs.push(fieldError.invalid(at, name, msg));
  return errs;
}

function validateDriver(d: Partial<Driver>, seen: Set<string>, at: FieldPath): FieldError[] {
  const name = d.name ?? '';
  const nodeID = d.nodeID ?? '';
  const errs = validateDriverName(name, at.child('name'));
  if (nodeID === '') errs.push(fieldError.required(at.child('nodeID')));
  if (nodeID.length > NODE_ID_MAX) errs.push(fieldError.invalid(at.child('nodeID'), nodeID, `must be ${NODE_ID_MAX} characters or less`));
  errs.push(...nonNegative(at.child('allocatable', 'count'), d.allocatable?.count));
  if (seen.has(name)) errs.push(fieldError.duplicate(at.child('name'), name));
  seen.add(name);
  const keys = new Set<string>();
  for (const key of d.topologyKeys ?? []) {
    if (key === '') errs.push(fieldError.required(at));
    if (keys.has(key)) errs.push(fieldError.duplicate(at, key));
    keys.add(key);
    errs.push(...qualifiedName(at, key));
  }
  return errs;
}

export function validateCSINode(obj: KubeObject): FieldError[] {
  const drivers = view<CSINode>(obj).spec?.drivers ?? [];
  const at = FieldPath.root('spec').child('drivers');
  const seen = new Set<string>();
  return drivers.flatMap((d, i) => validateDriver(d, seen, at.index(i)));
}

export function validateCSINodeUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  const now = view<CSINode>(obj).spec?.drivers ?? [];
  const was = view<CSINode>(old).spec?.drivers ?? [];
  const errs = validateCSINode(obj);
  for (const o of was) {
    for (const n of now) {
      if (o.name === n.name && !same(o, n)) errs.push(fieldError.invalid('CSINodeDriver', n, FIELD_IMMUTABLE));
    }
  }
  return errs;
}

export const csiNodeStrategy: Strategy = {
  ...genericStrategy(false),
  // ValidateNodeName: a CSINode is named as its node.
  nameValidator: nameIsDNSSubdomain,
  validate: validateCSINode,
  validateUpdate: validateCSINodeUpdate,
};
