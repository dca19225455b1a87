// What a member keeps on its host's disk, and how it reads it back after a crash: a WAL of
// entries, hard states and markers where a follower's tail was replaced, the latest snapshot of
// its store, and a boot counter.
//
// Entries and hard states share one file, entries first, as etcd's WAL writes them: a crash keeps
// a prefix of a file's unsynced writes, so a hard state that survives never names a commit index
// or vote past entries that were lost with it.

import { type LogFile, logFile, type ValueFile, valueFile } from '../../../runtime/index.ts';
import type { Entry, HardState, Snapshot } from '../../../protocols/etcd/raft.ts';

/** What the log file holds: entries, hard states, and a marker where a follower's tail was replaced. */
export type LogRecord = { readonly entry: Entry } | { readonly truncateFrom: number } | { readonly hardState: HardState };

export const LOG: LogFile<LogRecord> = logFile<LogRecord>('raft/log');
export const SNAPSHOT: ValueFile<Snapshot> = valueFile<Snapshot>('raft/snapshot');
/** Counts the member's boots: proposals of an earlier boot are not this one's. */
export const BOOT: ValueFile<number> = valueFile<number>('member/boot');

/**
 * Replays one record onto the entries, which sit at their index less the first one's: a marker
 * past the end (after a snapshot install) leaves a hole that later entries follow.
 */
export function replayRecord(entries: Entry[], r: LogRecord): void {
  if ('truncateFrom' in r) entries.length = Math.max(0, r.truncateFrom - 1 - (entries[0] ? entries[0].index - 1 : 0));
  else if ('entry' in r) entries.push(r.entry);
}

/** The log's entries and the last hard state, as they stand after replaying every record in order. */
export function replayLog(records: readonly LogRecord[]): { entries: Entry[]; hardState: HardState | undefined } {
  const entries: Entry[] = [];
  let hardState: HardState | undefined;
  for (const r of records) {
    if ('hardState' in r) hardState = r.hardState;
    else replayRecord(entries, r);
  }
  return { entries, hardState };
}

/**
 * The log cut down to the entries after `upTo` (the index of a snapshot a completed fsync covers),
 * and its last hard state: what readDurable gives past that snapshot is unchanged. etcd purges the
 * WAL files a snapshot made old (--max-wals); without it the log held every entry since boot.
 * Entries at or below `upTo` go whatever their order (a member that installed a leader's snapshot
 * past its log's end has old entries, then those after the snapshot); undefined when nothing would
 * go, or when the entries kept would not follow on from `upTo` one by one.
 */
export function purgedLog(records: readonly LogRecord[], upTo: number): LogRecord[] | undefined {
  const { entries, hardState } = replayLog(records);
  const out: LogRecord[] = [];
  let dropped = 0;
  let next = upTo + 1;
  for (const e of entries) {
    if (e === undefined) continue;
    if (e.index <= upTo) {
      dropped++;
      continue;
    }
    if (e.index !== next) return undefined;
    next++;
    out.push({ entry: e });
  }
  if (dropped === 0) return undefined;
  if (hardState !== undefined) out.push({ hardState });
  return out;
}

/** What a disk read back gives: only what a snapshot does not already hold. */
export interface Durable {
  readonly hardState: HardState | undefined;
  readonly snapshot: Snapshot | undefined;
  readonly entries: Entry[];
}

/** The reads of a disk that a member's restart needs: an actor's DiskHandle, or a kernel's durable view. */
export interface DiskReader {
  get<T>(file: ValueFile<T>): T | undefined;
  records<T>(file: LogFile<T>): readonly T[];
}

export function readDurable(disk: DiskReader): Durable {
  const snapshot = disk.get(SNAPSHOT);
  const { entries, hardState } = replayLog(disk.records(LOG));
  return { hardState, snapshot, entries: entries.filter((e) => snapshot === undefined || e.index > snapshot.index) };
}
