// Three hosts gossip heartbeats. A partition cuts one off; inside the other side one link is held.
// The expectations check what each side saw, and that the held messages arrive once released.

import { defineActor, host, service } from '../../runtime/index.ts';
import { defineScenario, type ScenarioContext } from '../scenario.ts';

type GossipMsg = { type: 'beat' } | { type: 'heartbeat'; from: string; n: number };
type Seen = Record<string, number>;

const HOSTS = ['a', 'b', 'c'];

const gossipService = service<GossipMsg>('gossip');

const gossip = (self: string) =>
  defineActor<GossipMsg, { n: number; seen: Seen }>({
    kind: 'gossip',
    init: (ctx) => {
      ctx.timers.every('beat', 100, { type: 'beat' });
      return { n: 0, seen: {} };
    },
    receive: (s, m, ctx) => {
      if (m.type === 'beat') {
        for (const peer of HOSTS) if (peer !== self) ctx.send(gossipService.on(peer), { type: 'heartbeat', from: self, n: s.n + 1 });
        return { ...s, n: s.n + 1 };
      }
      return { ...s, seen: { ...s.seen, [m.from]: (s.seen[m.from] ?? 0) + 1 } };
    },
    describe: (s) => s.seen,
  });

function seen(s: ScenarioContext): Record<string, Seen> {
  const out: Record<string, Seen> = {};
  for (const h of s.inspect().children) out[h.name] = { ...((h.children[0]?.description as Seen | undefined) ?? {}) };
  return out;
}

const gained = (before: Record<string, Seen>, after: Record<string, Seen>, at: string, from: string) =>
  (after[at]?.[from] ?? 0) - (before[at]?.[from] ?? 0);

export default defineScenario({
  name: 'partition-demo',
  description: 'a partition, then a heal; held messages arrive; each side saw what it could',
  setup: (s) => {
    for (const h of HOSTS) s.spawn(host({ children: [{ id: 'gossip', actor: gossip(h) }] }), { name: h, restart: 'permanent' });
  },
  script: async (s) => {
    await s.advance('1s');
    const start = seen(s);
    s.expect('before the partition everyone hears everyone', HOSTS.every((x) => HOSTS.every((y) => x === y || (start[x]?.[y] ?? 0) > 0)), JSON.stringify(start));

    s.partition(['a'], ['b', 'c']);
    s.hold('b', 'c');
    await s.advance('2s');
    const during = seen(s);
    s.expect('the cut-off side hears nothing', gained(start, during, 'a', 'b') + gained(start, during, 'a', 'c') === 0, `a gained ${JSON.stringify(during.a)}`);
    s.expect('the other side hears nothing from the cut-off host', gained(start, during, 'b', 'a') + gained(start, during, 'c', 'a') === 0);
    s.expect('inside the majority, the open link carries heartbeats', gained(start, during, 'b', 'c') >= 15, `b heard ${gained(start, during, 'b', 'c')} from c`);
    // Holding stops what is sent from then on; a heartbeat already on the wire still lands.
    s.expect('inside the majority, the held link carries nothing new', gained(start, during, 'c', 'b') <= 1, `c heard ${gained(start, during, 'c', 'b')} from b`);

    s.heal();
    s.release('b', 'c');
    await s.advance('50ms');
    const released = seen(s);
    s.expect('once released, the held heartbeats arrive', gained(during, released, 'c', 'b') >= 19, `c heard ${gained(during, released, 'c', 'b')} from b within 50ms`);
    await s.advance('1s');
    const healed = seen(s);
    s.expect('after the heal everyone hears everyone again', HOSTS.every((x) => HOSTS.every((y) => x === y || gained(released, healed, x, y) >= 9)), JSON.stringify(healed));
  },
});
