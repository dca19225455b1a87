// NodePorts (Kubernetes 1.32): a pod asking for host ports fits a node only if none of them is
// taken there. An empty hostIP means 0.0.0.0 and an empty protocol TCP; 0.0.0.0 conflicts with
// the same protocol and port on any IP, and a specific IP with itself or 0.0.0.0.

import type { ContainerPort } from 'kubernetes-types/core/v1.d.ts';
import type { Pod } from '../../../protocols/kube/objects.ts';
import {
  type CycleState,
  type FilterPlugin,
  type HostPortInfo,
  type NodeInfo,
  type PluginStatus,
  type PreFilterPlugin,
  SUCCESS,
} from '../framework/types.ts';

export const NODE_PORTS = 'NodePorts';
export const NODE_PORTS_REASON = "node(s) didn't have free ports for the requested pod ports";
const PRE_FILTER_KEY = `PreFilter${NODE_PORTS}`;
const BIND_ALL = '0.0.0.0';

/** util.GetHostPorts: ports with a hostPort, of the containers and of sidecars (init containers with restartPolicy Always), which run as long as the pod. */
export function podHostPorts(pod: Pod): ContainerPort[] {
  const sidecars = (pod.spec?.initContainers ?? []).filter((c) => c.restartPolicy === 'Always');
  return [...sidecars, ...(pod.spec?.containers ?? [])].flatMap((c) => (c.ports ?? []).filter((p) => (p.hostPort ?? 0) > 0));
}

/** HostPortInfo entries as the cache records a pod's host ports: defaults filled in. */
export const hostPortInfos = (pod: Pod): HostPortInfo[] =>
  podHostPorts(pod).map((p) => ({ ip: p.hostIP || BIND_ALL, protocol: p.protocol || 'TCP', port: p.hostPort ?? 0 }));

/** HostPortInfo.CheckConflict. */
export function portConflicts(used: readonly HostPortInfo[], ip: string | undefined, protocol: string | undefined, port: number): boolean {
  if (port <= 0) return false;
  const wantIP = ip || BIND_ALL;
  const wantProtocol = protocol || 'TCP';
  return used.some((u) => {
    if (u.port !== port || (u.protocol || 'TCP') !== wantProtocol) return false;
    const usedIP = u.ip || BIND_ALL;
    return wantIP === BIND_ALL || usedIP === BIND_ALL || usedIP === wantIP;
  });
}

export function fitsPorts(want: readonly ContainerPort[], node: NodeInfo): boolean {
  return !want.some((p) => portConflicts(node.usedPorts, p.hostIP, p.protocol, p.hostPort ?? 0));
}

export const nodePorts: PreFilterPlugin & FilterPlugin = {
  name: NODE_PORTS,

  preFilter(state: CycleState, pod: Pod) {
    const ports = podHostPorts(pod);
    // No host ports: Filter has nothing to check, and the framework skips it for this pod.
    if (ports.length === 0) return { status: { code: 'Skip', reasons: [] } };
    state.set(PRE_FILTER_KEY, ports);
    return { status: SUCCESS };
  },

  filter(state: CycleState, pod: Pod, node: NodeInfo): PluginStatus {
    const want = (state.get(PRE_FILTER_KEY) as ContainerPort[] | undefined) ?? podHostPorts(pod);
    return fitsPorts(want, node) ? SUCCESS : { code: 'Unschedulable', reasons: [NODE_PORTS_REASON] };
  },
};
