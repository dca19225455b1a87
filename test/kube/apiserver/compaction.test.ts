// The apiserver's etcd compactor (shell/compaction.ts) against the MVCC store the members
// replicate: history stays one to two intervals deep however long the cluster runs, with one
// compaction per interval between replicas, and another replica takes over when one stops.

import test from 'ava';
import { runScenario } from '../../../scenarios/runner.ts';
import { defineScenario } from '../../../scenarios/scenario.ts';
import { applyCommand } from '../../../actors/etcd/mvcc/commands.ts';
import { MvccStore } from '../../../actors/etcd/mvcc/store.ts';
import { compactorState, compactTxn, onCompactTxn, type CompactorState } from '../../../actors/kube-apiserver/shell/compaction.ts';
import type { TxnResponse } from '../../../protocols/etcd/kv.ts';

function round(store: MvccStore, c: CompactorState): number | undefined {
  const r = applyCommand(store, compactTxn(c));
  if (!r.ok) throw new Error(r.error.message);
  const rev = onCompactTxn(c, r.response as TxnResponse);
  if (rev !== undefined) applyCommand(store, { type: 'compact', revision: rev });
  return rev;
}

const WRITES = 100;
/** An interval's writes: a Lease renewed, as an idle cluster does. */
function interval(store: MvccStore): void {
  for (let i = 0; i < WRITES; i++) store.put('/registry/leases/kube-node-lease/worker-1', `renewed ${i}`);
}

test('history stays within two intervals over 200 of them, one compaction per interval for two replicas', (t) => {
  const store = new MvccStore();
  const a = compactorState();
  const b = compactorState();
  let compactions = 0;
  for (let i = 0; i < 200; i++) {
    interval(store);
    for (const c of i % 2 === 0 ? [a, b] : [b, a]) if (round(store, c) !== undefined) compactions++;
    const current = store.range('\0', '\0', { countOnly: true }).header.revision;
    if (i >= 2) t.true(current - store.compactRevision <= 2 * (WRITES + 1), `interval ${i}: ${current - store.compactRevision} revisions kept`);
  }
  // No compaction at the first round (nothing to compact to), then one per interval.
  t.is(compactions, 199);
  // Compacted history answers as etcd does.
  const old = applyCommand(store, { type: 'range', key: '/registry/leases/kube-node-lease/worker-1', revision: 5 });
  t.false(old.ok);
});

test('a replica that lost the race takes over when the winner stops', (t) => {
  const store = new MvccStore();
  const a = compactorState();
  const b = compactorState();
  for (let i = 0; i < 5; i++) {
    interval(store);
    round(store, a);
    t.is(round(store, b), undefined);
  }
  const before = store.compactRevision;
  // a stops: b took on a's count when it lost, so its next round wins and compacts.
  interval(store);
  t.not(round(store, b), undefined);
  t.true(store.compactRevision > before);
});

// The compactor's key lies outside /registry: its write moves etcd's revision with no event in the
// caches' watch. A consistent read waits for the caches to reach etcd's revision; the replica asks
// etcd for a progress notification and the read is answered at once, not after a timeout.
test('after a compaction round in a cluster with no other writes, a consistent list is answered at once', async (t) => {
  const seen: { took: number[]; code?: number } = { took: [] };
  const run = await runScenario(
    defineScenario({
      name: 'quiet-compaction',
      description: '',
      setup: (s) => void s.cluster({ workers: 0, apiserverOnly: true }),
      script: async (s) => {
        // Past two rounds (5 and 10 minutes): the key written, then history compacted.
        for (const at of ['5m', '310s']) {
          await s.advance(at);
          const start = s.now();
          await s.kube.list('configmaps', { namespace: 'default' });
          seen.took.push(s.now() - start);
        }
      },
    }),
    { seed: 3 },
  );
  t.true(run.ok, JSON.stringify(run.expectations));
  t.is(seen.took.length, 2, 'both lists answered');
  for (const ms of seen.took) t.true(ms < 100, `a list took ${ms} ms of virtual time`);
});
