// Node (pkg/registry/core/node/strategy.go, ValidateNode/ValidateNodeUpdate): cluster-scoped;
// status may be set on create (the kubelet registers with it); podCIDRs are set once, as a
// dual-stack pair at most; taints unique per key and effect.

import { type FieldError, FieldPath, fieldError } from '../../../../protocols/kube/field-errors.ts';
import type { KubeObject, Node } from '../../../../protocols/kube/objects.ts';
import { isQualifiedName, isValidLabelValue, nameIsDNSSubdomain } from '../../../../protocols/kube/validation/index.ts';
import { parseCIDR } from '../../allocators/ip.ts';
import { genericStrategy } from '../generic.ts';
import type { Strategy } from '../types.ts';
import { validateCIDR } from './net.ts';

type NodeSpec = NonNullable<Node['spec']>;
type Taint = NonNullable<NodeSpec['taints']>[number];

const SPEC = FieldPath.root('spec');
const EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];
const spec = (o: KubeObject): NodeSpec => ((o as Node).spec ?? {}) as NodeSpec;

/** validateNodeTaints: the effect list keeps Kubernetes' own (unsorted) order. */
export function validateTaints(taints: readonly Taint[], at: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Map<string, Set<string>>();
  taints.forEach((t, i) => {
    const p = at.index(i);
    for (const m of isQualifiedName(t.key ?? '')) errs.push(fieldError.invalid(p.child('key'), t.key ?? '', m));
    if (t.value !== undefined) for (const m of isValidLabelValue(t.value)) errs.push(fieldError.invalid(p.child('value'), t.value, m));
    if ((t.effect ?? '') === '') errs.push(fieldError.required(p.child('effect')));
    else if (!EFFECTS.includes(t.effect)) errs.push(fieldError.notSupported(p.child('effect'), t.effect, EFFECTS));
    const keys = seen.get(t.effect ?? '') ?? new Set<string>();
    if (keys.has(t.key ?? '')) errs.push({ ...fieldError.duplicate(p, t), detail: 'taints must be unique by key and effect pair' });
    keys.add(t.key ?? '');
    seen.set(t.effect ?? '', keys);
  });
  return errs;
}

function validateNode(obj: KubeObject): FieldError[] {
  const s = spec(obj);
  const errs = validateTaints(s.taints ?? [], SPEC.child('taints'));
  const cidrs = s.podCIDRs ?? [];
  cidrs.forEach((c, i) => errs.push(...validateCIDR(SPEC.child('podCIDRs').index(i), c)));
  if (cidrs.length > 1) {
    const fams = cidrs.map((c) => parseCIDR(c)?.family);
    if (cidrs.length > 2 || fams[0] === fams[1]) errs.push(fieldError.invalid(SPEC.child('podCIDRs'), cidrs, 'may specify no more than one CIDR for each IP family'));
  }
  return errs;
}

function validateNodeUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  const s = spec(obj);
  const was = spec(old);
  const errs: FieldError[] = [];
  const before = was.podCIDRs ?? [];
  const after = s.podCIDRs ?? [];
  const msg = 'node updates may not change podCIDR except from "" to valid';
  if (before.length > 0) {
    if (before.length !== after.length) errs.push(fieldError.forbidden(SPEC.child('podCIDRs'), msg));
    else before.forEach((c, i) => c !== after[i] && errs.push(fieldError.forbidden(SPEC.child('podCIDRs'), msg)));
  }
  if ((was.providerID ?? '') !== '' && was.providerID !== s.providerID)
    errs.push(fieldError.forbidden(SPEC.child('providerID'), 'node updates may not change providerID except from "" to valid'));
  return [...errs, ...validateNode(obj)];
}

const base = genericStrategy(true);

export const nodeStrategy: Strategy = {
  ...base,
  nameValidator: nameIsDNSSubdomain,
  defaults(obj) {
    // The v1 conversion keeps podCIDR and podCIDRs in step.
    const s = (obj as Node).spec;
    if (s?.podCIDR !== undefined && s.podCIDR !== '' && (s.podCIDRs ?? []).length === 0) s.podCIDRs = [s.podCIDR];
    if (s !== undefined && (s.podCIDRs ?? []).length > 0 && (s.podCIDR ?? '') === '') s.podCIDR = s.podCIDRs![0];
    // SetDefaults_NodeStatus: what a node offers defaults to what it has.
    const status = (obj as Node).status;
    if (status?.capacity !== undefined && status.allocatable === undefined) status.allocatable = { ...status.capacity };
    return obj;
  },
  prepareForCreate: () => {},
  prepareForUpdate(obj, old) {
    if (old.status === undefined) delete obj.status;
    else obj.status = old.status;
  },
  validate: validateNode,
  validateUpdate: validateNodeUpdate,
  selectableFields: (obj) => ({ 'spec.unschedulable': String(spec(obj).unschedulable ?? false) }),
};
