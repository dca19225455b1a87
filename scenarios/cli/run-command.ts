// kyb run <scenario> [--seed N] [--trace FILE] [--json] [--max-virtual D] [--max-wall D] [--strict]

import { rmSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { SingleBar } from 'cli-progress';
import { wallNow } from '../../runtime/clock.ts';
import { formatDuration, parseDuration } from '../duration.ts';
import { loadScenario } from '../load.ts';
import { type RunResult, runScenario } from '../runner.ts';
import { parseSeed, UsageError } from './errors.ts';
import { DEFAULT_MAX_VIRTUAL, DEFAULT_MAX_WALL } from './limits.ts';

export interface RunFlags {
  readonly seed?: string;
  readonly trace?: string;
  readonly json?: boolean;
  readonly maxVirtual?: string;
  readonly maxWall?: string;
  readonly strict?: boolean;
}

// A day of virtual time is more than any built-in needs; ten minutes of wall time is more than
// any of them takes. Past either, a run is a runaway, not a slow run.
export { DEFAULT_MAX_VIRTUAL, DEFAULT_MAX_WALL, DEFAULT_MAX_WALL_MS } from './limits.ts';

/** A progress bar for runs longer than about two seconds, on a terminal only. */
export function progress(enabled: boolean) {
  const start = wallNow();
  let bar: SingleBar | undefined;
  return {
    update(virtualMs: number, events: number) {
      if (!enabled) return;
      if (!bar && wallNow() - start < 2000) return;
      if (!bar) {
        bar = new SingleBar({ format: 'virtual time {time} | {events} events', clearOnComplete: true, hideCursor: true });
        bar.start(1, 0, { time: '0ms', events: 0 });
      }
      bar.update(0, { time: formatDuration(Math.round(virtualMs)), events });
    },
    stop() {
      bar?.stop();
    },
  };
}

export function describeResult(r: RunResult): string {
  const lines = [`${r.scenario} (seed ${r.seed}): ${r.ok ? 'ok' : 'FAILED'}`];
  for (const x of r.expectations) lines.push(`  ${x.ok ? '✓' : '✗'} ${x.name}${x.detail ? ` — ${x.detail}` : ''}`);
  lines.push(`virtual time ${formatDuration(Math.round(r.virtualTimeMs))}, wall ${r.wallMs}ms, ${r.events} events, ${r.messages} messages`);
  if (r.traceFile) lines.push(`trace: ${r.traceFile}`);
  lines.push(`trace hash: ${r.traceHash}`);
  return lines.join('\n');
}

function parseLimit(text: string, flag: string): number {
  const ms = parseDuration(text, flag);
  if (!(ms > 0)) throw new UsageError(`${flag}: Invalid value: "${text}": must be greater than 0`);
  return ms;
}

/** Refuses a trace path the run could not complete, before the run rather than after it. */
function checkTracePath(path: string): void {
  if (path === '') throw new UsageError('--trace: Invalid value: "": must be a file path');
  const kind = (p: string) => {
    try {
      return statSync(p).isDirectory() ? 'directory' : 'file';
    } catch {
      return 'missing';
    }
  };
  if (kind(path) === 'directory') throw new UsageError(`--trace: Invalid value: "${path}": is a directory, must be a file path`);
  const dir = dirname(resolve(path));
  const parent = kind(dir);
  if (parent === 'missing') throw new UsageError(`--trace: Invalid value: "${path}": directory ${dir} does not exist`);
  if (parent === 'file') throw new UsageError(`--trace: Invalid value: "${path}": ${dir} is not a directory`);
}

export async function runCommand(scenario: string, flags: RunFlags): Promise<number> {
  const seed = flags.seed === undefined ? 1 : parseSeed(flags.seed);
  const limits = { virtualMs: parseLimit(flags.maxVirtual ?? DEFAULT_MAX_VIRTUAL, '--max-virtual'), wallMs: parseLimit(flags.maxWall ?? DEFAULT_MAX_WALL, '--max-wall') };
  if (flags.trace !== undefined) checkTracePath(flags.trace);
  const { def, source } = await loadScenario(scenario);
  // Interrupted, a run leaves no half-written trace behind. The handlers go in before the file
  // is created: a signal that came between the two would otherwise kill the process outright.
  let partial: string | null = null;
  const onTraceOpen = (path: string) => (partial = path);
  if (flags.trace !== undefined)
    for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const)
      process.once(signal, () => {
        if (partial !== null) rmSync(partial, { force: true });
        process.exit(code);
      });
  const showProgress = process.stdout.isTTY === true && !flags.json;
  const bar = progress(showProgress);
  let result: RunResult;
  try {
    const onProgress = showProgress ? (t: number, n: number) => bar.update(t, n) : undefined;
    result = await runScenario(def, { seed, traceFile: flags.trace, source, onProgress, limits, onTraceOpen });
  } finally {
    bar.stop();
  }
  if (result.expectations.length === 0) {
    if (flags.strict) result = { ...result, ok: false, expectations: [{ name: 'the scenario made expectations', ok: false, detail: 'it made none, and --strict requires at least one' }] };
    else console.error('kyb: warning: the scenario made no expectations (--strict makes that a failure)');
  }
  if (flags.json) {
    const { divergence: _d, tree: _t, ...fields } = result;
    console.log(JSON.stringify(fields));
  } else console.log(describeResult(result));
  return result.ok ? 0 : 1;
}
