// kyb tree [TRACE [--at DURATION]] [--scenario NAME] [--json]

import { type InspectNode, renderTree } from '../../runtime/system/index.ts';
import { type TraceEvent, TraceReader, treeAt } from '../../runtime/trace/index.ts';
import { formatDuration, parseDuration } from '../duration.ts';
import { UsageError } from './errors.ts';

/** Without a scenario, the tree is the default cluster's (s.cluster() with every option defaulted). */
export const DEFAULT_SCENARIO = 'default-cluster';
// Long enough for the slowest built-in to settle: an etcd election takes one to two seconds.
const STEADY_MS = 5000;

/** Boots a scenario's cluster (its setup, no script) and lets it settle. */
export async function bootTree(scenario: string): Promise<InspectNode> {
  // What runs scenarios is loaded only when a cluster is to be booted, not to read a trace.
  const { loadScenario } = await import('../load.ts');
  const { ScenarioContext } = await import('../scenario.ts');
  const { Simulation } = await import('../../runtime/kernel/index.ts');
  const { def } = await loadScenario(scenario);
  const sim = new Simulation({ name: def.name, seed: 1, ...def.config });
  def.setup(new ScenarioContext(sim));
  await sim.advance(STEADY_MS);
  const tree = sim.system.inspect();
  sim.close();
  return tree;
}

/** The tree at `at` (its end when undefined), and the virtual time the trace ends at. */
export function traceTree(file: string, at: string | undefined): { tree: InspectNode; endMs: number } {
  const atMs = at === undefined ? Infinity : parseDuration(at, '--at');
  const r = new TraceReader(file);
  try {
    let endMs = 0;
    function* timed(events: Iterable<TraceEvent>) {
      for (const e of events) {
        endMs = e.time;
        yield e;
      }
    }
    const tree = treeAt(timed(r.events()), { atMs }, r.header.name) as InspectNode;
    // The tree is built once its moment has passed; the rest is read for where the trace ends,
    // and to refuse a file that is cut or has bytes after its end.
    for (const e of r.events()) endMs = e.time;
    return { tree, endMs };
  } finally {
    r.close();
  }
}

export async function treeCommand(trace: string | undefined, flags: { at?: string; scenario?: string; json?: boolean }): Promise<number> {
  if (trace === undefined && flags.at !== undefined) throw new UsageError('--at needs a TRACE to read the tree from');
  if (trace !== undefined && flags.scenario !== undefined)
    throw new UsageError('--scenario cannot be used with a TRACE: the tree is read from the trace, which names its own scenario');
  let tree: InspectNode;
  if (trace === undefined) tree = await bootTree(flags.scenario ?? DEFAULT_SCENARIO);
  else {
    const read = traceTree(trace, flags.at);
    tree = read.tree;
    if (flags.at !== undefined && parseDuration(flags.at, '--at') > read.endMs)
      console.error(`kyb: note: the trace ends at ${formatDuration(Math.round(read.endMs))}; showing the tree at its end`);
  }
  console.log(flags.json ? JSON.stringify(tree) : renderTree(tree));
  return 0;
}
