// Runs a scenario on a fresh simulation and reports its expectations, time and trace.

import type { InspectNode } from '../runtime/system/index.ts';
import type { TraceReader } from '../runtime/trace/index.ts';
import { wallNow } from '../runtime/clock.ts';
import { Simulation } from '../runtime/kernel/simulation.ts';
import type { Divergence } from '../runtime/trace/tracer.ts';
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
    trace: {
      file: options.traceFile,
      hash: true,
      expect: options.expect,
      // Inputs: every step of the script is traced as an external event; the header lists none
      // beyond them until something outside the script (an interactive session) feeds a run.
      header: { kybernetes: VERSION, scenario: options.source ?? def.name, config: config ?? null, inputs: [] },
    },
  });
  const ctx = new ScenarioContext(sim);
  try {
    def.setup(ctx);
    await sim.advance(0);
    await def.script(ctx);
  } catch (e) {
    // In a replay, a script that trips over a run gone its own way shows the divergence, not a crash.
    if (sim.tracer?.divergence == null) {
      sim.abort();
      throw e;
    }
  }
  const virtualTimeMs = sim.clock.now();
  const tree = sim.system.inspect();
  const traceHash = sim.close();
  const expectations = ctx.expectations;
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
