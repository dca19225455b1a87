// RunPodSandbox, StopPodSandbox, RemovePodSandbox and what happens to sandboxes from below: the
// network coming up or failing, a pause container or a whole shim dying. CNI ADD is the pause
// container's; CNI DEL is the runtime's, since it must work when the pause container is dead.

import type { PodNetworkRequest } from '../../protocols/kube/pod-network.ts';
import type { RemovePodSandbox, RunPodSandbox, StopPodSandbox } from '../../protocols/kube/cri.ts';
import type { CniDel } from './cni-messages.ts';
import { CNI_NOT_INITIALIZED, criErrors } from './errors.ts';
import { newId, sandboxActorName, sandboxName } from './ids.ts';
import { findImage } from './images.ts';
import { podSandbox } from './pod-sandbox.ts';
import {
  containersOf,
  type Exit,
  exited,
  findByName,
  KILLED_EXIT,
  type SandboxRecord,
  sandboxDied,
  sandboxWithIp,
  SHIM_DIED_EXIT,
  withContainer,
  withoutContainer,
  withoutSandbox,
  withSandbox,
} from './records.ts';
import { appendVolumeWrite, afterSync, type Ctx, type DelWaiter, emit, fail, ok, persist, replyDurably, type Resolved, type RuntimeState, type Waiter } from './runtime-state.ts';
import { forgetUnder, podVolumePrefix } from './volume-data.ts';
import { exitedContainer, failExecs } from './runtime-containers.ts';
import { startPull } from './runtime-images.ts';

function ipRanges(podCidr: string | null): { subnet: string }[][] {
  return (podCidr ?? '').split(',').filter((c) => c !== '').map((subnet) => [{ subnet }]);
}

export function runPodSandbox(o: Resolved, s: RuntimeState, ctx: Ctx, m: RunPodSandbox): void {
  const name = sandboxName(m.config.metadata);
  const taken = findByName(s.records.sandboxes, name);
  if (taken) return ctx.send(m.replyTo, fail('RunPodSandbox', m.reqId, criErrors.nameReserved('sandbox', name, taken.id)));
  if (!findImage(s.images, o.catalog, o.sandboxImage)) return startPull(o, s, ctx, o.sandboxImage, { kind: 'run', request: m });
  const id = newId(() => ctx.random());
  const host = m.config.hostNetwork === true;
  if (!host && s.records.podCidr === null) return ctx.send(m.replyTo, fail('RunPodSandbox', m.reqId, criErrors.networkSetup(id, CNI_NOT_INITIALIZED)));
  const u = newId(() => ctx.random());
  const rec: SandboxRecord = {
    id,
    name,
    metadata: m.config.metadata,
    config: m.config,
    runtimeHandler: m.runtimeHandler,
    state: 'SANDBOX_NOTREADY',
    createdAt: ctx.now(),
    network: host ? 'host' : 'pending',
    ips: [],
    netns: host ? '' : `/var/run/netns/cni-${u.slice(0, 8)}-${u.slice(8, 12)}-${u.slice(12, 16)}-${u.slice(16, 20)}-${u.slice(20, 32)}`,
  };
  s.records = withSandbox(s.records, rec);
  s.runs[id] = { reqId: m.reqId, replyTo: m.replyTo };
  // The record is durable before the CNI plugin hears of the sandbox, so no IP is ever given to a sandbox the runtime could forget.
  afterSync(s, { kind: 'spawn', sandboxId: id });
  persist(s, ctx);
}

/** After the sandbox's record is durable: the pod's shim, which starts the pause container. */
export function spawnSandbox(o: Resolved, s: RuntimeState, ctx: Ctx, id: string): void {
  const rec = s.records.sandboxes[id];
  if (!rec || s.runs[id] === undefined) return;
  const md = rec.metadata;
  const base = sandboxActorName(md);
  const ref = ctx.spawn(
    podSandbox({
      sandboxId: id,
      model: o.model,
      runtime: ctx.self,
      monitor: s.monitor,
      pause: {
        sandboxId: id,
        cni: rec.network === 'host' ? null : o.cni,
        netns: rec.netns,
        args: { K8S_POD_NAMESPACE: md.namespace, K8S_POD_NAME: md.name, K8S_POD_INFRA_CONTAINER_ID: id, K8S_POD_UID: md.uid },
        runtimeConfig: { ipRanges: ipRanges(s.records.podCidr) },
        runtime: ctx.self,
        cniTimeoutMs: o.cniTimeoutMs,
        startMs: o.sandboxStartMs,
      },
    }),
    { name: ctx.child(base) ? `${base}_${id.slice(0, 12)}` : base, restart: 'temporary' },
  );
  ctx.send(s.monitor, { type: 'Watch', ref, what: { kind: 'sandbox', sandboxId: id } });
  s.actors[id] = ref;
}

export function networkUp(s: RuntimeState, ctx: Ctx, id: string, ips: readonly string[]): void {
  const rec = s.records.sandboxes[id];
  const run = s.runs[id];
  if (!rec || !run) return;
  delete s.runs[id];
  s.records = withSandbox(s.records, { ...rec, state: 'SANDBOX_READY', network: rec.network === 'host' ? 'host' : 'up', ips: [...ips] });
  emit(s, ctx, id, id, 'CONTAINER_CREATED_EVENT');
  emit(s, ctx, id, id, 'CONTAINER_STARTED_EVENT');
  replyDurably(s, ctx, run.replyTo, ok('RunPodSandbox', run.reqId, { podSandboxId: id }));
}

/** A RunPodSandbox that cannot finish: its caller hears why, its actors go, its network is torn down. */
export function abandonRun(o: Resolved, s: RuntimeState, ctx: Ctx, id: string, message: string): void {
  const run = s.runs[id];
  if (!run) return;
  delete s.runs[id];
  ctx.send(run.replyTo, fail('RunPodSandbox', run.reqId, criErrors.networkSetup(id, message)));
  stopActor(s, ctx, id);
  teardown(o, s, ctx, id, { kind: 'cleanup' });
}

function stopActor(s: RuntimeState, ctx: Ctx, id: string): void {
  const ref = s.actors[id];
  if (!ref) return;
  delete s.actors[id];
  if (ctx.child(ref.path.slice(ref.path.lastIndexOf('/') + 1))?.uid === ref.uid) ctx.stop(ref);
}

/** The sandbox is dead: NOTREADY, its running containers exited; a run still waiting fails. */
export function sandboxGone(o: Resolved, s: RuntimeState, ctx: Ctx, id: string, exit: Omit<Exit, 'at'>, why: string): void {
  const wasReady = s.records.sandboxes[id]?.state === 'SANDBOX_READY';
  if (s.runs[id]) return abandonRun(o, s, ctx, id, why);
  const { records, changed } = sandboxDied(s.records, id, { ...exit, at: ctx.now() });
  s.records = records;
  for (const c of changed) exitedContainer(s, ctx, c);
  if (wasReady) emit(s, ctx, id, id, 'CONTAINER_STOPPED_EVENT');
  persist(s, ctx);
}

export function shimDied(o: Resolved, s: RuntimeState, ctx: Ctx, id: string, uid: number): void {
  if (s.actors[id]?.uid !== uid) return;
  delete s.actors[id];
  for (const c of containersOf(s.records, id)) failExecs(s, ctx, c.id);
  sandboxGone(o, s, ctx, id, SHIM_DIED_EXIT, 'shim of the sandbox exited');
}

/** The pause container died: the pod's processes are killed with its namespaces. */
export function pauseDied(o: Resolved, s: RuntimeState, ctx: Ctx, id: string): void {
  const ref = s.actors[id];
  if (ref) ctx.send(ref, { type: 'KillContainers' });
  sandboxGone(o, s, ctx, id, KILLED_EXIT, 'pause container exited');
}

/** CNI DEL for sandbox `id`, once however many wait on it. */
function teardown(o: Resolved, s: RuntimeState, ctx: Ctx, id: string, waiter: DelWaiter): void {
  const waiting = s.dels[id];
  if (waiting) return void waiting.push(waiter);
  s.dels[id] = [waiter];
  const rec = s.records.sandboxes[id]!;
  const md = rec.metadata;
  ctx.ask<CniDel>(
    o.cni,
    (replyTo) => ({
      type: 'CniDel',
      reqId: ++s.nextCni,
      containerId: id,
      netns: rec.netns,
      ifName: 'eth0',
      args: { K8S_POD_NAMESPACE: md.namespace, K8S_POD_NAME: md.name, K8S_POD_INFRA_CONTAINER_ID: id, K8S_POD_UID: md.uid },
      runtimeConfig: { ipRanges: ipRanges(s.records.podCidr) },
      replyTo,
    }),
    o.cniTimeoutMs,
    (r) =>
      r.ok && r.reply.ok
        ? { type: 'CniDeleted', sandboxId: id, ok: true, message: '' }
        : { type: 'CniDeleted', sandboxId: id, ok: false, message: r.ok ? (r.reply.ok ? '' : `plugin type="bridge" failed (delete): ${r.reply.error.msg}`) : r.error },
  );
}

export function cniDeleted(s: RuntimeState, ctx: Ctx, id: string, good: boolean, message: string): void {
  const waiters = s.dels[id] ?? [];
  delete s.dels[id];
  const rec = s.records.sandboxes[id];
  if (!rec) return;
  if (good) s.records = withSandbox(s.records, { ...rec, network: 'released', ips: [] });
  if (good && waiters.some((w) => w.kind === 'cleanup')) s.records = withoutSandbox(s.records, id);
  for (const w of waiters) {
    if (w.kind === 'cleanup') continue;
    if (!good) ctx.send(w.replyTo, fail(w.kind === 'stop' ? 'StopPodSandbox' : 'RemovePodSandbox', w.reqId, criErrors.networkTeardown(id, message)));
    else if (w.kind === 'stop') afterSync(s, { kind: 'reply', to: w.replyTo, reply: ok('StopPodSandbox', w.reqId, {}) });
    else if (s.records.sandboxes[id]) removeNow(s, ctx, id, w);
    else afterSync(s, { kind: 'reply', to: w.replyTo, reply: ok('RemovePodSandbox', w.reqId, {}) });
  }
  persist(s, ctx);
}

/** containerd's stop: every container killed, the pause container stopped, the network torn down. */
function stopSandbox(o: Resolved, s: RuntimeState, ctx: Ctx, id: string, waiter: Waiter & { kind: 'stop' | 'remove' }): void {
  if (s.runs[id]) abandonRun(o, s, ctx, id, 'context canceled');
  const rec = s.records.sandboxes[id]!;
  for (const c of containersOf(s.records, id)) {
    const e = exited(c, { ...KILLED_EXIT, at: ctx.now() });
    if (e === c) continue;
    s.records = withContainer(s.records, e);
    exitedContainer(s, ctx, c.id);
  }
  const ref = s.actors[id];
  if (ref) ctx.send(ref, { type: 'StopAll' });
  if (rec.state === 'SANDBOX_READY') {
    s.records = withSandbox(s.records, { ...rec, state: 'SANDBOX_NOTREADY' });
    emit(s, ctx, id, id, 'CONTAINER_STOPPED_EVENT');
  }
  const net = s.records.sandboxes[id]?.network;
  if (net === 'up' || net === 'pending') {
    persist(s, ctx);
    return teardown(o, s, ctx, id, waiter);
  }
  if (waiter.kind === 'remove') return removeNow(s, ctx, id, waiter);
  replyDurably(s, ctx, waiter.replyTo, ok('StopPodSandbox', waiter.reqId, {}));
}

export function stopPodSandbox(o: Resolved, s: RuntimeState, ctx: Ctx, m: StopPodSandbox): void {
  if (!s.records.sandboxes[m.podSandboxId]) return ctx.send(m.replyTo, fail('StopPodSandbox', m.reqId, criErrors.sandboxNotFound(m.podSandboxId)));
  stopSandbox(o, s, ctx, m.podSandboxId, { kind: 'stop', reqId: m.reqId, replyTo: m.replyTo });
}

export function removePodSandbox(o: Resolved, s: RuntimeState, ctx: Ctx, m: RemovePodSandbox): void {
  // Removing what is not there succeeds: the kubelet retries removals.
  if (!s.records.sandboxes[m.podSandboxId]) return ctx.send(m.replyTo, ok('RemovePodSandbox', m.reqId, {}));
  stopSandbox(o, s, ctx, m.podSandboxId, { kind: 'remove', reqId: m.reqId, replyTo: m.replyTo });
}

function removeNow(s: RuntimeState, ctx: Ctx, id: string, w: Waiter): void {
  for (const c of containersOf(s.records, id)) {
    emit(s, ctx, c.id, id, 'CONTAINER_DELETED_EVENT');
    s.records = withoutContainer(s.records, c.id);
    delete s.logs[c.id];
    failExecs(s, ctx, c.id);
  }
  emit(s, ctx, id, id, 'CONTAINER_DELETED_EVENT');
  const uid = s.records.sandboxes[id]?.metadata.uid;
  s.records = withoutSandbox(s.records, id);
  // The pod's own volume directories (its emptyDirs) go with its last sandbox.
  if (uid !== undefined && !Object.values(s.records.sandboxes).some((x) => x.metadata.uid === uid))
    for (const w of forgetUnder(s.volumes, podVolumePrefix(uid))) appendVolumeWrite(s, ctx, w);
  stopActor(s, ctx, id);
  replyDurably(s, ctx, w.replyTo, ok('RemovePodSandbox', w.reqId, {}));
}

/** A packet for a pod IP goes to the sandbox that holds it, or nowhere. */
export function routeToPod(s: RuntimeState, ctx: Ctx, req: PodNetworkRequest): void {
  const rec = sandboxWithIp(s.records, req.ip);
  const ref = rec ? s.actors[rec.id] : undefined;
  if (ref) ctx.send(ref, { type: 'ConnectIn', request: req });
  else ctx.send(req.replyTo, { type: 'PodNetworkReply', reqId: req.reqId, ok: false, failure: 'no route to host' });
}
