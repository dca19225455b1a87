// What a member keeps on its host's disk, and how it reads it back after a crash: the hard
// state, a WAL-like log of entries with markers where a follower's tail was replaced, the latest
// snapshot of its store, and a boot counter.

import type { Entry, HardState, Snapshot } from '../raft/types.ts';

export const LOG = 'raft/log';
export const HARD_STATE = 'raft/hardstate';
export const SNAPSHOT = 'raft/snapshot';
export const BOOT = 'member/boot';

/** What the log file holds: entries, and a marker where a follower's tail was replaced. */
export type LogRecord = { readonly entry: Entry } | { readonly truncateFrom: number };

/**
 * Replays one record onto the entries, which sit at their index less the first one's: a marker
 * past the end (after a snapshot install) leaves a hole that later entries follow.
 */
export function replayRecord(entries: Entry[], r: LogRecord): void {
  if ('truncateFrom' in r) entries.length = Math.max(0, r.truncateFrom - 1 - (entries[0] ? entries[0].index - 1 : 0));
  else entries.push(r.entry);
}

/** The log's entries as they stand after replaying every record in order. */
export function replayLog(records: readonly unknown[]): Entry[] {
  const entries: Entry[] = [];
  for (const r of records as LogRecord[]) replayRecord(entries, r);
  return entries;
}

/** What a disk read back gives: only what a snapshot does not already hold. */
export interface Durable {
  readonly hardState: HardState | undefined;
  readonly snapshot: Snapshot | undefined;
  readonly entries: Entry[];
}

export interface DiskReader {
  get(key: string): unknown;
  records(key: string): readonly unknown[];
}

export function readDurable(disk: DiskReader): Durable {
  const snapshot = disk.get(SNAPSHOT) as Snapshot | undefined;
  const entries = replayLog(disk.records(LOG)).filter((e) => snapshot === undefined || e.index > snapshot.index);
  return { hardState: disk.get(HARD_STATE) as HardState | undefined, snapshot, entries };
}
