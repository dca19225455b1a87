// Shared fixtures for runtime tests: a worker that logs its starts and obeys simple commands.

import { type ActorRef, defineActor } from '../../runtime/index.ts';
import { type ActorSystem, createSystem, ManualClock, type SystemOptions } from '../../runtime/system/index.ts';

export type WorkerMsg =
  | { type: 'ping' }
  | { type: 'crash'; why?: string }
  | { type: 'stop' }
  | { type: 'count'; replyTo: ActorRef<Count> };

export type Count = { type: 'count'; n: number; incarnation: number };

/** Logs `start <path>` on every start; counts pings; throws on crash; stops itself on stop. */
export function worker(log: string[], opts: { failInit?: () => boolean } = {}) {
  return defineActor<WorkerMsg, { n: number }>({
    kind: 'worker',
    init: (ctx) => {
      log.push(`start ${ctx.path}`);
      if (opts.failInit?.()) throw new Error('init failed');
      return { n: 0 };
    },
    receive: (s, m, ctx) => {
      switch (m.type) {
        case 'ping':
          return { n: s.n + 1 };
        case 'crash':
          throw new Error(m.why ?? 'boom');
        case 'stop':
          ctx.stop();
          return s;
        case 'count':
          ctx.send(m.replyTo, { type: 'count', n: s.n, incarnation: ctx.incarnation });
          return s;
      }
    },
    describe: (s) => ({ n: s.n }),
  });
}

/** A system on a manual clock: time moves only by clock.advance. */
export function manualSystem(options: Omit<SystemOptions, 'clock'> = {}): { system: ActorSystem; clock: ManualClock } {
  const clock = new ManualClock();
  return { system: createSystem({ ...options, clock }), clock };
}

/**
 * Advances time by `ms`, one due timer at a time, letting every actor handle what it was sent
 * before the clock moves on: handlers see the time their message was due.
 */
export async function step(system: ActorSystem, clock: ManualClock, ms: number): Promise<void> {
  const target = clock.now() + ms;
  await system.idle();
  for (let at = clock.nextAt(); at !== undefined && at <= target; at = clock.nextAt()) {
    clock.advance(at - clock.now());
    await system.idle();
  }
  clock.advance(target - clock.now());
  await system.idle();
}

export function ref(system: ActorSystem, path: string): ActorRef<WorkerMsg> {
  const r = system.lookup<WorkerMsg>(path);
  if (!r) throw new Error(`no actor at ${path}`);
  return r;
}

export function statusOf(system: ActorSystem, path: string): string {
  const find = (n: ReturnType<ActorSystem['inspect']>): string | undefined =>
    n.path === path ? n.status : n.children.map(find).find((s) => s !== undefined);
  return find(system.inspect()) ?? 'absent';
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
