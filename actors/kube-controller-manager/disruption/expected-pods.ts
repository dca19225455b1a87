// How many pods a PodDisruptionBudget expects and how many must stay healthy, as the disruption
// controller's getExpectedPodCount works them out: an integer minAvailable counts the matching
// pods; a percentage, or maxUnavailable, is taken of the sum of the scales of the pods'
// controllers (ReplicationController, ReplicaSet, Deployment through its ReplicaSet,
// StatefulSet), rounded up.

import type { KubeObject, OwnerReference } from '../../../protocols/kube/objects.ts';
import type { Listers } from '../../client/index.ts';

export type IntOrString = number | string;

/** intstr.GetScaledValueFromIntOrPercent: an int as is, `N%` of total (rounded up or down). */
export function scaledValue(v: IntOrString, total: number, roundUp: boolean): number | string {
  if (typeof v === 'number') return v;
  const m = /^(-?\d+)%$/.exec(v);
  if (m === null) return `invalid value for IntOrString: invalid value "${v}": strconv.Atoi: parsing "${v.replace(/%$/, '')}": invalid syntax`;
  const x = (Number(m[1]) * total) / 100;
  return roundUp ? Math.ceil(x) : Math.floor(x);
}

interface Scaled {
  readonly uid: string;
  readonly scale: number;
}

const controllerOf = (o: KubeObject): OwnerReference | undefined => (o.metadata.ownerReferences ?? []).find((r) => r.controller === true);
const groupOf = (apiVersion: string) => (apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '');
const replicas = (o: KubeObject) => ((o as { spec?: { replicas?: number } }).spec?.replicas ?? 1);

/** Looks a controller reference up in `informer` by name, matching kind, group and uid. */
function found(listers: Listers, informer: string, kind: string, group: string, ref: OwnerReference, ns: string): KubeObject | undefined {
  if (ref.kind !== kind || groupOf(ref.apiVersion) !== group) return undefined;
  const obj = listers[informer]?.namespace(ns).get(ref.name);
  return obj !== undefined && obj.metadata.uid === ref.uid ? obj : undefined;
}

/** The finders, in the controller's order: each answers for its kind or passes. */
const FINDERS: readonly ((l: Listers, ref: OwnerReference, ns: string) => Scaled | undefined)[] = [
  (l, ref, ns) => {
    const rc = found(l, 'replicationcontrollers', 'ReplicationController', '', ref, ns);
    return rc && { uid: rc.metadata.uid!, scale: replicas(rc) };
  },
  (l, ref, ns) => {
    const rs = found(l, 'replicasets', 'ReplicaSet', 'apps', ref, ns);
    const dref = rs && controllerOf(rs);
    const d = dref && found(l, 'deployments', 'Deployment', 'apps', dref, ns);
    return d && { uid: d.metadata.uid!, scale: replicas(d) };
  },
  (l, ref, ns) => {
    const rs = found(l, 'replicasets', 'ReplicaSet', 'apps', ref, ns);
    const owner = rs && controllerOf(rs);
    // A ReplicaSet a Deployment controls is counted as the Deployment's.
    if (rs === undefined || (owner !== undefined && owner.kind === 'Deployment')) return undefined;
    return { uid: rs.metadata.uid!, scale: replicas(rs) };
  },
  (l, ref, ns) => {
    const sts = found(l, 'statefulsets', 'StatefulSet', 'apps', ref, ns);
    return sts && { uid: sts.metadata.uid!, scale: replicas(sts) };
  },
];

export interface ExpectedScale {
  readonly expected: number;
  readonly unmanaged: readonly string[];
}

/** SUM of the scales of the pods' controllers; an error when a controlled pod's controller is unknown. */
export function expectedScale(pods: readonly KubeObject[], listers: Listers): ExpectedScale | string {
  const scales = new Map<string, number>();
  const unmanaged: string[] = [];
  for (const pod of pods) {
    const ref = controllerOf(pod);
    if (ref === undefined) {
      unmanaged.push(pod.metadata.name!);
      continue;
    }
    if (scales.has(ref.uid)) continue;
    const hit = FINDERS.map((f) => f(listers, ref, pod.metadata.namespace!)).find((s) => s !== undefined);
    if (hit === undefined) return `found no controllers for pod "${pod.metadata.name}"`;
    scales.set(hit.uid, hit.scale);
  }
  return { expected: [...scales.values()].reduce((a, b) => a + b, 0), unmanaged };
}

export interface Expected {
  readonly expectedCount: number;
  readonly desiredHealthy: number;
  readonly unmanaged: readonly string[];
}

interface PdbSpec {
  readonly minAvailable?: IntOrString;
  readonly maxUnavailable?: IntOrString;
}

export function expectedPodCount(spec: PdbSpec, pods: readonly KubeObject[], listers: Listers): Expected | string {
  if (spec.maxUnavailable !== undefined && spec.maxUnavailable !== null) {
    const s = expectedScale(pods, listers);
    if (typeof s === 'string') return s;
    const max = scaledValue(spec.maxUnavailable, s.expected, true);
    if (typeof max === 'string') return max;
    return { expectedCount: s.expected, desiredHealthy: Math.max(0, s.expected - max), unmanaged: s.unmanaged };
  }
  if (spec.minAvailable === undefined || spec.minAvailable === null) return { expectedCount: 0, desiredHealthy: 0, unmanaged: [] };
  if (typeof spec.minAvailable === 'number') return { expectedCount: pods.length, desiredHealthy: spec.minAvailable, unmanaged: [] };
  const s = expectedScale(pods, listers);
  if (typeof s === 'string') return s;
  const min = scaledValue(spec.minAvailable, s.expected, true);
  if (typeof min === 'string') return min;
  return { expectedCount: s.expected, desiredHealthy: min, unmanaged: s.unmanaged };
}
