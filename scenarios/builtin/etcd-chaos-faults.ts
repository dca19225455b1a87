// The faults an etcd fault run draws from its seed, each with how to undo it: crash-restarts
// (one member, or every member at once as in a power failure, losing unsynced writes),
// partitions (the leader isolated or in the minority, a minority without it, a bridge), lossy,
// duplicating, slow and reordering links, compaction, membership changes (a fresh member
// replaces one, added first and then the old one removed, one change at a time), and leadership
// moving (etcd's move-leader) while a partition cuts the old leader off or links reorder.
//
// Clients are split across a partition's sides, so linearizable reads reach a leader deposed on
// the other side while it still believes it leads, and a new leader as soon as it wins.

import type { Rng } from '../../runtime/index.ts';
import type { EtcdHandle } from '../cluster/index.ts';
import type { StoreCommand } from '../../protocols/etcd/kv.ts';
import type { MemberMsg } from '../../protocols/etcd/member.ts';
import type { Membership } from '../../protocols/etcd/raft.ts';
import type { ScenarioContext } from '../scenario.ts';
import type { HistoryClientMsg } from '../checks/etcd/history-client.ts';
import type { RequesterMsg } from './etcd-support.ts';

export interface ChaosCluster {
  readonly s: ScenarioContext;
  /** The voters as last changed by a fault. */
  voters: string[];
  /** Members added later, not yet used. */
  readonly spares: string[];
  readonly clients: string[];
  /** The host of a client that only reads, paused but while a fault sets it reading. */
  readonly reader: string;
  readonly etcd: EtcdHandle;
  leader(): string | undefined;
  /** The leader's store revision (0 without a leader). */
  revision(): number;
  /** Hosts crashed by a fault and not yet back. */
  readonly down: Set<string>;
  nextRequest: number;
}

export interface Fault {
  readonly what: string;
  readonly undo: () => void;
}

const nothing = (why: string): Fault => ({ what: `nothing (${why})`, undo: () => {} });

export async function drawFault(c: ChaosCluster, rng: Rng): Promise<Fault> {
  const { s } = c;
  const up = c.voters.filter((m) => !c.down.has(m));
  const victim = up[rng.int(up.length)];
  if (victim === undefined) return nothing('every member is down');
  const others = c.voters.filter((m) => m !== victim);
  const leader = c.leader();
  const minority = Math.floor((c.voters.length - 1) / 2);
  switch (rng.int(13)) {
    case 0:
      return crash(c, [victim]);
    case 1:
      return crash(c, up);
    case 2: {
      if (leader === undefined) return nothing('no leader to isolate');
      // The leader alone or with others, still a minority: they cannot commit.
      const side = [leader, ...shuffle(rng, c.voters.filter((m) => m !== leader)).slice(0, rng.int(minority))];
      const [near, far] = splitClients(c, rng);
      s.partition([...side, ...near, c.reader], [...c.voters.filter((m) => !side.includes(m)), ...far]);
      // Until CheckQuorum deposes the old leader, within two election timeouts.
      read(c, side, 1500);
      return {
        what: `partition the leader ${leader} into the minority ${side.join(',')} (clients ${near.join(',')} and the reader with it)`,
        undo: () => {
          stopReading(c);
          s.heal();
        },
      };
    }
    case 3: {
      const side = shuffle(rng, c.voters.filter((m) => m !== leader)).slice(0, minority);
      s.partition(side, [...c.voters.filter((m) => !side.includes(m)), ...c.clients, c.reader]);
      return { what: `partition off the minority ${side.join(',')}`, undo: () => s.heal() };
    }
    case 4: {
      // A bridge: the victim hears both halves, which do not hear each other; clients split too.
      const [a, b] = halves(rng, others);
      const half = Math.ceil(c.clients.length / 2);
      s.partition([...a, victim, ...c.clients.slice(0, half)], [...b, ...c.clients.slice(half), c.reader]);
      for (const m of b) s.link(victim, m, {});
      return { what: `bridge ${victim} between ${a.join(',')} | ${b.join(',')}`, undo: () => s.heal() };
    }
    case 5:
      for (const m of others) s.link(victim, m, { loss: 0.3, duplicate: 0.1 });
      return { what: `lossy, duplicating links around ${victim}`, undo: () => { for (const m of others) s.link(victim, m, { loss: 0, duplicate: 0 }); } };
    case 6: {
      const m = others[rng.int(others.length)]!;
      s.link(victim, m, { latency: { min: 5, max: 60 }, reorder: true });
      return { what: `slow, reordering link ${victim}-${m}`, undo: () => s.link(victim, m, { latency: { min: 0.2, max: 0.3 }, reorder: false }) };
    }
    case 7: {
      if (leader === undefined) return nothing('no leader to compact through');
      const revision = Math.max(1, c.revision() - rng.int(8));
      request(c, leader, { type: 'compact', revision });
      return { what: `compact at revision ${revision}`, undo: () => {} };
    }
    case 8:
      return replace(c, victim, leader);
    case 10:
      return handoverCutOff(c, rng, leader);
    case 11:
    case 12:
      return handoversOverBadLinks(c, rng, leader);
    default:
      return crash(c, [victim]);
  }
}

/**
 * One client or up to half of them to the minority's side of a partition, the rest to the
 * majority's: reads on the one side, writes acknowledged on the other.
 */
function splitClients(c: ChaosCluster, rng: Rng): [string[], string[]] {
  const k = 1 + rng.int(Math.floor(c.clients.length / 2));
  return [c.clients.slice(0, k), c.clients.slice(k)];
}

/**
 * The leader has a write on its way: a handover now commits it with the transferee's last
 * acknowledgement, on the old leader only, so the new one wins without knowing it committed.
 */
function writing(c: ChaosCluster, leader: string): boolean {
  const r = stateOf(c, leader)?.raft;
  return r !== undefined && r.log.lastIndex() > r.log.committed;
}

/** Asks the leader to hand over to `to`; true once `to` has campaigned (its term passed the leader's). */
async function handOver(c: ChaosCluster, leader: string, to: string): Promise<boolean> {
  const term = stateOf(c, leader)?.raft.term ?? 0;
  c.s.send<MemberMsg>(c.etcd.path(leader), { type: 'TransferLeadership', to });
  return c.s.until(() => (stateOf(c, to)?.raft.term ?? 0) > term, { within: '1s' });
}

/**
 * Leadership moves, and as the new leader campaigns a partition cuts the old one off with a
 * minority and some clients: its votes never reach the old leader, which goes on believing it
 * leads (until CheckQuorum deposes it) and is asked for reads, while the new one takes writes.
 */
async function handoverCutOff(c: ChaosCluster, rng: Rng, leader: string | undefined): Promise<Fault> {
  const candidates = c.voters.filter((m) => m !== leader && !c.down.has(m));
  if (leader === undefined || candidates.length === 0) return nothing('no leader, or no member to hand over to');
  const to = candidates[rng.int(candidates.length)]!;
  const minority = Math.floor((c.voters.length - 1) / 2);
  const side = [leader, ...shuffle(rng, c.voters.filter((m) => m !== leader && m !== to)).slice(0, minority - 1)];
  const rest = c.voters.filter((m) => !side.includes(m));
  const [near, far] = splitClients(c, rng);
  // The reader reads from the old leader's side (which must not serve it) or the new one's.
  const readerNear = rng.int(2) === 0;
  await c.s.until(() => writing(c, leader), { within: '300ms' });
  const moved = await handOver(c, leader, to);
  c.s.partition([...side, ...near, ...(readerNear ? [c.reader] : [])], [...rest, ...far, ...(readerNear ? [] : [c.reader])]);
  read(c, readerNear ? side : rest, 1500);
  return {
    what: `hand over from ${leader} to ${to}${moved ? '' : ' (not begun in time)'}, cutting off ${side.join(',')} with clients ${near.join(',')}${readerNear ? ' and the reader' : ''}`,
    undo: () => {
      stopReading(c);
      c.s.heal();
    },
  };
}

/**
 * Leadership moves two to four times in a row while every link between members is slow,
 * reordering and duplicating: a new leader's heartbeats can overtake its first appends, and
 * their answers arrive before the entry that commits its term does.
 */
async function handoversOverBadLinks(c: ChaosCluster, rng: Rng, leader: string | undefined): Promise<Fault> {
  if (leader === undefined) return nothing('no leader to hand over from');
  const links: [string, string][] = [];
  for (const [i, a] of c.voters.entries()) for (const b of c.voters.slice(i + 1)) links.push([a, b]);
  for (const [a, b] of links) c.s.link(a, b, { latency: { min: 1, max: 60 }, reorder: true, duplicate: 0.1, loss: 0.25 });
  const moves: string[] = [];
  let from = leader;
  for (let n = 2 + rng.int(3); n > 0; n--) {
    const candidates = c.voters.filter((m) => m !== from && !c.down.has(m));
    const to = candidates[rng.int(candidates.length)];
    if (to === undefined) break;
    await c.s.until(() => writing(c, from), { within: '300ms' });
    const moved = await handOver(c, from, to);
    // The reader goes to the new leader first, as a client told of the move would: it reads
    // there from the moment it leads, before the entry that commits its term is through.
    read(c, [to], 300);
    moves.push(`${to}${moved ? '' : ' (not begun in time)'}`);
    const won = moved && (await c.s.until(() => stateOf(c, to)?.raft.role === 'leader', { within: '1s' }));
    // Clients find the new leader, and ask it things, before the next move.
    await c.s.advance(100 + rng.int(400));
    if (!won) break;
    from = to;
  }
  return {
    what: `hand over from ${leader} to ${moves.join(', then ')} over slow, reordering, duplicating links`,
    undo: () => {
      stopReading(c);
      for (const [a, b] of links) c.s.link(a, b, { latency: { min: 0.2, max: 0.3 }, reorder: false, duplicate: 0, loss: 0 });
    },
  };
}

function crash(c: ChaosCluster, hosts: string[]): Fault {
  for (const h of hosts) {
    c.s.crashHost(h);
    c.down.add(h);
  }
  return {
    what: hosts.length > 1 ? `power failure: crash ${hosts.join(',')} at once` : `crash ${hosts[0]}`,
    undo: () => {
      for (const h of hosts) {
        c.s.restartHost(h);
        c.down.delete(h);
      }
    },
  };
}

/**
 * Sets the reader reading for `forMs`. It asks `among` in turn and follows their hints to the
 * leader: told of a new leader first, it reads from it as soon as it leads.
 */
function read(c: ChaosCluster, among: readonly string[], forMs: number): void {
  c.s.send<HistoryClientMsg>(`/${c.reader}/client`, { type: 'Start', spread: [...among], forMs });
}

function stopReading(c: ChaosCluster): void {
  c.s.send<HistoryClientMsg>(`/${c.reader}/client`, { type: 'Pause' });
}

function request(c: ChaosCluster, member: string, command: StoreCommand): void {
  c.s.send<RequesterMsg>('/admin/requester', { type: 'Send', id: c.nextRequest++, member, command });
}

/**
 * Replaces the victim as etcd advises: a fresh member joins as a learner, is promoted to voter
 * once it has caught up, and then the victim is removed — one change at a time, each applied
 * before the next is asked for.
 */
async function replace(c: ChaosCluster, victim: string, leader: string | undefined): Promise<Fault> {
  if (c.spares.length === 0 || leader === undefined || victim === leader) return nothing(c.spares.length === 0 ? 'no spare member left' : 'no leader, or the victim leads');
  const fresh = c.spares.shift()!;
  const { s } = c;
  const voters = [...c.voters];
  const added = c.etcd.addMember(voters);
  if (added !== fresh) throw new Error(`the spare member ${fresh} started as ${added}`);
  const change = async (membership: Membership) => {
    s.send<RequesterMsg>('/admin/requester', { type: 'Change', id: c.nextRequest++, member: leader, membership });
    const want = JSON.stringify(membership);
    return s.until(() => { const m = membershipOf(c, leader); return m !== undefined && JSON.stringify(m) === want; }, { within: '3s' });
  };
  if (!(await change({ voters, learners: [fresh] }))) return { what: `add ${fresh} as a learner (not applied in time)`, undo: () => {} };
  const caughtUp = await s.until(() => (stateOf(c, fresh)?.raft.log.applied ?? -1) >= (stateOf(c, leader)?.raft.log.committed ?? Infinity), { within: '3s' });
  if (!caughtUp) return { what: `add ${fresh} as a learner (not caught up in time)`, undo: () => {} };
  const promoted = [...voters, fresh];
  if (!(await change({ voters: promoted, learners: [] }))) return { what: `add ${fresh} as a learner, then promote it (not applied in time)`, undo: () => {} };
  c.voters = promoted;
  const without = promoted.filter((m) => m !== victim);
  const removed = await change({ voters: without, learners: [] });
  if (removed) c.voters = without;
  return { what: `replace ${victim} by ${fresh} (learner, promoted${removed ? ', victim removed' : '; removal not applied in time'})`, undo: () => {} };
}

const stateOf = (c: ChaosCluster, id: string) => c.etcd.state(id);
const membershipOf = (c: ChaosCluster, id: string) => stateOf(c, id)?.raft.membership;

/** The voters the member has applied: what the cluster really is, whatever the faults asked for. */
export const votersOf = (c: ChaosCluster, id: string) => membershipOf(c, id)?.voters;

function shuffle<T>(rng: Rng, xs: T[]): T[] {
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

function halves<T>(rng: Rng, xs: T[]): [T[], T[]] {
  const sh = shuffle(rng, xs);
  const cut = Math.max(1, Math.floor(sh.length / 2));
  return [sh.slice(0, cut), sh.slice(cut)];
}
