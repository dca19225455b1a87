// monitorNodeHealth, one pass over every node: judge each node's health (setting its conditions
// Unknown when it went silent), queue unhealthy nodes for a NoExecute taint or swap the taint
// at once when Ready moved between False and Unknown, untaint nodes that are Ready again, mark
// the pods of a node that just stopped being Ready not Ready, recompute each zone's state and
// its tainting rate, and then taint queued nodes as the zones' rates allow. Every change to one
// node is gathered first, so a pass writes a node's status once and its taints once.

import type { NodeCondition, Taint } from 'kubernetes-types/core/v1.d.ts';
import type { ApiCall } from '../../../protocols/kube/api.ts';
import type { KubeObject, Lease, Node, Pod } from '../../../protocols/kube/objects.ts';
import { rfc3339 } from '../../../protocols/kube/time.ts';
import { type Listers, type ReconcileResult, updateCall } from '../../client/index.ts';
import type { LifecycleConfig, LifecycleMemory } from './config.ts';
import { observeNodeHealth } from './health.ts';
import { markPodsNotReady, podsByNode } from './pods.ts';
import { condition, hasTaint, NOT_READY_NO_EXECUTE, sameTaintList, swapTaints, taintsPatch, UNREACHABLE_NO_EXECUTE, zoneKey } from './taints.ts';
import { computeZoneState, dequeue, enqueue, newTainter, rateFor, swapLimiter, tryAccept, untilToken, type ZoneState } from './zones.ts';

type Event = NonNullable<ReconcileResult['events']>[number];

/** One node as the pass changes it. */
interface Work {
  readonly node: Node;
  readonly name: string;
  readonly zone: string;
  taints: Taint[];
  conditions?: NodeCondition[];
}

export const EXCLUDE_DISRUPTION_LABEL = 'node.kubernetes.io/exclude-disruption';

const nodeRef = (name: string, uid: string) => ({ apiVersion: 'v1', kind: 'Node', name, ...(uid ? { uid } : {}) });

export function monitorPass(listers: Listers, now: number, m: LifecycleMemory, cfg: LifecycleConfig): ReconcileResult {
  const nodes = listers.nodes!.list() as Node[];
  // The last pass's writes have all been answered before this pass runs (a key is not worked on twice at once).
  m.tainting = {};
  const events: Event[] = [];
  const writes: ApiCall[] = [];
  const work = new Map<string, Work>(nodes.map((n) => [n.metadata!.name!, { node: n, name: n.metadata!.name!, zone: zoneKey(n), taints: [...(n.spec?.taints ?? [])] }]));
  let pods: Map<string, Pod[]> | undefined;
  const podsOn = (name: string) => (pods ??= podsByNode(listers.pods!.list() as Pod[])).get(name) ?? [];
  const stamped = (t: Taint): Taint => ({ ...t, timeAdded: rfc3339(cfg.epochMs + now) });

  const ensureZone = (zone: string) => {
    if (m.zoneStates[zone] !== undefined) return;
    m.zoneStates[zone] = 'Initial';
    m.tainters[zone] = newTainter(cfg.evictionQPS, now);
  };
  const markReachable = (w: Work) => {
    w.taints = swapTaints(w.taints, [], [UNREACHABLE_NO_EXECUTE, NOT_READY_NO_EXECUTE]);
    const z = m.tainters[w.zone];
    if (z) dequeue(z, w.name);
  };
  const markForTainting = (w: Work, status: string) => {
    const z = m.tainters[w.zone]!;
    if (status === 'False' && !hasTaint(w.taints, NOT_READY_NO_EXECUTE)) dequeue(z, w.name);
    if (status === 'Unknown' && !hasTaint(w.taints, UNREACHABLE_NO_EXECUTE)) dequeue(z, w.name);
    enqueue(z, w.name, w.node.metadata?.uid ?? '', now);
  };

  // Nodes added and removed since the last pass.
  for (const w of work.values()) {
    if (m.known[w.name] === undefined) {
      const uid = w.node.metadata?.uid ?? '';
      events.push({ ref: nodeRef(w.name, uid), type: 'Normal', reason: 'RegisteredNode', message: `Node ${w.name} event: Registered Node ${w.name} in Controller` });
      m.known[w.name] = uid;
      ensureZone(w.zone);
      markReachable(w);
    } else ensureZone(w.zone);
  }
  for (const [name, uid] of Object.entries(m.known)) {
    if (work.has(name)) continue;
    events.push({ ref: nodeRef(name, uid), type: 'Normal', reason: 'RemovingNode', message: `Node ${name} event: Removing Node ${name} from Controller` });
    delete m.known[name];
    delete m.health[name];
    delete m.retry[name];
  }

  const zoneConditions: Record<string, (NodeCondition | undefined)[]> = {};
  for (const w of work.values()) {
    const lease = listers.leases?.namespace('kube-node-lease').get(w.name) as Lease | undefined;
    const out = observeNodeHealth(w.node, lease, m.health[w.name], now, cfg);
    m.health[w.name] = out.health;
    if (out.conditions) w.conditions = out.conditions;
    if (w.node.metadata?.labels?.[EXCLUDE_DISRUPTION_LABEL] === undefined) (zoneConditions[w.zone] ??= []).push(out.current);
    if (out.current === undefined) continue;
    // processTaintBaseEviction: swap at once between the two NoExecute taints, queue a first one.
    const observed = out.observed.status;
    if (observed === 'False' && hasTaint(w.taints, UNREACHABLE_NO_EXECUTE)) w.taints = swapTaints(w.taints, [stamped(NOT_READY_NO_EXECUTE)], [UNREACHABLE_NO_EXECUTE]);
    else if (observed === 'Unknown' && hasTaint(w.taints, NOT_READY_NO_EXECUTE)) w.taints = swapTaints(w.taints, [stamped(UNREACHABLE_NO_EXECUTE)], [NOT_READY_NO_EXECUTE]);
    else if (observed === 'False' || observed === 'Unknown') markForTainting(w, observed);
    else if (observed === 'True') markReachable(w);
    const transition = out.current.status !== 'True' && observed === 'True';
    if (transition) events.push({ ref: nodeRef(w.name, w.node.metadata?.uid ?? ''), type: 'Normal', reason: 'NodeNotReady', message: `Node ${w.name} status is now: NodeNotReady` });
    if (transition || (m.retry[w.name] && observed !== 'True')) {
      const marked = markPodsNotReady(podsOn(w.name), w.name, cfg.epochMs, now);
      writes.push(...marked.writes);
      events.push(...marked.events);
    }
    delete m.retry[w.name];
  }

  handleDisruption(zoneConditions, [...work.values()], now, m, cfg, markReachable);
  taintingPass(work, now, m, stamped);

  const statusWrites: ApiCall[] = [];
  const taintWrites: ApiCall[] = [];
  for (const w of work.values()) {
    if (w.conditions) statusWrites.push(updateCall({ ...(w.node as KubeObject), apiVersion: 'v1', kind: 'Node', status: { ...w.node.status, conditions: w.conditions } } as KubeObject, { subresource: 'status' }));
    if (!sameTaintList(w.taints, w.node.spec?.taints)) taintWrites.push(taintsPatch(w.node, w.taints));
  }
  return { writes: [...statusWrites, ...writes, ...taintWrites], events, requeueAfter: nextPass(now, m, cfg) };
}

/** handleDisruption: new zone states and the tainting rate each calls for. */
function handleDisruption(zoneConditions: Record<string, (NodeCondition | undefined)[]>, work: Work[], now: number, m: LifecycleMemory, cfg: LifecycleConfig, markReachable: (w: Work) => void): void {
  const next: Record<string, ZoneState> = {};
  for (const [zone, conds] of Object.entries(zoneConditions)) {
    next[zone] = computeZoneState(conds, cfg.unhealthyZoneThreshold).state;
    m.zoneStates[zone] ??= 'Initial';
  }
  for (const zone of Object.keys(m.zoneStates)) if (zoneConditions[zone] === undefined) delete m.zoneStates[zone];
  const zones = Object.keys(m.zoneStates).sort();
  const allAre = Object.values(next).every((s) => s === 'FullDisruption');
  const allWere = zones.every((z) => m.zoneStates[z] === 'FullDisruption');
  if (allAre && allWere) return;
  const size = (zone: string) => zoneConditions[zone]?.length ?? 0;
  if (allAre) {
    // Every zone lost every node: more likely this controller is cut off than all nodes dead.
    for (const w of work) markReachable(w);
    for (const zone of zones) {
      swapLimiter(m.tainters[zone]!, 0, now);
      m.zoneStates[zone] = 'FullDisruption';
    }
    return;
  }
  if (allWere) {
    // Back from a full disruption: every node gets a fresh grace period.
    for (const w of work) {
      const h = m.health[w.name];
      if (h) m.health[w.name] = { ...h, probe: now, readyTransition: now };
    }
  }
  for (const zone of zones) {
    const state = next[zone]!;
    if (!allWere && m.zoneStates[zone] === state) continue;
    swapLimiter(m.tainters[zone]!, rateFor(state, size(zone), cfg), now);
    m.zoneStates[zone] = state;
  }
}

/** doNoExecuteTaintingPass: each zone's queue, as far as its limiter lets. */
function taintingPass(work: Map<string, Work>, now: number, m: LifecycleMemory, stamped: (t: Taint) => Taint): void {
  for (const zone of Object.keys(m.tainters).sort()) {
    const z = m.tainters[zone]!;
    while (z.queue.length > 0) {
      const head = z.queue[0]!;
      if (!tryAccept(z, now) || now < head.at) break;
      const w = work.get(head.name);
      if (w === undefined) {
        z.queue.shift();
        continue;
      }
      const ready = w.conditions?.find((c) => c.type === 'Ready') ?? condition(w.node, 'Ready');
      if (ready === undefined) break;
      z.queue.shift();
      if (ready.status === 'False') w.taints = swapTaints(w.taints, [stamped(NOT_READY_NO_EXECUTE)], [UNREACHABLE_NO_EXECUTE]);
      else if (ready.status === 'Unknown') w.taints = swapTaints(w.taints, [stamped(UNREACHABLE_NO_EXECUTE)], [NOT_READY_NO_EXECUTE]);
      else continue;
      m.tainting[w.name] = zone;
    }
  }
}

/** The next pass: the monitor period, or sooner when a queued node waits only for its zone's token. */
function nextPass(now: number, m: LifecycleMemory, cfg: LifecycleConfig): number {
  let next = cfg.monitorPeriodMs;
  for (const z of Object.values(m.tainters)) {
    if (z.queue.length === 0) continue;
    const wait = untilToken(z, now);
    if (wait !== undefined) next = Math.min(next, Math.max(1, wait, z.queue[0]!.at - now));
  }
  return next;
}
