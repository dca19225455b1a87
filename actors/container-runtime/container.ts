// A container: one process model run by a temporary actor under its sandbox. It starts the
// process, wakes it when the model asks, turns its outputs into log lines and an exit, passes
// signals (SIGTERM, then SIGKILL after the grace period), execs and connections in. Its failure
// is its process's death; the sandbox reports it and nothing restarts it (the kubelet does).

import { type ActorRef, defineActor } from '../../runtime/index.ts';
import type { PodNetworkReply, PodNetworkRequest } from '../../protocols/kube/pod-network.ts';
import type { ExecResult, ProcessModel, ProcessSpec, ProcessState, ProcessStep } from './workload/process.ts';
import type { ContainerMsg, RuntimeReport } from './messages.ts';
import type { LogLine } from './log-store.ts';

export interface ContainerOptions {
  readonly containerId: string;
  readonly spec: ProcessSpec;
  readonly model: ProcessModel;
  readonly runtime: ActorRef<RuntimeReport>;
}

type Pending =
  | { readonly kind: 'exec'; readonly execId: number; readonly result: ExecResult | 'timeout' }
  | { readonly kind: 'net'; readonly to: ActorRef<PodNetworkReply>; readonly reply: PodNetworkReply };

export interface ContainerActorState {
  phase: 'created' | 'running' | 'exited';
  process: ProcessState | null;
  pending: Record<string, Pending>;
  nextKey: number;
}

export function containerActor(o: ContainerOptions) {
  const report = (ctx: { send: (to: ActorRef<RuntimeReport>, m: RuntimeReport) => void }, m: RuntimeReport) => ctx.send(o.runtime, m);

  return defineActor<ContainerMsg, ContainerActorState>({
    kind: 'container',
    init: () => ({ phase: 'created', process: null, pending: {}, nextKey: 0 }),
    describe: (s) => ({ id: o.containerId, image: o.spec.image, phase: s.phase }),
    digest: (s) => [s.phase, s.nextKey, Object.keys(s.pending).length],
    receive: (s, msg, ctx) => {
      const random = () => ctx.random();
      const apply = (step: ProcessStep) => {
        s.process = step.state;
        const lines: LogLine[] = [];
        let exit: Extract<ProcessStep['outputs'][number], { kind: 'exit' }> | undefined;
        for (const out of step.outputs) {
          if (out.kind === 'log') lines.push({ time: ctx.now(), stream: out.stream, log: out.line });
          else if (out.kind === 'exit') exit ??= out;
          else if (out.kind === 'write') report(ctx, { type: 'ContainerWrote', containerId: o.containerId, path: out.path, content: out.content });
          else if (out.kind === 'event') report(ctx, { type: 'ContainerNote', containerId: o.containerId, note: { type: out.type, reason: out.reason, message: out.message } });
        }
        if (lines.length > 0) report(ctx, { type: 'ContainerOutput', containerId: o.containerId, lines });
        if (exit) {
          s.phase = 'exited';
          ctx.timers.cancel('wake');
          ctx.timers.cancel('kill');
          report(ctx, { type: 'ContainerExited', containerId: o.containerId, exitCode: exit.exitCode, reason: exit.reason, message: exit.message ?? '', at: ctx.now() });
          return;
        }
        if (step.wakeAt === null) ctx.timers.cancel('wake');
        else ctx.timers.once('wake', Math.max(0, step.wakeAt - ctx.now()), { type: 'Wake' });
      };
      const later = (delayMs: number, p: Pending) => {
        const key = `answer-${s.nextKey++}`;
        s.pending[key] = p;
        ctx.timers.once(key, delayMs, { type: 'Answer', key });
      };
      switch (msg.type) {
        case 'Start':
          if (s.phase !== 'created') return s;
          s.phase = 'running';
          apply(o.model.start(o.spec, ctx.now(), random));
          return s;
        case 'Wake':
          if (s.phase === 'running' && s.process) apply(o.model.advance(s.process, ctx.now(), random));
          return s;
        case 'Stop':
          if (s.phase !== 'running' || !s.process) return s;
          if (msg.graceMs <= 0) {
            apply(o.model.signal(s.process, 'SIGKILL', ctx.now(), random));
            return s;
          }
          apply(o.model.signal(s.process, 'SIGTERM', ctx.now(), random));
          if (s.phase === 'running') ctx.timers.once('kill', msg.graceMs, { type: 'KillNow' });
          return s;
        case 'KillNow':
          if (s.phase === 'running' && s.process) apply(o.model.signal(s.process, 'SIGKILL', ctx.now(), random));
          return s;
        case 'Exec': {
          if (s.phase !== 'running' || !s.process) {
            report(ctx, { type: 'ExecDone', execId: msg.execId, result: 'gone' });
            return s;
          }
          const result = o.model.exec(s.process, msg.cmd, ctx.now());
          if (msg.timeoutMs > 0 && result.durationMs > msg.timeoutMs) later(msg.timeoutMs, { kind: 'exec', execId: msg.execId, result: 'timeout' });
          else later(result.durationMs, { kind: 'exec', execId: msg.execId, result });
          return s;
        }
        case 'Connect':
          connect(s, msg.request, msg.next, ctx.now(), later, (to, m) => ctx.send(to, m));
          return s;
        case 'UpdateFiles':
          if (s.process && s.phase === 'running') s.process = o.model.updateFiles(s.process, msg.set, msg.remove);
          return s;
        case 'Stats': {
          // Memory is charged in 4 KiB pages, so a working set is a whole number of them.
          const bytes = s.process && s.phase === 'running' ? o.model.memoryBytes(s.process, ctx.now()) : 0;
          report(ctx, { type: 'ContainerStatsReport', statsId: msg.statsId, containerId: o.containerId, workingSetBytes: Math.ceil(bytes / 4096) * 4096 });
          return s;
        }
        case 'Answer': {
          const p = s.pending[msg.key];
          if (!p) return s;
          delete s.pending[msg.key];
          if (p.kind === 'exec') report(ctx, { type: 'ExecDone', execId: p.execId, result: p.result });
          else ctx.send(p.to, p.reply);
          return s;
        }
      }
    },
  });

  function connect(
    s: ContainerActorState,
    req: PodNetworkRequest,
    next: readonly ActorRef<ContainerMsg>[],
    now: number,
    later: (delayMs: number, p: Pending) => void,
    send: <M extends { type: string }>(to: ActorRef<M>, m: M) => void,
  ): void {
    const passOn = () => {
      const [first, ...rest] = next;
      if (first) send(first, { type: 'Connect', request: req, next: rest });
      else send(req.replyTo, { type: 'PodNetworkReply', reqId: req.reqId, ok: false, failure: 'connection refused' });
    };
    if (s.phase !== 'running' || !s.process) return passOn();
    if (req.type === 'PodTcpConnect') {
      if (o.model.tcp(s.process, req.port, now)) send(req.replyTo, { type: 'PodNetworkReply', reqId: req.reqId, ok: true });
      else passOn();
      return;
    }
    const r = o.model.http(s.process, req.port, req.method, req.path, now);
    if (r.kind === 'refused') return passOn();
    if (r.latencyMs > req.timeoutMs) later(req.timeoutMs, { kind: 'net', to: req.replyTo, reply: { type: 'PodNetworkReply', reqId: req.reqId, ok: false, failure: 'timeout' } });
    else later(r.latencyMs, { kind: 'net', to: req.replyTo, reply: { type: 'PodNetworkReply', reqId: req.reqId, ok: true, status: r.status, body: r.body } });
  }
}
