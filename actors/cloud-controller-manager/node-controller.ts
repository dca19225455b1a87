// The cloud node controller: a Node registered with the uninitialized taint gets its cloud identity
// — spec.providerID, the zone, region and instance-type labels (GA and beta names, as 1.32 still
// writes both) — in one update that also removes the taint (event Synced); after that its
// status.addresses follow the cloud, looked at again every nodeStatusUpdateFrequency (5 min).
// A node whose instance the cloud does not know stays tainted and is asked about again later.

import type { Node } from '../../protocols/kube/objects.ts';
import type { InstanceMetadata, NodeAddress } from '../../protocols/kube/cloud.ts';
import { type Listers, referenceTo, updateCall } from '../client/index.ts';
import type { CloudReconcileResult } from './cloud-loop.ts';
import { hasTaint, type NodeObject, UNINITIALIZED_TAINT, withoutTaint } from './nodes.ts';
import type { CloudView } from './view.ts';

export const NODE_STATUS_UPDATE_FREQUENCY_MS = 5 * 60_000;
/** How soon an instance the cloud did not find is asked about again. */
export const INSTANCE_RETRY_MS = 10_000;

export const LABELS = {
  zone: ['topology.kubernetes.io/zone', 'failure-domain.beta.kubernetes.io/zone'],
  region: ['topology.kubernetes.io/region', 'failure-domain.beta.kubernetes.io/region'],
  instanceType: ['node.kubernetes.io/instance-type', 'beta.kubernetes.io/instance-type'],
} as const;

/** The node as the cloud says it is: providerID (if unset), labels, and the taint gone. */
export function initializedNode(n: Node, m: InstanceMetadata): NodeObject {
  const labels = { ...n.metadata?.labels };
  const put = (keys: readonly string[], v: string) => {
    if (v !== '') for (const k of keys) labels[k] = v;
  };
  put(LABELS.instanceType, m.instanceType);
  put(LABELS.zone, m.zone);
  put(LABELS.region, m.region);
  const untainted = withoutTaint(n, UNINITIALIZED_TAINT);
  return { ...untainted, metadata: { ...n.metadata, labels }, spec: { ...untainted.spec, providerID: n.spec?.providerID || m.providerID } };
}

/** The cloud's addresses, plus the node's own Hostname when the cloud gives none. */
export function wantedAddresses(n: Node, m: InstanceMetadata): NodeAddress[] {
  const addrs = [...m.addresses];
  if (!addrs.some((a) => a.type === 'Hostname')) for (const a of n.status?.addresses ?? []) if (a.type === 'Hostname') addrs.push(a as NodeAddress);
  return addrs;
}

const sameAddresses = (a: readonly { type: string; address: string }[], b: readonly { type: string; address: string }[]) =>
  a.length === b.length && a.every((x, i) => x.type === b[i]!.type && x.address === b[i]!.address);

export function reconcileCloudNode(key: string, listers: Listers, view: CloudView, now: number): CloudReconcileResult {
  const node = listers.nodes!.get(key) as NodeObject | undefined;
  if (node === undefined) return { writes: [] };
  const name = node.metadata!.name!;
  const entry = view.instances[name];
  const ask = { call: { type: 'InstanceMetadata' as const, nodeName: name, ...(node.spec?.providerID ? { providerID: node.spec.providerID } : {}) } };

  if (hasTaint(node, UNINITIALIZED_TAINT)) {
    if (entry === undefined || (entry.metadata === null && now - entry.at >= INSTANCE_RETRY_MS)) return { writes: [], cloud: [ask] };
    if (entry.metadata === null) return { writes: [], requeueAfter: INSTANCE_RETRY_MS - (now - entry.at) };
    return {
      writes: [updateCall(initializedNode(node, entry.metadata))],
      events: [{ ref: referenceTo(node), type: 'Normal', reason: 'Synced', message: 'Node synced successfully' }],
    };
  }

  if (entry === undefined || now - entry.at >= NODE_STATUS_UPDATE_FREQUENCY_MS) return { writes: [], cloud: [ask], requeueAfter: NODE_STATUS_UPDATE_FREQUENCY_MS };
  const requeueAfter = NODE_STATUS_UPDATE_FREQUENCY_MS - (now - entry.at);
  if (entry.metadata === null || entry.metadata.addresses.length === 0) return { writes: [], requeueAfter };
  const addresses = wantedAddresses(node, entry.metadata);
  if (sameAddresses(node.status?.addresses ?? [], addresses)) return { writes: [], requeueAfter };
  const updated: NodeObject = { ...node, apiVersion: 'v1', kind: 'Node', status: { ...node.status, addresses } };
  return { writes: [updateCall(updated, { subresource: 'status' })], requeueAfter };
}
