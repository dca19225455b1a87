// Watches as etcd 3.4 keeps them (mvcc/watchable_store.go, v3rpc/watch.go), without goroutines:
// each write hands its changes to `notify`, and every response a watch stream must carry is
// queued, in the order etcd would send it, until the shell takes it. A watch that starts in the
// past is caught up at once from the retained history (etcd does so from its sync loop within
// 100 ms), so there is never an unsynced watcher between two calls.

import type { Bytes } from '../../../protocols/etcd/kv.ts';
import { assertBytes } from './bytes.ts';
import { REASON_DUPLICATE_WATCH_ID, REASON_EMPTY_WATCH_RANGE } from './errors.ts';
import { type Entry, inRange, isTombstone, type RangeEnd, toRangeEnd } from './keyspace.ts';
import type { KeyValue, WatchCreateRequest, WatchEvent, WatchResponse } from '../../../protocols/etcd/kv.ts';

/** A response together with the watch stream that carries it. */
export interface WatchDelivery {
  readonly stream: string;
  readonly response: WatchResponse;
}

/** What the hub reads from the store. */
export interface WatchSource {
  readonly revision: number;
  readonly compactRevision: number;
  entriesSince(key: Bytes, end: RangeEnd, from: number): Entry[];
  /** The key's value at `rev` as a range would give it; undefined if absent or compacted. */
  valueAt(key: Bytes, rev: number): KeyValue | undefined;
}

interface Watcher {
  readonly stream: string;
  readonly id: number;
  readonly key: Bytes;
  readonly end: RangeEnd;
  /** The lowest revision whose events it has yet to be sent (etcd's minRev). */
  nextRev: number;
  readonly prevKv: boolean;
  readonly noPut: boolean;
  readonly noDelete: boolean;
  readonly progressNotify: boolean;
  /** No events sent since the last progress tick, so the next tick sends a progress response. */
  quiet: boolean;
  /**
   * Told its history was compacted away: it gets nothing more, but, as in etcd, its id stays
   * taken until the client cancels it.
   */
  compacted: boolean;
}

/** AutoWatchID and InvalidWatchID in clientv3. */
const AUTO_ID = 0;
const INVALID_ID = -1;

export class WatchHub {
  /** Sorted by stream, then id, which is the order responses to one write are queued in. */
  private watchers: Watcher[] = [];
  private readonly nextIds = new Map<string, number>();
  private queue: WatchDelivery[] = [];

  constructor(
    private readonly source: WatchSource,
    private readonly batchMaxRevs: number,
  ) {}

  /** Opens a watch; returns its id, or -1 when refused (the created response says why). */
  watch(stream: string, req: WatchCreateRequest): number {
    assertBytes(req.key, 'key');
    if (req.rangeEnd !== undefined) assertBytes(req.rangeEnd, 'rangeEnd');
    const key = req.key === '' ? '\0' : req.key;
    const end = toRangeEnd(req.rangeEnd);
    const current = this.source.revision;
    const refuse = (reason: string): number => {
      this.push(stream, response(current, INVALID_ID, { created: true, canceled: true, cancelReason: reason }));
      return INVALID_ID;
    };
    if (end !== null && end !== '' && key >= end) return refuse(REASON_EMPTY_WATCH_RANGE);
    let id = req.watchId ?? AUTO_ID;
    if (id === AUTO_ID) {
      let next = this.nextIds.get(stream) ?? 0;
      while (this.find(stream, next)) next++;
      id = next;
      this.nextIds.set(stream, next + 1);
    } else if (this.find(stream, id)) {
      return refuse(REASON_DUPLICATE_WATCH_ID);
    }
    const start = req.startRevision || current + 1;
    const filters = req.filters ?? [];
    const w: Watcher = {
      stream,
      id,
      key,
      end,
      nextRev: start,
      prevKv: !!req.prevKv,
      noPut: filters.includes('NOPUT'),
      noDelete: filters.includes('NODELETE'),
      progressNotify: !!req.progressNotify,
      quiet: true,
      compacted: false,
    };
    this.insert(w);
    this.push(stream, response(current, id, { created: true }));
    if (start <= current) this.catchUp(w);
    return id;
  }

  /** Cancels a watch; false (and nothing sent, as in etcd) when the stream has no such watch. */
  cancel(stream: string, id: number): boolean {
    const w = this.find(stream, id);
    if (!w) return false;
    this.remove(w);
    this.push(stream, response(this.source.revision, id, { canceled: true }));
    return true;
  }

  /** Forgets a stream's watches and whatever was still queued for it. */
  closeStream(stream: string): void {
    this.watchers = this.watchers.filter((w) => w.stream !== stream);
    this.nextIds.delete(stream);
    this.queue = this.queue.filter((d) => d.stream !== stream);
  }

  /** A client's progress request (etcd 3.4): one response for the stream, watch id -1. */
  requestProgress(stream: string): void {
    this.push(stream, response(this.source.revision, INVALID_ID, {}));
  }

  /**
   * The periodic progress report (every 10 minutes in etcd, the shell's timer here): each
   * progress-notify watch that was sent no events since the last tick gets an empty response.
   */
  progressTick(): void {
    for (const w of this.watchers) {
      if (!w.progressNotify || w.compacted) continue;
      if (w.quiet) this.push(w.stream, response(this.source.revision, w.id, {}));
      w.quiet = true;
    }
  }

  /** Called after every write that changed something, with its changes in the order made. */
  notify(rev: number, changes: readonly KeyValue[]): void {
    for (const w of this.watchers) {
      if (w.compacted || w.nextRev > rev) continue;
      const mine = changes.filter((kv) => inRange(kv.key, w.key, w.end));
      w.nextRev = rev + 1;
      if (mine.length > 0) this.send(w, rev, mine);
    }
  }

  /**
   * After the store was replaced by a snapshot: every watch picks up from where it was, failing
   * as compacted if the snapshot no longer holds that history.
   */
  resync(): void {
    for (const w of this.watchers) if (!w.compacted && w.nextRev <= this.source.revision) this.catchUp(w);
  }

  /** Everything queued since the last call, in send order. */
  take(): WatchDelivery[] {
    const out = this.queue;
    this.queue = [];
    return out;
  }

  /** The open watches, for inspection. */
  list(): { stream: string; id: number; key: Bytes; rangeEnd: Bytes | undefined; nextRevision: number; compacted: boolean }[] {
    return this.watchers.map((w) => ({
      stream: w.stream,
      id: w.id,
      key: w.key,
      rangeEnd: w.end === null ? undefined : w.end === '' ? '\0' : w.end,
      nextRevision: w.nextRev,
      compacted: w.compacted,
    }));
  }

  private catchUp(w: Watcher): void {
    const current = this.source.revision;
    const compactRev = this.source.compactRevision;
    if (w.nextRev < compactRev) {
      // etcd 3.4 sends this response with no header revision.
      w.compacted = true;
      this.push(w.stream, response(0, w.id, { compactRevision: compactRev, canceled: compactRev !== 0 }));
      return;
    }
    const entries = this.source.entriesSince(w.key, w.end, w.nextRev);
    w.nextRev = current + 1;
    // Unsynced watchers get at most batchMaxRevs revisions per response, all headed with the
    // revision the catch-up read at.
    let batch: KeyValue[] = [];
    let revs = 0;
    for (const { kv } of entries) {
      const last = batch[batch.length - 1];
      if (!last || kv.modRevision > last.modRevision) {
        if (revs === this.batchMaxRevs) {
          this.send(w, current, batch);
          batch = [];
          revs = 0;
        }
        revs++;
      }
      batch.push(kv);
    }
    if (batch.length > 0) this.send(w, current, batch);
  }

  private send(w: Watcher, headerRev: number, kvs: readonly KeyValue[]): void {
    const events: WatchEvent[] = [];
    for (const kv of kvs) {
      const type = isTombstone(kv) ? 'DELETE' : 'PUT';
      if ((type === 'PUT' && w.noPut) || (type === 'DELETE' && w.noDelete)) continue;
      // A creation has no previous value to look up (v3rpc's isCreateEvent).
      const prev = w.prevKv && !(type === 'PUT' && kv.createRevision === kv.modRevision) ? this.source.valueAt(kv.key, kv.modRevision - 1) : undefined;
      events.push(prev ? { type, kv, prevKv: prev } : { type, kv });
    }
    // Everything filtered out: etcd sends nothing at all.
    if (events.length === 0) return;
    w.quiet = false;
    this.push(w.stream, response(headerRev, w.id, { events }));
  }

  private push(stream: string, r: WatchResponse): void {
    this.queue.push({ stream, response: r });
  }

  private find(stream: string, id: number): Watcher | undefined {
    return this.watchers.find((w) => w.stream === stream && w.id === id);
  }

  private insert(w: Watcher): void {
    const at = this.watchers.findIndex((o) => o.stream > w.stream || (o.stream === w.stream && o.id > w.id));
    this.watchers.splice(at < 0 ? this.watchers.length : at, 0, w);
  }

  private remove(w: Watcher): void {
    this.watchers = this.watchers.filter((o) => o !== w);
  }
}

function response(revision: number, watchId: number, fields: Partial<Omit<WatchResponse, 'header' | 'watchId'>>): WatchResponse {
  return {
    header: { revision },
    watchId,
    created: false,
    canceled: false,
    compactRevision: 0,
    cancelReason: '',
    events: [],
    ...fields,
  };
}
