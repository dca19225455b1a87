// Random faults from the seed against a three-member etcd with a workload of clients recording
// their histories: crash-restarts (losing unsynced writes), partitions of every shape, lossy and
// slow links. Then everything heals: a leader must emerge, every client must finish, and the
// recorded history must be linearizable.

import { host, Rng } from '../../runtime/index.ts';
import { historyClient, type HistoryClientMsg, type Recorded } from '../../actors/etcd/member/history-client.ts';
import { checkHistory, explain, kvModel, type KvInput, type KvOutput, type Operation, UNKNOWN } from '../../actors/etcd/linearizability/index.ts';
import { defineScenario, type ScenarioContext } from '../scenario.ts';
import { leaderOf, MEMBERS, memberViews, pathOf, spawnCluster } from './etcd-support.ts';

const CLIENTS = 4;
const OPERATIONS = 60;
const KEYS = ['a', 'b', 'c'];
const FAULTS = 8;

function history(s: ScenarioContext): Operation<KvInput, KvOutput>[] {
  const ops: Operation<KvInput, KvOutput>[] = [];
  for (let c = 0; c < CLIENTS; c++) {
    const cell = s.system.cellAt(`/client-${c}/client`);
    for (const r of ((cell?.state as { history: Recorded[] } | undefined)?.history ?? []))
      ops.push({ client: r.client, input: r.input, output: r.output === undefined ? UNKNOWN : r.output, call: r.call, return: r.return ?? Infinity });
  }
  return ops;
}

const finished = (s: ScenarioContext) =>
  s.inspect().children.filter((h) => h.name.startsWith('client-')).every((h) => (h.children[0]?.description as { done: number; of: number } | undefined)?.done === OPERATIONS);

/** One fault drawn from the seed, and how to undo it. */
function fault(s: ScenarioContext, rng: Rng): { what: string; undo: () => void } {
  const victim = MEMBERS[rng.int(MEMBERS.length)]!;
  const others = MEMBERS.filter((m) => m !== victim);
  const leader = leaderOf(s);
  switch (rng.int(5)) {
    case 0:
      s.crashHost(victim);
      return { what: `crash ${victim}`, undo: () => s.restartHost(victim) };
    case 1:
      if (leader === undefined) return { what: 'nothing (no leader to isolate)', undo: () => {} };
      s.partition([leader], MEMBERS.filter((m) => m !== leader).concat(Array.from({ length: CLIENTS }, (_, c) => `client-${c}`)));
      return { what: `isolate the leader ${leader}`, undo: () => s.heal() };
    case 2:
      // A bridge: the victim hears both sides, the two others do not hear each other.
      s.partition([others[0]!, victim, 'client-0', 'client-1'], [others[1]!, 'client-2', 'client-3']);
      s.link(victim, others[1]!, {});
      return { what: `split ${others[0]} | ${others[1]} (clients split too)`, undo: () => s.heal() };
    case 3:
      s.link(victim, others[0]!, { loss: 0.3, duplicate: 0.1 });
      s.link(victim, others[1]!, { loss: 0.3, duplicate: 0.1 });
      return { what: `lossy links around ${victim}`, undo: () => {
        s.link(victim, others[0]!, { loss: 0, duplicate: 0 });
        s.link(victim, others[1]!, { loss: 0, duplicate: 0 });
      } };
    default:
      s.link(victim, others[0]!, { latency: { min: 5, max: 60 }, reorder: true });
      return { what: `slow, reordering link ${victim}-${others[0]}`, undo: () => s.link(victim, others[0]!, { latency: { min: 0.2, max: 0.3 }, reorder: false }) };
  }
}

export default defineScenario({
  name: 'etcd-chaos',
  description: 'random faults from the seed against etcd with a recorded workload; the history must be linearizable',
  config: { network: { latency: { min: 0.2, max: 0.3 } }, fsyncMs: 1 },
  setup: (s) => {
    spawnCluster(s);
    for (let c = 0; c < CLIENTS; c++)
      s.spawn(host({ children: [{ id: 'client', actor: historyClient({ id: c, members: MEMBERS, pathOf, keys: KEYS, operations: OPERATIONS, thinkMs: 600 }) }] }), { name: `client-${c}`, restart: 'permanent' });
  },
  script: async (s) => {
    const rng = Rng.stream(s.sim.seed, 'etcd-chaos');
    await s.until(() => leaderOf(s) !== undefined, { within: '5s' });
    for (let c = 0; c < CLIENTS; c++) s.send<HistoryClientMsg>(`/client-${c}/client`, { type: 'Start' });
    const done: string[] = [];
    for (let i = 0; i < FAULTS; i++) {
      await s.advance(200 + rng.int(1500));
      const f = fault(s, rng);
      done.push(f.what);
      await s.advance(500 + rng.int(2500));
      f.undo();
    }
    s.heal();
    for (const m of MEMBERS) if (memberViews(s)[m] === undefined && s.inspect().children.find((h) => h.name === m)?.status === 'stopped') s.restartHost(m);
    const led = await s.until(() => leaderOf(s) !== undefined, { within: '10s' });
    s.expect('after the faults heal, a leader emerges within 10s', led, done.join('; '));
    const all = await s.until(() => finished(s), { within: '2m' });
    s.expect(`every client finishes its ${OPERATIONS} operations`, all);
    const h = history(s);
    const verdict = checkHistory(kvModel(), h);
    const unknown = h.filter((o) => o.output === UNKNOWN).length;
    s.expect(
      'the history is linearizable',
      verdict.result === 'ok',
      verdict.result === 'ok' ? `${h.length} operations (${unknown} with unknown outcome), ${verdict.explored} states explored` : explain(kvModel(), h, verdict).split('\n').slice(0, 6).join(' | '),
    );
    await s.advance('2s');
    const views = Object.values(memberViews(s));
    s.expect('all members converge on the same store', views.every((v) => v !== undefined && v.hash === views[0]!.hash), JSON.stringify(views.map((v) => v && `${v.applied}:${v.hash}`)));
  },
});
