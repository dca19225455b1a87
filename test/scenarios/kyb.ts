// Runs the real `kyb` command, as a user would, for the CLI tests.

import type { ExecutionContext } from 'ava';
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';

export const fixture = (name: string) => join(import.meta.dirname, 'fixtures', name);

const env = (extra: Record<string, string>) => ({ ...process.env, NO_COLOR: '1', ...extra });

export function kyb(args: string[], extra: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, ['scenarios/cli/kyb.js', ...args], {
    encoding: 'utf8',
    timeout: 60_000, // a runaway run must not outlive the test (its trace would grow without end)
    env: env(extra),
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** kyb in the background: for runs side by side, or to interrupt. */
export function kybAsync(args: string[], extra: Record<string, string> = {}) {
  const child = spawn(process.execPath, ['scenarios/cli/kyb.js', ...args], { env: env(extra) });
  let out = '';
  let err = '';
  child.stdout.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr.on('data', (b: Buffer) => (err += b.toString()));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string; err: string }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, out, err })),
  );
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  void done.then(() => clearTimeout(timer));
  return { child, done };
}

/** Bad input: exit 2, one line on stderr, no stack trace. */
export function refused(t: ExecutionContext, args: string[], message: RegExp, extra: Record<string, string> = {}) {
  const r = kyb(args, extra);
  t.is(r.code, 2, `${args.join(' ')}: ${r.err}`);
  const lines = r.err.trim().split('\n');
  t.is(lines.length, 1, r.err);
  t.regex(lines[0]!, message);
  t.notRegex(r.err, /\bat .*\(.*:\d+:\d+\)/);
  return r;
}
