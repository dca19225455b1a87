// The node IPAM controller (--allocate-node-cidrs with the RangeAllocator), keyed by node name.
// Only nodes still lacking pod CIDRs are worth a look; a node's deletion frees its subnets, so
// it wakes every node still waiting for one.

import type { Node } from '../../../protocols/kube/objects.ts';
import type { Listers, Notification } from '../../client/index.ts';
import type { ControllerDef } from '../context.ts';
import { cidrSet } from './cidr-set.ts';
import { allocateNode, allocationWritten, ipamMemory, type IpamMemory } from './range-allocator.ts';

export const NODE_IPAM_INFORMERS = [{ name: 'nodes', resource: 'nodes' }];

const lacksCIDRs = (n: Node) => !(n.spec?.podCIDRs?.length || n.spec?.podCIDR);

export function ipamKeys(_informer: string, n: Notification, listers: Listers): string[] {
  if (n.type !== 'delete') return lacksCIDRs(n.obj as Node) ? [n.obj.metadata.name!] : [];
  return [n.obj.metadata.name!, ...(listers.nodes!.list() as Node[]).filter(lacksCIDRs).map((x) => x.metadata!.name!)];
}

/** Kubernetes runs it with the node-controller service account's client, whose role may patch nodes. */
export const nodeIpamController: ControllerDef<IpamMemory> = {
  name: 'node-ipam-controller',
  spec: (c) => {
    const sets = c.clusterCIDRs.map((cidr) => cidrSet(cidr, c.nodeCIDRMaskSizes));
    return {
      client: c.client('node-controller'),
      informers: NODE_IPAM_INFORMERS,
      keysFor: ipamKeys,
      reconcile: (key, listers, _now, m) => allocateNode(key, listers, sets, m),
      memory: ipamMemory,
      written: allocationWritten,
      component: 'cidrAllocator',
      epochMs: c.epochMs,
    };
  },
};
