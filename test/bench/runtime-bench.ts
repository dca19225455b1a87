// Raw nact against the runtime: a flood into one actor, and two actors bouncing a ball.

import nact from 'nact';
import { type ActorRef, createSystem, defineActor } from '../../runtime/index.ts';

export const FLOOD = 1_000_000;
export const ROUND_TRIPS = 200_000;

type Msg = { type: 'n'; n: number };
type Ball = { type: 'ball'; left: number; peer: ActorRef<Ball> };

let systems = 0;

/** Messages per second for `count` messages into one raw nact actor. */
export async function nactFlood(count = FLOOD): Promise<number> {
  const system = nact.start({ name: `bench-nact-flood-${++systems}` } as never);
  let resolve!: () => void;
  const done = new Promise<void>((r) => (resolve = r));
  const sink = nact.spawn(system, (seen: number, _msg: Msg) => {
    if (seen + 1 === count) resolve();
    return seen + 1;
  }, 'sink', { initialState: 0 });
  const t0 = performance.now();
  for (let n = 0; n < count; n++) nact.dispatch(sink, { type: 'n', n });
  await done;
  const secs = (performance.now() - t0) / 1000;
  nact.stop(system);
  return count / secs;
}

/** The same flood into a typed, supervised runtime actor. */
export async function runtimeFlood(count = FLOOD): Promise<number> {
  const system = createSystem({ name: `bench-flood-${++systems}` });
  let resolve!: () => void;
  const done = new Promise<void>((r) => (resolve = r));
  const sink = system.spawn(
    defineActor<Msg, number>({
      kind: 'sink',
      init: () => 0,
      receive: (seen) => {
        if (seen + 1 === count) resolve();
        return seen + 1;
      },
    }),
    { name: 'sink' },
  );
  const t0 = performance.now();
  for (let n = 0; n < count; n++) system.send(sink, { type: 'n', n });
  await done;
  const secs = (performance.now() - t0) / 1000;
  system.shutdown();
  return count / secs;
}

/** Messages per second for two raw nact actors bouncing `trips` round trips. */
export async function nactPingPong(trips = ROUND_TRIPS): Promise<number> {
  const system = nact.start({ name: `bench-nact-pp-${++systems}` } as never);
  let resolve!: () => void;
  const done = new Promise<void>((r) => (resolve = r));
  type NactBall = { left: number; peer: nact.Ref<NactBall> };
  const player = (name: string) =>
    nact.spawnStateless(system, (msg: NactBall, ctx) => {
      if (msg.left === 0) resolve();
      else nact.dispatch(msg.peer, { left: msg.left - 1, peer: ctx.self });
    }, name);
  const a = player('a');
  const b = player('b');
  const t0 = performance.now();
  nact.dispatch(a, { left: trips * 2, peer: b });
  await done;
  const secs = (performance.now() - t0) / 1000;
  nact.stop(system);
  return (trips * 2) / secs;
}

/** The same bouncing between two runtime actors. */
export async function runtimePingPong(trips = ROUND_TRIPS): Promise<number> {
  const system = createSystem({ name: `bench-pp-${++systems}` });
  let resolve!: () => void;
  const done = new Promise<void>((r) => (resolve = r));
  const player = defineActor<Ball, null>({
    kind: 'player',
    init: () => null,
    receive: (s, msg, ctx) => {
      if (msg.left === 0) resolve();
      else ctx.send(msg.peer, { type: 'ball', left: msg.left - 1, peer: ctx.self });
      return s;
    },
  });
  const a = system.spawn(player, { name: 'a' });
  const b = system.spawn(player, { name: 'b' });
  const t0 = performance.now();
  system.send(a, { type: 'ball', left: trips * 2, peer: b });
  await done;
  const secs = (performance.now() - t0) / 1000;
  system.shutdown();
  return (trips * 2) / secs;
}
