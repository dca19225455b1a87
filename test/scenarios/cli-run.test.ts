// kyb run: runs that fail (a limit, a throw, a script that waits for ever) are reported as failed
// runs with their JSON and trace; input it cannot run is refused before anything runs.

import test from 'ava';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TraceReader } from '../../runtime/trace/index.ts';
import { fixture, kyb, kybAsync, refused } from './kyb.ts';

const dir = mkdtempSync(join(tmpdir(), 'kyb-run-'));
test.after.always(() => rmSync(dir, { recursive: true, force: true }));

interface RunJson {
  ok: boolean;
  virtualTimeMs: number;
  expectations: { name: string; ok: boolean; detail: string }[];
  traceFile: string | null;
  traceHash: string;
}

/** A failed run: exit 1, its JSON printed, and the expectation that failed last. */
function failedRun(t: import('ava').ExecutionContext, args: string[], env: Record<string, string> = {}) {
  const r = kyb([...args, '--json'], env);
  t.is(r.code, 1, r.err);
  const json = JSON.parse(r.out) as RunJson;
  t.false(json.ok);
  return { json, last: json.expectations.at(-1)!, err: r.err };
}

/** The trace is whole (its end frame matches) and holds `events` events. */
function wholeTrace(path: string): number {
  const r = new TraceReader(path);
  let n = 0;
  try {
    for (const _ of r.events()) n++;
  } finally {
    r.close();
  }
  return n;
}

/** The SHA-256 of the frames between the header and the end frame: the run's traceHash. */
function eventsHash(path: string): string {
  const d = readFileSync(path);
  let pos = 8;
  pos += 4 + d.readUInt32LE(pos);
  const start = pos;
  let last = pos;
  while (pos < d.length) {
    last = pos;
    pos += 4 + d.readUInt32LE(pos);
  }
  return createHash('sha256').update(d.subarray(start, last)).digest('hex');
}

const partials = () => readdirSync(dir).filter((f) => f.endsWith('.partial'));

test.serial('a script that never stops is stopped at --max-virtual (24h by default), a failed run with its trace', (t) => {
  const trace = join(dir, 'forever.trace');
  const { json, last } = failedRun(t, ['run', fixture('forever.ts'), '--trace', trace]);
  t.deepEqual(last, { name: 'the run stayed within --max-virtual 24h', ok: false, detail: 'the script went on past virtual time 24h; the run stopped there' });
  t.is(json.expectations[0]!.name, 'it started');
  t.is(json.virtualTimeMs, 24 * 3_600_000);
  t.true(wholeTrace(trace) > 0);
  // Stopped by the virtual limit, the run is as deterministic as any: its replay is identical.
  const replay = kyb(['replay', trace, '--json']);
  t.is(replay.code, 0, replay.out + replay.err);
  t.like(JSON.parse(replay.out), { identical: true });
  t.is(failedRun(t, ['run', fixture('forever.ts'), '--max-virtual', '90m']).last.name, 'the run stayed within --max-virtual 90m');
});

test.serial('a script that catches the limit’s error and asks for more is still stopped', (t) => {
  const { json, last } = failedRun(t, ['run', fixture('swallow.ts'), '--max-virtual', '5h']);
  t.is(last.name, 'the run stayed within --max-virtual 5h');
  t.is(json.virtualTimeMs, 5 * 3_600_000);
});

test.serial('a run that takes too long in wall time is stopped at --max-wall, and its trace kept whole', (t) => {
  const trace = join(dir, 'busy.trace');
  const { json, last } = failedRun(t, ['run', fixture('busy.ts'), '--max-wall', '500ms', '--max-virtual', '1000h', '--trace', trace]);
  t.is(last.name, 'the run stayed within --max-wall 500ms');
  t.regex(last.detail, /^it ran for 500ms of wall time and stopped at virtual time \d/);
  t.true(json.virtualTimeMs > 0 && json.virtualTimeMs < 1000 * 3_600_000);
  t.true(wholeTrace(trace) > 0);
});

test.serial('limits that are not durations, or are zero, are refused', (t) => {
  refused(t, ['run', 'ping-pong', '--max-virtual', 'forever'], /^kyb: --max-virtual: invalid duration "forever"/);
  refused(t, ['run', 'ping-pong', '--max-wall', '0s'], /^kyb: --max-wall: Invalid value: "0s": must be greater than 0$/);
});

test.serial('a script that waits on a promise that never settles is a failed run, not a silent exit', (t) => {
  const trace = join(dir, 'waits.trace');
  const { json, last } = failedRun(t, ['run', fixture('waits.ts'), '--trace', trace]);
  t.deepEqual(last, { name: 'the script finished', ok: false, detail: 'it waits on a promise that never settles, at virtual time 2s' });
  t.deepEqual(json.expectations[0], { name: 'it got this far', ok: true, detail: '' });
  t.true(wholeTrace(trace) > 0);
  t.deepEqual(partials(), []);
});

test.serial('a script or setup that throws is a failed run: expectations so far, the error, and the trace', (t) => {
  const trace = join(dir, 'throws.trace');
  const { json, last } = failedRun(t, ['run', fixture('throws.ts'), '--trace', trace]);
  t.deepEqual(json.expectations, [
    { name: 'it got this far', ok: true, detail: '' },
    { name: 'the script ran to the end', ok: false, detail: 'no actor runs at /no-such-actor' },
  ]);
  t.is(json.traceFile, trace);
  t.true(wholeTrace(trace) > 0);
  t.deepEqual(failedRun(t, ['run', fixture('throws.ts')], { KYB_TEST_THROW: 'setup' }).last, {
    name: 'the setup ran to the end',
    ok: false,
    detail: 'no cluster today',
  });
  const text = kyb(['run', fixture('throws.ts')]);
  t.is(text.code, 1);
  t.regex(text.out, /✗ the script ran to the end — no actor runs at \/no-such-actor/);
  t.is(last.name, 'the script ran to the end');
});

test.serial('a scenario that makes no expectations passes with a warning, and fails with --strict', (t) => {
  const r = kyb(['run', fixture('silent.ts'), '--json']);
  t.is(r.code, 0);
  t.true(JSON.parse(r.out).ok);
  t.is(r.err, 'kyb: warning: the scenario made no expectations (--strict makes that a failure)\n');
  const { last } = failedRun(t, ['run', fixture('silent.ts'), '--strict']);
  t.is(last.name, 'the scenario made expectations');
  t.is(kyb(['run', 'ping-pong', '--strict']).code, 0);
});

test.serial('a trace path the run could not complete is refused before the run', (t) => {
  const sub = join(dir, 'a-directory');
  mkdirSync(sub);
  refused(t, ['run', 'ping-pong', '--trace', sub], /^kyb: --trace: Invalid value: ".*a-directory": is a directory, must be a file path$/);
  refused(t, ['run', 'ping-pong', '--trace', join(dir, 'missing', 'x.trace')], /^kyb: --trace: Invalid value: ".*x\.trace": directory .*missing does not exist$/);
  refused(t, ['run', 'ping-pong', '--trace', ''], /^kyb: --trace: Invalid value: "": must be a file path$/);
  t.deepEqual(readdirSync(sub), []);
});

test.serial('a scenario file with a syntax error is refused with its file, line, column and message', (t) => {
  const bad = join(dir, 'syntax.ts');
  writeFileSync(bad, "export default {\n  name: 'x',\n  description: 'y' oops,\n};\n");
  refused(t, ['run', bad], /^kyb: scenario file .*syntax\.ts cannot be loaded: .*syntax\.ts:3:20: Expected "}" but found "oops"$/);
});

test.serial('two runs given the same --trace each write their own file; the last to finish wins, whole', async (t) => {
  const trace = join(dir, 'shared.trace');
  const args = (seed: string) => ['run', fixture('busy.ts'), '--seed', seed, '--max-wall', '1s', '--trace', trace, '--json'];
  const [a, b] = await Promise.all([kybAsync(args('1')).done, kybAsync(args('2')).done]);
  for (const r of [a, b]) t.is(r.code, 1, r.err); // stopped by --max-wall, as asked: not by the other run
  const hashes = [a, b].map((r) => (JSON.parse(r.out) as RunJson).traceHash);
  t.true(wholeTrace(trace) > 0);
  // Every byte of the file is one run's: its events hash to what that run printed, and its
  // header has that run's seed.
  const winner = hashes.indexOf(eventsHash(trace));
  t.not(winner, -1);
  const reader = new TraceReader(trace);
  t.is(reader.header.seed, winner + 1);
  reader.close();
  t.deepEqual(partials(), []);
});

test.serial('an interrupted run leaves no partial trace behind', async (t) => {
  const trace = join(dir, 'interrupted.trace');
  const run = kybAsync(['run', fixture('busy.ts'), '--trace', trace]);
  // Starting a child under tsx can take many seconds on a loaded machine: wait while it lives
  // (its own kill timer ends it after a minute), not for a fixed count of polls.
  let exited = false;
  void run.done.then(() => (exited = true));
  while (!exited && partials().length === 0) await new Promise((r) => setTimeout(r, 50));
  t.is(partials().length, 1, 'the run writes its trace under a name of its own');
  t.regex(partials()[0]!, /^\.interrupted\.trace\.\d+\.[0-9a-f]+\.partial$/);
  run.child.kill('SIGINT');
  const r = await run.done;
  t.is(r.code, 130, r.err);
  t.deepEqual(partials(), []);
  t.false(existsSync(trace));
});
