// A host's disk: writes land in a page cache and become durable on fsync. On a crash the unsynced
// tail of each file survives only in part: the seed chooses how many of its writes remain.

import type { LogFile, ValueFile } from '../files.ts';
import type { Rng } from '../random.ts';

type Op = { readonly kind: 'append'; readonly record: unknown } | { readonly kind: 'put'; readonly value: unknown };

/** One write, as a reader following a file sees it. */
export type DiskWrite = Op;

/** Reads of a disk's typed files, with the same meaning as an actor's DiskHandle reads. */
export interface DiskView {
  get<T>(file: ValueFile<T>): T | undefined;
  records<T>(file: LogFile<T>): T[];
}

interface File {
  /** The writes from the `dropped`-th on: ops[i] is write dropped + i. */
  ops: Op[];
  /**
   * Writes no read can reach any more, let go: those before a durable put, which replaces all
   * before it and which a crash cannot take back. Counts (synced, marks) stay in writes since the
   * file began.
   */
  dropped: number;
  /** Writes [0, synced) are durable. */
  synced: number;
  /** The write number of the file's last put (-1: none): what `dropBeforeLastPut` looks for, without a scan per fsync. */
  lastPut: number;
}

export class Disk {
  private readonly files = new Map<string, File>();

  constructor(readonly host: string) {}

  private file(name: string): File {
    let f = this.files.get(name);
    if (!f) this.files.set(name, (f = { ops: [], dropped: 0, synced: 0, lastPut: -1 }));
    return f;
  }

  /** Appends one record to the file. */
  append(name: string, record: unknown): void {
    this.file(name).ops.push({ kind: 'append', record: copyData(record) });
  }

  /** Replaces the whole content of the file. */
  put(name: string, value: unknown): void {
    const f = this.file(name);
    f.lastPut = f.dropped + f.ops.length;
    f.ops.push({ kind: 'put', value: copyData(value) });
  }

  /** The records of an appended file, as this host sees them (its own unsynced writes included). */
  records(name: string): unknown[] {
    return this.recordsTo(name, Infinity);
  }

  /** The last value put, if any. */
  get(name: string): unknown {
    return this.getTo(name, Infinity);
  }

  private recordsTo(name: string, end: number): unknown[] {
    const out: unknown[] = [];
    const f = this.files.get(name);
    const ops = f?.ops ?? [];
    const stop = Math.min(end - (f?.dropped ?? 0), ops.length);
    for (let i = 0; i < stop; i++) {
      const op = ops[i]!;
      if (op.kind === 'put') {
        // A log file's put (a rewrite) holds its records; any other value leaves it empty.
        out.length = 0;
        if (Array.isArray(op.value)) for (const r of op.value) out.push(copyData(r));
      } else out.push(copyData(op.record));
    }
    return out;
  }

  private getTo(name: string, end: number): unknown {
    const f = this.files.get(name);
    const ops = f?.ops ?? [];
    for (let i = Math.min(end - (f?.dropped ?? 0), ops.length) - 1; i >= 0; i--) {
      const op = ops[i]!;
      if (op.kind === 'put') return copyData(op.value);
    }
    return undefined;
  }

  /**
   * The disk as the worst crash would leave it: synced writes only. A crash may keep more (a
   * prefix of the unsynced tail), never less, so this is what anything durable may rely on.
   */
  durable(): DiskView {
    // The files hold what their typed writers put there: the types are the writers' word.
    return {
      get: <T>(file: ValueFile<T>) => this.getTo(file.name, this.synced(file.name)) as T | undefined,
      records: <T>(file: LogFile<T>) => this.recordsTo(file.name, this.synced(file.name)) as T[],
    };
  }

  /**
   * How many writes to the file are durable. Synced writes are never taken back (a crash only
   * cuts the unsynced tail), so this only grows and a reader can follow a file with it.
   */
  synced(name: string): number {
    return this.files.get(name)?.synced ?? 0;
  }

  /**
   * The durable writes [from, synced(name)) of a file, in order. Not copies (a reader following
   * every write of a run would copy each whole store snapshot): read them, never change them.
   * Writes before a durable put may be gone: a reader that had not got that far gets the writes
   * from that put on, which replaces them all.
   */
  durableWrites(name: string, from: number): readonly DiskWrite[] {
    const f = this.files.get(name);
    return f ? f.ops.slice(Math.max(0, from - f.dropped), f.synced - f.dropped) : [];
  }

  fileNames(): string[] {
    return [...this.files.keys()].sort();
  }

  /** Marks everything written so far as to be durable; returns the marks to commit later. */
  syncPoint(): Map<string, number> {
    return new Map([...this.files].map(([name, f]) => [name, f.dropped + f.ops.length]));
  }

  /** Makes the writes up to the marks durable (the fsync completed). */
  commit(marks: Map<string, number>): void {
    for (const [name, n] of marks) {
      const f = this.files.get(name);
      if (f && n > f.synced) {
        f.synced = Math.min(n, f.dropped + f.ops.length);
        dropBeforeLastPut(f);
      }
    }
  }

  /** Writes not yet durable, per file. */
  unsynced(name: string): number {
    const f = this.files.get(name);
    return f ? f.dropped + f.ops.length - f.synced : 0;
  }

  /** A crash: each file keeps its synced writes and a seeded prefix of the unsynced ones. */
  crash(rng: Rng): { file: string; kept: number; lost: number }[] {
    const report: { file: string; kept: number; lost: number }[] = [];
    for (const name of this.fileNames()) {
      const f = this.files.get(name)!;
      const tail = f.dropped + f.ops.length - f.synced;
      if (tail === 0) continue;
      const kept = rng.int(tail + 1);
      f.ops.length = f.synced - f.dropped + kept;
      f.synced = f.dropped + f.ops.length;
      if (f.lastPut >= f.synced) f.lastPut = lastPutOf(f);
      dropBeforeLastPut(f);
      report.push({ file: name, kept, lost: tail - kept });
    }
    return report;
  }
}

/**
 * Lets go of the writes before the file's last durable put: every read (records, get, the durable
 * view) starts over at a put, so none reaches them, and a crash only cuts writes after `synced`.
 * Without it a disk kept every write since boot: each etcd snapshot (a whole store) ever put.
 */
function dropBeforeLastPut(f: File): void {
  // Only the last put, once durable: an earlier one would do too, but letting go is only a saving
  // and the next fsync reaches the last.
  if (f.lastPut <= f.dropped || f.lastPut >= f.synced) return;
  const i = f.lastPut - f.dropped;
  f.ops.splice(0, i);
  f.dropped += i;
}

/** The write number of the last put still in the file (-1: none): after a crash cut the writes. */
function lastPutOf(f: File): number {
  for (let i = f.ops.length - 1; i >= 0; i--) if (f.ops[i]!.kind === 'put') return f.dropped + i;
  return -1;
}

/** Deeper than any record's tree: a cycle, which structuredClone handles. */
const MAX_DEPTH = 100;
const TOO_DEEP = Symbol('too deep');

/**
 * What structuredClone gives, for the plain data writers store, at a fraction of its cost: strings
 * cannot change, so they are shared rather than serialized and copied, and only objects and arrays
 * are copied. Anything else (Map, Date, class instances, ...) and cycles go to structuredClone.
 * Unlike it, an object reached twice within one value becomes two copies: records are trees.
 */
export function copyData(v: unknown): unknown {
  try {
    return copyTree(v, 0);
  } catch (e) {
    if (e === TOO_DEEP) return structuredClone(v);
    throw e;
  }
}

function copyTree(v: unknown, depth: number): unknown {
  if (typeof v !== 'object' || v === null) return typeof v === 'function' || typeof v === 'symbol' ? structuredClone(v) : v;
  if (depth > MAX_DEPTH) throw TOO_DEEP;
  const proto: unknown = Object.getPrototypeOf(v);
  if (proto === Array.prototype) return (v as unknown[]).map((x) => copyTree(x, depth + 1));
  if (proto !== Object.prototype) return structuredClone(v);
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v)) {
    const x = copyTree((v as Record<string, unknown>)[k], depth + 1);
    // Assigning '__proto__' would set the prototype instead of a property.
    if (k === '__proto__') Object.defineProperty(out, k, { value: x, writable: true, enumerable: true, configurable: true });
    else out[k] = x;
  }
  return out;
}
