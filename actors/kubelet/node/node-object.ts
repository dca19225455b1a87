// The Node object the kubelet registers (initialNode plus one run of its status setters) and the
// status it recomputes every nodeStatusUpdateFrequency. kubeadm, not the kubelet, labels and
// taints control-plane nodes; kubeadm's label and taint are included here for control-plane hosts
// because the cluster builder plays kubeadm's part. spec.podCIDR(s) come from the host config
// because the node-IPAM controller that would assign them does not exist yet.

import type { Node, NodeAddress, NodeStatus, Taint } from 'kubernetes-types/core/v1.d.ts';
import { type HostConfig, type ResolvedHostConfig, resolveHostConfig } from './config.ts';
import { HEALTHY, type NodeHealth, type NodeStatusEvent, missingCapacityError, updateConditions } from './conditions.ts';
import { type RuntimeImage, nodeImages } from './images.ts';
import { nodeResources } from './resources.ts';

export const CONTROL_PLANE_LABEL = 'node-role.kubernetes.io/control-plane';
export const CONTROL_PLANE_TAINT: Taint = { key: CONTROL_PLANE_LABEL, effect: 'NoSchedule' };
/** Registered by a kubelet with an external cloud provider; the cloud node controller removes it once it has initialized the Node. */
export const UNINITIALIZED_TAINT: Taint = { key: 'node.cloudprovider.kubernetes.io/uninitialized', value: 'true', effect: 'NoSchedule' };
/** The annotation the kubelet sets when the attach/detach controller manages its volumes. */
export const CONTROLLER_MANAGED_ATTACH_DETACH = 'volumes.kubernetes.io/controller-managed-attach-detach';

export function nodeLabels(c: ResolvedHostConfig): Record<string, string> {
  const labels: Record<string, string> = {
    'beta.kubernetes.io/arch': c.architecture,
    'beta.kubernetes.io/os': 'linux',
    'kubernetes.io/arch': c.architecture,
    'kubernetes.io/hostname': c.nodeName,
    'kubernetes.io/os': 'linux',
    ...c.extraLabels,
  };
  // No node-role label: NodeRestriction forbids a kubelet to set node-role.kubernetes.io/*;
  // kubeadm labels its control planes afterwards, with its admin credentials.
  return labels;
}

/** The NodeAddress setter without a cloud provider: the node IP(s) then the hostname. */
export function nodeAddresses(c: ResolvedHostConfig): NodeAddress[] {
  const out: NodeAddress[] = [];
  if (c.addresses.ipv4) out.push({ type: 'InternalIP', address: c.addresses.ipv4 });
  if (c.addresses.ipv6) out.push({ type: 'InternalIP', address: c.addresses.ipv6 });
  out.push({ type: 'Hostname', address: c.nodeName });
  return out;
}

/**
 * Every status field the kubelet owns, from the host, `previous` conditions and `health`; the
 * runtime's images when given (otherwise `previous`'s are kept).
 */
export function computeNodeStatus(
  config: HostConfig | ResolvedHostConfig,
  previous: NodeStatus | undefined,
  health: NodeHealth,
  nowMs: number,
  images?: readonly RuntimeImage[],
): { status: NodeStatus; events: NodeStatusEvent[] } {
  const c = resolveHostConfig(config);
  const { capacity, allocatable } = nodeResources(c);
  const missing = missingCapacityError(capacity);
  const { conditions, events } = updateConditions(
    previous?.conditions ?? [],
    missing ? { ...health, notReadyErrors: [...health.notReadyErrors, missing] } : health,
    nowMs,
  );
  // With an external cloud provider the cloud's addresses, once set, win over the kubelet's own.
  const keepAddresses = c.externalCloudProvider && (previous?.addresses ?? []).length > 0;
  const status: NodeStatus = {
    ...previous,
    addresses: keepAddresses ? previous!.addresses! : nodeAddresses(c),
    allocatable: { ...allocatable },
    capacity: { ...capacity },
    conditions,
    daemonEndpoints: { kubeletEndpoint: { Port: c.kubeletPort } },
    nodeInfo: {
      architecture: c.architecture,
      bootID: c.bootID,
      containerRuntimeVersion: c.containerRuntimeVersion,
      kernelVersion: c.kernelVersion,
      kubeProxyVersion: c.kubeletVersion,
      kubeletVersion: c.kubeletVersion,
      machineID: c.machineID,
      operatingSystem: 'linux',
      osImage: c.osImage,
      systemUUID: c.systemUUID,
    },
  };
  if (images) status.images = nodeImages(images);
  const oldBoot = previous?.nodeInfo?.bootID;
  if (oldBoot && oldBoot !== c.bootID) {
    events.push({ type: 'Warning', reason: 'Rebooted', message: `Node ${c.nodeName} has been rebooted, boot id: ${c.bootID}` });
  }
  return { status, events };
}

/** The Node the kubelet creates when it registers, at virtual time `nowMs`. */
export function nodeObject(config: HostConfig, nowMs: number, health: NodeHealth = HEALTHY): Node {
  const c = resolveHostConfig(config);
  const taints: Taint[] = c.registerWithTaints.map((t) => ({ ...t }));
  if (c.controlPlane && !taints.some((t) => t.key === CONTROL_PLANE_TAINT.key)) taints.push({ ...CONTROL_PLANE_TAINT });
  if (c.externalCloudProvider && !taints.some((t) => t.key === UNINITIALIZED_TAINT.key)) taints.push({ ...UNINITIALIZED_TAINT });
  const spec: Node['spec'] = {};
  if (c.podCIDRs.length > 0) {
    spec.podCIDR = c.podCIDRs[0];
    spec.podCIDRs = [...c.podCIDRs];
  }
  if (taints.length > 0) spec.taints = taints;
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: c.nodeName,
      labels: nodeLabels(c),
      annotations: { [CONTROLLER_MANAGED_ATTACH_DETACH]: 'true' },
    },
    spec,
    status: computeNodeStatus(c, undefined, health, nowMs).status,
  };
}
