// The pod's IPs in its status: the latest ready sandbox's, one per family, the node's family first
// (the kubelet's sortPodIPs); host-network pods take the node's. With no ready sandbox the last
// known IPs stay, as the kubelet's PLEG cache keeps them, so a completed pod still shows its IP.

import ipaddr from 'ipaddr.js';
import type { Pod } from '../../../protocols/kube/objects.ts';
import type { PodStatus, RuntimePodStatus } from '../sync/pod-types.ts';
import { sandboxIPs } from '../sync/runtime-view.ts';

const familyOf = (ip: string): 'ipv4' | 'ipv6' | undefined => (ipaddr.isValid(ip) ? ipaddr.parse(ip).kind() : undefined);

export function sortPodIPs(ips: readonly string[], nodeIPs: readonly string[]): string[] {
  const primary = nodeIPs[0] !== undefined && familyOf(nodeIPs[0]) === 'ipv6' ? 'ipv6' : 'ipv4';
  const secondary = primary === 'ipv4' ? 'ipv6' : 'ipv4';
  const first = (fam: string) => ips.find((ip) => familyOf(ip) === fam);
  return [first(primary), first(secondary)].filter((ip): ip is string => ip !== undefined);
}

export function podIPsFor(pod: Pod, s: RuntimePodStatus, nodeIPs: readonly string[], old: PodStatus): string[] {
  if (pod.spec?.hostNetwork) {
    const kept = (old.podIPs ?? []).map((p) => p.ip).filter((ip): ip is string => !!ip);
    if (kept.length === 0) return nodeIPs.slice(0, 1);
    // A node that became dual-stack adds its second family's address.
    if (kept.length === 1 && nodeIPs.length === 2 && familyOf(kept[0]!) !== familyOf(nodeIPs[1]!)) return [kept[0]!, nodeIPs[1]!];
    return kept;
  }
  const fresh = sortPodIPs(sandboxIPs(s), nodeIPs);
  if (fresh.length > 0) return fresh;
  const anyReady = s.sandboxes.some((x) => x.state === 'SANDBOX_READY');
  return anyReady ? [] : (old.podIPs ?? []).map((p) => p.ip).filter((ip): ip is string => !!ip);
}
