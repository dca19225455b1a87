// A cell is the runtime's record of one actor across its incarnations: its mailbox, state,
// children, timers and supervision history. It holds data only; the system's parts act on it,
// and the nact actor of its current incarnation pumps its mailbox.

import type { ActorContext, ActorDef } from '../actor.ts';
import type { TimerHandle } from '../time.ts';
import { Mailbox } from './mailbox.ts';
import type { AnyRef, Message } from '../message.ts';
import { Rng } from '../random.ts';
import type { RestartType, SupervisionOptions } from '../supervision.ts';

export type Status = 'starting' | 'running' | 'backing-off' | 'restarting' | 'stopped';

export interface Failure {
  readonly messageType: string;
  readonly error: string;
  readonly at: number;
}

export class Cell {
  readonly ref: AnyRef;
  readonly mailbox: Mailbox;
  readonly children: Cell[] = [];
  readonly timers = new Map<string, TimerHandle>();
  readonly watchers = new Set<Cell>();
  readonly watching = new Set<Cell>();
  /** Set once, right after the cell is made, by the system that made it. */
  ctx!: ActorContext<Message>;
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
    private readonly seed: number,
    /** Whether a trace wants each message's sender and cause kept with it. */
    traced: boolean,
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
    this.mailbox = new Mailbox(def.mailbox, path, traced);
    this.rng = this.rngFor(0);
    this.restartRng = Rng.stream(seed, `${path}:restarts`);
  }

  get alive(): boolean {
    return this.status === 'running' || this.status === 'starting';
  }

  /** Each incarnation draws from its own stream, so a restart does not replay its predecessor's numbers. */
  rngFor(incarnation: number): Rng {
    return Rng.stream(this.seed, `${this.path}#${incarnation}`);
  }

  childNamed(name: string): Cell | undefined {
    return this.children.find((c) => c.name === name);
  }
}
