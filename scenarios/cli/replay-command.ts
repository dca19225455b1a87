// kyb replay TRACE [--json]: re-executes a run from its trace and compares every event.

import { TraceReader } from '../../runtime/trace/index.ts';
import { jsonSafe } from './trace-view.ts';
import { loadScenario } from '../load.ts';
import { runScenario } from '../runner.ts';

/** Reads the whole trace once, so a damaged one is refused before anything runs. */
function check(file: string): void {
  const r = new TraceReader(file);
  try {
    while (r.nextFrame() !== undefined);
  } finally {
    r.close();
  }
}

export async function replayCommand(file: string, flags: { json?: boolean }): Promise<number> {
  check(file);
  const expect = new TraceReader(file);
  try {
    const { def } = await loadScenario(expect.header.scenario);
    const r = await runScenario(def, { seed: expect.header.seed, expect, source: expect.header.scenario });
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
