// Follows an etcd member's files as far as they are synced, as wal.ts's readDurable reads them
// back (and as the member's restart uses them: the entries that follow on from the snapshot).
// Synced writes are never taken back, so each is read once.

import type { Disk } from '../../../runtime/kernel/index.ts';
import { LOG, type LogRecord, replayRecord, SNAPSHOT } from '../../../actors/etcd/member/wal.ts';
import type { Entry, HardState, Snapshot } from '../../../protocols/etcd/raft.ts';
import type { DurableView, LogView } from './types.ts';

export class DurableFollower {
  private logAt = 0;
  private snapAt = 0;
  /** The log file replayed as replayLog does it (a marker past the end leaves holes). */
  private records: Entry[] = [];
  /** No holes, and each entry follows the one before: the usable part is a plain slice. */
  private plain = true;
  private hardState: HardState | undefined;
  private snap: { index: number; term: number } | undefined;
  private view: DurableView = { hardState: undefined, log: { snapIndex: 0, snapTerm: 0, entries: [] } };

  read(disk: Disk | undefined): DurableView {
    if (disk === undefined) return this.view;
    const log = disk.synced(LOG.name) > this.logAt;
    const snap = disk.synced(SNAPSHOT.name) > this.snapAt;
    if (!log && !snap) return this.view;
    for (const w of disk.durableWrites(LOG.name, this.logAt)) {
      if (w.kind === 'put') {
        // A rewrite (the log purged up to a snapshot): its records are the whole file.
        this.records = [];
        this.plain = true;
        for (const r of (Array.isArray(w.value) ? w.value : []) as LogRecord[]) this.follow(r);
        continue;
      }
      this.follow(w.record as LogRecord);
    }
    this.logAt = disk.synced(LOG.name);
    for (const w of disk.durableWrites(SNAPSHOT.name, this.snapAt))
      if (w.kind === 'put') {
        const sn = w.value as Snapshot;
        this.snap = { index: sn.index, term: sn.term };
      }
    this.snapAt = disk.synced(SNAPSHOT.name);
    this.view = { hardState: this.hardState, log: this.usable() };
    return this.view;
  }

  private follow(r: LogRecord): void {
    if ('hardState' in r) {
      this.hardState = r.hardState;
      return;
    }
    const before = this.records.length;
    const last = this.records[before - 1];
    replayRecord(this.records, r);
    if ('truncateFrom' in r ? this.records.length > before : last !== undefined && r.entry.index !== last.index + 1) this.plain = false;
  }

  /** What a restart would take: the entries after the snapshot that follow on from it (readDurable, then createRaft). */
  private usable(): LogView {
    const base = this.snap?.index ?? 0;
    const at = { snapIndex: base, snapTerm: this.snap?.term ?? 0 };
    if (this.plain) {
      const first = this.records[0]?.index ?? base + 1;
      return { ...at, entries: first > base + 1 ? [] : first === base + 1 ? this.records : this.records.slice(base + 1 - first) };
    }
    const entries: Entry[] = [];
    for (const e of this.records.filter((x) => x.index > base)) if (e.index === base + entries.length + 1) entries.push(e);
    return { ...at, entries };
  }
}
