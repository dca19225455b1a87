// kubelet: the node agent. It registers its Node and keeps its status and Lease fresh, watches
// the pods bound to its node, and runs each through a pod worker that drives the node's container
// runtime over CRI; probes, restart backoff and the status manager around them. State it needs
// after a restart comes back from the apiserver (pods, its Node) and the runtime (what runs).

import { defineActor } from '../../runtime/index.ts';
import { clientKit, type Deliver, type Notification } from '../client/index.ts';
import type { ContainerEventResponse } from '../../protocols/kube/cri.ts';
import { DEFAULT_EPOCH_MS } from '../../protocols/kube/time.ts';
import { backoffGC, CONTAINER_BACKOFF, EMPTY_IMAGE_PULL_BACKOFF } from './backoff.ts';
import { admitWorker } from './shell/admitting.ts';
import { collectGarbage } from './shell/gc.ts';
import { onEvictionTick } from './shell/evicting.ts';
import { INITIAL_EVICTION_STATE } from './eviction/manager.ts';
import { criAnswered, criClient } from './shell/cri.ts';
import { nodeLoop, nodeObserved, onLeaseTick, onNodeDone, onNodeStatusTick, onRegisterRetry, onRuntimeTick, startNode } from './shell/node-loop.ts';
import { answered, CLAIM_TAG, claimRead, PV_TAG, pullEnded, requestSync, volumeRead } from './shell/pod-sync.ts';
import type { Node, PersistentVolume, PersistentVolumeClaim } from '../../protocols/kube/objects.ts';
import { type BoundPod, podWorker } from './shell/pod-worker.ts';
import { emptyObjectRefs, objectInformerSpec, podChanged } from './volumes/object-refs.ts';
import { addPodProbes, onProbeExec, onProbeNetwork, onProbeTick } from './shell/probing.ts';
import { kubeletShell } from './shell/shell.ts';
import type { KubeletShell } from './shell/types.ts';
import { type KubeletMsg, type KubeletOptions, type KubeletState, kubeletStateKey } from './shell/state.ts';
import { CONFIRM_TAG, deletionConfirmed, STATUS_TAG, statusWritten } from './shell/status-writer.ts';

export { type KubeletOptions, type KubeletState, kubeletStateKey, type NodeMachine } from './shell/state.ts';

/** The kubelet's syncFrequency: the longest a pod goes without a sync. */
const SYNC_FREQUENCY_MS = 60_000;

export function kubelet(options: KubeletOptions) {
  const kit = clientKit({
    client: { hosts: options.apiservers, token: options.token, qps: 50, burst: 100 },
    informers: [
      // Its pods and its own Node only (what the Node authorizer lets it list and watch); each
      // Secret and ConfigMap its pods use gets an informer of its own (volumes/object-refs.ts).
      { name: 'pods', resource: 'pods', fieldSelector: `spec.nodeName=${options.node}` },
      { name: 'node', resource: 'nodes', fieldSelector: `metadata.name=${options.node}` },
    ],
    source: { component: 'kubelet', host: options.node },
    epochMs: options.epochMs ?? DEFAULT_EPOCH_MS,
  });

  const onPod = (k: KubeletShell, n: Notification, deliver: Deliver) => {
    const { s, ctx } = k.parts;
    const pod = n.obj as BoundPod;
    const uid = pod.metadata.uid!;
    const refs = podChanged(s.objectRefs, pod, n.type === 'delete');
    for (const name of refs.start) kit.addInformer(s.kit, ctx, objectInformerSpec(name), deliver);
    for (const name of refs.stop) kit.removeInformer(s.kit, ctx, name);
    let w = s.workers[uid];
    if (n.type === 'delete') {
      if (w === undefined) return;
      w.gone = true;
      return requestSync(k, w);
    }
    if (w === undefined) {
      w = s.workers[uid] = podWorker(pod);
      admitWorker(k, w);
      addPodProbes(k, w);
    } else w.pod = pod;
    requestSync(k, w);
  };

  /**
   * A Secret or ConfigMap came into its informer's cache: pods whose containers wait for want of
   * it sync again, as the manager's Get, which waits for the object's cache, would have let them.
   */
  const onObjectArrived = (k: KubeletShell, informer: string) => {
    const { s } = k.parts;
    for (const [uid, names] of Object.entries(s.objectRefs.byPod)) {
      const w = s.workers[uid];
      if (w !== undefined && names.includes(informer) && Object.keys(w.waiting).length > 0) requestSync(k, w);
    }
  };

  /** A container event of one of the node's pods: that pod syncs (the evented PLEG). */
  const onContainerEvent = (k: KubeletShell, e: ContainerEventResponse) => {
    const uid = e.podSandboxStatus?.metadata.uid;
    const w = uid === undefined ? undefined : k.parts.s.workers[uid];
    if (w !== undefined) requestSync(k, w);
  };

  return defineActor<KubeletMsg, KubeletState>({
    kind: kubeletStateKey.kind,
    init: (ctx) => {
      ctx.send(ctx.self, { type: 'KubeletStart' });
      return {
        kit: kit.init(ctx.now()),
        cri: criClient(),
        workers: {},
        objectRefs: emptyObjectRefs(),
        node: nodeLoop(options.node),
        relist: {},
        eviction: INITIAL_EVICTION_STATE,
        pulling: null,
        pullQueue: [],
        probes: {},
        probeInFlight: {},
        probeRun: 0,
        // Network probe replies come back by plain send: a new incarnation numbers its requests
        // apart, so an old reply never matches a new probe.
        nextProbeReq: ctx.incarnation * 1_000_000_000 + 1,
        probeRequests: {},
        backoff: {},
        pullBackoff: EMPTY_IMAGE_PULL_BACKOFF,
      };
    },
    receive: (s, m, ctx) => {
      const k = kubeletShell({ s, ctx, options, kit });
      const deliver: Deliver = (informer, n) => {
        if (informer === 'pods') onPod(k, n, deliver);
        else if (informer === 'node') {
          if (n.type !== 'delete') nodeObserved(k, n.obj as Node);
        } else if (n.type === 'add') onObjectArrived(k, informer);
      };
      switch (m.type) {
        case 'KubeletStart':
          kit.start(s.kit, ctx, deliver);
          startNode(k);
          ctx.timers.every('sync-all', SYNC_FREQUENCY_MS, { type: 'SyncAll' });
          break;
        case 'CriAnswer': {
          const a = criAnswered(s.cri, m);
          if (a === undefined) break;
          if (a.tag.for === 'pod') {
            // The slot goes first: the pull's own worker may want it again for its next image.
            if (a.tag.part === 'pull') pullEnded(k);
            const w = s.workers[a.tag.uid];
            if (w !== undefined) answered(k, w, a.tag.run, a.outcome, a.tag.part);
          } else if (a.tag.for === 'probe') onProbeExec(k, a.tag, a.outcome);
          else onNodeDone(k, { cri: a.tag.what, outcome: a.outcome });
          break;
        }
        case 'ContainerEventResponse':
          onContainerEvent(k, m);
          break;
        case 'PodNetworkReply':
          onProbeNetwork(k, m);
          break;
        case 'PodResync': {
          const w = s.workers[m.uid];
          if (w !== undefined) requestSync(k, w);
          break;
        }
        case 'ProbeTick':
          onProbeTick(k, m.uid, m.key);
          break;
        case 'NodeStatusTick':
          onNodeStatusTick(k);
          break;
        case 'LeaseTick':
          onLeaseTick(k);
          break;
        case 'LeaseBackoff':
          onLeaseTick(k, { kind: 'backoffElapsed' });
          break;
        case 'NodeRegister':
          onRegisterRetry(k);
          break;
        case 'RuntimeTick':
          onRuntimeTick(k);
          break;
        case 'EvictionTick':
          onEvictionTick(k);
          break;
        case 'SyncAll':
          // syncFrequency (1 min): every pod is synced again, which remounts changed volumes;
          // and the garbage collector's minute.
          for (const w of Object.values(s.workers)) {
            if (!w.busy) collectGarbage(k, w);
            requestSync(k, w);
          }
          s.backoff = backoffGC(s.backoff, CONTAINER_BACKOFF, ctx.now());
          break;
        default:
          for (const d of kit.receive(s.kit, ctx, m, deliver).done) {
            if (d.tag.startsWith(CLAIM_TAG)) {
              const [uid, run, name] = d.tag.slice(CLAIM_TAG.length).split('/') as [string, string, string];
              const w = s.workers[uid];
              if (w !== undefined) claimRead(k, w, Number(run), name, d.result.ok ? (d.result.body as PersistentVolumeClaim) : null);
            } else if (d.tag.startsWith(PV_TAG)) {
              const [uid, run, name] = d.tag.slice(PV_TAG.length).split('/') as [string, string, string];
              const w = s.workers[uid];
              if (w !== undefined) volumeRead(k, w, Number(run), name, d.result.ok ? (d.result.body as PersistentVolume) : null);
            } else if (d.tag.startsWith(STATUS_TAG)) {
              const w = s.workers[d.tag.slice(STATUS_TAG.length)];
              if (w !== undefined) statusWritten(k, w, d.result.ok ? undefined : d.result.code);
            } else if (d.tag.startsWith(CONFIRM_TAG)) {
              const w = s.workers[d.tag.slice(CONFIRM_TAG.length)];
              if (w !== undefined) deletionConfirmed(k, w, d.result.ok ? undefined : d.result.code);
            } else onNodeDone(k, { api: d });
          }
      }
      return s;
    },
    describe: (s) => ({
      registered: s.node.registered,
      synced: kit.hasSynced(s.kit),
      pods: Object.values(s.workers).map((w) => ({ pod: w.key, phase: w.reported?.phase ?? w.pod.status?.phase ?? 'Pending', syncs: w.syncs, busy: w.busy })),
    }),
    digest: (s) => ({
      pods: Object.values(s.workers).map((w) => [w.uid, w.run, w.syncs, w.reported?.phase ?? '']),
      cri: s.cri.nextId,
      api: s.kit.api.nextId,
    }),
  });
}
