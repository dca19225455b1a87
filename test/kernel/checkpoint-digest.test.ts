// An actor's digest is what a trace checkpoint hashes of its state: a replay that diverges only
// in what the digest leaves out goes unseen at checkpoints, one that changes the digest is caught.

import test from 'ava';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineActor, host } from '../../runtime/index.ts';
import { Simulation } from '../../runtime/kernel/index.ts';
import { stateHash } from '../../runtime/kernel/state-hash.ts';
import { TraceReader } from '../../runtime/trace/index.ts';

const dir = mkdtempSync(join(tmpdir(), 'kyb-digest-'));
test.after.always(() => rmSync(dir, { recursive: true, force: true }));

type S = { count: number; bulk: number[] };
const counter = (digest: boolean) =>
  defineActor<{ type: 'tick' }, S>({
    kind: 'counter',
    init: (ctx) => {
      ctx.timers.every('t', 100, { type: 'tick' });
      return { count: 0, bulk: [] };
    },
    receive: (s, _m) => {
      s.count++;
      s.bulk.push(s.count);
      return s;
    },
    ...(digest ? { digest: (s: S) => s.count } : {}),
  });

async function hashes(digest: boolean): Promise<number[]> {
  const file = join(dir, `t-${digest}`);
  const sim = new Simulation({ seed: 1, trace: { file } });
  sim.system.spawn(host({ children: [{ id: 'c', actor: counter(digest) }] }), { name: 'h' });
  await sim.advance(3500);
  sim.close();
  const r = new TraceReader(file);
  const out = [...r.events()].filter((e) => e.type === 'checkpoint').map((e) => (e.detail as Record<string, number>)['/h/c']!);
  r.close();
  return out;
}

test('a checkpoint hashes the digest when the actor gives one, the whole state otherwise', async (t) => {
  const withDigest = await hashes(true);
  const whole = await hashes(false);
  t.is(withDigest.length, 3);
  t.is(new Set(withDigest).size, 3, 'the digest changes as the state does');
  t.notDeepEqual(withDigest, whole, 'the two hash different things');
  t.true([9, 10].map(stateHash).includes(withDigest[0]!), 'the first checkpoint hashes the count at one second');
});

test('an actor that handled nothing since the last checkpoint keeps its hash and is not digested again', async (t) => {
  let digests = 0;
  const quiet = defineActor<{ type: 'poke' }, { pokes: number }>({
    kind: 'quiet',
    init: () => ({ pokes: 0 }),
    receive: (s) => ({ pokes: s.pokes + 1 }),
    digest: (s) => (digests++, s.pokes),
  });
  const file = join(dir, 'quiet');
  const sim = new Simulation({ seed: 1, trace: { file } });
  // The counter beside it keeps virtual time moving, so checkpoints come.
  sim.system.spawn(host({ children: [{ id: 'q', actor: quiet }, { id: 'c', actor: counter(true) }] }), { name: 'h' });
  await sim.advance(3500);
  t.is(digests, 1, 'three checkpoints, one digest');
  sim.system.send(sim.system.lookup<{ type: 'poke' }>('/h/q')!, { type: 'poke' });
  await sim.advance(1000);
  t.is(digests, 2, 'a message handled: digested again');
  sim.close();
  const r = new TraceReader(file);
  const out = [...r.events()].filter((e) => e.type === 'checkpoint').map((e) => (e.detail as Record<string, number>)['/h/q']!);
  r.close();
  t.deepEqual(out, [0, 0, 0, 1].map(stateHash));
});
