// `exec` in a running container (exec probes, kubectl exec): the command runs against the
// container's view at that moment (its environment and the files the process has written so
// far), on a copy: the contract's exec returns no new state, so what an exec writes is not kept.
// Its sleeps take virtual time that adds to durationMs, which a probe's timeout compares with.

import type { ExecResult } from './process.ts';
import { literalCommand, type Node } from './shell/ast.ts';
import { COMMANDS_IN_PATH, UNSUPPORTED } from './shell/builtins.ts';
import { newShell, runShell, type ShellState } from './shell/machine.ts';
import { parse } from './shell/parser.ts';
import type { WorkloadState } from './state.ts';

/** An exec that never ends (`sleep infinity`) reports this long: longer than any probe's timeout. */
export const EXEC_FOREVER_MS = 2 ** 31 - 1;
const SHELLS = new Set(['sh', 'bash', 'ash', 'dash']);

const result = (exitCode: number, stdout: string, stderr: string, durationMs: number): ExecResult => ({ exitCode, stdout, stderr, durationMs });

export function runExec(s: WorkloadState, cmd: readonly string[], now: number): ExecResult {
  if (s.exited !== null) return result(126, '', 'container not running\n', 0);
  const [path = '', ...args] = cmd;
  const name = path.replace(/^.*\//, '');
  let node: Node;
  let shellArgs: readonly string[] = [name];
  if (SHELLS.has(name)) {
    const c = args.findIndex((a) => /^-[a-z]*c[a-z]*$/.test(a));
    if (c < 0) return result(0, '', '', 0);
    const parsed = parse(args[c + 1] ?? '');
    if (!parsed.ok) return result(parsed.kind === 'syntax' ? 2 : 126, '', `sh: ${parsed.message}\n`, 0);
    node = parsed.node;
    if (args.length > c + 2) shellArgs = args.slice(c + 2);
  } else if (COMMANDS_IN_PATH.has(name) || UNSUPPORTED.has(name)) {
    node = literalCommand(cmd);
  } else {
    return result(126, '', `OCI runtime exec failed: exec failed: unable to start container process: exec: "${path}": executable file not found in $PATH: unknown\n`, 0);
  }
  const view: ShellState = s.shell ?? newShell(node, { vars: s.env, files: s.files, args: shellArgs, hostname: s.hostname });
  let shell: ShellState = { ...view, stack: [{ node, pc: 0 }], args: shellArgs, sleeping: null, pendingTraps: [], traps: {}, status: 0 };
  let at = now;
  let stdout = '';
  let stderr = '';
  for (;;) {
    const run = runShell(shell, at, true);
    stdout += run.stdout;
    stderr += run.stderr;
    switch (run.outcome.kind) {
      case 'exit':
        return result(run.outcome.code, stdout, stderr, at - now);
      case 'unsupported':
        return result(126, stdout, `${stderr}sim: ${run.outcome.what} is not supported by the workload model\n`, at - now);
      case 'busy':
        return result(137, stdout, stderr, EXEC_FOREVER_MS);
      case 'sleep':
        if (run.outcome.until === null || run.outcome.until - now >= EXEC_FOREVER_MS) return result(137, stdout, stderr, EXEC_FOREVER_MS);
        at = run.outcome.until;
        shell = run.state;
    }
  }
}
