// The shell as a step machine: its state is plain data (a stack of frames over the parsed
// script, variables, files, traps), and `runShell` executes until the script sleeps, exits,
// or proves to be a busy loop. Virtual time passes only in `sleep` (and `wait`); every other
// command takes none. A run that executes MAX_COMMANDS commands without sleeping is a loop
// that would spin for ever: the machine stops interpreting it ('busy') and the process is
// left running without output, as a real spinning shell would look from outside.

import type { Node } from './ast.ts';
import { parse } from './parser.ts';
import { runCommand, type CommandEnv } from './builtins.ts';
import { ExpansionError, expandWord, type ExpandContext } from './expand.ts';

export const MAX_COMMANDS = 10_000;

export interface Frame {
  readonly node: Node;
  readonly pc: number;
  readonly items?: readonly string[];
  readonly status?: number;
}

export interface ShellState {
  readonly stack: readonly Frame[];
  readonly vars: Readonly<Record<string, string>>;
  readonly exported: readonly string[];
  readonly files: Readonly<Record<string, string>>;
  readonly status: number;
  readonly args: readonly string[];
  readonly traps: Readonly<Record<string, string>>;
  readonly pendingTraps: readonly string[];
  readonly hostname: string;
  readonly bgUntil: number;
  /** The sleep in progress: until when (null: for ever); `wait` is interrupted by a trapped signal. */
  readonly sleeping: { readonly until: number | null; readonly interruptible: boolean } | null;
}

export type Outcome =
  | { readonly kind: 'sleep'; readonly until: number | null }
  | { readonly kind: 'exit'; readonly code: number }
  | { readonly kind: 'unsupported'; readonly what: string }
  | { readonly kind: 'busy' };

export type ShellOutput =
  | { readonly kind: 'log'; readonly stream: 'stdout' | 'stderr'; readonly line: string }
  | { readonly kind: 'write'; readonly path: string; readonly content: string };

export interface ShellRun {
  readonly state: ShellState;
  readonly outcome: Outcome;
  readonly outputs: readonly ShellOutput[];
  readonly stdout: string;
  readonly stderr: string;
}

/** A background sleep that never ends. */
const FOREVER = Number.MAX_SAFE_INTEGER;

export function newShell(node: Node, init: { vars: Record<string, string>; files: Record<string, string>; args: readonly string[]; hostname: string }): ShellState {
  return {
    stack: [{ node, pc: 0 }], vars: { ...init.vars }, exported: Object.keys(init.vars), files: { ...init.files }, status: 0, args: init.args,
    traps: {}, pendingTraps: [], hostname: init.hostname, bgUntil: 0, sleeping: null,
  };
}

const isLoop = (n: Node) => n.t === 'while' || n.t === 'until' || n.t === 'for';

/** Runs `state` at `now` until it sleeps or ends. `capture` keeps output as text (exec, $(…)) instead of log lines. */
export function runShell(state: ShellState, now: number, capture = false): ShellRun {
  const stack = [...state.stack];
  const vars = { ...state.vars };
  const exported = new Set(state.exported);
  const files = { ...state.files };
  const traps = { ...state.traps };
  const pending = [...state.pendingTraps];
  let status = state.status;
  let bgUntil = state.bgUntil;
  let sleeping = state.sleeping;
  let stdout = '';
  let stderr = '';
  const outputs: ShellOutput[] = [];

  const emit = (stream: 'stdout' | 'stderr', text: string) => {
    if (text === '') return;
    if (capture) {
      if (stream === 'stdout') stdout += text;
      else stderr += text;
      return;
    }
    for (const line of text.replace(/\n$/, '').split('\n')) outputs.push({ kind: 'log', stream, line });
  };
  const write = (path: string, content: string) => {
    files[path] = content;
    outputs.push({ kind: 'write', path, content });
  };
  const finish = (outcome: Outcome): ShellRun => ({
    state: { stack, vars, exported: [...exported], files, status, args: state.args, traps, pendingTraps: pending, hostname: state.hostname, bgUntil, sleeping },
    outcome, outputs, stdout, stderr,
  });

  if (sleeping !== null) {
    if (sleeping.until === null || now < sleeping.until) return finish({ kind: 'sleep', until: sleeping.until });
    sleeping = null;
    status = 0;
  }

  const ctx: ExpandContext = {
    vars: (name) => vars[name],
    get status() {
      return status;
    },
    args: state.args,
    substitute: (script) => substitute(script, { ...state, vars, files, stack: [] }, now),
  };
  const expand = (words: readonly string[]) => words.flatMap((w) => expandWord(w, ctx));
  const env: CommandEnv = { now, vars, exported, files, traps, hostname: state.hostname, bgUntil, write };

  let commands = 0;
  for (;;) {
    if (pending.length > 0) {
      const action = parse(traps[pending.shift()!] ?? '');
      if (action.ok) stack.push({ node: action.node, pc: 0 });
      continue;
    }
    const top = stack.pop();
    if (top === undefined) return finish({ kind: 'exit', code: status });
    if (++commands > MAX_COMMANDS) {
      stack.push(top);
      return finish({ kind: 'busy' });
    }
    const n = top.node;
    try {
      switch (n.t) {
        case 'seq':
          if (top.pc < n.items.length) stack.push({ node: n, pc: top.pc + 1 }, { node: n.items[top.pc]!, pc: 0 });
          break;
        case 'and':
        case 'or':
          if (top.pc === 0) stack.push({ node: n, pc: 1 }, { node: n.left, pc: 0 });
          else if (top.pc === 1 && (n.t === 'and') === (status === 0)) stack.push({ node: n, pc: 2 }, { node: n.right, pc: 0 });
          break;
        case 'not':
          if (top.pc === 0) stack.push({ node: n, pc: 1 }, { node: n.body, pc: 0 });
          else status = status === 0 ? 1 : 0;
          break;
        case 'if':
          if (top.pc === 0) stack.push({ node: n, pc: 1 }, { node: n.cond, pc: 0 });
          else if (top.pc === 1) {
            const branch = status === 0 ? n.then : n.else;
            if (branch === null) status = 0;
            else stack.push({ node: branch, pc: 0 });
          }
          break;
        case 'while':
        case 'until':
          if (top.pc === 0) stack.push({ ...top, pc: 1 }, { node: n.cond, pc: 0 });
          else if (top.pc === 1) {
            if ((status === 0) === (n.t === 'while')) stack.push({ ...top, pc: 2 }, { node: n.body, pc: 0 });
            else status = top.status ?? 0;
          } else stack.push({ node: n, pc: 0, status });
          break;
        case 'for': {
          const items = top.items ?? (n.words === null ? state.args.slice(1) : expand(n.words));
          if (top.pc < items.length) {
            vars[n.name] = items[top.pc]!;
            stack.push({ node: n, pc: top.pc + 1, items }, { node: n.body, pc: 0 });
          } else if (top.items === undefined) status = 0;
          break;
        }
        case 'bg': {
          const body = n.body;
          const argv = body.t === 'simple' ? expand(body.words) : [];
          if (body.t !== 'simple') return finish({ kind: 'unsupported', what: 'a background job other than a command' });
          const r = argv[0] === 'sleep' ? runCommand(argv, env) : undefined;
          if (r?.kind === 'sleep') {
            bgUntil = Math.max(bgUntil, r.ms === null ? FOREVER : now + r.ms);
            (env as { bgUntil: number }).bgUntil = bgUntil;
            status = 0;
          } else stack.push({ node: body, pc: 0 });
          break;
        }
        case 'simple': {
          for (const [name, raw] of n.assigns) vars[name] = expandWord(raw, ctx).join(' ');
          const argv = expand(n.words);
          let out = '';
          let err = '';
          if (argv.length === 0) status = 0;
          else {
            const r = runCommand(argv, env);
            if (r === undefined) {
              status = 127;
              err = `sh: ${argv[0]}: not found\n`;
            } else if (r.kind === 'done') {
              status = r.status;
              out = r.out ?? '';
              err = r.err ?? '';
            } else if (r.kind === 'sleep') {
              status = 0;
              if (r.ms !== 0) {
                if (r.ms === null || now + r.ms >= FOREVER) {
                  sleeping = { until: null, interruptible: r.interruptible };
                  return finish({ kind: 'sleep', until: null });
                }
                sleeping = { until: now + r.ms, interruptible: r.interruptible };
                return finish({ kind: 'sleep', until: now + r.ms });
              }
            } else if (r.kind === 'exit') {
              return finish({ kind: 'exit', code: r.code ?? status });
            } else if (r.kind === 'unsupported') {
              return finish({ kind: 'unsupported', what: r.what });
            } else {
              // break / continue: unwind to the innermost loop.
              while (stack.length > 0 && !isLoop(stack[stack.length - 1]!.node)) stack.pop();
              const loop = stack.pop();
              if (loop !== undefined && r.kind === 'continue') stack.push(loop.node.t === 'for' ? loop : { ...loop, pc: 0 });
              status = 0;
            }
          }
          redirect(n.redirects.map((d) => ({ ...d, target: expandWord(d.target, ctx).join(' ') })), out, err, files, write, emit);
          break;
        }
      }
    } catch (e) {
      if (!(e instanceof ExpansionError)) throw e;
      emit('stderr', `sh: ${e.message}\n`);
      return finish({ kind: 'exit', code: 2 });
    }
  }
}

type Dest = { kind: 'stream'; stream: 'stdout' | 'stderr' } | { kind: 'file'; path: string; append: boolean } | { kind: 'null' };

function redirect(
  redirects: readonly { op: string; fd: 1 | 2; target: string }[], out: string, err: string, files: Record<string, string>,
  write: (path: string, content: string) => void, emit: (stream: 'stdout' | 'stderr', text: string) => void,
): void {
  const dest: Record<1 | 2, Dest> = { 1: { kind: 'stream', stream: 'stdout' }, 2: { kind: 'stream', stream: 'stderr' } };
  const texts: Record<string, string> = {};
  for (const r of redirects) {
    if (r.op === '>&') dest[r.fd] = r.target === '2' ? dest[2] : dest[1];
    else if (r.target === '/dev/null') dest[r.fd] = { kind: 'null' };
    else if (r.target === '/dev/stdout' || r.target === '/dev/stderr') dest[r.fd] = { kind: 'stream', stream: r.target === '/dev/stdout' ? 'stdout' : 'stderr' };
    else {
      dest[r.fd] = { kind: 'file', path: r.target, append: r.op === '>>' };
      texts[r.target] = r.op === '>>' ? (files[r.target] ?? '') : '';
    }
  }
  for (const [fd, text] of [[1, out], [2, err]] as const) {
    const d = dest[fd];
    if (d.kind === 'stream') emit(d.stream, text);
    else if (d.kind === 'file') texts[d.path] = (texts[d.path] ?? '') + text;
  }
  for (const [path, content] of Object.entries(texts)) write(path, content);
}

/** $(…): runs to its end at once (its sleeps take no time), stdout with trailing newlines removed. */
function substitute(script: string, outer: ShellState, now: number): string {
  const parsed = parse(script);
  if (!parsed.ok) throw new ExpansionError(parsed.message);
  let state: ShellState = { ...outer, stack: [{ node: parsed.node, pc: 0 }], sleeping: null, pendingTraps: [] };
  let text = '';
  for (let i = 0; i < 100; i++) {
    const run = runShell(state, now, true);
    text += run.stdout;
    if (run.outcome.kind !== 'sleep' || run.outcome.until === null) break;
    state = { ...run.state, sleeping: null };
  }
  return text.replace(/\n+$/, '');
}

/**
 * A signal to the shell, which runs as the container's PID 1: the kernel drops a signal PID 1 has
 * no handler for, so without a trap it is ignored (null) and only SIGKILL ends the shell. A
 * trap runs at once when the shell is in `wait`, and after the foreground command otherwise, as
 * POSIX shells do.
 */
export function signalShell(state: ShellState, signal: 'TERM' | 'INT'): ShellState | null {
  const action = state.traps[signal];
  if (action === undefined || action === '') return null;
  const interrupt = state.sleeping?.interruptible === true;
  return {
    ...state,
    pendingTraps: [...state.pendingTraps, signal],
    ...(interrupt ? { sleeping: null, status: 128 + 15 } : {}),
  };
}
