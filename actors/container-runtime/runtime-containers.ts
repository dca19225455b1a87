// CreateContainer, StartContainer, StopContainer, RemoveContainer, ExecSync, the container log,
// and what the container actors report: output, exits, and their own deaths.

import type { ContainerConfig, CreateContainer, PodSandboxConfig, ExecSync, ReadContainerLog, RemoveContainer, StartContainer, StopContainer, UpdateContainerVolumes } from '../../protocols/kube/cri.ts';
import type { ProcessSpec } from './workload/process.ts';
import { criErrors } from './errors.ts';
import { containerActorName, containerName, newId } from './ids.ts';
import { findImage } from './images.ts';
import { appendLines, type LogLine, readLines } from './log-store.ts';
import type { RuntimeReport } from './messages.ts';
import type { VolumeData } from './volume-data.ts';
import { type ContainerRecord, type Exit, exited, findByName, KILLED_EXIT, SHIM_DIED_EXIT, withContainer, withoutContainer } from './records.ts';
import { afterSync, type Ctx, emit, fail, ok, persist, replyDurably, type Resolved, type RuntimeState } from './runtime-state.ts';

/** The files a container's mounts hold, by absolute path ('' under a mount is the mount itself: a subPath file). */
function mountedFiles(mounts: ContainerConfig['mounts'], mountFiles: ContainerConfig['mountFiles']): Record<string, string> {
  const files: Record<string, string> = {};
  for (const mount of mounts) {
    const held = mountFiles?.[mount.containerPath] ?? {};
    const base = mount.containerPath.replace(/\/$/, '');
    for (const [rel, content] of Object.entries(held)) files[rel === '' ? base : `${base}/${rel}`] = content;
  }
  return files;
}

/**
 * What the process model is given: the container's config with the pod's annotations and its
 * mounted files — what the volumes hold on the node (written by earlier processes), then what the
 * kubelet projected (ConfigMaps, Secrets, the downward API).
 */
export function processSpec(config: ContainerConfig, sandbox: Pick<PodSandboxConfig, 'annotations' | 'hostname'>, volumes: VolumeData = {}): ProcessSpec {
  const stored: Record<string, string> = {};
  for (const mount of config.mounts) {
    const base = mount.containerPath.replace(/\/$/, '');
    for (const [rel, content] of Object.entries(volumes[mount.hostPath] ?? {})) stored[`${base}/${rel}`] = content;
  }
  const files = { ...stored, ...mountedFiles(config.mounts, config.mountFiles) };
  return {
    image: config.image.image,
    containerName: config.metadata.name,
    command: config.command,
    args: config.args,
    // containerd sets HOSTNAME to the sandbox's hostname (the pod's name) unless the pod does.
    env: { HOSTNAME: sandbox.hostname, ...Object.fromEntries(config.envs.map((e) => [e.key, e.value])) },
    annotations: { ...sandbox.annotations, ...config.annotations },
    ports: (config.ports ?? []).filter((p) => p.protocol === 'TCP').map((p) => p.containerPort),
    files,
    memoryLimitBytes: config.linux?.resources.memoryLimitInBytes ?? 0,
  };
}

/** UpdateContainerVolumes: the mounts' new files reach the running process; the record keeps them. */
export function updateContainerVolumes(s: RuntimeState, ctx: Ctx, m: UpdateContainerVolumes): void {
  const c = s.records.containers[m.containerId];
  if (!c) return ctx.send(m.replyTo, fail('UpdateContainerVolumes', m.reqId, criErrors.containerNotFound(m.containerId)));
  const before = mountedFiles(c.config.mounts, c.config.mountFiles);
  const mountFiles = { ...c.config.mountFiles, ...m.mountFiles };
  const after = mountedFiles(c.config.mounts, mountFiles);
  const set = Object.fromEntries(Object.entries(after).filter(([path, content]) => before[path] !== content));
  const remove = Object.keys(before).filter((path) => !(path in after));
  s.records = withContainer(s.records, { ...c, config: { ...c.config, mountFiles } });
  const actor = s.actors[c.sandboxId];
  if (actor && c.state === 'CONTAINER_RUNNING' && (remove.length > 0 || Object.keys(set).length > 0)) ctx.send(actor, { type: 'ToContainer', containerId: c.id, msg: { type: 'UpdateFiles', set, remove } });
  persist(s, ctx);
  ctx.send(m.replyTo, ok('UpdateContainerVolumes', m.reqId, {}));
}

export function createContainer(o: Resolved, s: RuntimeState, ctx: Ctx, m: CreateContainer): void {
  const sb = s.records.sandboxes[m.podSandboxId];
  if (!sb) return ctx.send(m.replyTo, fail('CreateContainer', m.reqId, criErrors.sandboxIdNotFound(m.podSandboxId)));
  const actor = s.actors[sb.id];
  if (sb.state !== 'SANDBOX_READY' || !actor) return ctx.send(m.replyTo, fail('CreateContainer', m.reqId, criErrors.sandboxTaskGone()));
  const name = containerName(m.config.metadata, sb.metadata);
  const taken = findByName(s.records.containers, name);
  if (taken) return ctx.send(m.replyTo, fail('CreateContainer', m.reqId, criErrors.nameReserved('container', name, taken.id)));
  const image = findImage(s.images, o.catalog, m.config.image.image);
  if (!image) return ctx.send(m.replyTo, fail('CreateContainer', m.reqId, criErrors.imageNotPresent(m.config.image.image)));
  const id = newId(() => ctx.random());
  const dir = sb.config.logDirectory.replace(/\/$/, '');
  const rec: ContainerRecord = {
    id,
    name,
    sandboxId: sb.id,
    metadata: m.config.metadata,
    config: m.config,
    imageRef: image.repoDigests[0] ?? image.id,
    logPath: dir === '' ? m.config.logPath : `${dir}/${m.config.logPath}`,
    state: 'CONTAINER_CREATED',
    createdAt: ctx.now(),
    startedAt: 0,
    finishedAt: 0,
    exitCode: 0,
    reason: '',
    message: '',
  };
  s.records = withContainer(s.records, rec);
  s.logs[id] = [];
  ctx.send(actor, { type: 'CreateIn', containerId: id, actorName: containerActorName(m.config.metadata), spec: processSpec(m.config, sb.config, s.volumes) });
  emit(s, ctx, id, sb.id, 'CONTAINER_CREATED_EVENT');
  replyDurably(s, ctx, m.replyTo, ok('CreateContainer', m.reqId, { containerId: id }));
}

export function startContainer(s: RuntimeState, ctx: Ctx, m: StartContainer): void {
  const c = s.records.containers[m.containerId];
  if (!c) return ctx.send(m.replyTo, fail('StartContainer', m.reqId, criErrors.containerNotFound(m.containerId)));
  if (c.state !== 'CONTAINER_CREATED') return ctx.send(m.replyTo, fail('StartContainer', m.reqId, criErrors.notStartable(c.id, c.state)));
  const sb = s.records.sandboxes[c.sandboxId];
  const actor = s.actors[c.sandboxId];
  if (!sb || sb.state !== 'SANDBOX_READY' || !actor) return ctx.send(m.replyTo, fail('StartContainer', m.reqId, criErrors.sandboxNotRunning(c.sandboxId)));
  s.records = withContainer(s.records, { ...c, state: 'CONTAINER_RUNNING', startedAt: ctx.now() });
  ctx.send(actor, { type: 'ToContainer', containerId: c.id, msg: { type: 'Start' } });
  emit(s, ctx, c.id, c.sandboxId, 'CONTAINER_STARTED_EVENT');
  replyDurably(s, ctx, m.replyTo, ok('StartContainer', m.reqId, {}));
}

export function stopContainer(s: RuntimeState, ctx: Ctx, m: StopContainer): void {
  const c = s.records.containers[m.containerId];
  if (!c) return ctx.send(m.replyTo, fail('StopContainer', m.reqId, criErrors.containerNotFound(m.containerId)));
  if (c.state !== 'CONTAINER_RUNNING') return ctx.send(m.replyTo, ok('StopContainer', m.reqId, {}));
  (s.stops[c.id] ??= []).push({ reqId: m.reqId, replyTo: m.replyTo });
  const actor = s.actors[c.sandboxId];
  if (actor) ctx.send(actor, { type: 'ToContainer', containerId: c.id, msg: { type: 'Stop', graceMs: Math.max(0, m.timeout) * 1000 } });
  else recordExit(s, ctx, c.id, { ...KILLED_EXIT, at: ctx.now() });
}

export function removeContainer(s: RuntimeState, ctx: Ctx, m: RemoveContainer): void {
  const c = s.records.containers[m.containerId];
  if (!c) return ctx.send(m.replyTo, ok('RemoveContainer', m.reqId, {}));
  // containerd stops a running container before removing it, at once.
  if (c.state === 'CONTAINER_RUNNING') recordExit(s, ctx, c.id, { ...KILLED_EXIT, at: ctx.now() });
  const actor = s.actors[c.sandboxId];
  if (actor) ctx.send(actor, { type: 'RemoveIn', containerId: c.id });
  emit(s, ctx, c.id, c.sandboxId, 'CONTAINER_DELETED_EVENT');
  s.records = withoutContainer(s.records, c.id);
  delete s.logs[c.id];
  failExecs(s, ctx, c.id);
  replyDurably(s, ctx, m.replyTo, ok('RemoveContainer', m.reqId, {}));
}

export function execSync(s: RuntimeState, ctx: Ctx, m: ExecSync): void {
  const c = s.records.containers[m.containerId];
  if (!c) return ctx.send(m.replyTo, fail('ExecSync', m.reqId, criErrors.execNotFound(m.containerId)));
  const actor = s.actors[c.sandboxId];
  if (c.state !== 'CONTAINER_RUNNING' || !actor) return ctx.send(m.replyTo, fail('ExecSync', m.reqId, criErrors.execNotRunning(c.state)));
  const execId = ++s.nextExec;
  s.execs[execId] = { reqId: m.reqId, replyTo: m.replyTo, containerId: c.id, timeoutS: m.timeout };
  ctx.send(actor, { type: 'ToContainer', containerId: c.id, msg: { type: 'Exec', execId, cmd: m.cmd, timeoutMs: Math.max(0, m.timeout) * 1000 } });
}

export function execDone(s: RuntimeState, ctx: Ctx, m: Extract<RuntimeReport, { type: 'ExecDone' }>): void {
  const w = s.execs[m.execId];
  if (!w) return;
  delete s.execs[m.execId];
  if (m.result === 'timeout') return ctx.send(w.replyTo, fail('ExecSync', w.reqId, criErrors.execTimeout(w.timeoutS)));
  if (m.result === 'gone') return ctx.send(w.replyTo, fail('ExecSync', w.reqId, criErrors.execNotRunning('CONTAINER_EXITED')));
  ctx.send(w.replyTo, ok('ExecSync', w.reqId, { stdout: m.result.stdout, stderr: m.result.stderr, exitCode: m.result.exitCode }));
}

export function readContainerLog(s: RuntimeState, ctx: Ctx, m: ReadContainerLog): void {
  if (!s.records.containers[m.containerId]) return ctx.send(m.replyTo, fail('ReadContainerLog', m.reqId, criErrors.containerNotFound(m.containerId)));
  ctx.send(m.replyTo, ok('ReadContainerLog', m.reqId, { lines: readLines(s.logs[m.containerId] ?? [], m.tailLines) }));
}

export function containerOutput(s: RuntimeState, id: string, lines: readonly LogLine[]): void {
  if (!s.records.containers[id]) return;
  s.logs[id] = appendLines(s.logs[id] ?? [], lines);
}

/** A running container's exit, recorded once, told to the stream and to whoever waits to stop it. */
export function recordExit(s: RuntimeState, ctx: Ctx, id: string, e: Exit): void {
  const c = s.records.containers[id];
  if (!c) return;
  const after = exited(c, e);
  if (after === c) return;
  s.records = withContainer(s.records, after);
  exitedContainer(s, ctx, id);
  persist(s, ctx);
}

/** After a container's record moved to EXITED: the event, and the stops waiting for it. */
export function exitedContainer(s: RuntimeState, ctx: Ctx, id: string): void {
  const c = s.records.containers[id];
  if (!c) return;
  emit(s, ctx, id, c.sandboxId, 'CONTAINER_STOPPED_EVENT');
  for (const w of s.stops[id] ?? []) afterSync(s, { kind: 'reply', to: w.replyTo, reply: ok('StopContainer', w.reqId, {}) });
  delete s.stops[id];
}

/** A container actor died: its process with it (containerd reports a dead shim's tasks as exit 255). */
export function containerShimDied(s: RuntimeState, ctx: Ctx, id: string): void {
  recordExit(s, ctx, id, { ...SHIM_DIED_EXIT, at: ctx.now() });
  failExecs(s, ctx, id);
}

/** The execs of a container whose actor is gone: nothing will answer them now. */
export function failExecs(s: RuntimeState, ctx: Ctx, id: string): void {
  for (const [execId, w] of Object.entries(s.execs)) {
    if (w.containerId !== id) continue;
    delete s.execs[Number(execId)];
    ctx.send(w.replyTo, fail('ExecSync', w.reqId, criErrors.execNotRunning('CONTAINER_EXITED')));
  }
}
