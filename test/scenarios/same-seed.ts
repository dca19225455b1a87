// The same-seed determinism check every built-in gets, and which built-ins get only that one.

import test from 'ava';
import { readFileSync } from 'node:fs';
import { freezeCachedObjects } from '../../actors/kube-apiserver/watch-cache/store.ts';
import { runScenario } from '../../scenarios/runner.ts';
import type { ScenarioDefinition } from '../../scenarios/scenario.ts';

export { CHAOS_ONLY, HEAVY } from './built-in-sets.ts';

/**
 * The second run freezes every object the apiservers' caches hold, which the replica shares with
 * local watchers and answers: a write into one anywhere then throws, and its trace differs. Serial,
 * so that no other test's run is half frozen (one process runs one at a time anyway).
 */
export function sameSeedTest(def: ScenarioDefinition, file: (name: string) => string): void {
  test.serial(`${def.name}: same seed, byte-identical traces and hashes (the second run with every cached object frozen); every expectation holds`, async (t) => {
    const a = await runScenario(def, { seed: 42, traceFile: file(`${def.name}-a`) });
    freezeCachedObjects(true);
    const b = await runScenario(def, { seed: 42, traceFile: file(`${def.name}-b`) }).finally(() => freezeCachedObjects(false));
    t.true(a.ok, JSON.stringify(a.expectations.filter((x) => !x.ok)));
    t.is(a.traceHash, b.traceHash);
    t.true(readFileSync(file(`${def.name}-a`)).equals(readFileSync(file(`${def.name}-b`))));
    t.true(a.events > 50);
  });
}
