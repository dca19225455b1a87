// The simulated side of the differential test, behind the few calls the test makes of it, so that
// a whole simulated cluster (cluster-target.ts) can stand where the lone MVCC store stands. Every
// call is asynchronous because a cluster answers only after its virtual time has run.

import { applyCommand, MvccStore } from '../../../actors/etcd/mvcc/index.ts';
import type { StoreCommand, StoreResult, WatchCreateRequest, WatchResponse } from '../../../protocols/etcd/kv.ts';

/** A watch response with the handle of the watch whose stream carries it. */
export interface TargetWatchResponse {
  readonly watch: number;
  readonly response: WatchResponse;
}

export interface SimulatedTarget {
  /** The current revision, as a range at this moment would report it. */
  revision(): Promise<number>;
  /** The last compaction's revision, or 0 if none. */
  compactRevision(): Promise<number>;
  execute(command: StoreCommand): Promise<StoreResult>;
  /**
   * Opens a watch on a stream of its own, as each gateway request to /v3/watch is; returns a
   * handle for it (not the etcd watch id, which is the stream's business).
   */
  openWatch(request: WatchCreateRequest): Promise<number>;
  /** Every watch response produced since the last call, in the order the streams would carry them. */
  takeWatchResponses(): Promise<TargetWatchResponse[]>;
  /** Closes the watch's stream, as a client that hangs up; whatever was still queued is dropped. */
  closeWatch(watch: number): Promise<void>;
  /** The sequence is over: nothing more will be asked. */
  close?(): Promise<void>;
}

/** The lone MVCC store: every answer is there at once. */
export class MvccTarget implements SimulatedTarget {
  private readonly store: MvccStore;
  private nextHandle = 0;

  constructor(store = new MvccStore({ keepTombstoneAtCompactRevision: false })) {
    this.store = store;
  }

  async revision(): Promise<number> {
    return this.store.revision;
  }

  async compactRevision(): Promise<number> {
    return Math.max(0, this.store.compactRevision);
  }

  async execute(command: StoreCommand): Promise<StoreResult> {
    return applyCommand(this.store, command);
  }

  async openWatch(request: WatchCreateRequest): Promise<number> {
    const handle = this.nextHandle++;
    this.store.watch(request, streamOf(handle));
    return handle;
  }

  async takeWatchResponses(): Promise<TargetWatchResponse[]> {
    return this.store.takeWatchResponses().map((d) => ({ watch: handleOf(d.stream), response: d.response }));
  }

  async closeWatch(watch: number): Promise<void> {
    this.store.closeWatchStream(streamOf(watch));
  }
}

const streamOf = (handle: number): string => `watch-${handle}`;
const handleOf = (stream: string): number => Number(stream.slice('watch-'.length));
