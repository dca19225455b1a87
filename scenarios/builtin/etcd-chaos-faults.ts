// The faults an etcd fault run draws from its seed, each with how to undo it: crash-restarts
// (one member, or every member at once as in a power failure, losing unsynced writes),
// partitions (the leader isolated or in the minority, a minority without it, a bridge), lossy,
// duplicating, slow and reordering links, compaction, and membership changes (a fresh member
// replaces one, added first and then the old one removed, one change at a time).

import type { Rng } from '../../runtime/index.ts';
import type { EtcdHandle } from '../cluster/index.ts';
import type { StoreCommand } from '../../protocols/etcd/kv.ts';
import type { Membership } from '../../protocols/etcd/raft.ts';
import type { ScenarioContext } from '../scenario.ts';
import type { RequesterMsg } from './etcd-support.ts';

export interface ChaosCluster {
  readonly s: ScenarioContext;
  /** The voters as last changed by a fault. */
  voters: string[];
  /** Members added later, not yet used. */
  readonly spares: string[];
  readonly clients: string[];
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
  switch (rng.int(10)) {
    case 0:
      return crash(c, [victim]);
    case 1:
      return crash(c, up);
    case 2: {
      if (leader === undefined) return nothing('no leader to isolate');
      // The leader alone or with others, still a minority: they cannot commit.
      const side = [leader, ...shuffle(rng, c.voters.filter((m) => m !== leader)).slice(0, rng.int(minority))];
      s.partition(side, [...c.voters.filter((m) => !side.includes(m)), ...c.clients]);
      return { what: `partition the leader ${leader} into the minority ${side.join(',')}`, undo: () => s.heal() };
    }
    case 3: {
      const side = shuffle(rng, c.voters.filter((m) => m !== leader)).slice(0, minority);
      s.partition(side, [...c.voters.filter((m) => !side.includes(m)), ...c.clients]);
      return { what: `partition off the minority ${side.join(',')}`, undo: () => s.heal() };
    }
    case 4: {
      // A bridge: the victim hears both halves, which do not hear each other; clients split too.
      const [a, b] = halves(rng, others);
      const half = Math.ceil(c.clients.length / 2);
      s.partition([...a, victim, ...c.clients.slice(0, half)], [...b, ...c.clients.slice(half)]);
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
    default:
      return crash(c, [victim]);
  }
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
