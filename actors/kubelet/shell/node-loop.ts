// The kubelet's node work: register the Node (or find it registered), post its status every
// 10 s when it changed and every 5 min regardless, keep its Lease renewed, tell the runtime the
// node's pod CIDR, and keep the runtime's container event stream subscribed (a restarted runtime
// forgets its subscribers, so the kubelet asks again on each runtime check, every 10 s).

import type { KubeObject, Lease, Node, NodeStatus } from '../../../protocols/kube/objects.ts';
import { type ApiDone, createCall, getCall, patchCall, updateCall } from '../../client/index.ts';
import { containerRuntimeService } from '../../../protocols/kube/cri.ts';
import { HEALTHY } from '../node/conditions.ts';
import { initialLeaseState, type LeaseEffect, type LeaseInput, leaseStep, NODE_LEASE_NAMESPACE } from '../node/lease.ts';
import { computeNodeStatus, nodeObject } from '../node/node-object.ts';
import { csiNodeObject } from '../node/csi-node.ts';
import { nodeStatusPatch } from '../node/status-patch.ts';
import { NODE_STATUS_UPDATE_FREQUENCY_MS, shouldPost } from '../node/status-update.ts';
import type { CriOutcome } from './cri.ts';
import { onEvictionTick, statsListed } from './evicting.ts';
import { requestSync } from './pod-sync.ts';
import { POD_NAME_LABEL, POD_NAMESPACE_LABEL, POD_UID_LABEL } from '../sync/labels.ts';
import { type BoundPod, podWorker } from './pod-worker.ts';
import { hostConfigOf } from './host-config.ts';
import { nodeVolumesInUse, waitingForAttach } from './attach-wait.ts';
import type { NodeLoop } from './state.ts';
import type { KubeletShell, ShellParts } from './types.ts';

const TAG = 'node/';
const LEASE_TAG = 'nodelease/';
const RUNTIME_CHECK_MS = 10_000;
const REGISTER_RETRY_MS = 7_000;

export const nodeLoop = (node: string): NodeLoop => ({ registered: false, node: null, lastReportMs: undefined, statusInFlight: false, lease: initialLeaseState(node) });

const call = (p: ShellParts, c: Parameters<ShellParts['kit']['call']>[2], tag: string) => void p.kit.call(p.s.kit, p.ctx, c, tag);

function register(p: ShellParts): void {
  call(p, createCall(nodeObject(hostConfigOf(p.options), p.ctx.now()) as KubeObject), `${TAG}register`);
}

export function startNode(k: KubeletShell): void {
  const p = k.parts;
  register(p);
  onRuntimeTick(k);
  onEvictionTick(k);
  const podCidr = p.options.machine.podCIDRs.join(',');
  k.cri({ type: 'UpdateRuntimeConfig', runtimeConfig: { networkConfig: { podCidr } } }, { for: 'node', what: 'runtime-config' });
  p.ctx.timers.every('node-status', NODE_STATUS_UPDATE_FREQUENCY_MS, { type: 'NodeStatusTick' });
}

/**
 * Every 10 s: the event stream asked for again (a restarted runtime forgot it), and a relist, as
 * the PLEG's: the pods whose sandboxes or containers changed since the last relist sync again,
 * which catches what a lost event would have said.
 */
export function onRuntimeTick(k: KubeletShell): void {
  const p = k.parts;
  p.ctx.send(containerRuntimeService.on(p.options.node), { type: 'GetContainerEvents', subscriber: p.ctx.self });
  k.cri({ type: 'ListPodSandbox' }, { for: 'node', what: 'relist-sandboxes' });
  k.cri({ type: 'ListContainers' }, { for: 'node', what: 'relist-containers' });
  p.ctx.timers.once('runtime-check', RUNTIME_CHECK_MS, { type: 'RuntimeTick' });
}

/** A relist's answers: each pod's sandboxes and containers, fingerprinted; changed pods sync. */
function relisted(k: KubeletShell, what: string, outcome: CriOutcome): void {
  const p = k.parts;
  if (!outcome.ok) return;
  const r = outcome.reply.response as { items?: readonly Listed[]; containers?: readonly Listed[] };
  const rows = what === 'relist-sandboxes' ? (r.items ?? []) : (r.containers ?? []);
  const prints: Record<string, string[]> = {};
  for (const row of rows) {
    const uid = row.labels[POD_UID_LABEL];
    if (uid !== undefined) (prints[uid] ??= []).push(`${row.id}:${row.state}`);
  }
  const seen = p.s.relist[what] ?? {};
  const now: Record<string, string> = {};
  for (const [uid, parts] of Object.entries(prints)) now[uid] = parts.sort().join(',');
  p.s.relist[what] = now;
  for (const uid of new Set([...Object.keys(seen), ...Object.keys(now)])) {
    const w = p.s.workers[uid];
    if (w !== undefined && seen[uid] !== now[uid]) requestSync(k, w);
  }
  if (what === 'relist-sandboxes' && p.kit.hasSynced(p.s.kit)) adoptOrphans(k, rows);
}

/**
 * Sandboxes of pods the apiserver does not have (deleted while this kubelet was down, or a
 * relist raced a force delete): each gets a worker for a pod already gone, which stops what runs
 * and forgets it — the kubelet's HandlePodCleanups.
 */
function adoptOrphans(k: KubeletShell, rows: readonly Listed[]): void {
  const { s } = k.parts;
  for (const row of rows) {
    const uid = row.labels[POD_UID_LABEL];
    if (uid === undefined || s.workers[uid] !== undefined) continue;
    const pod: BoundPod = { apiVersion: 'v1', kind: 'Pod', metadata: { uid, name: row.labels[POD_NAME_LABEL] ?? uid, namespace: row.labels[POD_NAMESPACE_LABEL] ?? 'default' }, spec: { containers: [] } };
    const w = (s.workers[uid] = podWorker(pod));
    w.gone = true;
    w.admission = 'admitted';
    requestSync(k, w);
  }
}

interface Listed {
  readonly id: string;
  readonly state: string;
  readonly labels: Readonly<Record<string, string>>;
}

export function onNodeStatusTick(k: KubeletShell): void {
  statusTick(k.parts);
}

function statusTick(p: ShellParts): void {
  const n = p.s.node;
  if (!n.registered || n.statusInFlight) return;
  n.statusInFlight = true;
  call(p, getCall('nodes', p.options.node, {}, { resourceVersion: '0' }), `${TAG}status-get`);
}

function postStatus(p: ShellParts, current: Node): void {
  const n = p.s.node;
  const now = p.ctx.now();
  const health = { ...HEALTHY, memoryPressure: p.s.eviction.conditions.includes('MemoryPressure') };
  n.node = current;
  const { status } = computeNodeStatus(hostConfigOf(p.options), current.status, health, now);
  const inUse = nodeVolumesInUse(p.s);
  if (inUse.length > 0) status.volumesInUse = inUse;
  else delete status.volumesInUse;
  if (!shouldPost({ current, computed: status as NodeStatus, nowMs: now, lastReportMs: n.lastReportMs })) {
    n.statusInFlight = false;
    return;
  }
  call(p, patchCall('nodes', p.options.node, 'strategic', nodeStatusPatch(current, status), { subresource: 'status' }), `${TAG}status-patch`);
}

export function onLeaseTick(k: KubeletShell, input: LeaseInput = { kind: 'tick' }): void {
  leaseTick(k.parts, input);
}

function leaseTick(p: ShellParts, input: LeaseInput = { kind: 'tick' }): void {
  const n = p.s.node;
  const step = leaseStep(n.lease, input, { nowMs: p.ctx.now(), nodeUid: n.node?.metadata?.uid, random: () => p.ctx.random() });
  n.lease = step.state;
  for (const e of step.effects) leaseEffect(p, e);
}

function leaseEffect(p: ShellParts, e: LeaseEffect): void {
  switch (e.kind) {
    case 'update':
      return call(p, updateCall(e.lease as KubeObject), `${LEASE_TAG}update`);
    case 'get':
      return call(p, getCall('leases', p.options.node, { namespace: NODE_LEASE_NAMESPACE }), `${LEASE_TAG}get`);
    case 'create':
      return call(p, createCall(e.lease as KubeObject), `${LEASE_TAG}create`);
    case 'sleep':
      return p.ctx.timers.once('lease', e.ms, { type: 'LeaseBackoff' });
    case 'scheduleTick':
      return p.ctx.timers.once('lease', e.ms, { type: 'LeaseTick' });
    case 'repeatedHeartbeatFailure':
      return;
  }
}

/** Node and lease calls answered (true), or a CRI answer of the node work; false for anything else. */
export function onNodeDone(k: KubeletShell, done: { readonly api: ApiDone } | { readonly cri: string; readonly outcome: CriOutcome }): boolean {
  const p = k.parts;
  if (!('api' in done)) {
    if (done.cri.startsWith('relist-')) relisted(k, done.cri, done.outcome);
    else if (done.cri === 'stats') statsListed(k, done.outcome);
    return true;
  }
  const d = done.api;
  const n = p.s.node;
  const r = d.result;
  if (d.tag.startsWith(LEASE_TAG)) {
    const what = d.tag.slice(LEASE_TAG.length);
    const lease = r.ok ? (r.body as Lease) : undefined;
    const input: LeaseInput =
      what === 'update'
        ? lease ? { kind: 'updated', lease } : { kind: 'updateFailed', conflict: !r.ok && r.code === 409 }
        : what === 'get'
          ? lease ? { kind: 'got', lease } : !r.ok && r.code === 404 ? { kind: 'notFound' } : { kind: 'getFailed' }
          : lease ? { kind: 'created', lease } : { kind: 'createFailed' };
    leaseTick(p, input);
    return true;
  }
  if (!d.tag.startsWith(TAG)) return false;
  switch (d.tag.slice(TAG.length)) {
    case 'register':
      if (r.ok) registered(p, r.body as Node);
      else if (r.code === 409) call(p, getCall('nodes', p.options.node), `${TAG}registered-get`);
      else p.ctx.timers.once('register', REGISTER_RETRY_MS, { type: 'NodeRegister' });
      return true;
    case 'registered-get':
      if (r.ok) registered(p, r.body as Node);
      else p.ctx.timers.once('register', REGISTER_RETRY_MS, { type: 'NodeRegister' });
      return true;
    case 'status-get':
      if (r.ok) postStatus(p, r.body as Node);
      else n.statusInFlight = false;
      break;
    case 'status-patch':
      n.statusInFlight = false;
      if (r.ok) {
        n.lastReportMs = p.ctx.now();
        n.node = r.body as Node;
      }
      break;
    default:
      return true;
  }
  // The node just read or written may list the volumes pods wait for as attached and in use.
  if (r.ok) for (const w of waitingForAttach(p.s)) requestSync(k, w);
  return true;
}

export const onRegisterRetry = (k: KubeletShell): void => register(k.parts);

/**
 * Its Node as the kubelet's node informer (one object, by metadata.name) sees it change: kept
 * once registered, when newer than the one last read or written; pods waiting for their
 * volumes to be attached look again.
 */
export function nodeObserved(k: KubeletShell, node: Node): void {
  const n = k.parts.s.node;
  if (!n.registered || Number(node.metadata?.resourceVersion ?? 0) <= Number(n.node?.metadata?.resourceVersion ?? 0)) return;
  n.node = node;
  for (const w of waitingForAttach(k.parts.s)) requestSync(k, w);
}

function registered(p: ShellParts, node: Node): void {
  const n = p.s.node;
  const first = !n.registered;
  n.registered = true;
  n.node = node;
  if (first) {
    leaseTick(p);
    statusTick(p);
    // Made once per kubelet start; AlreadyExists (a restart) is the usual answer after the first.
    call(p, createCall(csiNodeObject(node) as unknown as KubeObject), `${TAG}csinode`);
  }
}
