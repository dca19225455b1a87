// The commands a script can run, with busybox's wording for their errors. A command that runs
// instantly returns its status and output; `sleep`, `wait` and `exit` return what the machine
// must do. Commands the model knows but cannot run (the network tools, package managers) are
// `unsupported`: the machine stops the process and says so rather than guess an answer.

import { formatDate } from './date.ts';

export interface CommandEnv {
  readonly now: number;
  readonly vars: Record<string, string>;
  readonly exported: Set<string>;
  /** The container's file system: mounted files and what the process wrote; 'dir/' keys are directories. */
  readonly files: Record<string, string>;
  readonly traps: Record<string, string>;
  readonly hostname: string;
  /** When the last background `sleep` ends. */
  readonly bgUntil: number;
  /** Writes a file (the machine records it and tells the runtime). */
  readonly write: (path: string, content: string) => void;
}

export type CommandResult =
  | { readonly kind: 'done'; readonly status: number; readonly out?: string; readonly err?: string }
  /** Sleeps for `ms`, or for ever (null). */
  | { readonly kind: 'sleep'; readonly ms: number | null; readonly interruptible: boolean }
  | { readonly kind: 'exit'; readonly code: number | null }
  | { readonly kind: 'break' | 'continue' }
  | { readonly kind: 'unsupported'; readonly what: string };

const done = (status: number, out?: string, err?: string): CommandResult => ({ kind: 'done', status, ...(out !== undefined ? { out } : {}), ...(err !== undefined ? { err } : {}) });

/** Programs that exist in images but whose effect (network, packages, processes) the model cannot compute. */
export const UNSUPPORTED = new Set([
  'nslookup', 'dig', 'host', 'wget', 'curl', 'nc', 'netcat', 'ping', 'telnet', 'ssh', 'apk', 'apt-get', 'apt', 'yum', 'dnf', 'pip', 'pip3', 'npm',
  'kill', 'killall', 'ps', 'top', 'watch', 'timeout', 'nohup', 'xargs', 'find', 'grep', 'sed', 'awk', 'wc', 'head', 'sort', 'read', 'eval', 'source', '.', 'kubectl',
]);

/** The programs of an image's PATH this file implements (the rest of runCommand is shell builtins). */
export const COMMANDS_IN_PATH = new Set(['sleep', 'echo', 'true', 'false', 'cat', 'date', 'env', 'printenv', 'hostname', 'touch', 'mkdir', 'rm', 'tail', 'seq', 'printf', 'test', '[']);

const SLEEP_UNIT: Readonly<Record<string, number>> = { '': 1000, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

function sleepMs(args: readonly string[]): number | null | string {
  if (args.length === 0) return 'sleep: missing operand';
  let total = 0;
  for (const a of args) {
    if (a === 'infinity' || a === 'inf') return null;
    const m = /^(\d+(?:\.\d*)?|\.\d+)([smhd]?)$/.exec(a);
    if (m === null) return `sleep: invalid number '${a}'`;
    total += Number(m[1]) * SLEEP_UNIT[m[2]!]!;
  }
  return total;
}

function echo(args: readonly string[]): string {
  let newline = true;
  let i = 0;
  while (args[i] === '-n' || args[i] === '-e' || args[i] === '-E') {
    if (args[i] === '-n') newline = false;
    i++;
  }
  return args.slice(i).join(' ') + (newline ? '\n' : '');
}

function printf(args: readonly string[]): string {
  const [format = '', ...rest] = args;
  let k = 0;
  const text = format.replace(/%[sd%]|\\n|\\t|\\\\/g, (spec) => {
    if (spec === '%%') return '%';
    if (spec === '\\n') return '\n';
    if (spec === '\\t') return '\t';
    if (spec === '\\\\') return '\\';
    const arg = rest[k++] ?? '';
    return spec === '%d' ? String(Number.parseInt(arg, 10) || 0) : arg;
  });
  return text;
}

const isDir = (files: Record<string, string>, path: string) =>
  path === '/' || `${path}/` in files || Object.keys(files).some((f) => f.startsWith(`${path.replace(/\/$/, '')}/`));

function test(args: readonly string[], env: CommandEnv): number {
  const a = args[args.length - 1] === ']' ? args.slice(0, -1) : args;
  if (a[0] === '!') return test(a.slice(1), env) === 0 ? 1 : 0;
  if (a.length === 0) return 1;
  if (a.length === 1) return a[0] !== '' ? 0 : 1;
  if (a.length === 2) {
    const [op, v = ''] = a;
    if (op === '-z') return v === '' ? 0 : 1;
    if (op === '-n') return v !== '' ? 0 : 1;
    if (op === '-f' || op === '-s') return v in env.files && (op === '-f' || env.files[v] !== '') ? 0 : 1;
    if (op === '-e') return v in env.files || isDir(env.files, v) ? 0 : 1;
    if (op === '-d') return isDir(env.files, v) ? 0 : 1;
    return 2;
  }
  const [l = '', op, r = ''] = a;
  const ints = { '-eq': (x: number, y: number) => x === y, '-ne': (x: number, y: number) => x !== y, '-lt': (x: number, y: number) => x < y, '-le': (x: number, y: number) => x <= y, '-gt': (x: number, y: number) => x > y, '-ge': (x: number, y: number) => x >= y };
  if (op === '=' || op === '==') return l === r ? 0 : 1;
  if (op === '!=') return l !== r ? 0 : 1;
  const cmp = ints[op as keyof typeof ints];
  if (cmp === undefined) return 2;
  return cmp(Number.parseInt(l, 10), Number.parseInt(r, 10)) ? 0 : 1;
}

export function runCommand(argv: readonly string[], env: CommandEnv): CommandResult | undefined {
  const [name = '', ...args] = argv;
  switch (name.replace(/^\/(usr\/)?s?bin\//, '')) {
    case 'true':
    case ':':
      return done(0);
    case 'false':
      return done(1);
    case 'echo':
      return done(0, echo(args));
    case 'printf':
      return done(0, printf(args));
    case 'sleep': {
      const ms = sleepMs(args);
      return typeof ms === 'string' ? done(1, undefined, `${ms}\n`) : { kind: 'sleep', ms, interruptible: false };
    }
    case 'exit': {
      const n = args[0] === undefined ? null : Number.parseInt(args[0], 10);
      return { kind: 'exit', code: n === null ? null : Number.isNaN(n) ? 2 : ((n % 256) + 256) % 256 };
    }
    case 'break':
    case 'continue':
      return { kind: name === 'break' ? 'break' : 'continue' };
    case 'wait':
      return { kind: 'sleep', ms: Math.max(0, env.bgUntil - env.now), interruptible: true };
    case 'tail':
      // `tail -f /dev/null`: the usual way to keep a container running.
      return args.includes('-f') || args.includes('-F') ? { kind: 'sleep', ms: null, interruptible: false } : { kind: 'unsupported', what: 'tail without -f' };
    case 'cat': {
      let out = '';
      for (const f of args.filter((x) => x !== '-')) {
        if (f in env.files) out += env.files[f];
        else return done(1, out, isDir(env.files, f) ? `cat: read error: Is a directory\n` : `cat: can't open '${f}': No such file or directory\n`);
      }
      return done(0, out);
    }
    case 'date':
      return done(0, `${formatDate(env.now, args.find((a) => a.startsWith('+'))?.slice(1))}\n`);
    case 'hostname':
      return done(0, `${env.hostname}\n`);
    case 'env':
    case 'printenv': {
      if (name === 'printenv' && args.length > 0) {
        const v = env.vars[args[0]!];
        return v === undefined ? done(1) : done(0, `${v}\n`);
      }
      if (args.length > 0) return { kind: 'unsupported', what: `env with a command` };
      const lines = [...env.exported].filter((k) => k in env.vars).sort().map((k) => `${k}=${env.vars[k]}\n`);
      return done(0, lines.join(''));
    }
    case 'touch':
      for (const f of args.filter((a) => !a.startsWith('-'))) if (!(f in env.files)) env.write(f, '');
      return done(0);
    case 'mkdir':
      for (const d of args.filter((a) => !a.startsWith('-'))) env.files[`${d.replace(/\/$/, '')}/`] = '';
      return done(0);
    case 'rm': {
      const force = args.some((a) => /^-[a-zA-Z]*f/.test(a));
      for (const f of args.filter((a) => !a.startsWith('-'))) {
        if (f in env.files) delete env.files[f];
        else if (!force) return done(1, undefined, `rm: can't remove '${f}': No such file or directory\n`);
      }
      return done(0);
    }
    case 'seq': {
      const n = args.map((a) => Number.parseInt(a, 10));
      const [first, last] = n.length >= 2 ? [n[0]!, n[n.length - 1]!] : [1, n[0] ?? 0];
      const out: string[] = [];
      for (let i = first; i <= last && out.length < 10_000; i++) out.push(`${i}\n`);
      return done(0, out.join(''));
    }
    case 'test':
    case '[': {
      const status = test(args, env);
      return status === 2 ? done(2, undefined, `sh: ${args.join(' ')}: unknown operand\n`) : done(status);
    }
    case 'export':
      for (const a of args) {
        const eq = a.indexOf('=');
        if (eq >= 0) env.vars[a.slice(0, eq)] = a.slice(eq + 1);
        env.exported.add(eq >= 0 ? a.slice(0, eq) : a);
      }
      return done(0);
    case 'unset':
      for (const a of args) delete env.vars[a];
      return done(0);
    case 'trap': {
      // trap ACTION SIGNAL…: only TERM and INT matter here (the signals a container gets).
      const [action = '', ...signals] = args;
      for (const s of signals) {
        const sig = s.replace(/^SIG/, '');
        const key = sig === '15' ? 'TERM' : sig === '2' ? 'INT' : sig;
        if (action === '-') delete env.traps[key];
        else env.traps[key] = action;
      }
      return done(0);
    }
    default:
      if (UNSUPPORTED.has(name.replace(/^.*\//, ''))) return { kind: 'unsupported', what: name.replace(/^.*\//, '') };
      return undefined;
  }
}
