// Two hosts over a lossy, jittery network: the pinger retries until each ping is answered, the
// ponger answers every copy, and duplicates and late answers are told apart by id.

import { type ActorRef, defineActor, host } from '../../runtime/index.ts';
import { defineScenario } from '../scenario.ts';

type Pong = { type: 'pong'; id: number };
type PongerMsg = { type: 'ping'; id: number; replyTo: ActorRef<Pong> };
type PingerMsg = { type: 'start'; count: number; peer: ActorRef<PongerMsg> } | Pong | { type: 'retry'; id: number };

interface PingerState {
  peer: ActorRef<PongerMsg> | null;
  count: number;
  outstanding: number;
  acked: number;
  retries: number;
  stale: number;
}

const RETRY_MS = 40;

const pinger = defineActor<PingerMsg, PingerState>({
  kind: 'pinger',
  init: () => ({ peer: null, count: 0, outstanding: 0, acked: 0, retries: 0, stale: 0 }),
  receive: (s, m, ctx) => {
    const ping = (id: number, peer: ActorRef<PongerMsg>) => {
      ctx.send(peer, { type: 'ping', id, replyTo: ctx.self });
      ctx.timers.once('retry', RETRY_MS, { type: 'retry', id });
    };
    switch (m.type) {
      case 'start':
        ping(1, m.peer);
        return { ...s, peer: m.peer, count: m.count, outstanding: 1 };
      case 'retry':
        if (m.id !== s.outstanding || s.peer === null) return s;
        ping(m.id, s.peer);
        return { ...s, retries: s.retries + 1 };
      case 'pong': {
        if (m.id !== s.outstanding || s.peer === null) return { ...s, stale: s.stale + 1 };
        const acked = s.acked + 1;
        if (acked === s.count) {
          ctx.timers.cancel('retry');
          return { ...s, acked, outstanding: 0 };
        }
        ping(m.id + 1, s.peer);
        return { ...s, acked, outstanding: m.id + 1 };
      }
    }
  },
  describe: (s) => ({ acked: s.acked, retries: s.retries, stale: s.stale }),
});

const ponger = defineActor<PongerMsg, { pings: number; highest: number }>({
  kind: 'ponger',
  init: () => ({ pings: 0, highest: 0 }),
  receive: (s, m, ctx) => {
    ctx.send(m.replyTo, { type: 'pong', id: m.id });
    return { pings: s.pings + 1, highest: Math.max(s.highest, m.id) };
  },
  describe: (s) => s,
});

const COUNT = 50;

export default defineScenario({
  name: 'ping-pong',
  description: 'two hosts over a lossy, jittery network, with retries',
  config: { network: { latency: { min: 2, max: 20 }, loss: 0.2, duplicate: 0.1, reorder: true } },
  setup: (s) => {
    s.spawn(host({ children: [{ id: 'pinger', actor: pinger }] }), { name: 'left', restart: 'permanent' });
    s.spawn(host({ children: [{ id: 'ponger', actor: ponger }] }), { name: 'right', restart: 'permanent' });
  },
  script: async (s) => {
    s.send<PingerMsg>('/left/pinger', { type: 'start', count: COUNT, peer: s.system.lookup<PongerMsg>('/right/ponger')! });
    const state = () => s.inspect().children[0]!.children[0]!.description as { acked: number; retries: number; stale: number };
    const done = await s.until(() => state().acked === COUNT, { within: '2m' });
    const pong = s.inspect().children[1]!.children[0]!.description as { pings: number; highest: number };
    const { acked, retries, stale } = state();
    s.expect(`all ${COUNT} pings are answered`, done, `acked ${acked} by ${s.now().toFixed(1)}ms`);
    s.expect('lost messages were retried', retries > 0, `${retries} retries`);
    s.expect(
      'the ponger answered every copy it got, duplicates and retries included',
      pong.highest === COUNT && pong.pings >= COUNT,
      `${pong.pings} pings for ${COUNT} ids; the pinger ignored ${stale} stale answers`,
    );
  },
});
