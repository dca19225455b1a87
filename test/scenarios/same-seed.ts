// The same-seed determinism check every built-in gets, and which built-ins get only that one.

import test from 'ava';
import { readFileSync } from 'node:fs';
import { runScenario } from '../../scenarios/runner.ts';
import type { ScenarioDefinition } from '../../scenarios/scenario.ts';

/**
 * Fault runs long enough that running them four times more would take the suite past its time:
 * they are checked for same-seed determinism only (in their own test file, so a second worker
 * runs them beside the rest); etcd-chaos (three members), apiserver-basics and default-cluster
 * (whose nodes run kubelets, runtimes and CNI plugins) cover the same components in the replay,
 * other-seed and tree checks.
 */
export const HEAVY: ReadonlySet<string> = new Set(['apiserver-chaos', 'apiserver-failover', 'etcd-chaos-5', 'pod-lifecycle', 'node-components-chaos', 'dual-stack-pods', 'bin-packing', 'scheduling-explained', 'node-failure-eviction', 'rollout-and-rollback', 'control-plane-failover', 'batch', 'statefulset-storage', 'cloud-load-balancer', 'control-plane-chaos']);

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
