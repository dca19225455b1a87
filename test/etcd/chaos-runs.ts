// Runs the fault runs over many seeds; shared by the CI tests and
// `npm run test:chaos -- --seeds N [--from S] [--members 3|5 | --apiserver | --nodes | --control-plane | --control-loops | --builtin NAME]`.

import etcdChaos from '../../scenarios/builtin/etcd-chaos.ts';
import etcdChaos5 from '../../scenarios/builtin/etcd-chaos-5.ts';
import apiserverChaos from '../../scenarios/builtin/apiserver-chaos.ts';
import nodeComponentsChaos from '../../scenarios/builtin/node-components-chaos.ts';
import controlPlaneChaos from '../../scenarios/builtin/control-plane-chaos.ts';
import type { ScenarioDefinition } from '../../scenarios/scenario.ts';
import { builtin } from '../../scenarios/builtin/index.ts';
import { CHAOS_ONLY } from '../scenarios/built-in-sets.ts';
import { runScenario } from '../../scenarios/runner.ts';

export interface ChaosFailure {
  readonly seed: number;
  readonly failed: string[];
}

/** Runs seeds [from, from + count) and returns those whose expectations did not all hold. */
export async function chaosRuns(from: number, count: number, members: 3 | 5 = 3, scenario: ScenarioDefinition = members === 5 ? etcdChaos5 : etcdChaos): Promise<ChaosFailure[]> {
  const failures: ChaosFailure[] = [];
  for (let seed = from; seed < from + count; seed++) {
    const r = await runScenario(scenario, { seed });
    if (!r.ok) failures.push({ seed, failed: r.expectations.filter((x) => !x.ok).map((x) => `${x.name}: ${x.detail}`) });
  }
  return failures;
}

/**
 * --control-loops (the built-ins npm test leaves to this command) or --builtin NAME: each over the
 * seeds, and twice on the first seed, whose traces must hash alike. Returns the exit code.
 */
async function builtinRuns(from: number, seeds: number): Promise<number> {
  const at = process.argv.indexOf('--builtin');
  const names = at >= 0 ? [process.argv[at + 1] ?? ''] : [...CHAOS_ONLY];
  let failed = 0;
  for (const name of names) {
    const def = builtin(name);
    if (def === undefined) {
      console.error(`test:chaos: --builtin: no built-in scenario "${name}" (kyb scenarios lists them)`);
      return 2;
    }
    const failures = await chaosRuns(from, seeds, 3, def);
    const again = await runScenario(def, { seed: from });
    const first = await runScenario(def, { seed: from });
    if (again.traceHash !== first.traceHash) failures.push({ seed: from, failed: [`same seed, another trace: ${again.traceHash} vs ${first.traceHash}`] });
    for (const f of failures) console.log(`${name} seed ${f.seed} failed:\n  ${f.failed.join('\n  ')}`);
    console.log(`${name}: ${seeds - failures.length} passed, ${failures.length} failed (seeds ${from}..${from + seeds - 1})`);
    failed += failures.length;
  }
  return failed > 0 ? 1 : 0;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const arg = (name: string, fallback: number) => {
    const at = process.argv.indexOf(name);
    return at >= 0 ? Number(process.argv[at + 1]) : fallback;
  };
  const seeds = arg('--seeds', 200);
  const from = arg('--from', 1);
  const members = arg('--members', 3);
  if (!Number.isInteger(seeds) || seeds < 1 || !Number.isInteger(from) || (members !== 3 && members !== 5)) {
    console.error('test:chaos: --seeds N (a whole number >= 1) [--from SEED] [--members 3|5 | --apiserver | --nodes | --control-plane]');
    process.exit(2);
  }
  if (process.argv.includes('--control-loops') || process.argv.includes('--builtin')) process.exit(await builtinRuns(from, seeds));
  const selected: Record<string, ScenarioDefinition> = { '--apiserver': apiserverChaos, '--nodes': nodeComponentsChaos, '--control-plane': controlPlaneChaos };
  const scenario = Object.entries(selected).find(([flag]) => process.argv.includes(flag))?.[1];
  const failures = await chaosRuns(from, seeds, members, scenario);
  for (const f of failures) console.log(`seed ${f.seed} failed:\n  ${f.failed.join('\n  ')}`);
  console.log(`${seeds - failures.length} passed, ${failures.length} failed (${scenario?.name ?? `${members} members`}, seeds ${from}..${from + seeds - 1})`);
  process.exit(failures.length > 0 ? 1 : 0);
}
