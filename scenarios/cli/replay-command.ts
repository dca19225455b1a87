// kyb replay TRACE [--json]: re-executes a run from its trace and compares every event.

import { TraceError, TraceReader } from '../../runtime/trace/index.ts';
import { scenarioProblem } from '../../runtime/trace/header.ts';
import { DEFAULT_MAX_WALL_MS } from './limits.ts';
import { jsonSafe } from './trace-view.ts';

/**
 * Reads and decodes the whole trace once, so a damaged one is refused before anything runs (a
 * frame that fails to decode mid-replay would otherwise surface as a crash of some actor).
 * Returns the virtual time of its last event: where the recorded run ended.
 */
function check(file: string): number {
  const r = new TraceReader(file);
  try {
    const problem = scenarioProblem(file, r.header.scenario);
    if (problem !== null) throw new TraceError(problem);
    let end = 0;
    for (const e of r.events()) end = e.time;
    return end;
  } finally {
    r.close();
  }
}

export async function replayCommand(file: string, flags: { json?: boolean }): Promise<number> {
  const endMs = check(file);
  const expect = new TraceReader(file);
  try {
    // What runs scenarios is loaded only for a trace worth replaying.
    const { loadScenario } = await import('../load.ts');
    const { runScenario } = await import('../runner.ts');
    const { def } = await loadScenario(expect.header.scenario).catch((e: Error) => {
      throw new TraceError(`cannot replay ${file}: ${e.message}`);
    });
    // The recorded run went no further than its last event; a run stopped by a limit stopped
    // there too, and the same limit stops the replay at the same place.
    const r = await runScenario(def, { seed: expect.header.seed, expect, source: expect.header.scenario, limits: { virtualMs: endMs, wallMs: DEFAULT_MAX_WALL_MS } });
    const d = r.divergence;
    if (flags.json) console.log(JSON.stringify(jsonSafe(d ? { identical: false, firstDivergence: d } : { identical: true, events: r.events })));
    else if (d === null) console.log(`identical: ${r.events} events replayed`);
    else
      console.log(
        [
          `diverged at event #${d.seq}`,
          `  expected: ${d.expected ? JSON.stringify(jsonSafe(d.expected)) : '(the recorded run ended here)'}`,
          `  actual:   ${d.actual ? JSON.stringify(jsonSafe(d.actual)) : '(the replay ended here)'}`,
        ].join('\n'),
      );
    return d ? 1 : 0;
  } finally {
    expect.close();
  }
}
