// Runs a scenario on a fresh simulation and reports its expectations, time and trace.

import type { InspectNode } from '../runtime/system/index.ts';
import type { TraceReader } from '../runtime/trace/index.ts';
import { wallNow } from '../runtime/clock.ts';
import { RunLimitError, Simulation } from '../runtime/kernel/index.ts';
import type { Divergence } from '../runtime/trace/tracer.ts';
import { formatDuration } from './duration.ts';
import { type Expectation, ScenarioContext, type ScenarioDefinition } from './scenario.ts';
import { VERSION } from './version.ts';

export interface RunOptions {
  readonly seed?: number;
  /** Where to stream the trace; without it only its hash is kept. */
  readonly traceFile?: string;
  /** What the trace header names the scenario by: a built-in name or a file's path. */
  readonly source?: string;
  /** Called now and then with the virtual time reached and the events so far. */
  readonly onProgress?: (virtualTimeMs: number, events: number) => void;
  /** Replay: compare every event with this recorded trace (and run with its configuration). */
  readonly expect?: TraceReader;
  /** How far the run may go; reaching a limit fails the run and keeps its trace. None by default. */
  readonly limits?: { readonly virtualMs?: number; readonly wallMs?: number };
  /** Called once the trace file is open, with the name it has until the run completes it. */
  readonly onTraceOpen?: (partialPath: string) => void;
}

export interface RunResult {
  readonly scenario: string;
  readonly seed: number;
  readonly ok: boolean;
  readonly virtualTimeMs: number;
  readonly wallMs: number;
  readonly events: number;
  readonly messages: number;
  readonly expectations: Expectation[];
  readonly traceFile: string | null;
  readonly traceHash: string | null;
  readonly divergence: Divergence | null;
  /** The supervisor tree at the end of the script, before the system shut down. */
  readonly tree: InspectNode;
}

export async function runScenario(def: ScenarioDefinition, options: RunOptions = {}): Promise<RunResult> {
  const seed = options.seed ?? 1;
  const wall0 = wallNow();
  // A replay runs with the configuration recorded in the trace, whatever the file says today.
  const config = (options.expect?.header.config as ScenarioDefinition['config'] | null | undefined) ?? def.config;
  const sim = new Simulation({
    name: def.name,
    seed,
    ...config,
    onProgress: options.onProgress,
    limits: options.limits,
    trace: {
      file: options.traceFile,
      hash: true,
      expect: options.expect,
      // Inputs: every step of the script is traced as an external event; the header lists none
      // beyond them until something outside the script (an interactive session) feeds a run.
      header: { kybernetes: VERSION, scenario: options.source ?? def.name, config: config ?? null, inputs: [] },
    },
  });
  const partial = sim.tracePartialPath;
  if (partial !== null) options.onTraceOpen?.(partial);
  const ctx = new ScenarioContext(sim);
  const failure = await runScript(def, ctx, sim);
  const virtualTimeMs = sim.clock.now();
  let tree: InspectNode;
  let traceHash: string | null;
  try {
    tree = sim.system.inspect();
    traceHash = sim.close();
  } catch (e) {
    sim.abort();
    throw e;
  }
  const expectations = failure === null ? ctx.expectations : [...ctx.expectations, failure];
  return {
    scenario: def.name,
    seed,
    ok: expectations.every((x) => x.ok) && sim.tracer!.divergence === null,
    virtualTimeMs,
    wallMs: Math.round(wallNow() - wall0),
    events: sim.events,
    messages: sim.tracer!.counts.send ?? 0,
    expectations,
    traceFile: options.traceFile ?? null,
    traceHash,
    divergence: sim.tracer!.divergence,
    tree,
  };
}

/**
 * Runs setup and script; returns what stopped them early as a failed expectation, or null when
 * the script ran to its end. A run that fails this way is still a run: its expectations so far
 * and its trace are kept.
 */
async function runScript(def: ScenarioDefinition, ctx: ScenarioContext, sim: Simulation): Promise<Expectation | null> {
  let stage: 'setup' | 'script' = 'setup';
  // When Node has nothing left to do while the script still waits, it waits on a promise that
  // nothing will settle: without this, the process would just exit (code 13) mid-run.
  let stalled!: () => void;
  const nothingLeft = new Promise<'stalled'>((resolve) => (stalled = () => resolve('stalled')));
  const unwatch = whenNothingLeft(stalled);
  try {
    def.setup(ctx);
    await sim.advance(0);
    stage = 'script';
    const outcome = await Promise.race([def.script(ctx), nothingLeft]);
    if (sim.limitReached !== null) return limitFailure(sim.limitReached);
    if (outcome === 'stalled')
      return { name: 'the script finished', ok: false, detail: `it waits on a promise that never settles, at virtual time ${formatDuration(Math.round(sim.clock.now()))}` };
    return null;
  } catch (e) {
    if (sim.limitReached !== null) return limitFailure(sim.limitReached);
    // In a replay, a script that trips over a run gone its own way shows the divergence, not a crash.
    if (sim.tracer?.divergence != null) return null;
    return { name: `the ${stage} ran to the end`, ok: false, detail: e instanceof Error ? `${e.name === 'Error' ? '' : `${e.name}: `}${e.message}` : String(e) };
  } finally {
    unwatch();
  }
}

// One beforeExit listener for every run under way, however many run side by side.
const stallWatchers = new Set<() => void>();
const nothingLeftToDo = () => {
  for (const f of [...stallWatchers]) f();
};

function whenNothingLeft(f: () => void): () => void {
  if (stallWatchers.size === 0) process.on('beforeExit', nothingLeftToDo);
  stallWatchers.add(f);
  return () => {
    stallWatchers.delete(f);
    if (stallWatchers.size === 0) process.off('beforeExit', nothingLeftToDo);
  };
}

function limitFailure(e: RunLimitError): Expectation {
  const limit = formatDuration(e.limitMs);
  return e.limit === 'virtual'
    ? { name: `the run stayed within --max-virtual ${limit}`, ok: false, detail: `the script went on past virtual time ${limit}; the run stopped there` }
    : { name: `the run stayed within --max-wall ${limit}`, ok: false, detail: `it ran for ${limit} of wall time and stopped at virtual time ${formatDuration(Math.round(e.atMs))}` };
}
