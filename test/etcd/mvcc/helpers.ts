// Shared shorthands for the MVCC store tests.

import type { ExecutionContext } from 'ava';
import { EtcdError, MvccStore, type StoreOptions } from '../../../actors/etcd/mvcc/index.ts';
import type { KeyValue, WatchResponse } from '../../../protocols/etcd/kv.ts';

export function store(options?: StoreOptions): MvccStore {
  return new MvccStore(options);
}

/** A full KeyValue with etcd's defaults for the fields not given. */
export function kv(key: string, value: string, createRevision: number, modRevision: number, version: number, lease = 0): KeyValue {
  return { key, value, createRevision, modRevision, version, lease };
}

/** The kv a DELETE event carries: key and mod_revision only. */
export function tomb(key: string, modRevision: number): KeyValue {
  return { key, value: '', createRevision: 0, modRevision, version: 0, lease: 0 };
}

/** Asserts that `fn` throws the etcd error with exactly this message (and its gRPC code). */
export function throwsEtcd(t: ExecutionContext, fn: () => unknown, message: string): void {
  const e = t.throws(fn, { instanceOf: EtcdError });
  t.is(e?.message, message);
}

/** The watch responses queued since the last call, without the stream wrapper. */
export function responses(s: MvccStore): WatchResponse[] {
  return s.takeWatchResponses().map((d) => d.response);
}

/** Only the event-carrying responses: [headerRevision, [type, key, modRevision]...]. */
export function eventsOf(rs: readonly WatchResponse[]): [number, number, [string, string, number][]][] {
  return rs.filter((r) => r.events.length > 0).map((r) => [r.watchId, r.header.revision, r.events.map((e) => [e.type, e.kv.key, e.kv.modRevision])]);
}
