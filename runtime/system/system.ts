// The actor system: nact underneath, and the runtime's parts assembled around it — the registry of
// who answers where, delivery, mailbox pumping, timers, asks, and the lifecycle that supervises.
// This file is its public surface and the wiring; each part lives in a file of its own.

import nact from 'nact';
import type { ActorDef, DiskHandle, NoMessages, SpawnOptions, StateKey } from '../actor.ts';
import { RealClock } from '../clock.ts';
import type { Clock } from '../time.ts';
import type { ActorRef, AnyRef, Message, ReplyOf } from '../message.ts';
import { resolveSupervision, type SupervisionOptions } from '../supervision.ts';
import { AskTimeoutError } from './ask-receiver.ts';
import { Asks } from './asks.ts';
import { Cell } from './cell.ts';
import { type CellOps, makeContext } from './context.ts';
import { Delivery } from './delivery.ts';
import { inspectCell, type InspectNode } from './inspect.ts';
import { Lifecycle } from './lifecycle.ts';
import type { KernelControl, KernelPort, TraceHooks } from './ports.ts';
import { Pump } from './pump.ts';
import { Registry } from './registry.ts';
import { Timers } from './timers.ts';

export interface SystemOptions {
  /** Names the system (and its nact system); default 'kyb'. */
  readonly name?: string;
  /** Seeds every random stream of the run; default 0. */
  readonly seed?: number;
  /** Where time comes from; default the real clock. */
  readonly clock?: Clock;
  /** How the root supervises the actors spawned at the top. */
  readonly supervision?: Partial<SupervisionOptions>;
  /** Messages one actor handles per nact turn before yielding to others; default 1000. */
  readonly batch?: number;
  /** The simulation kernel: network, disks. Without it, every actor is local and has no disk. */
  readonly kernel?: KernelPort;
  /** Records every event of the run. */
  readonly trace?: TraceHooks;
  /** The most messages handled in one instant of virtual time before the system halts as stuck. */
  readonly messagesPerInstant?: number;
}

// nact keeps systems in a process-wide map by name, so each system needs its own.
let systemsStarted = 0;

export function createSystem(options: SystemOptions = {}): ActorSystem {
  return new ActorSystem(options);
}

export class ActorSystem {
  readonly name: string;
  readonly seed: number;
  readonly clock: Clock;
  readonly root: Cell;
  private readonly registry = new Registry();
  private readonly pump: Pump;
  private readonly delivery: Delivery;
  private readonly timers: Timers;
  private readonly lifecycle: Lifecycle;
  private readonly asks: Asks;
  private readonly kernel: KernelPort | null;

  constructor(options: SystemOptions) {
    this.name = options.name ?? 'kyb';
    this.seed = options.seed ?? 0;
    this.clock = options.clock ?? new RealClock();
    const batch = options.batch ?? 1000;
    if (!(batch >= 1)) throw new RangeError(`createSystem: batch: Invalid value: ${batch}: must be at least 1`);
    this.kernel = options.kernel ?? null;
    const trace = options.trace ?? null;
    const supervision = resolveSupervision(options.supervision, 'createSystem');
    const rootDef: ActorDef<NoMessages, undefined> = { kind: 'system', init: () => undefined, receive: (s) => s };
    this.root = new Cell(this.seed, trace !== null, null, '', '/', 0, rootDef, 'permanent', false, supervision);
    // nact's typings omit the { name } form that its start() accepts.
    this.root.nactRef = nact.start({ name: `${this.name}-${++systemsStarted}` } as never);
    this.root.incarnation = 1;
    this.root.status = 'running';

    this.pump = new Pump(batch, options.messagesPerInstant ?? Infinity, trace);
    this.delivery = new Delivery(this.registry, this.pump, this.kernel, trace);
    this.timers = new Timers(this.clock, this.delivery, trace);
    const ops: CellOps = {
      now: () => this.clock.now(),
      send: (from, to, msg) => this.delivery.send(from, to, msg),
      spawn: (parent, spec) => this.lifecycle.spawnChild(parent, spec, false),
      stop: (cell, ref) => this.lifecycle.stopFromContext(cell, ref),
      setTimer: (cell, key, delay, msg, period) => this.timers.set(cell, key, delay, msg, period),
      cancelTimer: (cell, key) => this.timers.cancel(cell, key),
      watch: (watcher, ref) => this.lifecycle.watch(watcher, ref),
      unwatch: (watcher, ref) => this.lifecycle.unwatch(watcher, ref),
      ask: (asker, to, make, timeoutMs, adapt) => this.asks.fromActor(asker, to, make, timeoutMs, adapt),
      disk: (cell) => this.diskOf(cell),
    };
    this.lifecycle = new Lifecycle(this.root, this.seed, this.clock, this.registry, this.pump, this.delivery, this.timers, trace, (cell) => {
      cell.ctx = makeContext(cell, ops);
    });
    this.asks = new Asks(this.clock, this.registry, this.delivery, this.lifecycle, trace);
    this.kernel?.attach(this.control());
  }

  /** Every undelivered message, with why. */
  get deadLetters$() {
    return this.delivery.deadLetters$;
  }

  /** Every status change in the supervisor tree. */
  get treeChanges$() {
    return this.lifecycle.treeChanges$;
  }

  /** The root giving up. */
  get failures$() {
    return this.lifecycle.failures$;
  }

  /** Starts a top-level actor, supervised by the root. */
  spawn<M extends Message, S>(def: ActorDef<M, S>, options: SpawnOptions): ActorRef<M> {
    return this.lifecycle.spawnChild(this.root, { id: options.name, actor: def, restart: options.restart ?? 'transient' }, false).ref as ActorRef<M>;
  }

  /** Sends from outside any actor (and outside every host). */
  send<M extends Message>(to: ActorRef<M>, msg: NoInfer<M>): void {
    this.delivery.send(null, to, msg, true);
  }

  /** Asks from outside any actor: resolves with the reply, rejects with AskTimeoutError. */
  ask<const Req extends Message, Reply extends Message = ReplyOf<Req>>(
    to: ActorRef<Req>,
    make: (replyTo: ActorRef<Reply>) => NoInfer<Req>,
    timeoutMs: number,
  ): Promise<Reply> {
    return new Promise((resolve, reject) => {
      const r = this.asks.receiver<Reply>(to, timeoutMs, (result) => (result.ok ? resolve(result.reply) : reject(new AskTimeoutError(result.error))));
      this.send(to, make(r.ref as ActorRef<Reply>));
    });
  }

  /** Stops an actor for good, wherever it is in the tree. */
  stop(ref: AnyRef): void {
    const cell = this.registry.cellOf(ref);
    if (cell) this.lifecycle.stopForGood(cell, { kind: 'shutdown' });
  }

  /** Stops every actor, last started first. */
  shutdown(): void {
    this.lifecycle.stopChildren(this.root);
    if (this.root.status !== 'stopped') this.lifecycle.setStatus(this.root, 'stopped');
    nact.stop(this.root.nactRef as nact.Ref<never>);
  }

  /** The supervisor tree as it stands. */
  inspect(): InspectNode {
    return inspectCell(this.root, this.name);
  }

  /** Resolves once no actor has messages to handle (timers may still be pending). */
  idle(): Promise<void> {
    return this.pump.idle();
  }

  /** The ref of the actor at `path`, if one runs there. */
  lookup<M extends Message = never>(path: string): ActorRef<M> | undefined {
    return this.registry.cellAt(path)?.ref as ActorRef<M> | undefined;
  }

  /**
   * The state of the actor running at `at` (a path or a ref), typed by the key of its kind;
   * undefined when nothing runs there now. For checks and tools: read it, never change it (the
   * run would no longer be the one its trace records). An actor of another kind there is an error.
   */
  stateOf<S>(at: string | AnyRef, key: StateKey<S>): S | undefined {
    const path = typeof at === 'string' ? at : at.path;
    const cell = this.registry.cellAt(path);
    if (cell === undefined || !cell.alive) return undefined;
    if (cell.def.kind !== key.kind) throw new Error(`stateOf ${path}: a ${cell.def.kind} runs there, not a ${key.kind}`);
    return cell.state as S;
  }

  /** The cell at `path`, for the kernel and tools. */
  cellAt(path: string): Cell | undefined {
    return this.registry.cellAt(path);
  }

  hostNamed(name: string): Cell | undefined {
    return this.registry.hostNamed(name);
  }

  /** Each cell's disk handle, made on its first use: a host's disk outlives its crashes, so the handle holds. */
  private readonly disks = new WeakMap<Cell, DiskHandle<Message>>();

  private diskOf(cell: Cell): DiskHandle<Message> {
    let handle = this.disks.get(cell);
    if (handle === undefined) this.disks.set(cell, (handle = this.makeDisk(cell)));
    return handle;
  }

  private makeDisk(cell: Cell): DiskHandle<Message> {
    const host = cell.host;
    const kernel = this.kernel;
    if (host === null || kernel === null) throw new Error(`${cell.path}: no disk: only actors on a host of a simulation have one`);
    const disk = kernel.disk(host);
    return {
      append: (file, record) => disk.append(file.name, record),
      put: (file, value) => disk.put(file.name, value),
      rewrite: (file, records) => disk.put(file.name, records),
      records: <T>(file: { readonly name: string }) => disk.records(file.name) as T[],
      get: <T>(file: { readonly name: string }) => disk.get(file.name) as T | undefined,
      fsync: (done) => kernel.fsync(cell, done),
    };
  }

  /** The kernel's side of the port. */
  private control(): KernelControl {
    const { pump, delivery, lifecycle, root } = this;
    return {
      root,
      beginInstant: () => pump.beginInstant(),
      get stuck() {
        return pump.halted;
      },
      observeSteps: (fn) => {
        pump.observer = fn;
      },
      get stepObserver() {
        return pump.observer;
      },
      arrive: (to, msg, from, cause) => delivery.arrive(to, msg, from, cause),
      post: (to, msg, cause) => delivery.post(to, msg, cause),
      crashHost: (host) => lifecycle.crashHost(host),
      restartHost: (host) => lifecycle.restartHost(host),
      injectFailure: (cell, error) => {
        if (cell.alive) lifecycle.fail(cell, { kind: 'failed', error, messageType: 'injected' });
      },
    };
  }
}
