// A node in the simulated kernel for the runtime's tests: a fake CNI plugin (sequential IPs from
// the pod CIDR, released on DEL), a tiny process model, a tiny image catalog, and a probe on
// another host that sends CRI requests and keeps what comes back.

import { type ActorRef, address, defineActor, host, type Message } from '../../../runtime/index.ts';
import { Simulation } from '../../../runtime/kernel/index.ts';
import type { ContainerEventResponse, ContainerRuntimeMsg, CriError, CriReply, CriRequest, CriResponses, CriRpc, PodSandboxConfig, ContainerConfig } from '../../../protocols/kube/cri.ts';
import type { PodNetworkReply, PodNetworkRequest } from '../../../protocols/kube/pod-network.ts';
import type { ImageCatalog, ImageInfo, ProcessModel, ProcessState, ProcessStep } from '../../../actors/container-runtime/workload/process.ts';
import type { CniMsg as CniRequest, CniReply } from '../../../protocols/kube/cni.ts';
import { containerRuntime } from '../../../actors/container-runtime/runtime.ts';

export const MB = 1_000_000;

const IMAGES: Record<string, Omit<ImageInfo, 'digest'>> = {
  nginx: { ref: 'docker.io/library/nginx:latest', known: true, sizeBytes: 70 * MB },
  busybox: { ref: 'docker.io/library/busybox:latest', known: true, sizeBytes: 2 * MB },
  'registry.k8s.io/pause:3.10': { ref: 'registry.k8s.io/pause:3.10', known: true, sizeBytes: 0.5 * MB },
  'nginx:nonexistent': { ref: 'docker.io/library/nginx:nonexistent', known: false, sizeBytes: 0 },
  'registry.k8s.io/pause:nonexistent': { ref: 'registry.k8s.io/pause:nonexistent', known: false, sizeBytes: 0 },
};

export const catalog: ImageCatalog = {
  lookup: (image) => {
    const known = IMAGES[image] ?? Object.values(IMAGES).find((i) => i.ref === image);
    if (!known) return undefined;
    return { ...known, digest: `sha256:${known.ref.replace(/[^a-z0-9]/g, '').padEnd(64, '0').slice(0, 64)}` };
  },
};

/**
 * command ['serve'] (or none): listens on its ports 1 s after start, answers 200 in 5 ms, stops
 * on SIGTERM unless annotated ignore-sigterm. ['exit', code, seconds]: exits with code after N s.
 * ['log', n]: writes n lines then sleeps. ['oom']: OOMKilled (137) after 1 s. Exec: ['sleep', s] takes s seconds; ['echo', x] prints x.
 */
type S = { kind: 'serve' | 'exit' | 'log' | 'oom'; listenAt: number; code: number; at: number; ignoreTerm: boolean; ports: number[] };

export const model: ProcessModel = {
  updateFiles: (state) => state,
  start(spec, now): ProcessStep {
    const [cmd = 'serve', a = '0', b = '0'] = spec.command;
    const base: S = { kind: cmd as S['kind'], listenAt: now + 1000, code: Number(a), at: now + Number(b) * 1000, ignoreTerm: spec.annotations['ignore-sigterm'] === 'true', ports: spec.ports.length ? [...spec.ports] : [80] };
    if (cmd === 'oom') return { state: base, outputs: [], wakeAt: now + 1000 };
    if (cmd === 'exit') return { state: base, outputs: [{ kind: 'log', stream: 'stdout', line: 'starting' }], wakeAt: base.at };
    if (cmd === 'log') return { state: base, outputs: Array.from({ length: Number(a) }, (_, i) => ({ kind: 'log' as const, stream: 'stdout' as const, line: `line ${i}` })), wakeAt: null };
    return { state: base, outputs: [], wakeAt: base.listenAt };
  },
  advance(state, now): ProcessStep {
    const s = state as S;
    if (s.kind === 'exit' && now >= s.at) return { state, outputs: [{ kind: 'exit', exitCode: s.code, reason: s.code === 0 ? 'Completed' : 'Error' }], wakeAt: null };
    if (s.kind === 'oom' && now >= s.listenAt) return { state, outputs: [{ kind: 'exit', exitCode: 137, reason: 'OOMKilled' }], wakeAt: null };
    if (s.kind === 'serve' && now >= s.listenAt) return { state, outputs: [{ kind: 'log', stream: 'stdout', line: 'listening' }], wakeAt: null };
    return { state, outputs: [], wakeAt: s.kind === 'exit' ? s.at : s.listenAt };
  },
  signal(state, signal): ProcessStep {
    const s = state as S;
    if (signal === 'SIGKILL') return { state, outputs: [{ kind: 'exit', exitCode: 137, reason: 'Error' }], wakeAt: null };
    if (s.ignoreTerm) return { state, outputs: [{ kind: 'log', stream: 'stderr', line: 'ignoring SIGTERM' }], wakeAt: null };
    return { state, outputs: [{ kind: 'exit', exitCode: 0, reason: 'Completed' }], wakeAt: null };
  },
  exec(_state: ProcessState, cmd) {
    if (cmd[0] === 'sleep') return { exitCode: 0, stdout: '', stderr: '', durationMs: Number(cmd[1]) * 1000 };
    if (cmd[0] === 'echo') return { exitCode: 0, stdout: `${cmd.slice(1).join(' ')}\n`, stderr: '', durationMs: 10 };
    return { exitCode: 127, stdout: '', stderr: `sh: ${cmd[0]}: not found\n`, durationMs: 5 };
  },
  http(state, port, _method, path, now) {
    const s = state as S;
    if (s.kind !== 'serve' || now < s.listenAt || !s.ports.includes(port)) return { kind: 'refused' };
    return { kind: 'response', status: 200, body: `hello from ${path}`, latencyMs: 5 };
  },
  tcp(state, port, now) {
    const s = state as S;
    return s.kind === 'serve' && now >= s.listenAt && s.ports.includes(port);
  },
  memoryBytes: () => 10 * MB,
};

export interface CniLog {
  calls: { op: string; containerId: string }[];
  /** IP → sandbox id, as the plugin holds them. */
  held: Map<string, string>;
  failAdd: string | null;
  /** When set, ADD answers this long after it allocated. */
  addDelayMs: number;
}

type Later = { type: 'Later'; to: ActorRef<CniReply>; reply: CniReply };

export function fakeCni(log: CniLog) {
  return defineActor<CniRequest | Later, null>({
    kind: 'cni-plugin',
    init: () => null,
    receive: (s, m, ctx) => {
      if (m.type === 'Later') return (ctx.send(m.to, m.reply), s);
      log.calls.push({ op: m.type, containerId: m.containerId });
      const op = m.type === 'CniAdd' ? 'ADD' : m.type === 'CniDel' ? 'DEL' : 'CHECK';
      let reply: CniReply;
      if (m.type === 'CniAdd') {
        if (log.failAdd !== null) {
          reply = { type: 'CniReply', reqId: m.reqId, op, ok: false, error: { cniVersion: '1.0.0', code: 11, msg: log.failAdd } };
        } else {
          const subnet = m.runtimeConfig.ipRanges[0]![0]!.subnet; // '10.244.1.0/24'
          const prefix = subnet.split('.').slice(0, 3).join('.');
          let n = 2;
          while (log.held.has(`${prefix}.${n}`)) n++;
          log.held.set(`${prefix}.${n}`, m.containerId);
          reply = { type: 'CniReply', reqId: m.reqId, op, ok: true, result: { cniVersion: '1.0.0', interfaces: [{ name: 'eth0', mac: '0a:58:0a:f4:01:02', sandbox: m.netns }], ips: [{ address: `${prefix}.${n}/24`, gateway: `${prefix}.1`, interface: 0 }], routes: [], dns: {} } };
        }
      } else {
        for (const [ip, id] of log.held) if (id === m.containerId) log.held.delete(ip);
        reply = { type: 'CniReply', reqId: m.reqId, op: op === 'ADD' ? 'DEL' : op, ok: true };
      }
      if (m.type === 'CniAdd' && log.addDelayMs > 0) ctx.timers.once(`add-${m.containerId}`, log.addDelayMs, { type: 'Later', to: m.replyTo, reply });
      else ctx.send(m.replyTo, reply);
      return s;
    },
  });
}

type Got = CriReply | ContainerEventResponse | PodNetworkReply;

export interface Node {
  sim: Simulation;
  cni: CniLog;
  got: Got[];
  runtime: ActorRef<ContainerRuntimeMsg>;
  probe: ActorRef<Got>;
  /** Sends a request without waiting: its reqId. */
  send(req: DistributiveOmit<CriRequest, 'reqId' | 'replyTo'>): number;
  /** Sends a request and runs until its reply (or `withinMs`). */
  call(req: DistributiveOmit<CriRequest, 'reqId' | 'replyTo'>, withinMs?: number): Promise<CriReply>;
  net(req: DistributiveOmit<PodNetworkRequest, 'reqId' | 'replyTo'>): Promise<PodNetworkReply>;
  events(): ContainerEventResponse[];
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

export async function bootNode(options: { seed?: number; podCidr?: string | null; bandwidth?: number; sandboxImage?: string; sandboxStartMs?: { min: number; max: number } } = {}): Promise<Node> {
  const sim = new Simulation({ seed: options.seed ?? 1, network: { latency: { min: 0, max: 0 } } });
  const cni: CniLog = { calls: [], held: new Map(), failAdd: null, addDelayMs: 0 };
  const got: Got[] = [];
  const probeDef = defineActor<Got, null>({ kind: 'probe', init: () => null, receive: (s, m) => (got.push(m), s) });
  sim.system.spawn(host({ children: [{ id: 'probe', actor: probeDef }] }), { name: 'client' });
  const rt = containerRuntime({ node: 'node-1', model, catalog, cni: address<CniRequest>('/node-1/cni-plugin'), sandboxStartMs: options.sandboxStartMs ?? { min: 0, max: 0 }, ...(options.bandwidth ? { pullBandwidthBytesPerSec: options.bandwidth } : {}), ...(options.sandboxImage ? { sandboxImage: options.sandboxImage } : {}) });
  sim.system.spawn(host({ children: [{ id: 'cni-plugin', actor: fakeCni(cni) }, { id: 'container-runtime', actor: rt }] }), { name: 'node-1' });
  const runtime = address<ContainerRuntimeMsg>('/node-1/container-runtime');
  const probe = sim.system.lookup<Got>('/client/probe')!;
  let next = 1000;
  const send = (m: Message) => sim.system.send(runtime, m as ContainerRuntimeMsg);
  const node: Node = {
    sim,
    cni,
    got,
    runtime,
    probe,
    send(req) {
      const reqId = ++next;
      send({ ...req, reqId, replyTo: probe } as unknown as Message);
      return reqId;
    },
    async call(req, withinMs = 600_000) {
      const reqId = node.send(req);
      const find = () => got.find((g): g is CriReply => g.type === 'CriReply' && g.reqId === reqId);
      await sim.until(() => find() !== undefined, withinMs);
      const r = find();
      if (!r) throw new Error(`no reply to ${req.type} within ${withinMs}ms`);
      return r;
    },
    async net(req) {
      const reqId = ++next;
      send({ ...req, reqId, replyTo: probe } as unknown as Message);
      const find = () => got.find((g): g is PodNetworkReply => g.type === 'PodNetworkReply' && g.reqId === reqId);
      await sim.until(() => find() !== undefined, 600_000);
      return find()!;
    },
    events: () => got.filter((g): g is ContainerEventResponse => g.type === 'ContainerEventResponse'),
  };
  await sim.advance(1);
  if (options.podCidr !== null) await node.call({ type: 'UpdateRuntimeConfig', runtimeConfig: { networkConfig: { podCidr: options.podCidr ?? '10.244.1.0/24' } } });
  return node;
}

export function sandboxConfig(name: string, attempt = 0, extra: Partial<PodSandboxConfig> = {}): PodSandboxConfig {
  return {
    metadata: { name, uid: `uid-${name}`, namespace: 'default', attempt },
    hostname: name,
    logDirectory: `/var/log/pods/default_${name}_uid-${name}`,
    portMappings: [],
    labels: { app: name },
    annotations: {},
    ...extra,
  };
}

export function containerConfig(name: string, command: string[], extra: Partial<ContainerConfig> = {}): ContainerConfig {
  return {
    metadata: { name, attempt: 0 },
    image: { image: 'nginx' },
    command,
    args: [],
    workingDir: '',
    envs: [],
    mounts: [],
    labels: { container: name },
    annotations: {},
    logPath: `${name}/0.log`,
    ports: [{ protocol: 'TCP', containerPort: 80 }],
    ...extra,
  };
}

/** The response of a successful reply, or a thrown error naming the failure. */
export function okOf<R extends CriRpc>(r: CriReply, rpc: R): CriResponses[R] {
  if (r.rpc !== rpc) throw new Error(`expected a ${rpc} reply, got ${r.rpc}`);
  if (!r.ok) throw new Error(`${rpc} failed: ${r.error.code}: ${r.error.message}`);
  return r.response as CriResponses[R];
}

export function errOf(r: CriReply): CriError {
  if (r.ok) throw new Error(`${r.rpc} succeeded where a failure was expected`);
  return r.error;
}

/** Pulls nginx and the pause image and starts a sandbox for `name`: its id. */
export async function readySandbox(node: Node, name: string, extra: Partial<PodSandboxConfig> = {}): Promise<string> {
  await node.call({ type: 'PullImage', image: { image: 'nginx' } });
  return okOf(await node.call({ type: 'RunPodSandbox', config: sandboxConfig(name, 0, extra), runtimeHandler: '' }), 'RunPodSandbox').podSandboxId;
}

export async function runningContainer(node: Node, sandboxId: string, name: string, command: string[], extra: Partial<ContainerConfig> = {}): Promise<string> {
  const id = okOf(await node.call({ type: 'CreateContainer', podSandboxId: sandboxId, config: containerConfig(name, command, extra), sandboxConfig: sandboxConfig(name) }), 'CreateContainer').containerId;
  okOf(await node.call({ type: 'StartContainer', containerId: id }), 'StartContainer');
  return id;
}
