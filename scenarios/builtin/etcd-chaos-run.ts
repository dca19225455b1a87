// An etcd fault run: random faults from the seed (etcd-chaos-faults.ts) against a cluster of 3 or
// 5 members, with clients recording their histories, a reader that some faults set reading
// (linearizable ranges, recorded too) while leaders change, and watchers watching the workload's
// keys from revision 1. Then everything heals: a leader must emerge, every client must finish, the
// history must be linearizable (ranges checked by revision), every watch must have kept etcd's
// watch guarantees, and the members must converge.

import { host, Rng } from '../../runtime/index.ts';
import { etcdClient } from '../../actors/etcd/member/client.ts';
import { historyClient, historyClientKey, type HistoryClientMsg, type Recorded } from '../checks/etcd/history-client.ts';
import { checkHistory, explain, kvModel, type KvInput, type KvOutput, type Operation, UNKNOWN } from '../checks/linearizability/index.ts';
import { checkRanges } from '../checks/etcd/ranges.ts';
import { checkWatch, referenceFrom } from '../checks/etcd/watch.ts';
import { defineScenario, type ScenarioContext } from '../scenario.ts';
import { type ChaosCluster, drawFault, votersOf } from './etcd-chaos-faults.ts';
import { watchRaftInvariants } from '../checks/raft-invariants/index.ts';
import { etcdOnly, hostName } from '../cluster/index.ts';
import { requester } from './etcd-support.ts';
import { WATCHED, watcher, watcherKey, type WatcherMsg } from './etcd-watcher.ts';

const CLIENTS = 4;
const OPERATIONS = 60;
const KEYS = ['a', 'b', 'c'];
const SNAPSHOT_EVERY = 40;

/** A running member's state, read directly: these are polled every instant. */
const memberState = (s: ScenarioContext, id: string) => s.cluster().etcd.state(id);

/** The reader's host: a client of linearizable reads only, which faults set reading while leaders change. */
const READER = 'reader';

function records(s: ScenarioContext): Recorded[] {
  const out: Recorded[] = [];
  for (let c = 0; c < CLIENTS; c++) out.push(...(s.system.stateOf(`/client-${c}/client`, historyClientKey)?.history ?? []));
  out.push(...(s.system.stateOf(`/${READER}/client`, historyClientKey)?.history ?? []));
  return out;
}

const linearizable = (recs: Recorded[]): Operation<KvInput, KvOutput>[] =>
  recs.flatMap((r) => (r.input.op === 'range' ? [] : [{ client: r.client, input: r.input, output: r.output === undefined ? UNKNOWN : r.output, call: r.call, return: r.return ?? Infinity }]));

const watcherState = (s: ScenarioContext, client: string) => s.system.stateOf(`/${client}/watcher`, watcherKey);

const finished = (s: ScenarioContext) =>
  Array.from({ length: CLIENTS }, (_, c) => s.system.stateOf(`/client-${c}/client`, historyClientKey)?.done).every((d) => d === OPERATIONS);

export interface ChaosOptions {
  readonly name: string;
  readonly members: number;
  readonly faults: number;
  /** A bug planted in every member, for the tests that expect these runs to catch it. */
  readonly plant?: { readonly ackBeforeFsync?: boolean; readonly readIndexQuorumMinusOne?: boolean; readonly readIndexBeforeOwnTermCommit?: boolean };
}

export function chaosScenario(options: ChaosOptions) {
  const p = options.plant ?? {};
  const raft = {
    ...(p.readIndexQuorumMinusOne ? { plantReadIndexQuorumMinusOne: true } : {}),
    ...(p.readIndexBeforeOwnTermCommit ? { plantReadIndexBeforeOwnTermCommit: true } : {}),
  };
  const planted = { ...(p.ackBeforeFsync ? { plantAckBeforeFsync: true } : {}), ...(Object.keys(raft).length > 0 ? { raft } : {}) };
  const members = Array.from({ length: options.members }, (_, i) => hostName.etcd(i + 1));
  // Members that replace others join on the next etcd hosts; clients know of them from the start.
  const spares = [hostName.etcd(options.members + 1), hostName.etcd(options.members + 2)];
  const everyone = [...members, ...spares];
  const clients = Array.from({ length: CLIENTS }, (_, c) => `client-${c}`);
  return defineScenario({
    name: options.name,
    description: `random faults from the seed against ${options.members} etcd members with a recorded workload and watches; history, watches and Raft must hold`,
    config: { network: { latency: { min: 0.2, max: 0.3 } }, fsyncMs: 1 },
    setup: (s) => {
      s.cluster(etcdOnly(options.members, { snapshotEvery: SNAPSHOT_EVERY, ...planted }));
      for (let c = 0; c < CLIENTS; c++)
        s.spawn(
          host({
            children: [
              { id: 'client', actor: historyClient({ id: c, members: everyone, keys: KEYS, operations: OPERATIONS, thinkMs: 600, timeoutMs: 500, ranges: { key: WATCHED.key, rangeEnd: WATCHED.rangeEnd } }) },
              { id: 'etcd-client', actor: etcdClient({ members: everyone }) },
              { id: 'watcher', actor: watcher(`client-${c}`) },
            ],
          }),
          { name: `client-${c}`, restart: 'permanent' },
        );
      // Paused until a fault starts it: linearizable reads, one after another, that follow the leader.
      s.spawn(
        host({ children: [{ id: 'client', actor: historyClient({ id: CLIENTS, members: everyone, keys: KEYS, operations: 100_000, thinkMs: 40, timeoutMs: 100, retryMs: 5, readOnly: true, ranges: { key: WATCHED.key, rangeEnd: WATCHED.rangeEnd } }) }] }),
        { name: READER, restart: 'permanent' },
      );
      s.spawn(host({ children: [{ id: 'requester', actor: requester() }] }), { name: 'admin', restart: 'permanent' });
    },
    script: async (s) => {
      const cluster = s.cluster();
      const invariants = watchRaftInvariants(s.sim, cluster.etcd);
      const rng = Rng.stream(s.sim.seed, options.name);
      const c: ChaosCluster = {
        s,
        voters: [...members],
        spares: [...spares],
        clients,
        reader: READER,
        // Any member: a change asked for during a fault may be applied later than the script saw.
        etcd: cluster.etcd,
        leader: () => cluster.etcd.leader(),
        revision: () => memberState(s, c.leader() ?? '')?.store.revision ?? 0,
        down: new Set(),
        nextRequest: 1,
      };
      await s.until(() => c.leader() !== undefined, { within: '5s' });
      for (let i = 0; i < CLIENTS; i++) {
        s.send<HistoryClientMsg>(`/client-${i}/client`, { type: 'Start' });
        s.send<WatcherMsg>(`/client-${i}/watcher`, { type: 'Start' });
      }
      const done: string[] = [];
      for (let i = 0; i < options.faults; i++) {
        await s.advance(200 + rng.int(1500));
        const f = await drawFault(c, rng);
        done.push(f.what);
        await s.advance(500 + rng.int(2500));
        f.undo();
      }
      s.heal();
      for (const h of [...c.down]) s.restartHost(h);
      const led = await s.until(() => c.leader() !== undefined, { within: '10s' });
      s.expect('after the faults heal, a leader emerges within 10s', led, done.join('; '));
      const all = await s.until(() => finished(s), { within: '2m' });
      s.expect(`every client finishes its ${OPERATIONS} operations`, all);
      await s.advance('1s');
      // Every write here touches the watched keys: a watcher is caught up at the store's revision.
      // One that resumed on a member that is gone (or never joined) moves on within two probes.
      await s.until(() => clients.every((name) => {
        const w = watcherState(s, name);
        return w === undefined || w.compactedAt !== undefined || w.canceled !== undefined || (w.deliveries.at(-1)?.at(-1)?.kv.modRevision ?? 0) >= c.revision();
      }), { within: '15s' });

      const recs = records(s);
      const h = linearizable(recs);
      const verdict = checkHistory(kvModel(), h);
      const unknown = h.filter((o) => o.output === UNKNOWN).length;
      s.expect(
        'the history is linearizable',
        verdict.result === 'ok',
        verdict.result === 'ok' ? `${h.length} operations (${unknown} with unknown outcome), ${verdict.explored} states explored` : explain(kvModel(), h, verdict).split('\n').slice(0, 6).join(' | '),
      );
      const leader = c.leader();
      const store = leader === undefined ? undefined : memberState(s, leader)?.store;
      const ranges = recs.filter((r) => r.input.op === 'range' && r.output !== undefined).length;
      const rangeProblem = store === undefined ? 'no leader at the end' : checkRanges(recs, store);
      s.expect('every range shows the store at its revision, in real-time order', rangeProblem === null, rangeProblem ?? `${ranges} ranges`);

      const watchProblems: string[] = [];
      let events = 0;
      if (store !== undefined) {
        const ref = referenceFrom(store);
        const lastTouch = Math.max(0, ...[...ref.events].filter(([, es]) => es.some((e) => e.kv.key >= WATCHED.key && e.kv.key < WATCHED.rangeEnd)).map(([r]) => r));
        for (const name of clients) {
          const w = watcherState(s, name);
          if (w === undefined) continue;
          const rec = { name, ...WATCHED, deliveries: w.deliveries, ...(w.compactedAt !== undefined ? { compactedAt: w.compactedAt } : {}) };
          events += w.deliveries.reduce((n, d) => n + d.length, 0);
          const p = w.canceled !== undefined ? `${name}: canceled: ${w.canceled}` : checkWatch(rec, ref);
          if (p) watchProblems.push(p);
          const last = w.deliveries.at(-1)?.at(-1)?.kv.modRevision ?? 0;
          if (w.compactedAt === undefined && last < lastTouch) watchProblems.push(`${name}: delivered up to revision ${last}, the store's last change to the keys is at ${lastTouch}`);
        }
      } else watchProblems.push('no leader at the end');
      s.expect('every watch kept the watch guarantees and caught up', watchProblems.length === 0, watchProblems[0] ?? `${events} events over ${clients.length} watches`);

      s.expect('the Raft invariants held after every step', invariants.violation === null, invariants.violation?.message ?? `${invariants.steps} steps checked`);
      const final = (votersOf(c, leader ?? '') ?? c.voters).map((id) => [id, memberState(s, id)] as const);
      const hashes = final.map(([, m]) => m?.store.hash());
      s.expect('all members converge on the same store', hashes.every((h) => h !== undefined && h === hashes[0]), JSON.stringify(final.map(([id, m], i) => m && `${id} ${m.raft.log.applied}:${hashes[i]!.slice(0, 16)}`)));
    },
  });
}
