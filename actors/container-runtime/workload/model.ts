// The workload model the container actor drives (the ProcessModel of process.ts). A process's
// future is a set of moments fixed in its state (listening, the shell's next wake, the crash
// the annotations ask for, the OOM kill, the end of a graceful stop); `advance` plays every
// moment up to `now` in order, so a late call catches up exactly and `wakeAt` is always ahead.

import { SERVERS } from './servers.ts';
import { startProcess } from './start.ts';
import { runExec } from './exec.ts';
import { piDigits } from './pi.ts';
import type { ConnectResult, ProcessModel, ProcessOutput, ProcessState, ProcessStep, Signal } from './process.ts';
import { MAX_COMMANDS, runShell, signalShell } from './shell/machine.ts';
import { asProcessState, asWorkload, reasonOf, type WorkloadState } from './state.ts';

/** Ties go to the first: a kill beats what the process was about to do at the same moment. */
type Moment = 'oom' | 'stop' | 'crash' | 'listen' | 'shell' | 'pi';

function nextMoment(s: WorkloadState): [number, Moment] | null {
  const candidates: [number | null, Moment][] = [
    [s.oomAt, 'oom'], [s.stopAt, 'stop'], [s.crashAt, 'crash'],
    [s.server !== null && !s.server.logged ? s.server.listenAt : null, 'listen'], [s.shellWakeAt, 'shell'], [s.piAt, 'pi'],
  ];
  let best: [number, Moment] | null = null;
  for (const [at, m] of candidates) if (at !== null && (best === null || at < best[0])) best = [at, m];
  return best;
}

const exit = (s: WorkloadState, code: number, out: ProcessOutput[], reason = reasonOf(code), message?: string): WorkloadState => {
  out.push({ kind: 'exit', exitCode: code, reason, ...(message !== undefined ? { message } : {}) });
  return { ...s, exited: { code, reason }, shellWakeAt: null };
};

/** The shell's run at `at`, its outputs added to `out`. */
function stepShell(s: WorkloadState, at: number, out: ProcessOutput[]): WorkloadState {
  const run = runShell(s.shell!, at);
  out.push(...run.outputs);
  const next = { ...s, shell: run.state, shellWakeAt: null };
  switch (run.outcome.kind) {
    case 'sleep':
      return { ...next, shellWakeAt: run.outcome.until };
    case 'exit':
      return exit(next, run.outcome.code, out);
    case 'unsupported': {
      const message = `sim: ${run.outcome.what} is not supported by the workload model`;
      out.push({ kind: 'event', type: 'Warning', reason: 'UnsupportedCommand', message: `container ${s.containerName}: ${run.outcome.what} is not supported by the workload model; the process exits 126` });
      out.push({ kind: 'log', stream: 'stderr', line: message });
      return exit(next, 126, out, 'Error', message);
    }
    case 'busy':
      out.push({ kind: 'event', type: 'Warning', reason: 'BusyLoop', message: `container ${s.containerName}: its script ran ${MAX_COMMANDS} commands without sleeping; the simulation stops interpreting it and the process keeps running with no further output` });
      return next;
  }
}

function play(s0: WorkloadState, now: number, out: ProcessOutput[]): WorkloadState {
  let s = s0;
  for (let guard = 0; s.exited === null && guard < 100_000; guard++) {
    const next = nextMoment(s);
    if (next === null || next[0] > now) break;
    const [at, moment] = next;
    switch (moment) {
      case 'oom':
        s = exit(s, 137, out, 'OOMKilled');
        break;
      case 'stop':
        s = exit(s, s.stopCode, out);
        break;
      case 'crash':
        s = exit(s, s.crashCode, out);
        break;
      case 'listen':
        for (const [stream, line] of SERVERS[s.server!.name]?.startLog ?? []) out.push({ kind: 'log', stream, line });
        if (s.server!.name === 'generic') out.push({ kind: 'log', stream: 'stdout', line: `listening on ${s.server!.ports.map((p) => `:${p}`).join(', ')}` });
        s = { ...s, server: { ...s.server!, logged: true } };
        break;
      case 'shell':
        s = stepShell(s, at, out);
        break;
      case 'pi':
        out.push({ kind: 'log', stream: 'stdout', line: piDigits(s.piDigits) });
        s = exit({ ...s, piAt: null }, 0, out);
        break;
    }
  }
  return s;
}

const step = (s: WorkloadState, outputs: ProcessOutput[]): ProcessStep => ({
  state: asProcessState(s),
  outputs,
  wakeAt: s.exited === null ? (nextMoment(s)?.[0] ?? null) : null,
});

/** Whether something listens on `port` at `now`. */
function listening(s: WorkloadState, port: number, now: number): boolean {
  return s.exited === null && s.stopAt === null && s.server !== null && now >= s.server.listenAt && s.server.ports.includes(port);
}

export const workloadModel: ProcessModel = {
  start(spec, now, random) {
    const { state, outputs } = startProcess(spec, now, random);
    const out = [...outputs];
    return step(play(state, now, out), out);
  },

  advance(state, now) {
    const out: ProcessOutput[] = [];
    return step(play(asWorkload(state), now, out), out);
  },

  signal(state: ProcessState, signal: Signal, now: number): ProcessStep {
    const out: ProcessOutput[] = [];
    let s = play(asWorkload(state), now, out);
    if (s.exited !== null) return step(s, out);
    if (signal === 'SIGKILL') return step(exit(s, 137, out), out);
    if (s.stopAt !== null) return step(s, out);
    switch (s.program) {
      case 'pause':
        out.push({ kind: 'log', stream: 'stderr', line: 'Shutting down, got signal: Terminated' });
        s = exit(s, 0, out);
        break;
      case 'server':
        if (s.stopMs !== null) s = { ...s, stopAt: now + s.stopMs, stopCode: SERVERS[s.server!.name]?.stopExitCode ?? 0 };
        break;
      case 'shell': {
        const trapped = s.shell === null ? null : signalShell(s.shell, 'TERM');
        if (trapped !== null) s = { ...s, shell: trapped, shellWakeAt: trapped.sleeping === null ? now : s.shellWakeAt };
        break;
      }
      case 'pi':
        // perl as PID 1 has no handler for SIGTERM: the kernel drops it.
        break;
    }
    return step(play(s, now, out), out);
  },

  exec(state, cmd, now) {
    return runExec(asWorkload(state), cmd, now);
  },

  updateFiles(state, set, remove) {
    const s = asWorkload(state);
    const apply = (files: Readonly<Record<string, string>>) => {
      const out: Record<string, string> = { ...files, ...set };
      for (const path of remove) delete out[path];
      return out;
    };
    return asProcessState({ ...s, files: apply(s.files), shell: s.shell === null ? null : { ...s.shell, files: apply(s.shell.files) } });
  },

  http(state, port, method, path, now): ConnectResult {
    const s = asWorkload(state);
    if (!listening(s, port, now)) return { kind: 'refused' };
    const program = SERVERS[s.server!.name] ?? SERVERS.generic!;
    // A port that does not speak HTTP closes on an HTTP request; the contract has no "reset", so it reads as refused.
    if (!program.http || (s.server!.name === 'coredns' && port === 53)) return { kind: 'refused' };
    const latencyMs = s.latencyMs;
    if (s.failAt !== null && now >= s.failAt) return { kind: 'response', status: 500, body: 'sim: failing as sim.kybernetes.io/fail-probes-after asks\n', latencyMs };
    if (now < s.server!.readyAt) return { kind: 'response', status: 503, body: 'sim: not ready yet (sim.kybernetes.io/readiness-delay)\n', latencyMs };
    const page = program.page(path, { hostname: s.hostname, text: s.server!.text, version: s.server!.version, startedAt: s.startedAt, now });
    return { kind: 'response', status: page.status, body: method === 'HEAD' ? '' : page.body, latencyMs };
  },

  tcp(state, port, now) {
    return listening(asWorkload(state), port, now);
  },

  memoryBytes(state, now) {
    const s = asWorkload(state);
    if (s.exited !== null) return 0;
    const bytes = s.memoryBaseline + (s.memoryGrowthPerSec * Math.max(0, now - s.startedAt)) / 1000;
    return Math.round(s.memoryLimit > 0 ? Math.min(bytes, s.memoryLimit) : bytes);
  },
};

/** CPU time one request to this process costs, in ms (for the metrics the kubelet reports later). */
export const cpuMsPerRequest = (state: ProcessState): number => asWorkload(state).cpuMsPerRequest;
