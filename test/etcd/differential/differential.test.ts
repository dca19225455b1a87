// Item 7 of the etcd issue, "Against a real etcd": the same random single-client sequences of
// put, deleteRange, range, txn and compact, with watches opened and closed among them, run on the
// simulated cluster and on a real etcd (Debian's etcd-server, 3.4.x, spawned here on loopback),
// and every field etcd defines must match (watch-canon.ts says what of a watch stream is compared).
//
// The simulated side, chosen by KYB_ETCD_DIFF_TARGET:
//   cluster (the default)  three members in a Simulation, through the etcd client actor
//                          (cluster-target.ts, which says what of a watch the client surfaces);
//   store                  the MVCC store alone (sim-target.ts), which isolates a disagreement
//                          the cluster shows to the store or to what surrounds it.
// Reproduce a failure with the seed it prints:
//   KYB_ETCD_DIFF_SEED=<seed> KYB_ETCD_DIFF_SEQUENCES=<n> npx ava test/etcd/differential/
// (sequence i uses the seed derived from the base seed and i, so the whole run is reproducible;
// the cluster's Simulation is seeded with the sequence's seed).

import test from 'ava';
import { startEtcd, type EtcdServer } from './etcd-server.ts';
import { ClusterTarget } from './cluster-target.ts';
import { runSequence, type Disagreement, type WatchTally } from './run-sequence.ts';
import { show } from './sequence.ts';
import { MvccTarget, type SimulatedTarget } from './sim-target.ts';

const BASE_SEED = Number(process.env.KYB_ETCD_DIFF_SEED ?? 0x6b7962) >>> 0;
const SEQUENCES = Number(process.env.KYB_ETCD_DIFF_SEQUENCES ?? 100);
const OPS = Number(process.env.KYB_ETCD_DIFF_OPS ?? 50);
const TARGET = process.env.KYB_ETCD_DIFF_TARGET ?? 'cluster';
const targets: Record<string, { readonly name: string; readonly make: (seed: number) => SimulatedTarget }> = {
  cluster: { name: 'the simulated cluster', make: (seed) => new ClusterTarget(seed) },
  store: { name: 'the MVCC store', make: () => new MvccTarget() },
};
const target = targets[TARGET];
if (target === undefined) throw new Error(`KYB_ETCD_DIFF_TARGET: Unsupported value: ${JSON.stringify(TARGET)}: supported values: "cluster", "store"`);

let etcd: EtcdServer | undefined;

test.before(async () => {
  etcd = await startEtcd(process.env.KYB_ETCD_BINARY ?? 'etcd');
});

test.after.always(async () => {
  await etcd?.stop();
});

function report(d: Disagreement): string {
  return [
    `sequence ${d.sequence} (seed ${d.seed}, base seed ${BASE_SEED}), history line ${d.op}:`,
    `  subject:   ${d.subject}`,
    `  simulated: ${show(d.sim)}`,
    `  etcd:      ${show(d.real)}`,
    ...(d.note === undefined ? [] : [`  note:      ${d.note}`]),
    `  (revisions relative to the sequence start; keys without the sequence prefix)`,
    `  the history before it:`,
    ...d.history.map((c, j) => `    ${j}: ${c}`),
  ].join('\n');
}

// Ten serial tests of a tenth of the sequences each, so that ava's timeout (which restarts at every
// finished test) sees progress even when the machine is busy with the rest of the suite.
const CHUNKS = Math.min(10, SEQUENCES);
const kinds = new Map<string, number>();
const watches: WatchTally = { compared: 0, events: 0, compacted: 0, refused: 0, closedEarly: 0 };
let disagreed = 0;
/** The last sequence's watch comparison, still running while the next sequence starts. */
let previous: Promise<unknown> = Promise.resolve();
const started = performance.now();

for (let chunk = 0; chunk < CHUNKS; chunk++) {
  const from = Math.floor((chunk * SEQUENCES) / CHUNKS);
  const to = Math.floor(((chunk + 1) * SEQUENCES) / CHUNKS);
  test.serial(`${target.name} answers as a real etcd does, field for field: sequences ${from}–${to - 1}`, async (t) => {
    t.timeout(120_000);
    const url = etcd!.url;
    if (chunk === 0) t.log(`etcd ${etcd!.version} at ${url}; base seed ${BASE_SEED}; ${SEQUENCES} sequences of ${OPS} operations against ${target.name}`);
    const disagreements: Disagreement[] = [];
    const settling: Promise<void>[] = [];
    for (let i = from; i < to; i++) {
      const r = await runSequence(url, BASE_SEED, i, OPS, { previous, target: target.make });
      for (const [k, n] of r.kinds) kinds.set(k, (kinds.get(k) ?? 0) + n);
      if (r.disagreement) disagreements.push(r.disagreement);
      previous = r.watches;
      settling.push(
        r.watches.then((w) => {
          for (const k of Object.keys(watches) as (keyof WatchTally)[]) watches[k] += w.tally[k];
          if (w.disagreement) disagreements.push(w.disagreement);
        }),
      );
    }
    await Promise.all(settling);
    disagreed += disagreements.length;
    for (const d of disagreements.slice(0, 3)) t.log(report(d));
    if (chunk === CHUNKS - 1) {
      const secs = ((performance.now() - started) / 1000).toFixed(1);
      const w = watches;
      t.log(
        `all chunks: ${secs} s, ${disagreed} sequences disagreed; operations: ${[...kinds].sort().map(([k, n]) => `${k} ${n}`).join(', ')}; ` +
          `watches compared ${w.compared} (${w.closedEarly} closed mid-sequence, ${w.compacted} compacted, ${w.refused} refused), events ${w.events}`,
      );
    }
    t.is(disagreements.length, 0, `${disagreements.length} of sequences ${from}–${to - 1} disagreed with etcd (logged above)`);
    // A run the size of the default one reaches every kind of watch outcome; one that does not
    // means the generator or the watch plumbing went quiet, and agreement would prove nothing.
    if (chunk === CHUNKS - 1 && SEQUENCES * OPS >= 2500 && disagreed === 0) {
      t.true(watches.events > 0 && watches.compacted > 0 && watches.refused > 0 && watches.closedEarly > 0, `watches compared: ${show(watches)}`);
    }
  });
}
