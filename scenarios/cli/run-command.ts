// kyb run <scenario> [--seed N] [--trace FILE] [--json]

import { rmSync } from 'node:fs';
import { SingleBar } from 'cli-progress';
import { wallNow } from '../../runtime/clock.ts';
import { formatDuration } from '../duration.ts';
import { loadScenario } from '../load.ts';
import { type RunResult, runScenario } from '../runner.ts';
import { parseSeed } from './errors.ts';

export interface RunFlags {
  readonly seed?: string;
  readonly trace?: string;
  readonly json?: boolean;
}

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

export async function runCommand(scenario: string, flags: RunFlags): Promise<number> {
  const seed = flags.seed === undefined ? 1 : parseSeed(flags.seed);
  const { def, source } = await loadScenario(scenario);
  // Interrupted, a run leaves no half-written trace behind.
  if (flags.trace !== undefined) {
    const partial = `${flags.trace}.partial`;
    for (const signal of ['SIGINT', 'SIGTERM'] as const)
      process.once(signal, () => {
        rmSync(partial, { force: true });
        process.exit(130);
      });
  }
  const showProgress = process.stdout.isTTY === true && !flags.json;
  const bar = progress(showProgress);
  let result: RunResult;
  try {
    const onProgress = showProgress ? (t: number, n: number) => bar.update(t, n) : undefined;
    result = await runScenario(def, { seed, traceFile: flags.trace, source, onProgress });
  } finally {
    bar.stop();
  }
  if (flags.json) {
    const { divergence: _d, tree: _t, ...fields } = result;
    console.log(JSON.stringify(fields));
  } else console.log(describeResult(result));
  return result.ok ? 0 : 1;
}
