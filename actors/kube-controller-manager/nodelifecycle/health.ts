// A node's health as the node lifecycle controller judges it: not from the timestamps the
// kubelet writes (clocks differ between machines) but from when this controller itself last saw
// them change. Each monitor pass notes the pass's own time as the node's probe time whenever the
// Ready condition's heartbeat or the node's Lease renewTime moved since the last pass; a node
// whose probe time is older than the grace period gets its kubelet-owned conditions set Unknown.

import type { NodeCondition } from 'kubernetes-types/core/v1.d.ts';
import type { Lease, Node } from '../../../protocols/kube/objects.ts';
import { parseRfc3339, rfc3339 } from '../../../protocols/kube/time.ts';
import { condition } from './taints.ts';

/** What the controller remembers of one node (virtual ms). */
export type NodeHealth = {
  probe: number;
  readyTransition: number;
  /** The Ready condition as last seen (after this controller's own writes). */
  ready?: NodeCondition;
  /** The Lease's renewTime as last seen, in ms since the Unix epoch. */
  leaseRenew?: number;
};

export interface HealthTiming {
  readonly epochMs: number;
  readonly gracePeriodMs: number;
  readonly startupGracePeriodMs: number;
}

export interface HealthOutcome {
  readonly health: NodeHealth;
  /** The Ready condition as the node carried it when the pass began (a stand-in if it had none). */
  readonly observed: NodeCondition;
  /** The Ready condition after this pass (undefined if the node has none and none was written). */
  readonly current: NodeCondition | undefined;
  /** The node's conditions to write through the status subresource, when they changed. */
  readonly conditions?: NodeCondition[];
}

// The kubelet owns these; NetworkUnavailable is the network plugin's and is left alone.
const KUBELET_CONDITIONS = ['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure'];

const virtual = (ts: string | undefined, epochMs: number): number | undefined => {
  const ms = ts === undefined ? undefined : parseRfc3339(ts);
  return ms === undefined ? undefined : ms - epochMs;
};

const sameCondition = (a: NodeCondition | undefined, b: NodeCondition | undefined) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** tryUpdateNodeHealth: the node's new health record, and the Unknown conditions to write if its signals went silent. */
export function observeNodeHealth(node: Node, lease: Lease | undefined, saved: NodeHealth | undefined, now: number, t: HealthTiming): HealthOutcome {
  const created = virtual(node.metadata?.creationTimestamp, t.epochMs) ?? now;
  const current = condition(node, 'Ready');
  let observed: NodeCondition;
  let grace: number;
  let health: NodeHealth | undefined = saved === undefined ? undefined : { ...saved };
  if (current === undefined) {
    const ts = node.metadata?.creationTimestamp;
    observed = { type: 'Ready', status: 'Unknown', ...(ts ? { lastHeartbeatTime: ts, lastTransitionTime: ts } : {}) };
    grace = t.startupGracePeriodMs;
    if (health !== undefined) delete health.ready;
    else health = { probe: created, readyTransition: created };
  } else {
    observed = { ...current };
    grace = t.gracePeriodMs;
  }
  const savedReady = saved?.ready;
  if (health === undefined || (savedReady === undefined && current !== undefined) || (savedReady !== undefined && current === undefined)) {
    health = { probe: now, readyTransition: now, ...(current ? { ready: current } : {}), ...(saved?.leaseRenew === undefined ? {} : { leaseRenew: saved.leaseRenew }) };
  } else if (savedReady !== undefined && current !== undefined && savedReady.lastHeartbeatTime !== current.lastHeartbeatTime) {
    const readyTransition = savedReady.lastTransitionTime !== current.lastTransitionTime ? now : health.readyTransition;
    health = { ...health, probe: now, readyTransition, ready: current };
  }
  const renew = parseRfc3339(lease?.spec?.renewTime ?? '');
  if (renew !== undefined && (saved?.leaseRenew === undefined || saved.leaseRenew < renew)) health = { ...health, leaseRenew: renew, probe: now };

  if (!(now > health.probe + grace)) return { health, observed, current };
  const stamp = rfc3339(t.epochMs + now);
  const conditions = (node.status?.conditions ?? []).map((c) => ({ ...c }));
  for (const type of KUBELET_CONDITIONS) {
    const c = conditions.find((x) => x.type === type);
    if (c === undefined) {
      const hb = node.metadata?.creationTimestamp;
      conditions.push({ type, status: 'Unknown', reason: 'NodeStatusNeverUpdated', message: 'Kubelet never posted node status.', ...(hb ? { lastHeartbeatTime: hb } : {}), lastTransitionTime: stamp });
    } else if (c.status !== 'Unknown') {
      Object.assign(c, { status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.', lastTransitionTime: stamp });
    }
  }
  const next = conditions.find((c) => c.type === 'Ready');
  if (sameCondition(next, observed)) return { health, observed, current };
  return { health: { ...health, ready: next!, readyTransition: now }, observed, current: next, conditions };
}
