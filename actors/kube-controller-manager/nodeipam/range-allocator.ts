// The RangeAllocator: a node without pod CIDRs gets one per cluster CIDR (dual-stack: one per
// family, in the cluster CIDRs' order), the lowest subnet no other node holds, patched into
// spec.podCIDR and spec.podCIDRs. A node that already has them keeps them (the apiserver
// refuses to change them once set). Taken subnets are read from the nodes themselves plus the
// allocations this controller has sent and not yet seen back, so two nodes allocated before the
// cache catches up never get the same one.

import type { Node } from '../../../protocols/kube/objects.ts';
import type { ApiCall, ApiResult } from '../../../protocols/kube/api.ts';
import { type Listers, patchCall, type ReconcileResult } from '../../client/index.ts';
import { type CidrSet, indexOf, lowestFree, subnetAt } from './cidr-set.ts';

export type IpamMemory = {
  /** node → the CIDRs sent to it and not yet seen on it. */
  pending: Record<string, string[]>;
};

export const ipamMemory = (): IpamMemory => ({ pending: {} });

const podCIDRsOf = (n: Node | undefined): readonly string[] => n?.spec?.podCIDRs ?? (n?.spec?.podCIDR ? [n.spec.podCIDR] : []);

export function allocateNode(name: string, listers: Listers, sets: readonly CidrSet[], m: IpamMemory): ReconcileResult {
  const node = listers.nodes!.get(name) as Node | undefined;
  if (node === undefined || podCIDRsOf(node).length > 0) {
    delete m.pending[name];
    return { writes: [] };
  }
  if (m.pending[name] !== undefined) return { writes: [] };
  const used = sets.map(() => new Set<number>());
  const take = (cidrs: readonly string[]) => {
    for (const c of cidrs) {
      for (let f = 0; f < sets.length; f++) {
        const i = indexOf(sets[f]!, c);
        if (i !== undefined) used[f]!.add(i);
      }
    }
  };
  for (const other of listers.nodes!.list() as Node[]) if (other.metadata?.name !== name) take(podCIDRsOf(other));
  for (const [other, cidrs] of Object.entries(m.pending)) if (other !== name) take(cidrs);
  const cidrs: string[] = [];
  for (let f = 0; f < sets.length; f++) {
    const i = lowestFree(sets[f]!, used[f]!);
    if (i === undefined) {
      const ref = { apiVersion: 'v1', kind: 'Node', name, ...(node.metadata?.uid ? { uid: node.metadata.uid } : {}) };
      return { writes: [], events: [{ ref, type: 'Normal', reason: 'CIDRNotAvailable', message: `Node ${name} status is now: CIDRNotAvailable` }] };
    }
    cidrs.push(subnetAt(sets[f]!, i));
  }
  m.pending[name] = cidrs;
  return { writes: [patchCall('nodes', name, 'strategic', JSON.stringify({ spec: { podCIDR: cidrs[0], podCIDRs: cidrs } }))] };
}

/** A refused allocation is released, so the next look at the node allocates afresh. */
export function allocationWritten(key: string, _call: ApiCall, result: ApiResult, m: IpamMemory): void {
  if (!result.ok) delete m.pending[key];
}
