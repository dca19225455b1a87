// Ranges over several keys are outside the per-key linearizability model; they are checked by
// revision instead, since etcd orders every write by its revision: a range answered at revision R
// must show exactly the store at R, R must not be older than any answer that came back before
// the range was asked, and no write asked after the range came back may be at or below R.

import type { MvccStore } from '../../../actors/etcd/mvcc/index.ts';

export interface RangeRecord {
  readonly client: number;
  readonly input: { readonly op: string; readonly key: string; readonly rangeEnd?: string };
  readonly call: number;
  readonly return?: number;
  readonly revision?: number;
  readonly kvs?: readonly (readonly [string, string])[];
}

/** The first range that breaks the rules, described; null when every range is consistent. */
export function checkRanges(history: readonly RangeRecord[], store: MvccStore): string | null {
  const answered = history.filter((o) => o.revision !== undefined && o.return !== undefined);
  for (const r of answered) {
    if (r.input.op !== 'range' || r.kvs === undefined) continue;
    const at = r.revision!;
    const name = `client ${r.client}'s range [${r.input.key}, ${r.input.rangeEnd}) at revision ${at} (called ${r.call.toFixed(1)}ms)`;
    for (const o of answered) {
      if (o.return! < r.call && o.revision! > at) return `${name} is older than revision ${o.revision} that client ${o.client}'s ${o.input.op} saw before it was called`;
      // A put always makes a new revision (a delete or a failed cas may not).
      if (o.call > r.return! && o.input.op === 'put' && o.revision! <= at) return `${name} is newer than client ${o.client}'s ${o.input.op} at ${o.revision}, called after it returned`;
    }
    if (at < store.compactRevision) continue;
    const truth = store.range(r.input.key, r.input.rangeEnd, { revision: at }).kvs.map((kv) => [kv.key, kv.value] as const);
    if (JSON.stringify(truth) !== JSON.stringify(r.kvs)) return `${name} answered ${JSON.stringify(r.kvs)}, but the store at that revision holds ${JSON.stringify(truth)}`;
  }
  return null;
}
