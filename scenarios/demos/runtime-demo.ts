// A small supervisor tree that heals: a worker crashes, its supervisor restarts it after a
// backoff, and the tree shows what happened. Real time; the next step puts it on virtual time.

import { filter, firstValueFrom } from 'rxjs';
import { type ActorSystem, createSystem, defineActor, supervisor } from '../../runtime/index.ts';

export type FlakyMsg = { type: 'work'; item: string } | { type: 'boom' };
export type TickMsg = { type: 'tick' };

/** Does work until told to blow up. */
export const flaky = defineActor<FlakyMsg, { done: number }>({
  kind: 'worker',
  init: () => ({ done: 0 }),
  receive: (s, m) => {
    if (m.type === 'boom') throw new Error('the disk is on fire');
    return { done: s.done + 1 };
  },
  describe: (s) => ({ done: s.done }),
});

/** Counts its own heartbeats. */
export const heartbeat = defineActor<TickMsg, { beats: number }>({
  kind: 'heartbeat',
  init: (ctx) => {
    ctx.timers.every('beat', 50, { type: 'tick' });
    return { beats: 0 };
  },
  receive: (s) => ({ beats: s.beats + 1 }),
  describe: (s) => ({ beats: s.beats }),
});

export const demoTree = supervisor({
  kind: 'app',
  strategy: 'one-for-one',
  maxRestarts: 3,
  period: 5000,
  backoff: { min: 200, max: 2000, jitter: 0.2 },
  children: [
    { id: 'heartbeat', actor: heartbeat },
    { id: 'worker-1', actor: flaky },
    { id: 'worker-2', actor: flaky },
  ],
});

/** Starts the demo tree, does some work, crashes worker-1, and resolves once it is back. */
export async function runDemo(log: (line: string) => void, system: ActorSystem = createSystem({ name: 'demo' })) {
  system.spawn(demoTree, { name: 'app', restart: 'permanent' });
  const w1 = system.lookup<FlakyMsg>('/app/worker-1')!;
  const w2 = system.lookup<FlakyMsg>('/app/worker-2')!;
  for (const item of ['a', 'b', 'c']) system.send(w1, { type: 'work', item });
  system.send(w2, { type: 'work', item: 'd' });
  await system.idle();
  const changes = system.treeChanges$.subscribe((c) => log(`  ${c.path} is ${c.status}${c.restarts ? ` (restarts: ${c.restarts})` : ''}`));
  const back = firstValueFrom(system.treeChanges$.pipe(filter((c) => c.path === '/app/worker-1' && c.status === 'running')));
  log('crashing /app/worker-1 ...');
  system.send(w1, { type: 'boom' });
  system.send(w1, { type: 'work', item: 'e' }); // waits out the backoff in the mailbox
  await back;
  await system.idle();
  changes.unsubscribe();
  return system;
}
