// An apiserver fault run: three control planes (each an apiserver over a stacked etcd member),
// clients recording their history of ConfigMap gets, puts, compare-and-swaps and deletes through
// any replica, and faults drawn from the seed: control planes crashed and restarted, an
// apiserver or an etcd member crashed alone (their supervisors restart them), a control plane
// partitioned off. Then everything heals: every client must finish and the history must be
// linearizable, the apiserver's API checked as etcd's is.

import { host, Rng } from '../../runtime/index.ts';
import { kubeApiserverService } from '../../protocols/kube/api.ts';
import { etcdMemberService } from '../../protocols/etcd/member.ts';
import { kubeHistoryClient, kubeHistoryKey, type KubeHistoryMsg, type KubeRecorded } from '../checks/kube/history-client.ts';
import { checkHistory, explain, kvModel, type KvInput, type KvOutput, type Operation, UNKNOWN } from '../checks/linearizability/index.ts';
import { informerWatcher, informerWatcherKey, type InformerWatcherMsg } from '../checks/kube/informer-watcher.ts';
import { checkWatchRecord, storeHistory } from '../checks/kube/watch-record.ts';
import type { ApiserverTuning } from '../cluster/index.ts';
import { defineScenario, type ScenarioContext } from '../scenario.ts';

const CLIENTS = 3;
const OPERATIONS = 40;
const FAULTS = 6;
const KEYS = ['a', 'b', 'c'];
const INFORMERS = 2;
const clientHost = (c: number) => `api-client-${c}`;
const informerHost = (i: number) => `informer-${i}`;
const CONFIGMAPS = '/registry/configmaps/default/';

const histories = (s: ScenarioContext): KubeRecorded[] =>
  Array.from({ length: CLIENTS }, (_, c) => s.system.stateOf(`/${clientHost(c)}/client`, kubeHistoryKey)?.history ?? []).flat();

const finished = (s: ScenarioContext) => Array.from({ length: CLIENTS }, (_, c) => s.system.stateOf(`/${clientHost(c)}/client`, kubeHistoryKey)?.done).every((d) => d === OPERATIONS);

interface Fault {
  readonly what: string;
  readonly undo: () => void;
}

function drawFault(s: ScenarioContext, rng: Rng, planes: readonly string[]): Fault {
  const victim = planes[rng.int(planes.length)]!;
  switch (rng.int(4)) {
    case 0:
      s.crashHost(victim);
      return { what: `crash ${victim}`, undo: () => s.restartHost(victim) };
    case 1:
      s.crashActor(kubeApiserverService.pathOn(victim), 'injected apiserver crash');
      return { what: `crash the apiserver on ${victim}`, undo: () => {} };
    case 2:
      s.crashActor(etcdMemberService.pathOn(victim), 'injected etcd crash');
      return { what: `crash the etcd member on ${victim}`, undo: () => {} };
    default: {
      // The client that starts on this replica may be cut off with it: it then talks to an
      // apiserver whose etcd member is in the minority, whose cache stops moving.
      const others = planes.filter((p) => p !== victim);
      const clients = Array.from({ length: CLIENTS }, (_, c) => clientHost(c));
      const along = rng.int(2) === 0 ? clients.filter((_, c) => planes[c % planes.length] === victim) : [];
      const informers = Array.from({ length: INFORMERS }, (_, i) => informerHost(i));
      s.partition([victim, ...along], [...others, ...clients.filter((c) => !along.includes(c)), ...informers, 'kubectl']);
      return { what: `partition ${[victim, ...along].join(' with ')} off`, undo: () => s.heal() };
    }
  }
}

export interface ApiserverChaosOptions {
  readonly name: string;
  /** A bug planted in every replica, for the tests that expect these runs to catch it. */
  readonly plant?: ApiserverTuning['plant'];
  /** Faults drawn; default 6. */
  readonly faults?: number;
  /** How long the informers have to catch up with etcd once the faults are over; default 3 minutes. */
  readonly convergeWithin?: string;
  /** How often the replicas compact etcd; default as kube-apiserver (5 minutes, past the run's end). */
  readonly compactionIntervalMs?: number;
}

export function apiserverChaos(options: ApiserverChaosOptions) {
  return defineScenario({
    name: options.name,
    description: 'random faults from the seed against three apiserver replicas over stacked etcd, with clients recording a history that must be linearizable',
    config: { network: { latency: { min: 0.2, max: 0.3 } }, fsyncMs: 1 },
    setup: (s) => {
      const tuning = { ...(options.plant ? { plant: options.plant } : {}), ...(options.compactionIntervalMs !== undefined ? { compactionIntervalMs: options.compactionIntervalMs } : {}) };
      const cluster = s.cluster({ controlPlanes: 3, workers: 0, apiserverOnly: true, ...(Object.keys(tuning).length > 0 ? { apiserver: tuning } : {}) });
      for (let c = 0; c < CLIENTS; c++)
        s.spawn(host({ children: [{ id: 'client', actor: kubeHistoryClient({ id: c, replicas: cluster.topology.controlPlanes, keys: KEYS, operations: OPERATIONS, thinkMs: 300, token: cluster.token('admin') }) }] }), {
          name: clientHost(c),
          restart: 'permanent',
        });
      // Informers on the workload, each starting on its own replica, as components' informers do.
      for (let i = 0; i < INFORMERS; i++) {
        const replicas = cluster.topology.controlPlanes.map((_, j, all) => all[(i + j) % all.length]!);
        s.spawn(host({ children: [{ id: 'informer', actor: informerWatcher({ replicas, token: cluster.token('admin'), namespace: 'default' }) }] }), { name: informerHost(i), restart: 'permanent' });
      }
    },
    script: async (s) => {
      const planes = s.cluster().topology.controlPlanes;
      const rng = Rng.stream(s.sim.seed, options.name);
      await s.until(() => s.cluster().etcd.leader() !== undefined, { within: '5s' });
      await s.advance('3s');
      for (let i = 0; i < INFORMERS; i++) s.send<InformerWatcherMsg>(`/${informerHost(i)}/informer`, { type: 'Start' });
      for (let c = 0; c < CLIENTS; c++) s.send<KubeHistoryMsg>(`/${clientHost(c)}/client`, { type: 'Start' });
      const done: string[] = [];
      for (let i = 0; i < (options.faults ?? FAULTS); i++) {
        await s.advance(500 + rng.int(1500));
        const f = drawFault(s, rng, planes);
        done.push(f.what);
        await s.advance(1000 + rng.int(3000));
        f.undo();
      }
      s.heal();
      const all = await s.until(() => finished(s), { within: '3m' });
      s.expect(`every client finishes its ${OPERATIONS} operations`, all, done.join('; '));
      const h: Operation<KvInput, KvOutput>[] = histories(s).map((r) => ({ client: r.client, input: r.input, output: r.output === undefined ? UNKNOWN : r.output, call: r.call, return: r.return ?? Infinity }));
      const verdict = checkHistory(kvModel(), h);
      const unknown = h.filter((o) => o.output === UNKNOWN).length;
      s.expect(
        "the apiserver's history is linearizable",
        verdict.result === 'ok',
        verdict.result === 'ok' ? `${h.length} operations (${unknown} with unknown outcome), ${verdict.explored} states explored` : explain(kvModel(), h, verdict).split('\n').slice(0, 6).join(' | '),
      );

      // Every informer catches up with etcd, and its record squares with etcd's history.
      const etcd = s.cluster().etcd;
      const store = () => etcd.state(etcd.leader() ?? '')?.store;
      const informer = (i: number) => s.system.stateOf(`/${informerHost(i)}/informer`, informerWatcherKey);
      const caughtUp = () => {
        const st = store();
        if (st === undefined) return false;
        const final = storeHistory(st, CONFIGMAPS, 'default').final;
        return Array.from({ length: INFORMERS }, (_, i) => informer(i)?.kit.informers.cms?.store.items ?? {}).every(
          (items) => Object.keys(items).length === final.size && [...final].every(([k, rv]) => Number(items[k]?.metadata.resourceVersion) === rv),
        );
      };
      const converged = await s.until(caughtUp, { within: options.convergeWithin ?? '3m' });
      const st = store();
      const problems: string[] = [];
      let relists = 0;
      let notes = 0;
      for (let i = 0; i < INFORMERS && st !== undefined; i++) {
        const w = informer(i);
        const inf = w?.kit.informers.cms;
        if (w === undefined || inf === undefined) {
          problems.push(`${informerHost(i)}: not running`);
          continue;
        }
        relists += inf.reflector.relists;
        notes += w.noted.length;
        const p = checkWatchRecord(w.noted, inf.store.items, storeHistory(st, CONFIGMAPS, 'default'), inf.reflector.relists);
        if (p !== null) problems.push(`${informerHost(i)}: ${p}`);
      }
      s.expect('every informer ends with what etcd holds', converged && st !== undefined, converged ? '' : `within ${options.convergeWithin ?? '3m'}`);
      s.expect('no informer saw a state out of order, twice, unknown to etcd, or (without a relist) missed one', problems.length === 0, problems.join(' | ') || `${notes} notifications, ${relists} relists`);
      if (options.compactionIntervalMs !== undefined) s.expect("the replicas compacted etcd's history", (st?.compactRevision ?? 0) > 0, `compacted to revision ${st?.compactRevision}`);
    },
  });
}

export default apiserverChaos({ name: 'apiserver-chaos' });
