// A cell is the runtime's record of one actor across its incarnations: its mailbox, state,
// children, timers and supervision history. The nact actor of the current incarnation pumps it.

import type { ActorContext, ActorDef, AskResult, SpawnOptions, Timers } from './actor.ts';
import type { TimerHandle } from './clock.ts';
import { Mailbox } from './mailbox.ts';
import { Queue } from './queue.ts';
import type { ActorRef, AnyRef, Message } from './message.ts';
import { Rng } from './random.ts';
import type { RestartType, SupervisionOptions } from './supervision.ts';
import type { ActorSystem } from './system.ts';

export type Status = 'starting' | 'running' | 'backing-off' | 'restarting' | 'stopped';

export interface Failure {
  readonly messageType: string;
  readonly error: string;
  readonly at: number;
}

/** Anything a reference can resolve to: an actor's cell, or the one-shot receiver of an ask. */
export interface Receiver {
  readonly uid: number;
  /** `loud`: a full fail-sender mailbox throws at the sender rather than only dead-lettering. */
  accept(msg: Message, loud: boolean): void;
}

export class Cell implements Receiver {
  readonly ref: AnyRef;
  readonly mailbox: Mailbox<Message>;
  /** With tracing: for each message in the mailbox, the event that put it there. */
  readonly causes = new Queue<number>();
  readonly children: Cell[] = [];
  readonly timers = new Map<string, TimerHandle>();
  readonly watchers = new Set<Cell>();
  readonly watching = new Set<Cell>();
  readonly ctx: ActorContext<Message>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  state: any;
  status: Status = 'starting';
  incarnation = 0;
  /** The nact actor of the current incarnation. */
  nactRef: unknown;
  /** A wake is pending with nact or a drain is under way. */
  scheduled = false;
  /** The message being handled, for naming a failure. */
  current: Message | undefined;
  processed = 0;
  restarts = 0;
  /** This child's own restart times within its parent's period: drives its backoff. */
  restartTimes: number[] = [];
  /** Restart times of all children within the period: this cell's intensity as a supervisor. */
  childRestartTimes: number[] = [];
  lastFailure: Failure | null = null;
  /** Counts restart decisions among the children: a round of restarts stops if another begins. */
  restartRound = 0;
  /** Backoff jitter for the children: a stream of its own, so it shifts nobody's ctx.random(). */
  readonly restartRng: Rng;
  /** Pending restarts of this cell's children, cancelled if this incarnation ends first. */
  readonly restartTimers = new Set<TimerHandle>();
  rng: Rng;
  /** The host this actor lives on (itself, for a host), or null outside any host. */
  readonly host: Cell | null;

  constructor(
    readonly system: ActorSystem,
    readonly parent: Cell | null,
    readonly name: string,
    readonly path: string,
    readonly uid: number,
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    readonly def: ActorDef<any, any>,
    readonly restart: RestartType,
    /** Started from the parent's child specs (kept in the tree when stopped) or spawned at run time. */
    readonly fromSpec: boolean,
    readonly supervision: SupervisionOptions,
  ) {
    this.ref = Object.freeze({ path, uid });
    this.host = def.isHost ? this : (parent?.host ?? null);
    this.mailbox = new Mailbox(def.mailbox, path);
    this.ctx = makeContext(this);
    this.rng = this.rngFor(0);
    this.restartRng = Rng.stream(system.seed, `${path}:restarts`);
  }

  accept(msg: Message, loud: boolean): void {
    this.system.enqueue(this, msg, loud);
  }

  get alive(): boolean {
    return this.status === 'running' || this.status === 'starting';
  }

  /** Each incarnation draws from its own stream, so a restart does not replay its predecessor's numbers. */
  rngFor(incarnation: number): Rng {
    return Rng.stream(this.system.seed, `${this.path}#${incarnation}`);
  }

  childNamed(name: string): Cell | undefined {
    return this.children.find((c) => c.name === name);
  }
}

function makeContext(cell: Cell): ActorContext<Message> {
  const system = cell.system;
  // Timers, children and watches belong to an incarnation: once it is over (the handler stopped
  // its actor, or it failed) the rest of the handler cannot start new ones.
  const timers: Timers<Message> = {
    once: (key, delayMs, msg) => cell.alive && system.setTimer(cell, key, delayMs, msg, undefined),
    every: (key, periodMs, msg) => cell.alive && system.setTimer(cell, key, periodMs, msg, periodMs),
    cancel: (key) => system.cancelTimer(cell, key),
    isActive: (key) => cell.timers.has(key),
  };
  return {
    self: cell.ref,
    path: cell.path,
    kind: cell.def.kind,
    get incarnation() {
      return cell.incarnation;
    },
    timers,
    now: () => system.clock.now(),
    random: () => cell.rng.next(),
    send: (to, msg) => system.sendFrom(cell, to, msg),
    get disk() {
      return system.diskOf(cell);
    },
    spawn: <M extends Message, S>(def: ActorDef<M, S>, options: SpawnOptions) =>
      system.spawnChild(cell, { id: options.name, actor: def, restart: options.restart ?? 'transient' }, false)
        .ref as ActorRef<M>,
    child: <M extends Message>(id: string) => {
      const c = cell.childNamed(id);
      return c && c.status !== 'stopped' ? (c.ref as ActorRef<M>) : undefined;
    },
    stop: (ref?: AnyRef) => system.stopFromContext(cell, ref),
    watch: (ref: AnyRef) => cell.alive && system.watch(cell, ref),
    unwatch: (ref: AnyRef) => system.unwatch(cell, ref),
    ask: <Req extends Message, Reply extends Message>(
      to: ActorRef<Req>,
      make: (replyTo: ActorRef<Reply>) => Req,
      timeoutMs: number,
      adapt: (result: AskResult<Reply>) => Message,
    ) => system.askFrom(cell, to, make, timeoutMs, adapt),
  } as ActorContext<Message>;
}
