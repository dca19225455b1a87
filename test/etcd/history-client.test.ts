// The fault runs' recording clients read linearizably: their gets and ranges reach the members as
// ReadIndex reads, never as serializable ones (which may be stale by design and would hide a
// stale-read bug from the checkers).

import test from 'ava';
import { defineActor, host } from '../../runtime/index.ts';
import { Simulation } from '../../runtime/kernel/index.ts';
import { applyCommand, MvccStore } from '../../actors/etcd/mvcc/index.ts';
import type { MemberMsg } from '../../protocols/etcd/member.ts';
import { historyClient, historyClientKey, type HistoryClientMsg } from '../../scenarios/checks/etcd/history-client.ts';

test('the history client asks for linearizable reads; the reader asks only for them, and stops when paused', async (t) => {
  const asked: (MemberMsg & { type: 'Request' })[] = [];
  const store = new MvccStore();
  const member = defineActor<MemberMsg, null>({
    kind: 'fake-member',
    init: () => null,
    receive: (s, m, ctx) => {
      if (m.type === 'Request') {
        asked.push(m);
        ctx.send(m.replyTo, { type: 'Response', id: m.id, result: applyCommand(store, m.command) });
      }
      return s;
    },
  });
  const sim = new Simulation({ seed: 3, network: { latency: { min: 0.2, max: 0.3 } } });
  sim.system.spawn(host({ children: [{ id: 'etcd-member', actor: member }] }), { name: 'm' });
  const ranges = { key: 'a', rangeEnd: 'd' };
  sim.system.spawn(host({ children: [{ id: 'client', actor: historyClient({ id: 0, members: ['m'], keys: ['a', 'b'], operations: 200, ranges }) }] }), { name: 'w' });
  sim.system.spawn(host({ children: [{ id: 'client', actor: historyClient({ id: 1, members: ['m'], keys: ['a', 'b'], operations: 1000, thinkMs: 10, readOnly: true, ranges }) }] }), { name: 'r' });
  await sim.advance(1);
  sim.system.send(sim.system.lookup<HistoryClientMsg>('/w/client')!, { type: 'Start' });
  sim.system.send(sim.system.lookup<HistoryClientMsg>('/r/client')!, { type: 'Start', forMs: 500 });
  await sim.advance(2000);
  const reads = asked.filter((m) => m.command.type === 'range');
  t.true(reads.length > 100, `${reads.length} reads`);
  t.true(reads.every((m) => m.serializable === undefined), 'no read is serializable');
  t.true(asked.some((m) => m.command.type === 'range' && m.command.rangeEnd === undefined), 'single-key gets among them');
  const reader = sim.system.stateOf('/r/client', historyClientKey)!;
  t.true(reader.history.length > 10 && reader.history.every((r) => r.input.op === 'range'), 'the reader only reads');
  const done = reader.done;
  await sim.advance(1000);
  t.is(sim.system.stateOf('/r/client', historyClientKey)!.done, done, 'paused after forMs');
  sim.close();
});
