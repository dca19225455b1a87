// Each ask has a receiver at a path of its own (/a/$ask-N): the trace's table of names lets go of
// it once the ask is settled, so a long run's table does not grow by one name per ask.

import test from 'ava';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ActorRef, type AskResult, defineActor } from '../../runtime/index.ts';
import { Simulation } from '../../runtime/kernel/index.ts';
import { TraceReader } from '../../runtime/trace/index.ts';

const dir = mkdtempSync(join(tmpdir(), 'kyb-asknames-'));
test.after.always(() => rmSync(dir, { recursive: true, force: true }));

type Ask = { type: 'ask'; replyTo: ActorRef<Answer> } | { type: 'late' };
type Answer = { type: 'answer' };
type AskerMsg = { type: 'go'; n: number } | { type: 'result'; result: AskResult<Answer> };

test('1,000 settled asks leave their names out of the trace table, and a late reply still reads back', async (t) => {
  const file = join(dir, 'asks.trace');
  const sim = new Simulation({ name: 'ask-names', seed: 1, trace: { file, header: { kybernetes: 'test', scenario: 'asks', config: null, inputs: [] } } });
  let held: ActorRef<Answer> | undefined;
  const answerer = sim.system.spawn(defineActor<Ask, null>({
    kind: 'answerer',
    init: () => null,
    receive: (s, m, ctx) => {
      if (m.type === 'late') ctx.send(held!, { type: 'answer' });
      else if (held === undefined) held = m.replyTo; // the first ask goes unanswered, until too late
      else ctx.send(m.replyTo, { type: 'answer' });
      return s;
    },
  }), { name: 'b' });
  const results: boolean[] = [];
  const asker = sim.system.spawn(defineActor<AskerMsg, null>({
    kind: 'asker',
    init: () => null,
    receive: (s, m, ctx) => {
      if (m.type === 'go') for (let i = 0; i < m.n; i++) ctx.ask<Ask, Answer>(answerer, (replyTo) => ({ type: 'ask', replyTo }), 100, (result) => ({ type: 'result', result }));
      else results.push(m.result.ok);
      return s;
    },
  }), { name: 'a' });
  sim.system.send(asker, { type: 'go', n: 1000 });
  await sim.advance(1000);
  t.is(results.filter((ok) => ok).length, 999);
  // The table holds the actors' names, not the asks' (it held 1,000 more).
  const ids = (sim as unknown as { frames: { encoder: { ids: Map<string, number> } } }).frames.encoder.ids;
  t.false([...ids.keys()].some((s) => s.includes('$ask-')));
  t.true(ids.size < 20, `${ids.size} names`);
  // A reply to the first ask, long settled, names its receiver again.
  sim.system.send(answerer, { type: 'late' });
  await sim.advance(10);
  sim.close();
  const events = [...new TraceReader(file).events()];
  t.is(new Set(events.flatMap((e) => [e.actor, e.peer]).filter((p) => p.includes('$ask-'))).size, 1000);
  t.deepEqual(events.filter((e) => e.type === 'dead-letter').map((e) => e.actor), ['/a/$ask-1']);
});
