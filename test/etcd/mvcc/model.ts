// A deliberately naive reference for the property tests: the log of every write ever made, and
// the state at a revision computed by replaying the log up to it. It shares no code with the
// store, so agreement between the two means something.

import type { KeyValue } from '../../../protocols/etcd/kv.ts';

export type ModelOp =
  | { type: 'put'; key: string; value: string }
  | { type: 'delete'; key: string; rangeEnd: string }
  | { type: 'range'; key: string; rangeEnd: string; revision: number; limit: number }
  | { type: 'txn'; compare: ModelCompare; success: ModelTxnOp[]; failure: ModelTxnOp[] }
  | { type: 'compact'; revision: number };

export type ModelTxnOp = Extract<ModelOp, { type: 'put' | 'delete' | 'range' }>;

export interface ModelCompare {
  target: 'VERSION' | 'CREATE' | 'MOD' | 'VALUE';
  result: 'EQUAL' | 'NOT_EQUAL' | 'LESS' | 'GREATER';
  key: string;
  operand: number | string;
}

/** One change as etcd logs it: a put's new key-value, or a delete's tombstone (value null). */
export interface Change {
  rev: number;
  key: string;
  value: string | null;
}

export class Model {
  rev = 1;
  compactRev = -1;
  readonly log: Change[] = [];

  /** The key-values live at `rev`, by key. */
  stateAt(rev: number): Map<string, KeyValue> {
    const state = new Map<string, KeyValue>();
    for (const c of this.log) {
      if (c.rev > rev) break;
      apply(state, c);
    }
    return state;
  }

  /** [key, end) as etcd reads a client's range end. */
  static inRange(k: string, key: string, rangeEnd: string): boolean {
    if (rangeEnd === '') return k === key;
    if (rangeEnd === '\0') return k >= key;
    return k >= key && k < rangeEnd;
  }

  /** Sorted live key-values of a range at `rev`. */
  rangeAt(key: string, rangeEnd: string, rev: number): KeyValue[] {
    return [...this.stateAt(rev).values()].filter((kv) => Model.inRange(kv.key, key, rangeEnd)).sort((a, b) => (a.key < b.key ? -1 : 1));
  }

  /** The events a watch on [key, rangeEnd) from `from` would see: [type, key, rev] in log order. */
  eventsSince(key: string, rangeEnd: string, from: number): [string, string, number][] {
    return this.log.filter((c) => c.rev >= from && Model.inRange(c.key, key, rangeEnd)).map((c) => [c.value === null ? 'DELETE' : 'PUT', c.key, c.rev]);
  }
}

function apply(state: Map<string, KeyValue>, c: Change): void {
  if (c.value === null) {
    state.delete(c.key);
    return;
  }
  const old = state.get(c.key);
  state.set(c.key, {
    key: c.key,
    value: c.value,
    createRevision: old ? old.createRevision : c.rev,
    modRevision: c.rev,
    version: (old?.version ?? 0) + 1,
    lease: 0,
  });
}

export type ModelResult = { error: string } | { ok: unknown };

/** Runs one op on the model and answers what etcd would, in the store's response shapes. */
export function step(m: Model, op: ModelOp): ModelResult {
  switch (op.type) {
    case 'range':
      return rangeStep(m, op, m.rev, m.stateAt.bind(m));
    case 'compact':
      if (op.revision <= m.compactRev) return { error: 'etcdserver: mvcc: required revision has been compacted' };
      if (op.revision > m.rev) return { error: 'etcdserver: mvcc: required revision is a future revision' };
      m.compactRev = op.revision;
      return { ok: { header: { revision: m.rev } } };
    case 'put':
    case 'delete': {
      const w = new Writer(m);
      const r = w.run(op);
      w.commit();
      return { ok: r };
    }
    case 'txn': {
      if (conflicts(op.success) || conflicts(op.failure)) return { error: 'etcdserver: duplicate key given in txn request' };
      const before = m.stateAt(m.rev);
      const succeeded = holds(op.compare, before);
      const ops = succeeded ? op.success : op.failure;
      for (const o of ops) {
        if (o.type !== 'range' || o.revision === 0) continue;
        if (o.revision > m.rev) return { error: 'etcdserver: mvcc: required revision is a future revision' };
        if (o.revision < m.compactRev) return { error: 'etcdserver: mvcc: required revision has been compacted' };
      }
      const w = new Writer(m);
      const responses = ops.map((o) => ({ type: o.type === 'delete' ? 'deleteRange' : o.type, ...(w.run(o) as object) }));
      const revision = w.readRev();
      w.commit();
      return { ok: { header: { revision }, succeeded, responses } };
    }
  }
}

/** A write transaction on the model: changes staged at rev + 1, reads through them. */
class Writer {
  private readonly staged: Change[] = [];
  constructor(private readonly m: Model) {}

  readRev(): number {
    return this.m.rev + (this.staged.length > 0 ? 1 : 0);
  }

  private view = (rev: number): Map<string, KeyValue> => {
    const state = this.m.stateAt(Math.min(rev, this.m.rev));
    if (rev > this.m.rev) for (const c of this.staged) apply(state, c);
    return state;
  };

  run(op: ModelTxnOp): unknown {
    const next = this.m.rev + 1;
    switch (op.type) {
      case 'range': {
        const r = rangeStep(this.m, op, this.readRev(), this.view);
        if ('error' in r) throw new Error(`model: unexpected ${r.error}`);
        return r.ok;
      }
      case 'put':
        this.staged.push({ rev: next, key: op.key, value: op.value });
        return { header: { revision: next } };
      case 'delete': {
        const live = [...this.view(this.readRev()).keys()].filter((k) => Model.inRange(k, op.key, op.rangeEnd)).sort();
        for (const k of live) this.staged.push({ rev: next, key: k, value: null });
        const revision = this.staged.length > 0 ? next : this.m.rev;
        return { header: { revision }, deleted: live.length, prevKvs: [] };
      }
    }
  }

  commit(): void {
    if (this.staged.length === 0) return;
    this.m.log.push(...this.staged);
    this.m.rev++;
  }
}

function rangeStep(
  m: Model,
  op: { key: string; rangeEnd: string; revision: number; limit: number },
  cur: number,
  stateAt: (rev: number) => Map<string, KeyValue>,
): ModelResult {
  let rev = op.revision;
  if (rev > cur) return { error: 'etcdserver: mvcc: required revision is a future revision' };
  if (rev <= 0) rev = cur;
  if (rev < m.compactRev) return { error: 'etcdserver: mvcc: required revision has been compacted' };
  const all = [...stateAt(rev).values()].filter((kv) => Model.inRange(kv.key, op.key, op.rangeEnd)).sort((a, b) => (a.key < b.key ? -1 : 1));
  const kvs = op.limit > 0 ? all.slice(0, op.limit) : all;
  return { ok: { header: { revision: cur }, kvs, more: kvs.length < all.length, count: all.length } };
}

function holds(c: ModelCompare, state: Map<string, KeyValue>): boolean {
  const kv = state.get(c.key);
  if (!kv && c.target === 'VALUE') return false;
  const field = { VERSION: kv?.version ?? 0, CREATE: kv?.createRevision ?? 0, MOD: kv?.modRevision ?? 0, VALUE: kv?.value ?? '' }[c.target];
  const r = field < c.operand ? -1 : field > c.operand ? 1 : 0;
  return { EQUAL: r === 0, NOT_EQUAL: r !== 0, LESS: r < 0, GREATER: r > 0 }[c.result];
}

/** The duplicate-key rule for a flat list of ops: two puts of a key, or a put inside a delete. */
function conflicts(ops: readonly ModelTxnOp[]): boolean {
  const puts = ops.filter((o) => o.type === 'put').map((o) => o.key);
  if (new Set(puts).size !== puts.length) return true;
  // A delete's range end is taken as given there: "\0" spans nothing.
  return ops.some((d) => d.type === 'delete' && puts.some((k) => (d.rangeEnd === '' ? k === d.key : d.key <= k && k < d.rangeEnd)));
}
