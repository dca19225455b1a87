// The container-runtime actor's state, options and the helpers its handlers share: replies,
// durable writes (a reply that promises durability waits for the fsync), and the event stream.

import { type ActorContext, type ActorRef, logFile } from '../../runtime/index.ts';
import type {
  ContainerEventResponse,
  ContainerEventType,
  ContainerRuntimeMsg,
  ContainerStats,
  CriError,
  CriReply,
  CriResponses,
  CriRpc,
  RunPodSandbox,
} from '../../protocols/kube/cri.ts';
import type { ImageCatalog, ProcessModel } from './workload/process.ts';
import type { CniPluginRef } from './cni-messages.ts';
import { applyWrite, type VolumeData, VOLUMES_FILE, type VolumeWrite } from './volume-data.ts';
import type { RuntimeReport, SandboxMsg, WatchRequest } from './messages.ts';
import type { ImageStore } from './images.ts';
import type { LogStore } from './log-store.ts';
import { diff, journalOf, type JournalOp, outgrown, type Persisted } from './journal.ts';
import { containersOf, containerStatus, type Records, sandboxStatus } from './records.ts';

export interface ContainerRuntimeOptions {
  readonly node: string;
  readonly model: ProcessModel;
  readonly catalog: ImageCatalog;
  readonly cni: CniPluginRef;
  /** Default 50 MB/s. */
  readonly pullBandwidthBytesPerSec?: number;
  /** Default 'registry.k8s.io/pause:3.10', containerd 1.7's sandbox_image as kubeadm sets it for 1.32. */
  readonly sandboxImage?: string;
  /** How long the runtime waits for the CNI plugin; default 60 s. */
  readonly cniTimeoutMs?: number;
  /**
   * How long a sandbox takes to start before its network is set up (the network namespace made,
   * runc starting the pause process): uniform in [min, max] ms from the sandbox's seeded stream;
   * default 150–450 ms. Containers' create and start take no virtual time.
   */
  readonly sandboxStartMs?: { readonly min: number; readonly max: number };
}

export interface Resolved {
  readonly node: string;
  readonly model: ProcessModel;
  readonly catalog: ImageCatalog;
  readonly cni: CniPluginRef;
  readonly bandwidth: number;
  readonly sandboxImage: string;
  readonly cniTimeoutMs: number;
  readonly sandboxStartMs: { readonly min: number; readonly max: number };
}

export function resolveOptions(o: ContainerRuntimeOptions): Resolved {
  return {
    node: o.node,
    model: o.model,
    catalog: o.catalog,
    cni: o.cni,
    bandwidth: o.pullBandwidthBytesPerSec ?? 50_000_000,
    sandboxImage: o.sandboxImage ?? 'registry.k8s.io/pause:3.10',
    cniTimeoutMs: o.cniTimeoutMs ?? 60_000,
    sandboxStartMs: o.sandboxStartMs ?? { min: 150, max: 450 },
  };
}

export const JOURNAL_FILE = logFile<JournalOp>('container-runtime/journal');

export interface Waiter {
  readonly reqId: number;
  readonly replyTo: ActorRef<CriReply>;
}

export type PullWaiter = ({ readonly kind: 'pull' } & Waiter) | { readonly kind: 'run'; readonly request: RunPodSandbox };

/** What waits for the network teardown of a sandbox: a stop's reply, a removal, or a failed run's cleanup. */
export type DelWaiter = ({ readonly kind: 'stop' | 'remove' } & Waiter) | { readonly kind: 'cleanup' };

export type SyncAction = { readonly kind: 'reply'; readonly to: ActorRef<CriReply>; readonly reply: CriReply } | { readonly kind: 'spawn'; readonly sandboxId: string };

/** A ListContainerStats waiting for its containers' answers. */
export interface StatsGather {
  readonly reqId: number;
  readonly replyTo: ActorRef<CriReply>;
  readonly waiting: string[];
  readonly stats: ContainerStats[];
}

export type SelfMsg =
  | { readonly type: 'PullDone'; readonly ref: string }
  | { readonly type: 'Synced'; readonly seq: number }
  | { readonly type: 'CniDeleted'; readonly sandboxId: string; readonly ok: boolean; readonly message: string }
  | { readonly type: 'StatsDeadline'; readonly statsId: number };

export type RuntimeMsg = ContainerRuntimeMsg | RuntimeReport | SelfMsg;
export type Ctx = ActorContext<RuntimeMsg>;

export interface RuntimeState {
  records: Records;
  images: ImageStore;
  /** What the journal on disk holds, to write only what changed since. */
  written: Persisted;
  /** How many records the journal file holds: rewritten as the live records alone when outgrown. */
  journaled: number;
  logs: Record<string, LogStore>;
  monitor: ActorRef<WatchRequest>;
  /** The live pod-sandbox actors, by sandbox id. */
  actors: Record<string, ActorRef<SandboxMsg>>;
  subscribers: ActorRef<ContainerEventResponse>[];
  runs: Record<string, Waiter>;
  stops: Record<string, Waiter[]>;
  dels: Record<string, DelWaiter[]>;
  execs: Record<number, Waiter & { readonly containerId: string; readonly timeoutS: number }>;
  pulls: Record<string, PullWaiter[]>;
  nextExec: number;
  nextCni: number;
  /** What processes wrote into their volumes, by host path (volume-data.ts). */
  volumes: VolumeData;
  /** ListContainerStats in progress: what each waits for. */
  stats: Record<number, StatsGather>;
  nextStats: number;
  syncSeq: number;
  syncQueue: { readonly seq: number; readonly action: SyncAction }[];
}

export function ok<R extends CriRpc>(rpc: R, reqId: number, response: CriResponses[R]): CriReply {
  return { type: 'CriReply', reqId, rpc, ok: true, response } as CriReply;
}

export function fail(rpc: CriRpc, reqId: number, error: CriError): CriReply {
  return { type: 'CriReply', reqId, rpc, ok: false, error } as CriReply;
}

/** Journals what changed in the records and images and asks for an fsync. */
export function persist(s: RuntimeState, ctx: Ctx): void {
  const now: Persisted = { records: s.records, images: s.images };
  const ops = diff(s.written, now);
  const live = Object.keys(now.records.sandboxes).length + Object.keys(now.records.containers).length + Object.keys(now.images).length + 1;
  if (outgrown(s.journaled, ops.length, live)) {
    // Every sandbox and container ever run stayed in the journal, each change of each a record.
    const all = journalOf(now);
    ctx.disk.rewrite(JOURNAL_FILE, all);
    s.journaled = all.length;
  } else {
    for (const op of ops) ctx.disk.append(JOURNAL_FILE, op);
    s.journaled += ops.length;
  }
  s.written = now;
  ctx.disk.fsync({ type: 'Synced', seq: ++s.syncSeq });
}

/** A write into a volume: kept, and journaled on the host's disk with the next fsync. */
export function appendVolumeWrite(s: RuntimeState, ctx: Ctx, w: VolumeWrite): void {
  s.volumes = applyWrite(s.volumes, w);
  ctx.disk.append(VOLUMES_FILE, w);
  ctx.disk.fsync();
}

/** Runs `action` once the next persist is durable; whoever queues it persists before its handler returns. */
export function afterSync(s: RuntimeState, action: SyncAction): void {
  s.syncQueue.push({ seq: s.syncSeq + 1, action });
}

/** Replies once what the handler changed is durable. */
export function replyDurably(s: RuntimeState, ctx: Ctx, to: ActorRef<CriReply>, reply: CriReply): void {
  afterSync(s, { kind: 'reply', to, reply });
  persist(s, ctx);
}

/** The actions whose writes the fsync numbered `seq` made durable. */
export function takeSynced(s: RuntimeState, seq: number): SyncAction[] {
  const done = s.syncQueue.filter((e) => e.seq <= seq).map((e) => e.action);
  s.syncQueue = s.syncQueue.filter((e) => e.seq > seq);
  return done;
}

/** CRI's event: the sandbox's status and every container of the pod's. */
export function emit(s: RuntimeState, ctx: Ctx, id: string, sandboxId: string, type: ContainerEventType): void {
  if (s.subscribers.length === 0) return;
  const sandbox = s.records.sandboxes[sandboxId];
  const event: ContainerEventResponse = {
    type: 'ContainerEventResponse',
    containerId: id,
    containerEventType: type,
    createdAt: ctx.now(),
    ...(sandbox ? { podSandboxStatus: sandboxStatus(sandbox) } : {}),
    containersStatuses: containersOf(s.records, sandboxId).map(containerStatus),
  };
  for (const sub of s.subscribers) ctx.send(sub, event);
}
