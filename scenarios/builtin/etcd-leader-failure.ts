// Three etcd members on three hosts and a client writing through them. The leader's host crashes:
// a new leader is elected, no acknowledged write is lost, and the old host catches up on return.

import { host, type InspectNode } from '../../runtime/index.ts';
import type { ClientMsg } from '../../protocols/etcd/client.ts';
import { etcdClient } from '../../actors/etcd/member/client.ts';
import type { StoreCommand } from '../../protocols/etcd/kv.ts';
import { defineScenario, type ScenarioContext } from '../scenario.ts';
import { leaderOf as leader, MEMBERS, memberViews as members, spawnCluster } from './etcd-support.ts';

const acked = (s: ScenarioContext) =>
  ((s.inspect().children.find((h) => h.name === 'client-1')?.children[0] as InspectNode | undefined)?.description as { acked: number } | undefined)?.acked ?? 0;

const writes = (from: number, n: number): StoreCommand[] => Array.from({ length: n }, (_, i) => ({ type: 'put', key: `k${from + i}`, value: `v${from + i}` }));

export default defineScenario({
  name: 'etcd-leader-failure',
  description: "the etcd leader's host crashes: a new leader is elected and no acknowledged write is lost",
  config: { network: { latency: { min: 0.2, max: 0.3 } }, fsyncMs: 1 },
  setup: (s) => {
    spawnCluster(s);
    s.spawn(host({ children: [{ id: 'etcd-client', actor: etcdClient({ members: MEMBERS }) }] }), { name: 'client-1', restart: 'permanent' });
  },
  script: async (s) => {
    const first = await s.until(() => leader(s) !== undefined, { within: '5s' });
    s.expect('a leader is elected at start', first, `leader ${leader(s)} at ${s.now().toFixed(1)}ms`);
    s.send<ClientMsg>('/client-1/etcd-client', { type: 'WriteAll', commands: writes(1, 20) });
    await s.until(() => acked(s) === 20, { within: '10s' });
    const old = leader(s)!;
    const crashedAt = s.now();
    s.crashHost(old);
    const elected = await s.until(() => leader(s, old) !== undefined, { within: '10s' });
    const electionMs = s.now() - crashedAt;
    s.expect('a new leader is elected after the crash', elected, `${leader(s, old)} leads after ${electionMs.toFixed(1)}ms of virtual time`);
    s.send<ClientMsg>('/client-1/etcd-client', { type: 'WriteAll', commands: writes(21, 20) });
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
