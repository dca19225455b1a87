// VolumeZone (Kubernetes 1.32): the zone and region labels of the PVs a pod's claims are bound to
// must match the node's (a beta label on the PV matches the GA label on the node). A node with no
// zone or region label at all fits any volume (single-zone clusters); an unbound claim of a
// WaitForFirstConsumer class is skipped, since its volume will be made for the chosen node.
// A label's value may list several zones separated by "__".

import type { PersistentVolume, Pod } from '../../../protocols/kube/objects.ts';
import { claimClass } from '../../../protocols/kube/volume-matching.ts';
import { clusterOf, type CycleState, type FilterPlugin, type NodeInfo, type PluginStatus, type PreFilterPlugin, SUCCESS } from '../framework/types.ts';

export const VOLUME_ZONE = 'VolumeZone';
export const VOLUME_ZONE_CONFLICT = 'node(s) had no available volume zone';
const STATE_KEY = `PreFilter${VOLUME_ZONE}`;

const BETA_ZONE = 'failure-domain.beta.kubernetes.io/zone';
const BETA_REGION = 'failure-domain.beta.kubernetes.io/region';
const ZONE = 'topology.kubernetes.io/zone';
const REGION = 'topology.kubernetes.io/region';
const TOPOLOGY_LABELS = [BETA_ZONE, BETA_REGION, ZONE, REGION];
const toGA = (label: string): string => (label === BETA_REGION ? REGION : label === BETA_ZONE ? ZONE : label);

interface PVTopology {
  readonly key: string;
  readonly values: ReadonlySet<string>;
}

const unresolvable = (reason: string): PluginStatus => ({ code: 'UnschedulableAndUnresolvable', reasons: [reason] });

/** LabelZonesToSet: "__"-separated zones; a value with an empty zone is ignored, as Kubernetes logs and skips it. */
function zonesOf(value: string): Set<string> | undefined {
  const zones = value.split('__').map((z) => z.trim());
  return zones.some((z) => z === '') ? undefined : new Set(zones);
}

export function pvTopologies(pv: PersistentVolume): PVTopology[] {
  const out: PVTopology[] = [];
  for (const key of TOPOLOGY_LABELS) {
    const v = pv.metadata?.labels?.[key];
    if (v === undefined) continue;
    const values = zonesOf(v);
    if (values) out.push({ key, values });
  }
  return out;
}

function topologiesOfPod(state: CycleState, pod: Pod): { status: PluginStatus; topologies?: PVTopology[] } {
  const cluster = clusterOf(state);
  if (cluster === undefined) return { status: { code: 'Error', reasons: ['cluster objects missing from the cycle state'] } };
  const out: PVTopology[] = [];
  const ns = pod.metadata?.namespace ?? '';
  for (const v of pod.spec?.volumes ?? []) {
    if (!v.persistentVolumeClaim) continue;
    const name = v.persistentVolumeClaim.claimName;
    if (name === '') return { status: unresolvable('PersistentVolumeClaim had no name') };
    const claim = cluster.persistentVolumeClaim(ns, name);
    if (claim === undefined) return { status: unresolvable(`persistentvolumeclaim "${name}" not found`) };
    const pvName = claim.spec?.volumeName ?? '';
    if (pvName === '') {
      const cls = claimClass(claim);
      if (cls === '') return { status: unresolvable('PersistentVolumeClaim had no pv name and storageClass name') };
      const sc = cluster.storageClass(cls);
      if (sc === undefined) return { status: unresolvable(`storageclass.storage.k8s.io "${cls}" not found`) };
      if (!sc.volumeBindingMode) return { status: unresolvable(`VolumeBindingMode not set for StorageClass "${cls}"`) };
      if (sc.volumeBindingMode === 'WaitForFirstConsumer') continue;
      return { status: unresolvable('PersistentVolume had no name') };
    }
    const pv = cluster.persistentVolumes().find((p) => p.metadata?.name === pvName);
    if (pv === undefined) return { status: unresolvable(`persistentvolume "${pvName}" not found`) };
    out.push(...pvTopologies(pv));
  }
  return { status: SUCCESS, topologies: out };
}

export const volumeZone: PreFilterPlugin & FilterPlugin = {
  name: VOLUME_ZONE,

  preFilter(state: CycleState, pod: Pod) {
    const r = topologiesOfPod(state, pod);
    if (r.status.code !== 'Success') return { status: r.status };
    if (r.topologies!.length === 0) return { status: { code: 'Skip', reasons: [] } };
    state.set(STATE_KEY, r.topologies);
    return { status: SUCCESS };
  },

  filter(state: CycleState, pod: Pod, nodeInfo: NodeInfo): PluginStatus {
    if ((pod.spec?.volumes ?? []).length === 0) return SUCCESS;
    let topologies = state.get(STATE_KEY) as PVTopology[] | undefined;
    if (topologies === undefined) {
      const r = topologiesOfPod(state, pod);
      if (r.status.code !== 'Success') return r.status;
      topologies = r.topologies!;
    }
    const labels = nodeInfo.node.metadata?.labels ?? {};
    if (!TOPOLOGY_LABELS.some((l) => labels[l] !== undefined)) return SUCCESS;
    for (const t of topologies) {
      const v = labels[t.key] ?? labels[toGA(t.key)];
      if (v === undefined || !t.values.has(v)) return unresolvable(VOLUME_ZONE_CONFLICT);
    }
    return SUCCESS;
  },
};
