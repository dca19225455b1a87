// Runs etcd-chaos over many seeds; shared by the CI test and `npm run test:chaos -- --seeds N`.

import etcdChaos from '../../scenarios/builtin/etcd-chaos.ts';
import { runScenario } from '../../scenarios/runner.ts';

export interface ChaosFailure {
  readonly seed: number;
  readonly failed: string[];
}

/** Runs seeds [from, from + count) and returns those whose expectations did not all hold. */
export async function chaosRuns(from: number, count: number): Promise<ChaosFailure[]> {
  const failures: ChaosFailure[] = [];
  for (let seed = from; seed < from + count; seed++) {
    const r = await runScenario(etcdChaos, { seed });
    if (!r.ok) failures.push({ seed, failed: r.expectations.filter((x) => !x.ok).map((x) => `${x.name}: ${x.detail}`) });
  }
  return failures;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const at = process.argv.indexOf('--seeds');
  const seeds = at >= 0 ? Number(process.argv[at + 1]) : 200;
  const fromAt = process.argv.indexOf('--from');
  const from = fromAt >= 0 ? Number(process.argv[fromAt + 1]) : 1;
  if (!Number.isInteger(seeds) || seeds < 1 || !Number.isInteger(from)) {
    console.error('test:chaos: --seeds N (a whole number >= 1) [--from SEED]');
    process.exit(2);
  }
  const failures = await chaosRuns(from, seeds);
  for (const f of failures) console.log(`seed ${f.seed} failed:\n  ${f.failed.join('\n  ')}`);
  console.log(`${seeds - failures.length} passed, ${failures.length} failed (etcd-chaos seeds ${from}..${from + seeds - 1})`);
  process.exit(failures.length > 0 ? 1 : 0);
}
