// The simulated side as a whole cluster: three etcd members on three hosts of a Simulation,
// reached the way every component reaches etcd, through the client actor (linearizable reads,
// exactly-once writes, watches that resume). A driver actor on a host of its own sends the
// client what the test asks and keeps what it answers; the test runs virtual time until the
// answer is in.
//
// The client hands its users events, not the members' raw watch responses, so a watch's stream
// is rebuilt from what the client says, and some fields are facts of the client, not of etcd:
//   - watch ids: the client hides its streams (clientv3 too). Each gateway watch on the real
//     side has a stream of its own, so its id is 0, or -1 when refused; the same is filled in
//     here, so ids are not compared;
//   - a compaction cancel's cancel_reason and header revision: the client puts its own reason in
//     place of etcd 3.4's empty one and does not pass the header (0 in etcd 3.4) on; both are
//     filled in as etcd 3.4 sends them, so they are not compared either.
// Everything else is the cluster's own: the created response's revision (the client's
// WatchCreated), whether and why a watch was refused, the compact revision of a cancel, and
// every event with its kv, prev_kv and order.
//
// Revisions are read from the leader's state directly rather than through the client: between
// two commands every member has applied everything (see `settle`), so that is what a range
// would report, without one more request per operation.

import { defineActor, host } from '../../../runtime/index.ts';
import { Simulation } from '../../../runtime/kernel/index.ts';
import { type ClientMsg, type ClientResult, etcdClientService, type WatchCreated, type WatchUpdate } from '../../../protocols/etcd/client.ts';
import { etcdClient } from '../../../actors/etcd/member/client.ts';
import { type MemberState, memberStateKey } from '../../../actors/etcd/member/member.ts';
import { etcdOnly, startCluster } from '../../../scenarios/cluster/index.ts';
import type { StoreCommand, StoreResult, WatchCreateRequest, WatchResponse } from '../../../protocols/etcd/kv.ts';
import type { SimulatedTarget, TargetWatchResponse } from './sim-target.ts';
import { etcdMemberService } from '../../../protocols/etcd/member.ts';

const MEMBERS = ['etcd-1', 'etcd-2', 'etcd-3'];
const pathOf = (id: string): string => etcdMemberService.pathOn(id);
const DRIVER = '/d/driver';

/** Virtual ms any one answer may take; a healthy cluster needs a few. */
const ANSWER_MS = 10_000;
/** Longer than the slowest hop (0.3 ms) twice over: member to client, client to driver. */
const IN_FLIGHT_MS = 1;

type DriverMsg =
  | { readonly type: 'do'; readonly id: number; readonly command: StoreCommand }
  | { readonly type: 'watch'; readonly id: number; readonly request: WatchCreateRequest }
  | { readonly type: 'cancel'; readonly id: number }
  | ClientResult
  | WatchUpdate
  | WatchCreated;

interface Seen {
  readonly results: Map<number, StoreResult>;
  /** Every watch's responses rebuilt so far, in arrival order, until `takeWatchResponses` takes them. */
  readonly responses: TargetWatchResponse[];
  /** Watches whose creation (or refusal) the client has reported. */
  readonly created: Set<number>;
  /** Created notices not yet followed by events: a cancel right after one is a refusal. */
  readonly fresh: Map<number, number>;
}

const watchResponse = (fields: Partial<WatchResponse> & { readonly revision: number }): WatchResponse => {
  const { revision, ...rest } = fields;
  return { header: { revision }, watchId: 0, created: false, canceled: false, compactRevision: 0, cancelReason: '', events: [], ...rest };
};

const driver = (seen: Seen) =>
  defineActor<DriverMsg, null>({
    kind: 'differential-driver',
    init: () => null,
    receive: (s, m, ctx) => {
      const client = etcdClientService.on('c');
      switch (m.type) {
        case 'do':
          ctx.send(client, { type: 'Request', id: m.id, command: m.command, replyTo: ctx.self });
          break;
        case 'watch':
          ctx.send(client, { type: 'Watch', id: m.id, request: m.request, replyTo: ctx.self, createdNotify: true });
          break;
        case 'cancel':
          ctx.send(client, { type: 'CancelWatch', id: m.id });
          break;
        case 'Result':
          seen.results.set(m.id, m.result);
          break;
        case 'WatchCreated':
          seen.created.add(m.id);
          seen.fresh.set(m.id, m.revision);
          break;
        case 'WatchEvents':
          flushCreated(seen, m.id);
          seen.responses.push({ watch: m.id, response: watchResponse({ revision: m.revision, events: m.events }) });
          break;
        case 'WatchCanceled': {
          const refusedAt = seen.fresh.get(m.id);
          seen.fresh.delete(m.id);
          if (refusedAt !== undefined && m.compactRevision === 0) {
            // etcd refuses a watch in its created response: one response, created and canceled.
            seen.responses.push({ watch: m.id, response: watchResponse({ revision: refusedAt, watchId: -1, created: true, canceled: true, cancelReason: m.reason }) });
            break;
          }
          if (refusedAt !== undefined) seen.responses.push({ watch: m.id, response: watchResponse({ revision: refusedAt, created: true }) });
          seen.created.add(m.id);
          // etcd 3.4's compaction cancel: no header revision, no reason.
          seen.responses.push({
            watch: m.id,
            response: watchResponse({ revision: 0, canceled: m.compactRevision !== 0, compactRevision: m.compactRevision, cancelReason: m.compactRevision !== 0 ? '' : m.reason }),
          });
          break;
        }
      }
      return s;
    },
  });

/** A created notice becomes a response once it is known not to be a refusal. */
function flushCreated(seen: Seen, id: number): void {
  const revision = seen.fresh.get(id);
  if (revision === undefined) return;
  seen.fresh.delete(id);
  seen.responses.push({ watch: id, response: watchResponse({ revision, created: true }) });
}

export class ClusterTarget implements SimulatedTarget {
  private readonly sim: Simulation;
  private readonly seen: Seen = { results: new Map(), responses: [], created: new Set(), fresh: new Map() };
  private nextId = 1;
  private started = false;

  constructor(seed: number) {
    this.sim = new Simulation({ seed, network: { latency: { min: 0.2, max: 0.3 } }, fsyncMs: 1 });
    // Debian's etcd 3.4.23 predates the fix for etcd-io/etcd#18089.
    startCluster(this.sim.system, etcdOnly(MEMBERS.length, { store: { keepTombstoneAtCompactRevision: false } }));
    this.sim.system.spawn(host({ children: [{ id: 'etcd-client', actor: etcdClient({ members: MEMBERS }) }] }), { name: 'c' });
    this.sim.system.spawn(host({ children: [{ id: 'driver', actor: driver(this.seen) }] }), { name: 'd' });
  }

  async revision(): Promise<number> {
    return (await this.leader()).store.revision;
  }

  async compactRevision(): Promise<number> {
    return Math.max(0, (await this.leader()).store.compactRevision);
  }

  async execute(command: StoreCommand): Promise<StoreResult> {
    await this.start();
    const id = this.nextId++;
    this.send({ type: 'do', id, command });
    await this.wait(() => this.seen.results.has(id), `an answer to ${JSON.stringify(command)}`);
    const result = this.seen.results.get(id)!;
    this.seen.results.delete(id);
    await this.settle();
    return result;
  }

  async openWatch(request: WatchCreateRequest): Promise<number> {
    await this.start();
    // Whichever member the client picks must start the watch at the revision of the last answer.
    await this.settle(true);
    const id = this.nextId++;
    this.send({ type: 'watch', id, request });
    await this.wait(() => this.seen.created.has(id), `the creation of the watch ${JSON.stringify(request)}`);
    // Its catch-up events, or its cancel, are right behind the created notice.
    await this.sim.advance(IN_FLIGHT_MS);
    flushCreated(this.seen, id);
    return id;
  }

  async takeWatchResponses(): Promise<TargetWatchResponse[]> {
    for (const id of [...this.seen.fresh.keys()]) flushCreated(this.seen, id);
    return this.seen.responses.splice(0);
  }

  async closeWatch(watch: number): Promise<void> {
    this.send({ type: 'cancel', id: watch });
    // The member closes the stream once the cancel reaches it; nothing it sent is wanted any more.
    await this.sim.advance(IN_FLIGHT_MS);
    this.seen.fresh.delete(watch);
    for (let i = this.seen.responses.length - 1; i >= 0; i--) if (this.seen.responses[i]!.watch === watch) this.seen.responses.splice(i, 1);
  }

  async close(): Promise<void> {
    this.sim.close();
  }

  private send(m: DriverMsg): void {
    this.sim.system.send(this.sim.system.lookup<DriverMsg>(DRIVER)!, m);
  }

  private state(id: string): MemberState | undefined {
    return this.sim.system.stateOf(pathOf(id), memberStateKey);
  }

  private async leader(): Promise<MemberState> {
    await this.start();
    const l = MEMBERS.map((id) => this.state(id)).find((s) => s?.raft.role === 'leader');
    if (l === undefined) throw new Error('the simulated cluster has no leader');
    return l;
  }

  /** A leader first: the sequence compares answers, not how long an election takes. */
  private async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    await this.wait(() => MEMBERS.some((id) => this.state(id)?.raft.role === 'leader'), 'a leader');
  }

  /**
   * Until the members that serve watches (or all, with `all`) have applied all that is committed,
   * and what they sent about it has arrived: then every watch has had its events. Followers learn
   * of a commit up to a heartbeat later, so waiting for all of them after every command would
   * double the test's time for nothing when, as usual, the watches are on the leader.
   */
  private async settle(all = false): Promise<void> {
    await this.wait(() => {
      const states = MEMBERS.map((id) => this.state(id));
      const committed = Math.max(...states.map((s) => s?.raft.log.committed ?? 0));
      return states.every((s) => s !== undefined && (s.raft.log.applied >= committed || (!all && Object.keys(s.streams).length === 0)));
    }, 'the members applying what is committed');
    await this.sim.advance(IN_FLIGHT_MS);
  }

  private async wait(done: () => boolean, what: string): Promise<void> {
    if (!(await this.sim.until(done, ANSWER_MS))) throw new Error(`the simulated cluster gave no ${what} within ${ANSWER_MS} virtual ms`);
  }
}
