// VolumeBinding (Kubernetes 1.32): PreFilter reads the pod's claims and turns away a pod with
// unbound immediate claims; Filter finds, per node, the volumes its WaitForFirstConsumer claims
// would get (or that they can be provisioned there) and checks its bound volumes' node affinity;
// Reserve assumes the choice for the chosen node; PreBind returns the writes (the PV's claimRef,
// the claim's selected-node annotation) and waitFor answers Wait until the PV controller has bound
// every claim. Score is left out: 1.32 scores only behind the alpha VolumeCapacityPriority gate,
// so by default it adds nothing.

import type { ApiCall } from '../../../../protocols/kube/api.ts';
import type { KubeObject, Node, PersistentVolume, PersistentVolumeClaim, Pod } from '../../../../protocols/kube/objects.ts';
import { ANN_SELECTED_NODE, bindVolumeToClaim, checkVolumeNodeAffinity, claimFullyBound } from '../../../../protocols/kube/volume-matching.ts';
import { updateCall } from '../../../client/index.ts';
import {
  type ClusterObjects,
  clusterOf,
  type CycleState,
  type FilterPlugin,
  type NodeInfo,
  type PluginStatus,
  type PreBindPlugin,
  type PreFilterPlugin,
  type ReservePlugin,
  SUCCESS,
} from '../../framework/types.ts';
import { AssumeCache } from './assume.ts';
import { type PodVolumeClaims, podVolumeClaims } from './claims.ts';
import { findPodVolumes, type PodVolumes } from './find.ts';

export const VOLUME_BINDING = 'VolumeBinding';
export const UNBOUND_IMMEDIATE_REASON = 'pod has unbound immediate PersistentVolumeClaims';
const STATE_KEY = `PreFilter${VOLUME_BINDING}`;

interface Reserved {
  readonly bindings: readonly { readonly pv: PersistentVolume; readonly pvc: PersistentVolumeClaim; readonly dirty: boolean; readonly fromRV: string }[];
  readonly provisions: readonly { readonly pvc: PersistentVolumeClaim; readonly fromRV: string }[];
}

interface StateData {
  readonly claims?: PodVolumeClaims;
  readonly view?: ClusterObjects;
  readonly byNode: Map<string, { readonly podVolumes: PodVolumes; readonly node: Node }>;
  allBound: boolean;
  reserved?: Reserved;
}

const status = (code: PluginStatus['code'], ...reasons: string[]): PluginStatus => ({ code, reasons });
const WAIT = status('Wait');
const stateOf = (state: CycleState): StateData | undefined => state.get(STATE_KEY) as StateData | undefined;
const asObject = (o: PersistentVolume | PersistentVolumeClaim): KubeObject => o as unknown as KubeObject;
const claimKey = (c: PersistentVolumeClaim) => `${c.metadata?.namespace}/${c.metadata?.name}`;

/** Whether the informer's object has moved past the version a write was made from (the write arrived). */
function newerThan(obj: { metadata?: { resourceVersion?: string } }, fromRV: string): boolean {
  const rv = obj.metadata?.resourceVersion ?? '';
  return /^\d+$/.test(rv) && /^\d+$/.test(fromRV) ? BigInt(rv) > BigInt(fromRV) : rv !== fromRV;
}

export type VolumeBindingPlugin = PreFilterPlugin & FilterPlugin & ReservePlugin & PreBindPlugin;

/** A VolumeBinding instance; it keeps its assume cache between cycles as the scheduler's binder does. */
export function newVolumeBinding(): VolumeBindingPlugin {
  const assumed = new AssumeCache();

  return {
    name: VOLUME_BINDING,

    preFilter(state: CycleState, pod: Pod) {
      const cluster = clusterOf(state);
      if (cluster === undefined) return { status: status('Error', 'cluster objects missing from the cycle state') };
      const view = assumed.overlay(cluster);
      const r = podVolumeClaims(pod, view, view.persistentVolumes());
      if (r.kind === 'none') {
        state.set(STATE_KEY, { byNode: new Map(), allBound: true } satisfies StateData);
        return { status: status('Skip') };
      }
      if (r.kind === 'unresolvable') return { status: status('UnschedulableAndUnresolvable', r.reason) };
      if (r.kind === 'error') return { status: status('Error', r.reason) };
      if (r.claims.immediate.length > 0) return { status: status('UnschedulableAndUnresolvable', UNBOUND_IMMEDIATE_REASON) };
      state.set(STATE_KEY, { claims: r.claims, view, byNode: new Map(), allBound: false } satisfies StateData);
      return { status: SUCCESS };
    },

    filter(state: CycleState, _pod: Pod, nodeInfo: NodeInfo): PluginStatus {
      const s = stateOf(state);
      if (s?.claims === undefined || s.view === undefined) return SUCCESS;
      const view = s.view;
      const volumes = new Map(view.persistentVolumes().map((v) => [v.metadata!.name!, v] as const));
      const r = findPodVolumes(s.claims, nodeInfo.node, { volume: (n) => volumes.get(n), storageClass: (n) => view.storageClass(n) });
      if ('error' in r) return status('Error', r.error);
      if (r.reasons.length > 0) return status('UnschedulableAndUnresolvable', ...r.reasons);
      s.byNode.set(nodeInfo.node.metadata!.name!, { podVolumes: r.podVolumes, node: nodeInfo.node });
      return SUCCESS;
    },

    reserve(state: CycleState, _pod: Pod, nodeName: string): PluginStatus {
      const s = stateOf(state);
      const chosen = s?.byNode.get(nodeName);
      if (s === undefined || chosen === undefined) {
        if (s) s.allBound = true;
        return SUCCESS;
      }
      const view = s.view!;
      const stillUnbound = (s.claims?.delayBinding ?? []).filter((c) => {
        const now = view.persistentVolumeClaim(c.metadata?.namespace ?? '', c.metadata?.name ?? '');
        return now === undefined || !claimFullyBound(now);
      });
      if (stillUnbound.length === 0) {
        s.allBound = true;
        return SUCCESS;
      }
      const bindings = chosen.podVolumes.staticBindings.map(({ pv, pvc }) => {
        const b = bindVolumeToClaim(pv, pvc);
        if (b.dirty) assumed.assumePV(b.volume, pv);
        return { pv: b.volume, pvc, dirty: b.dirty, fromRV: pv.metadata?.resourceVersion ?? '' };
      });
      const provisions = chosen.podVolumes.dynamicProvisions.map((pvc) => {
        const next: PersistentVolumeClaim = { ...pvc, metadata: { ...pvc.metadata, annotations: { ...pvc.metadata?.annotations, [ANN_SELECTED_NODE]: nodeName } } };
        assumed.assumePVC(next, pvc);
        return { pvc: next, fromRV: pvc.metadata?.resourceVersion ?? '' };
      });
      s.reserved = { bindings, provisions };
      s.allBound = false;
      return SUCCESS;
    },

    unreserve(state: CycleState): void {
      const r = stateOf(state)?.reserved;
      if (r === undefined) return;
      for (const b of r.bindings) if (b.dirty) assumed.restorePV(b.pv.metadata!.name!);
      for (const p of r.provisions) assumed.restorePVC(p.pvc.metadata?.namespace ?? '', p.pvc.metadata?.name ?? '');
    },

    preBind(state: CycleState) {
      const s = stateOf(state);
      if (s === undefined || s.allBound || s.reserved === undefined) return { status: SUCCESS, calls: [] };
      const calls: ApiCall[] = [
        ...s.reserved.bindings.filter((b) => b.dirty).map((b) => updateCall(asObject(b.pv))),
        ...s.reserved.provisions.map((p) => updateCall(asObject(p.pvc))),
      ];
      return { status: SUCCESS, calls };
    },

    waitFor(state: CycleState, _pod: Pod, nodeName: string, cluster: ClusterObjects): PluginStatus {
      const s = stateOf(state);
      if (s === undefined || s.allBound || s.reserved === undefined) return SUCCESS;
      const pvs = new Map(cluster.persistentVolumes().map((v) => [v.metadata!.name!, v] as const));
      const claimOf = (c: PersistentVolumeClaim) => cluster.persistentVolumeClaim(c.metadata?.namespace ?? '', c.metadata?.name ?? '');
      for (const b of s.reserved.bindings) {
        const pv = pvs.get(b.pv.metadata!.name!);
        if (pv === undefined) return status('Error', `failed to check binding: could not find v1.PersistentVolume "${b.pv.metadata?.name}"`);
        if (b.dirty && !newerThan(pv, b.fromRV)) return WAIT;
        if (!pv.spec?.claimRef || !pv.spec.claimRef.uid) return status('Error', `ClaimRef got reset for pv "${pv.metadata?.name}"`);
        const pvc = claimOf(b.pvc);
        if (pvc === undefined) return status('Error', `failed to check binding: could not find v1.PersistentVolumeClaim "${claimKey(b.pvc)}"`);
        if (!claimFullyBound(pvc)) return WAIT;
      }
      const node = s.byNode.get(nodeName)?.node;
      for (const p of s.reserved.provisions) {
        const pvc = claimOf(p.pvc);
        if (pvc === undefined) return status('Error', `failed to get pvc "${claimKey(p.pvc)}": could not find v1.PersistentVolumeClaim "${claimKey(p.pvc)}"`);
        if (!newerThan(pvc, p.fromRV)) return WAIT;
        const annotations = pvc.metadata?.annotations;
        if (annotations === undefined) return status('Error', `selectedNode annotation reset for PVC "${pvc.metadata?.name}"`);
        if (annotations[ANN_SELECTED_NODE] !== nodeName) return status('Error', `provisioning failed for PVC "${pvc.metadata?.name}"`);
        const volumeName = pvc.spec?.volumeName;
        if (volumeName) {
          const pv = pvs.get(volumeName);
          if (pv === undefined) return WAIT;
          const why = checkVolumeNodeAffinity(pv, node?.metadata?.labels ?? {});
          if (why !== undefined) return status('Error', `pv "${volumeName}" node affinity doesn't match node "${nodeName}": ${why}`);
        }
        if (!claimFullyBound(pvc)) return WAIT;
      }
      return SUCCESS;
    },
  };
}
