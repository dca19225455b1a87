// The same-seed determinism check every built-in gets, and which built-ins get only that one.

import test from 'ava';
import { readFileSync } from 'node:fs';
import { runScenario } from '../../scenarios/runner.ts';
import type { ScenarioDefinition } from '../../scenarios/scenario.ts';

export { CHAOS_ONLY, HEAVY } from './built-in-sets.ts';

export function sameSeedTest(def: ScenarioDefinition, file: (name: string) => string): void {
  test(`${def.name}: same seed, byte-identical traces and hashes; every expectation holds`, async (t) => {
    const a = await runScenario(def, { seed: 42, traceFile: file(`${def.name}-a`) });
    const b = await runScenario(def, { seed: 42, traceFile: file(`${def.name}-b`) });
    t.true(a.ok, JSON.stringify(a.expectations.filter((x) => !x.ok)));
    t.is(a.traceHash, b.traceHash);
    t.true(readFileSync(file(`${def.name}-a`)).equals(readFileSync(file(`${def.name}-b`))));
    t.true(a.events > 50);
  });
}
