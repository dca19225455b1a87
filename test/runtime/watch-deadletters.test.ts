import test from 'ava';
import { type ActorRef, defineActor, type Message, supervisor, type Terminated } from '../../runtime/index.ts';
import type { DeadLetter } from '../../runtime/system/index.ts';
import { manualSystem, ref, step, worker, type WorkerMsg } from './helpers.ts';

type WatcherMsg = { type: 'watch'; target: ActorRef<never> } | Terminated;

function watcher(seen: Terminated[]) {
  return defineActor<WatcherMsg, null>({
    kind: 'watcher',
    init: () => null,
    receive: (s, m, ctx) => {
      if (m.type === 'watch') ctx.watch(m.target);
      else seen.push(m);
      return s;
    },
  });
}

async function setup(restart: 'temporary' | 'permanent' = 'temporary') {
  const { system, clock } = manualSystem();
  const seen: Terminated[] = [];
  system.spawn(supervisor({ children: [{ id: 'w', actor: worker([]), restart }] }), { name: 'sup' });
  const w = ref(system, '/sup/w');
  const watching = system.spawn(watcher(seen), { name: 'watcher' });
  system.send(watching, { type: 'watch', target: w });
  await system.idle();
  return { system, clock, seen, w };
}

test('watch: Terminated when the watched actor stops itself', async (t) => {
  const { system, seen, w } = await setup();
  system.send(w, { type: 'stop' });
  await system.idle();
  t.deepEqual(seen, [{ type: 'Terminated', ref: w, reason: { kind: 'normal' } }]);
});

test('watch: Terminated with the error when the watched actor fails and is not restarted', async (t) => {
  const { system, seen, w } = await setup();
  system.send(w, { type: 'crash', why: 'disk on fire' });
  await system.idle();
  t.deepEqual(seen, [{ type: 'Terminated', ref: w, reason: { kind: 'failed', error: 'disk on fire', messageType: 'crash' } }]);
});

test('watch: no Terminated when the watched actor is restarted (its ref lives on)', async (t) => {
  const { system, clock, seen, w } = await setup('permanent');
  system.send(w, { type: 'crash' });
  await step(system, clock, 1000);
  t.deepEqual(seen, []);
});

test('watch: Terminated when the watched actor’s parent stops', async (t) => {
  const { system, seen, w } = await setup();
  system.stop(system.lookup('/sup')!);
  await system.idle();
  t.deepEqual(seen, [{ type: 'Terminated', ref: w, reason: { kind: 'shutdown' } }]);
});

test('watch: an actor already gone answers at once with not-found', async (t) => {
  const { system, seen, w } = await setup();
  system.stop(w);
  await system.idle();
  seen.length = 0;
  system.send(system.lookup<WatcherMsg>('/watcher')!, { type: 'watch', target: w });
  await system.idle();
  t.deepEqual(seen, [{ type: 'Terminated', ref: w, reason: { kind: 'not-found' } }]);
});

test('dead letters: messages to a stopped actor, to one that never existed, and mail left at stop', async (t) => {
  const { system } = manualSystem();
  const letters: DeadLetter[] = [];
  system.deadLetters$.subscribe((d) => letters.push(d));
  const blocker = defineActor<{ type: 'stop' } | { type: 'late' }, null>({
    kind: 'blocker',
    init: () => null,
    receive: (s, m, ctx) => {
      if (m.type === 'stop') ctx.stop();
      return s;
    },
  });
  const b = system.spawn(blocker, { name: 'b' });
  system.send(b, { type: 'stop' });
  system.send(b, { type: 'late' }); // queued behind the stop: left in the mailbox when it stops
  await system.idle();
  system.send(b, { type: 'late' });
  system.send({ path: '/nobody', uid: 999 } as ActorRef<Message>, { type: 'hello' });
  t.deepEqual(
    letters.map((d) => [d.recipient, d.messageType, d.reason]),
    [
      ['/b', 'late', 'stopped'],
      ['/b', 'late', 'stopped'],
      ['/nobody', 'hello', 'unknown'],
    ],
  );
});

test('dead letters: a ref to a stopped actor does not reach a new actor at the same path', async (t) => {
  const { system } = manualSystem();
  const letters: DeadLetter[] = [];
  system.deadLetters$.subscribe((d) => letters.push(d));
  const old = system.spawn(worker([]), { name: 'w' });
  system.stop(old);
  const fresh = system.spawn(worker([]), { name: 'w' });
  system.send(old, { type: 'ping' });
  system.send(fresh, { type: 'ping' });
  await system.idle();
  t.deepEqual(letters.map((d) => [d.recipient, d.reason]), [['/w', 'stopped']]);
  const count = await system.ask<WorkerMsg, { type: 'count'; n: number; incarnation: number }>(fresh, (replyTo) => ({ type: 'count', replyTo }), 100);
  t.is(count.n, 1);
});

test('watch: an actor that watches its own child can crash and stop without wedging the system', async (t) => {
  const { system } = manualSystem();
  type ParentMsg = { type: 'crash' } | Terminated;
  const parent = defineActor<ParentMsg, null>({
    kind: 'parent',
    init: (ctx) => {
      ctx.watch(ctx.spawn(worker([]), { name: 'child', restart: 'temporary' }));
      return null;
    },
    receive: (s, m) => {
      if (m.type === 'crash') throw new Error('parent down');
      return s;
    },
  });
  const p = system.spawn(parent, { name: 'p' });
  await system.idle();
  system.send(p, { type: 'crash' });
  await system.idle();
  t.is(system.lookup('/p/child'), undefined, 'the child stopped with its parent’s incarnation');
  system.stop(p);
  await system.idle();
  t.is(system.lookup('/p'), undefined);
});
