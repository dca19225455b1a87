// Starting a process: which program the container's image and command give, the annotations'
// tuning over the image's defaults, and every future moment (listening, crash, OOM) fixed now.

import { parseTuning } from './annotations.ts';
import { knownImage } from './images.ts';
import { piMs } from './pi.ts';
import { argvOf, programOf, type Program } from './programs.ts';
import type { ProcessOutput, ProcessSpec } from './process.ts';
import { parseReference } from './reference.ts';
import { SERVERS } from './servers.ts';
import { literalCommand, type Node } from './shell/ast.ts';
import { newShell } from './shell/machine.ts';
import { parse } from './shell/parser.ts';
import { reasonOf, type WorkloadState } from './state.ts';

const SHELL_MEMORY = 512 * 1024;
const PAUSE_MEMORY = 300 * 1024;
const PERL_MEMORY = 12 * 1024 * 1024;
/** A default startup time varies by ±20% from the seeded stream; an annotated one is exact. */
const JITTER = 0.2;

const warning = (reason: string, message: string): ProcessOutput => ({ kind: 'event', type: 'Warning', reason, message });
const stderr = (line: string): ProcessOutput => ({ kind: 'log', stream: 'stderr', line });

export interface Started {
  readonly state: WorkloadState;
  readonly outputs: readonly ProcessOutput[];
}

/** The process's state at `now`, before anything it runs has run. */
export function startProcess(spec: ProcessSpec, now: number, random: () => number): Started {
  const { tuning, events } = parseTuning(spec.annotations, spec.containerName);
  const outputs: ProcessOutput[] = [...events];
  const ref = parseReference(spec.image);
  const entry = ref === undefined ? undefined : knownImage(ref);
  const argv = argvOf(spec.command, spec.args, entry);
  let program: Program = entry === undefined && spec.command.length === 0
    ? { kind: 'server', server: 'generic', ports: [], text: '' }
    : programOf(argv, spec.env, spec.files, entry !== undefined);
  if (entry === undefined) {
    const what = program.kind === 'server' && program.server === 'generic' ? 'as a generic long-running server' : `its command (${argv.join(' ')})`;
    outputs.push(warning('UnknownImage', `image "${spec.image}" is not in the simulation's image catalog; running ${what}`));
  } else if (program.kind === 'server' && program.unmodelled !== undefined) {
    outputs.push(warning('UnmodelledProgram', `"${program.unmodelled}" is not modelled; running it as a generic long-running server`));
  }
  const hostname = spec.env.HOSTNAME ?? spec.containerName;
  const env = { ...spec.env, HOSTNAME: hostname };

  let node: Node | null = null;
  let shellArgs: readonly string[] = ['sh'];
  if (program.kind === 'shell') {
    const parsed = parse(program.script);
    if (parsed.ok) {
      node = parsed.node;
      shellArgs = program.args;
    } else if (parsed.kind === 'syntax') program = { kind: 'exit', code: 2, stderr: [`sh: ${parsed.message}`] };
    else program = { kind: 'unsupported', what: parsed.message };
  } else if (program.kind === 'command') node = literalCommand(program.argv);

  const server = program.kind === 'server' ? SERVERS[program.server] ?? SERVERS.generic! : null;
  const jitter = () => 1 - JITTER + 2 * JITTER * random();
  const startupMs = server === null ? 0 : (tuning.startupMs ?? Math.round(server.startupMs * jitter()));
  const memoryBaseline = tuning.memoryBaselineBytes ?? server?.memoryBytes ?? (program.kind === 'pause' ? PAUSE_MEMORY : program.kind === 'pi' ? PERL_MEMORY : SHELL_MEMORY);
  const growth = tuning.memoryGrowthBytesPerSec ?? 0;
  const limit = spec.memoryLimitBytes;
  const oomAt = limit <= 0 ? null : memoryBaseline >= limit ? now : growth > 0 ? now + Math.ceil(((limit - memoryBaseline) / growth) * 1000) : null;
  const piDigits = program.kind === 'pi' ? program.digits : 0;

  let ports: number[] = [];
  if (program.kind === 'server') {
    const own = program.ports.length > 0 ? program.ports : spec.ports.length > 0 ? [] : [8080];
    ports = [...new Set([...own, ...spec.ports])].sort((a, b) => a - b);
  }
  const state: WorkloadState = {
    kind: 'workload', containerName: spec.containerName, hostname, env, files: { ...spec.files }, startedAt: now,
    server: program.kind !== 'server' ? null : {
      name: program.server, ports, text: program.text, version: versionOf(ref?.tag), listenAt: now + startupMs,
      readyAt: now + startupMs + (tuning.readinessDelayMs ?? 0), logged: false,
    },
    shell: node === null ? null : newShell(node, { vars: env, files: spec.files, args: shellArgs, hostname }),
    shellWakeAt: node === null ? null : now,
    piAt: program.kind === 'pi' ? now + Math.round(piMs(piDigits) * jitter()) : null,
    piDigits,
    program: program.kind === 'pause' ? 'pause' : program.kind === 'pi' ? 'pi' : program.kind === 'server' ? 'server' : 'shell',
    crashAt: tuning.crashAfterMs === undefined ? null : now + tuning.crashAfterMs,
    crashCode: tuning.exitCode ?? 1,
    oomAt, stopAt: null, stopCode: 0,
    stopMs: tuning.stopMs !== undefined ? tuning.stopMs : server === null ? 0 : server.stopMs,
    memoryBaseline, memoryGrowthPerSec: growth, memoryLimit: limit,
    cpuMsPerRequest: tuning.cpuMsPerRequest ?? server?.cpuMsPerRequest ?? 0,
    latencyMs: tuning.latencyMs ?? server?.latencyMs ?? 0,
    failAt: tuning.failProbesAfterMs === undefined ? null : now + tuning.failProbesAfterMs,
    exited: null,
  };
  if (program.kind === 'server' || program.kind === 'shell' || program.kind === 'command' || program.kind === 'pause' || program.kind === 'pi') return { state, outputs };
  // The program ends before it starts anything: say why, and exit.
  let code: number;
  let message: string | undefined;
  if (program.kind === 'exit') {
    outputs.push(...program.stderr.map(stderr));
    code = program.code;
    message = program.message;
  } else if (program.kind === 'unsupported') {
    message = `sim: ${program.what} is not supported by the workload model`;
    outputs.push(warning('UnsupportedCommand', `container ${spec.containerName}: ${program.what} is not supported by the workload model; the process exits 126`), stderr(message));
    code = 126;
  } else {
    // runc's own words when the program is missing from the image: the container cannot start.
    message = `failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: exec: "${program.program}": executable file not found in $PATH: unknown`;
    code = 128;
  }
  outputs.push({ kind: 'exit', exitCode: code, reason: reasonOf(code), ...(message !== undefined ? { message } : {}) });
  return { state: { ...state, exited: { code, reason: reasonOf(code) } }, outputs };
}

/** hello-app prints its version from its tag: '1.0' → '1.0.0'. */
function versionOf(tag: string | undefined): string {
  if (tag === undefined || !/^\d+(\.\d+)*$/.test(tag)) return '1.0.0';
  const parts = tag.split('.');
  while (parts.length < 3) parts.push('0');
  return parts.join('.');
}
