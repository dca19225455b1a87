// kyb tree [TRACE [--at DURATION]] [--scenario NAME] [--json]

import { type InspectNode, renderTree } from '../../runtime/system/index.ts';
import { Simulation } from '../../runtime/kernel/index.ts';
import { TraceReader, treeAt } from '../../runtime/trace/index.ts';
import { parseDuration } from '../duration.ts';
import { loadScenario } from '../load.ts';
import { ScenarioContext } from '../scenario.ts';
import { UsageError } from './errors.ts';

/** Until issue "the default cluster" lands, the default is the supervision demo's host. */
export const DEFAULT_SCENARIO = 'supervision-demo';
// Long enough for the slowest built-in to settle: an etcd election takes one to two seconds.
const STEADY_MS = 5000;

/** Boots a scenario's cluster (its setup, no script) and lets it settle. */
export async function bootTree(scenario: string): Promise<InspectNode> {
  const { def } = await loadScenario(scenario);
  const sim = new Simulation({ name: def.name, seed: 1, ...def.config });
  def.setup(new ScenarioContext(sim));
  await sim.advance(STEADY_MS);
  const tree = sim.system.inspect();
  sim.close();
  return tree;
}

export function traceTree(file: string, at: string | undefined): InspectNode {
  const r = new TraceReader(file);
  try {
    const atMs = at === undefined ? Infinity : parseDuration(at, '--at');
    return treeAt(r.events(), { atMs }, r.header.name) as InspectNode;
  } finally {
    r.close();
  }
}

export async function treeCommand(trace: string | undefined, flags: { at?: string; scenario?: string; json?: boolean }): Promise<number> {
  if (trace === undefined && flags.at !== undefined) throw new UsageError('--at needs a TRACE to read the tree from');
  const tree = trace === undefined ? await bootTree(flags.scenario ?? DEFAULT_SCENARIO) : traceTree(trace, flags.at);
  console.log(flags.json ? JSON.stringify(tree) : renderTree(tree));
  return 0;
}
