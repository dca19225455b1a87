// Raw nact against the runtime: a flood into one actor, and two actors bouncing a ball.

import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nact from 'nact';
import { type ActorRef, defineActor, host } from '../../runtime/index.ts';
import type { ActorSystem } from '../../runtime/system/index.ts';
import { Simulation } from '../../runtime/kernel/index.ts';

export const FLOOD = 1_000_000;
export const ROUND_TRIPS = 200_000;

type Msg = { type: 'n'; n: number };
type Ball = { type: 'ball'; left: number; peer: ActorRef<Ball> };

let systems = 0;

/** How the runtime side runs: on the kernel's virtual time, with or without a trace file. */
export interface Mode {
  readonly traced: boolean;
}

export interface Traced {
  readonly perSec: number;
  readonly events: number;
  readonly traceBytes: number;
}

/** A simulation for one measurement; with `traced`, its trace goes to a temporary file. */
function simulation(mode: Mode, name: string) {
  const file = join(tmpdir(), `kyb-bench-${process.pid}-${++systems}.trace`);
  const sim = new Simulation({ name, trace: mode.traced ? { file } : undefined });
  return {
    system: sim.system as ActorSystem,
    sim,
    finish(): { events: number; traceBytes: number } {
      sim.close();
      const out = { events: sim.events, traceBytes: sim.traceBytes };
      rmSync(file, { force: true });
      return out;
    },
  };
}

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

/** The same flood into a typed, supervised runtime actor on the kernel. */
export async function runtimeFlood(mode: Mode = { traced: false }, count = FLOOD): Promise<Traced> {
  const { system, sim, finish } = simulation(mode, 'bench-flood');
  const sink = system.spawn(defineActor<Msg, number>({ kind: 'sink', init: () => 0, receive: (seen) => seen + 1 }), { name: 'sink' });
  const t0 = performance.now();
  for (let n = 0; n < count; n++) system.send(sink, { type: 'n', n });
  await sim.advance(0);
  const secs = (performance.now() - t0) / 1000;
  return { perSec: count / secs, ...finish() };
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

/** Bounces the ball back until it is worn out. */
const player = defineActor<Ball, null>({
  kind: 'player',
  init: () => null,
  receive: (s, msg, ctx) => {
    if (msg.left > 0) ctx.send(msg.peer, { type: 'ball', left: msg.left - 1, peer: ctx.self });
    return s;
  },
});

/** The same bouncing between two runtime actors on the kernel. */
export async function runtimePingPong(mode: Mode = { traced: false }, trips = ROUND_TRIPS): Promise<Traced> {
  const { system, sim, finish } = simulation(mode, 'bench-pp');
  const a = system.spawn(player, { name: 'a' });
  const b = system.spawn(player, { name: 'b' });
  const t0 = performance.now();
  system.send(a, { type: 'ball', left: trips * 2, peer: b });
  await sim.advance(0);
  const secs = (performance.now() - t0) / 1000;
  return { perSec: (trips * 2) / secs, ...finish() };
}

/**
 * Kernel events (network arrivals) per wall second: two hosts bouncing a ball over the simulated
 * network, each hop a scheduled event in virtual time. Untraced.
 */
export async function kernelEventsPerWallSec(trips = 50_000): Promise<number> {
  const sim = new Simulation({ name: 'bench-kernel' });
  sim.system.spawn(host({ children: [{ id: 'p', actor: player }] }), { name: 'a' });
  sim.system.spawn(host({ children: [{ id: 'p', actor: player }] }), { name: 'b' });
  const t0 = performance.now();
  sim.system.send(sim.system.lookup<Ball>('/a/p')!, { type: 'ball', left: trips * 2, peer: { path: '/b/p', uid: 0 } });
  await sim.advance(Infinity);
  const secs = (performance.now() - t0) / 1000;
  sim.close();
  return (trips * 2) / secs;
}
