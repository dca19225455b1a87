// Item 7 of the etcd issue, "Against a real etcd": the same random single-client sequences of
// put, deleteRange, range, txn and compact run on the simulated MVCC store and on a real etcd
// (Debian's etcd-server, 3.4.x, spawned here on loopback), and every field etcd defines must
// match. Reproduce a failure with the seed it prints:
//   KYB_ETCD_DIFF_SEED=<seed> KYB_ETCD_DIFF_SEQUENCES=<n> npx ava test/etcd/differential/
// (sequence i uses the seed derived from the base seed and i, so the whole run is reproducible).

import test from 'ava';
import { MvccStore, toBase64, type StoreCommand } from '../../../actors/etcd/mvcc/index.ts';
import { startEtcd, type EtcdServer } from './etcd-server.ts';
import { canonSim, genCommand, Rng, runReal, show, type Canon, type Frame, type GenState } from './sequence.ts';

const BASE_SEED = Number(process.env.KYB_ETCD_DIFF_SEED ?? 0x6b7962) >>> 0;
const SEQUENCES = Number(process.env.KYB_ETCD_DIFF_SEQUENCES ?? 100);
const OPS = Number(process.env.KYB_ETCD_DIFF_OPS ?? 50);

let etcd: EtcdServer | undefined;

test.before(async () => {
  etcd = await startEtcd(process.env.KYB_ETCD_BINARY ?? 'etcd');
});

test.after.always(async () => {
  await etcd?.stop();
});

export function sequenceSeed(base: number, i: number): number {
  return (base ^ Math.imul(i + 1, 0x9e3779b9)) >>> 0;
}

interface Disagreement {
  readonly sequence: number;
  readonly seed: number;
  readonly op: number;
  readonly history: readonly StoreCommand[];
  readonly command: StoreCommand;
  readonly sim: Canon;
  readonly real: Canon;
}

async function runSequence(url: string, i: number): Promise<{ disagreement?: Disagreement; kinds: Map<string, number> }> {
  const seed = sequenceSeed(BASE_SEED, i);
  const rng = new Rng(seed);
  const store = new MvccStore({ keepTombstoneAtCompactRevision: false });
  // The marker write gives this sequence its base revision; its key lies outside every prefix.
  const marker = (await (
    await fetch(`${url}/v3/kv/put`, {
      method: 'POST',
      body: JSON.stringify({ key: toBase64('marker'), value: toBase64(String(seed)) }),
      signal: AbortSignal.timeout(10_000),
    })
  ).json()) as { header: { revision: string } };
  const frame: Frame = { prefix: `seq/${BASE_SEED}/${i}/`, offset: Number(marker.header.revision) - 1 };
  const st: GenState = { revision: store.revision, compacted: 0 };
  const history: StoreCommand[] = [];
  const kinds = new Map<string, number>();
  let last: Disagreement | undefined;
  for (let op = 0; op < OPS; op++) {
    const command = genCommand(rng, st);
    if (!(await step(command))) return { disagreement: last!, kinds };
  }
  // Then the whole history that compaction left: the sequence's keyspace at every revision.
  for (let r = Math.max(1, store.compactRevision); r <= store.revision; r++) {
    if (!(await step({ type: 'range', key: '\x01', rangeEnd: '\xff', revision: r }))) return { disagreement: last!, kinds };
  }
  return { kinds };

  async function step(command: StoreCommand): Promise<boolean> {
    const sim = canonSim(command, store);
    const real = await runReal(url, frame, command);
    const kind = `${command.type}${sim !== null && typeof sim === 'object' && 'error' in sim ? ' (error)' : ''}`;
    kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
    if (JSON.stringify(sim) !== JSON.stringify(real)) {
      last = { sequence: i, seed, op: history.length, history, command, sim, real };
      return false;
    }
    history.push(command);
    st.revision = store.revision;
    st.compacted = Math.max(0, store.compactRevision);
    return true;
  }
}

function report(d: Disagreement): string {
  return [
    `sequence ${d.sequence} (seed ${d.seed}, base seed ${BASE_SEED}), operation ${d.op}:`,
    `  command:   ${show(d.command)}`,
    `  simulated: ${show(d.sim)}`,
    `  etcd:      ${show(d.real)}`,
    `  (revisions relative to the sequence start; keys without the sequence prefix)`,
    `  the operations before it:`,
    ...d.history.map((c, j) => `    ${j}: ${show(c)}`),
  ].join('\n');
}

// Ten serial tests of a tenth of the sequences each, so that ava's timeout (which restarts at every
// finished test) sees progress even when the machine is busy with the rest of the suite.
const CHUNKS = Math.min(10, SEQUENCES);
const kinds = new Map<string, number>();
let disagreed = 0;
const started = performance.now();

for (let chunk = 0; chunk < CHUNKS; chunk++) {
  const from = Math.floor((chunk * SEQUENCES) / CHUNKS);
  const to = Math.floor(((chunk + 1) * SEQUENCES) / CHUNKS);
  test.serial(`the MVCC store answers as a real etcd does, field for field: sequences ${from}–${to - 1}`, async (t) => {
    t.timeout(120_000);
    const url = etcd!.url;
    if (chunk === 0) t.log(`etcd ${etcd!.version} at ${url}; base seed ${BASE_SEED}; ${SEQUENCES} sequences of ${OPS} operations`);
    const disagreements: Disagreement[] = [];
    for (let i = from; i < to; i++) {
      const r = await runSequence(url, i);
      for (const [k, n] of r.kinds) kinds.set(k, (kinds.get(k) ?? 0) + n);
      if (r.disagreement) disagreements.push(r.disagreement);
    }
    disagreed += disagreements.length;
    for (const d of disagreements.slice(0, 3)) t.log(report(d));
    if (chunk === CHUNKS - 1) {
      const secs = ((performance.now() - started) / 1000).toFixed(1);
      t.log(`all chunks: ${secs} s, ${disagreed} sequences disagreed; operations: ${[...kinds].sort().map(([k, n]) => `${k} ${n}`).join(', ')}`);
    }
    t.is(disagreements.length, 0, `${disagreements.length} of sequences ${from}–${to - 1} disagreed with etcd (logged above)`);
  });
}
