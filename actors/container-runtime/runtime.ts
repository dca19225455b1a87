// The node's container runtime: containerd 1.7's CRI plugin as an actor. It answers the
// kubelet's CRI requests from its records (kept on the host's disk), runs one pod-sandbox actor
// per pod (a shim: the pause container and the pod's containers under it), pulls images in
// virtual time, streams container events, and delivers packets for its pods' IPs.
//
//   records.ts            sandboxes and containers as data: statuses, lists, deaths, recovery
//   images.ts             the node's images; log-store.ts each container's bounded log
//   runtime-sandboxes.ts  sandboxes: run, stop, remove, network, deaths
//   runtime-containers.ts containers: create, start, stop, remove, exec, logs, exits
//   runtime-images.ts     pulls and the image RPCs
//
// Restarted (or after a host reboot) it reads its records back: nothing it ran survived, so
// every sandbox is NOTREADY and every running container exited, and the kubelet recreates them.
// containerd's shims would outlive a containerd restart; ours stop with the runtime actor.

import { defineActor, stateKey } from '../../runtime/index.ts';
import { RUNTIME_API_VERSION, RUNTIME_NAME, RUNTIME_VERSION, type RuntimeCondition } from '../../protocols/kube/cri.ts';
import { CNI_NOT_INITIALIZED } from './errors.ts';
import { listImages } from './images.ts';
import { containerStatus, listContainers, listSandboxes, recover, sandboxStatus, containersOf } from './records.ts';
import { containerOutput, containerShimDied, createContainer, execDone, execSync, readContainerLog, recordExit, removeContainer, startContainer, stopContainer, updateContainerVolumes } from './runtime-containers.ts';
import { containerNote, containerWrote } from './runtime-outputs.ts';
import { imageStatus, pullDone, pullImage, removeImage } from './runtime-images.ts';
import { abandonRun, cniDeleted, networkUp, pauseDied, removePodSandbox, routeToPod, runPodSandbox, shimDied, spawnSandbox, stopPodSandbox } from './runtime-sandboxes.ts';
import { replayVolumes, VOLUMES_FILE } from './volume-data.ts';
import { answer as answerStats, containerStatsReport, listContainerStats } from './runtime-stats.ts';
import {
  type ContainerRuntimeOptions,
  type Ctx,
  fail,
  JOURNAL_FILE,
  ok,
  persist,
  replyDurably,
  resolveOptions,
  type RuntimeMsg,
  type RuntimeState,
  takeSynced,
} from './runtime-state.ts';
import { criErrors } from './errors.ts';
import { eventMonitor } from './event-monitor.ts';
import { replay } from './journal.ts';

export type { ContainerRuntimeOptions, RuntimeMsg, RuntimeState } from './runtime-state.ts';

export const containerRuntimeKey = stateKey<RuntimeState>('container-runtime');

function conditions(s: RuntimeState): RuntimeCondition[] {
  const net = s.records.podCidr !== null;
  return [
    { type: 'RuntimeReady', status: true, reason: '', message: '' },
    net
      ? { type: 'NetworkReady', status: true, reason: '', message: '' }
      : { type: 'NetworkReady', status: false, reason: 'NetworkPluginNotReady', message: `Network plugin returns error: ${CNI_NOT_INITIALIZED}` },
  ];
}

export function containerRuntime(options: ContainerRuntimeOptions) {
  const o = resolveOptions(options);
  return defineActor<RuntimeMsg, RuntimeState>({
    kind: containerRuntimeKey.kind,
    describe: (s) => ({
      node: o.node,
      runtime: `${RUNTIME_NAME} ${RUNTIME_VERSION}`,
      sandboxes: Object.keys(s.records.sandboxes).length,
      containers: Object.keys(s.records.containers).length,
      images: Object.keys(s.images).length,
      networkReady: s.records.podCidr !== null,
    }),
    digest: (s) => [Object.keys(s.records.sandboxes).length, Object.keys(s.records.containers).length, Object.keys(s.images).length, s.syncSeq, s.nextExec, s.nextCni],
    init: (ctx) => {
      const journal = ctx.disk.records(JOURNAL_FILE);
      const written = replay(journal);
      const s: RuntimeState = {
        records: recover(written.records, ctx.now()),
        written,
        journaled: journal.length,
        // Spawned first, so it is stopped last and hears of everything under the runtime.
        monitor: ctx.spawn(eventMonitor(ctx.self), { name: 'event-monitor', restart: 'permanent' }),
        images: written.images,
        logs: {},
        actors: {},
        subscribers: [],
        runs: {},
        stops: {},
        dels: {},
        execs: {},
        pulls: {},
        nextExec: 0,
        stats: {},
        nextStats: 0,
        volumes: replayVolumes(ctx.disk.records(VOLUMES_FILE)),
        nextCni: 0,
        syncSeq: 0,
        syncQueue: [],
      };
      if (s.records !== written.records) persist(s, ctx);
      return s;
    },
    receive: (s, msg, ctx) => {
      handle(s, msg, ctx);
      return s;
    },
  });

  function handle(s: RuntimeState, m: RuntimeMsg, ctx: Ctx): void {
    switch (m.type) {
      case 'Version':
        return ctx.send(m.replyTo, ok('Version', m.reqId, { version: '0.1.0', runtimeName: RUNTIME_NAME, runtimeVersion: RUNTIME_VERSION, runtimeApiVersion: RUNTIME_API_VERSION }));
      case 'Status':
        return ctx.send(m.replyTo, ok('Status', m.reqId, { status: { conditions: conditions(s) } }));
      case 'UpdateRuntimeConfig': {
        const cidr = m.runtimeConfig.networkConfig.podCidr;
        // An empty CIDR leaves the configuration as it was, as containerd does.
        if (cidr !== '') s.records = { ...s.records, podCidr: cidr };
        return replyDurably(s, ctx, m.replyTo, ok('UpdateRuntimeConfig', m.reqId, {}));
      }
      case 'RunPodSandbox':
        return runPodSandbox(o, s, ctx, m);
      case 'StopPodSandbox':
        return stopPodSandbox(o, s, ctx, m);
      case 'RemovePodSandbox':
        return removePodSandbox(o, s, ctx, m);
      case 'PodSandboxStatus': {
        const sb = s.records.sandboxes[m.podSandboxId];
        if (!sb) return ctx.send(m.replyTo, fail('PodSandboxStatus', m.reqId, criErrors.sandboxNotFound(m.podSandboxId)));
        return ctx.send(m.replyTo, ok('PodSandboxStatus', m.reqId, { status: sandboxStatus(sb), containersStatuses: containersOf(s.records, sb.id).map(containerStatus) }));
      }
      case 'ListPodSandbox':
        return ctx.send(m.replyTo, ok('ListPodSandbox', m.reqId, { items: listSandboxes(s.records, m.filter) }));
      case 'CreateContainer':
        return createContainer(o, s, ctx, m);
      case 'StartContainer':
        return startContainer(s, ctx, m);
      case 'StopContainer':
        return stopContainer(s, ctx, m);
      case 'RemoveContainer':
        return removeContainer(s, ctx, m);
      case 'ContainerStatus': {
        const c = s.records.containers[m.containerId];
        if (!c) return ctx.send(m.replyTo, fail('ContainerStatus', m.reqId, criErrors.containerNotFound(m.containerId)));
        return ctx.send(m.replyTo, ok('ContainerStatus', m.reqId, { status: containerStatus(c) }));
      }
      case 'ListContainers':
        return ctx.send(m.replyTo, ok('ListContainers', m.reqId, { containers: listContainers(s.records, m.filter) }));
      case 'ExecSync':
        return execSync(s, ctx, m);
      case 'ReadContainerLog':
        return readContainerLog(s, ctx, m);
      case 'ListContainerStats':
        return listContainerStats(s, ctx, m);
      case 'UpdateContainerVolumes':
        return updateContainerVolumes(s, ctx, m);
      case 'ListImages':
        return ctx.send(m.replyTo, ok('ListImages', m.reqId, { images: listImages(s.images, o.catalog, m.filter?.image) }));
      case 'ImageStatus':
        return imageStatus(o, s, ctx, m);
      case 'PullImage':
        return pullImage(o, s, ctx, m);
      case 'RemoveImage':
        return removeImage(o, s, ctx, m);
      case 'GetContainerEvents':
        if (!s.subscribers.some((r) => r.path === m.subscriber.path && r.uid === m.subscriber.uid)) s.subscribers.push(m.subscriber);
        return;
      case 'PodHttpRequest':
      case 'PodTcpConnect':
        return routeToPod(s, ctx, m);
      // ---- from below ----
      case 'NetworkUp':
        return networkUp(s, ctx, m.sandboxId, m.ips);
      case 'NetworkFailed':
        return abandonRun(o, s, ctx, m.sandboxId, m.message);
      case 'ContainerOutput':
        return containerOutput(s, m.containerId, m.lines);
      case 'ContainerExited':
        return recordExit(s, ctx, m.containerId, { exitCode: m.exitCode, reason: m.reason, message: m.message, at: m.at });
      case 'ExecDone':
        return execDone(s, ctx, m);
      case 'ContainerNote':
        return containerNote(s, ctx, m.containerId, m.note);
      case 'ContainerWrote':
        return containerWrote(s, ctx, m.containerId, m.path, m.content);
      case 'ContainerStatsReport':
        return containerStatsReport(s, ctx, m.statsId, m.containerId, m.workingSetBytes);
      case 'ActorDied':
        if (m.what.kind === 'container') return containerShimDied(s, ctx, m.what.containerId);
        if (m.what.kind === 'pause') return pauseDied(o, s, ctx, m.what.sandboxId);
        return shimDied(o, s, ctx, m.what.sandboxId, m.uid);
      case 'MonitorRestarted':
        for (const [sandboxId, ref] of Object.entries(s.actors)) {
          ctx.send(s.monitor, { type: 'Watch', ref, what: { kind: 'sandbox', sandboxId } });
          ctx.send(ref, { type: 'Rewatch' });
        }
        return;
      // ---- its own ----
      case 'PullDone':
        for (const run of pullDone(o, s, ctx, m.ref)) runPodSandbox(o, s, ctx, run);
        return;
      case 'CniDeleted':
        return cniDeleted(s, ctx, m.sandboxId, m.ok, m.message);
      case 'StatsDeadline':
        return answerStats(s, ctx, m.statsId);
      case 'Synced':
        for (const a of takeSynced(s, m.seq)) {
          if (a.kind === 'reply') ctx.send(a.to, a.reply);
          else spawnSandbox(o, s, ctx, a.sandboxId);
        }
        return;
    }
  }
}
