// Three etcd members on three hosts and a client writing through them. The leader's host crashes:
// a new leader is elected, no acknowledged write is lost, and the old host catches up on return.

import { host } from '../../runtime/index.ts';
import { etcdClient, etcdClientStateKey } from '../../actors/etcd/member/client.ts';
import { type ClientMsg, etcdClientService } from '../../protocols/etcd/client.ts';
import type { StoreCommand } from '../../protocols/etcd/kv.ts';
import { defineScenario, type ScenarioContext } from '../scenario.ts';
import { etcdOnly } from '../cluster/index.ts';
import { memberViews as members } from './etcd-support.ts';

const CLIENT = etcdClientService.on('client-1');

const acked = (s: ScenarioContext) => s.system.stateOf(CLIENT, etcdClientStateKey)?.acked ?? 0;

const writes = (from: number, n: number): StoreCommand[] => Array.from({ length: n }, (_, i) => ({ type: 'put', key: `k${from + i}`, value: `v${from + i}` }));

export default defineScenario({
  name: 'etcd-leader-failure',
  description: "the etcd leader's host crashes: a new leader is elected and no acknowledged write is lost",
  config: { network: { latency: { min: 0.2, max: 0.3 } }, fsyncMs: 1 },
  setup: (s) => {
    const cluster = s.cluster(etcdOnly());
    s.spawn(host({ children: [{ id: etcdClientService.name, actor: etcdClient({ members: cluster.etcd.members }) }] }), { name: 'client-1', restart: 'permanent' });
  },
  script: async (s) => {
    const etcd = s.cluster().etcd;
    const first = await s.until(() => etcd.leader() !== undefined, { within: '5s' });
    s.expect('a leader is elected at start', first, `leader ${etcd.leader()} at ${s.now().toFixed(1)}ms`);
    s.send<ClientMsg>(CLIENT, { type: 'WriteAll', commands: writes(1, 20) });
    await s.until(() => acked(s) === 20, { within: '10s' });
    const old = etcd.leader()!;
    const crashedAt = s.now();
    s.crashHost(old);
    const elected = await s.until(() => etcd.leader(old) !== undefined, { within: '10s' });
    const electionMs = s.now() - crashedAt;
    s.expect('a new leader is elected after the crash', elected, `${etcd.leader(old)} leads after ${electionMs.toFixed(1)}ms of virtual time`);
    s.send<ClientMsg>(CLIENT, { type: 'WriteAll', commands: writes(21, 20) });
    const done = await s.until(() => acked(s) === 40, { within: '10s' });
    await s.advance('1s');
    const live = Object.entries(members(s)).filter(([id]) => id !== old).map(([, m]) => m!);
    s.expect('every write is acknowledged', done, `${acked(s)} of 40`);
    s.expect(
      'no acknowledged write is lost: the live members hold all 40 keys, alike',
      live.every((m) => m.keys === 40 && m.hash === live[0]!.hash),
      live.map((m) => `${m.keys} keys at revision ${m.revision}, store hash ${m.hash}`).join('; '),
    );
    s.restartHost(old);
    const caughtUp = await s.until(() => {
      const m = members(s);
      return m[old]?.keys === 40 && m[old]?.hash === live[0]!.hash;
    }, { within: '10s' });
    s.expect('the restarted member catches up from its disk and the leader', caughtUp, JSON.stringify(members(s)[old]));
  },
});
