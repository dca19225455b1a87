// An in-memory network of Raft cores, stepped by hand: no runtime, no time, no I/O.

import { createRaft, type RaftState, type Restored, step } from '../../../actors/etcd/raft/raft.ts';
import { defaultRaftConfig, type RaftConfig, type RaftInput, type Ready } from '../../../actors/etcd/raft/types.ts';
import type { Entry, HardState, Membership, NodeId, RaftMessage, Snapshot } from '../../../protocols/etcd/raft.ts';

export const config = (id: NodeId, over: Partial<RaftConfig> = {}): RaftConfig => ({ ...defaultRaftConfig, preVote: false, checkQuorum: false, ...over, id });

/** What a node has on disk, as the shell would keep it. */
export interface Disk {
  hardState: HardState;
  entries: Entry[];
  /** Its `data` is the applied entries up to its index: the state machine of these tests. */
  snapshot?: Snapshot;
}

export class Net {
  readonly nodes = new Map<NodeId, RaftState>();
  readonly disks = new Map<NodeId, Disk>();
  /** Each node's state machine: every entry applied, from index 1 on (a snapshot's included). */
  readonly applied = new Map<NodeId, Entry[]>();
  /** The membership each node was first started with (a restart starts it so again). */
  readonly boot = new Map<NodeId, Membership>();
  /** Called with every Ready, after the disk is written. */
  onReady: ((id: NodeId, ready: Ready) => void) | undefined;
  queue: RaftMessage[] = [];
  /** Links that drop everything: "a->b". */
  readonly cut = new Set<string>();
  readonly readies: Ready[] = [];

  /** A bug of the shell, planted on purpose: the vote is not persisted with the term. */
  forgetVote = false;

  constructor(
    readonly ids: NodeId[],
    private readonly over: Partial<RaftConfig> = {},
    private readonly seed = 1,
  ) {
    const membership = { voters: [...ids], learners: [] };
    for (const id of ids) this.boot.set(id, membership);
    for (const id of ids) this.start(id);
  }

  start(id: NodeId, restored?: Restored): void {
    this.nodes.set(id, createRaft(config(id, this.over), this.boot.get(id)!, this.seed, restored));
    if (!this.disks.has(id)) this.disks.set(id, { hardState: { term: 0, vote: null, commit: 0 }, entries: [] });
    if (!this.applied.has(id)) this.applied.set(id, []);
  }

  /**
   * Starts a new, empty node that joins under `membership` (by default the first one, which
   * does not name it, so it waits for the leader to add it and send it the log).
   */
  add(id: NodeId, membership: Membership = this.boot.get(this.ids[0]!)!): void {
    if (!this.ids.includes(id)) this.ids.push(id);
    this.boot.set(id, membership);
    this.start(id);
  }

  /** A crash and restart from what was persisted. */
  restart(id: NodeId): void {
    const d = this.disks.get(id)!;
    this.applied.set(id, d.snapshot ? [...(d.snapshot.data as Entry[])] : []);
    this.start(id, { hardState: d.hardState, entries: d.entries, ...(d.snapshot ? { snapshot: d.snapshot } : {}) });
  }

  /** The state machine snapshots itself at `index` (by default all it applied) and the log is compacted. */
  compact(id: NodeId, index = this.node(id).log.applied): void {
    const data = this.applied.get(id)!.slice(0, index);
    this.step(id, { type: 'compact', snapshot: { index, term: 0, membership: { voters: [], learners: [] }, data } });
    const r = this.node(id);
    if (r.snapshot?.index !== index) return; // refused
    const d = this.disks.get(id)!;
    d.snapshot = r.snapshot;
    d.entries = d.entries.filter((e) => e.index > index);
  }

  /** Proposes a membership change at `id`. */
  configure(id: NodeId, membership: Membership, pid = 1): Ready {
    return this.step(id, { type: 'propose-config', id: pid, membership });
  }

  node(id: NodeId): RaftState {
    return this.nodes.get(id)!;
  }

  step(id: NodeId, input: RaftInput): Ready {
    const ready = step(this.node(id), input);
    this.readies.push(ready);
    const d = this.disks.get(id)!;
    if (ready.hardState) d.hardState = this.forgetVote ? { ...ready.hardState, vote: null } : ready.hardState;
    if (ready.snapshot) {
      d.snapshot = ready.snapshot;
      d.entries = [];
      this.applied.set(id, [...(ready.snapshot.data as Entry[])]);
    }
    if (ready.entries.length > 0) {
      const first = ready.entries[0]!.index;
      d.entries = [...d.entries.filter((e) => e.index < first), ...ready.entries];
    }
    this.applied.get(id)!.push(...ready.committed);
    this.queue.push(...ready.messages);
    this.onReady?.(id, ready);
    // The disk above is written at once, so the write is durable before anything else happens.
    const last = ready.entries[ready.entries.length - 1];
    if (last) this.step(id, { type: 'persisted', index: last.index, term: last.term });
    return ready;
  }

  /** Delivers queued messages (and those they cause) until none are left, or `max` were. */
  deliver(max = 10_000, keep: (m: RaftMessage) => boolean = () => true): number {
    let n = 0;
    while (this.queue.length > 0 && n < max) {
      const m = this.queue.shift()!;
      n++;
      if (this.cut.has(`${m.from}->${m.to}`) || !keep(m) || !this.nodes.has(m.to)) continue;
      this.step(m.to, { type: 'message', message: m });
    }
    return n;
  }

  /** Delivers, oldest first, up to `max` queued messages that `pick` accepts (and those they cause that it accepts), leaving the rest queued. */
  deliverOnly(pick: (m: RaftMessage) => boolean, max = 10_000): number {
    let n = 0;
    for (; n < max; n++) {
      const i = this.queue.findIndex(pick);
      if (i < 0) break;
      const [m] = this.queue.splice(i, 1);
      if (!this.cut.has(`${m!.from}->${m!.to}`) && this.nodes.has(m!.to)) this.step(m!.to, { type: 'message', message: m! });
    }
    return n;
  }

  tick(id: NodeId, times = 1): void {
    for (let i = 0; i < times; i++) this.step(id, { type: 'tick' });
  }

  /** Campaigns `id` and delivers everything: it should end up leader. */
  elect(id: NodeId): void {
    this.step(id, { type: 'campaign' });
    this.deliver();
  }

  isolate(id: NodeId): void {
    for (const other of this.ids)
      if (other !== id) {
        this.cut.add(`${id}->${other}`);
        this.cut.add(`${other}->${id}`);
      }
  }

  heal(): void {
    this.cut.clear();
  }

  leaders(): NodeId[] {
    return [...this.nodes.values()].filter((r) => r.role === 'leader').map((r) => r.config.id);
  }

  propose(id: NodeId, data: unknown, pid = 1): Ready {
    return this.step(id, { type: 'propose', id: pid, data });
  }
}
