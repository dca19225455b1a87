// The actor system: spawns cells as nact actors, pumps their mailboxes, and supervises them.

import nact from 'nact';
import { Subject } from 'rxjs';
import type { ActorDef, AskResult, ChildSpec, DiskHandle, NoMessages, SpawnOptions, StateKey, Terminated } from './actor.ts';
import { AskReceiver, AskTimeoutError } from './ask.ts';
import { Cell, type Failure, type Receiver, type Status } from './cell.ts';
import { type Clock, RealClock } from './clock.ts';
import type { Disk } from './kernel/disk.ts';
import { redacted } from './trace/redaction.ts';
import type { Tracer } from './trace/tracer.ts';
import { inspectCell, type InspectNode } from './inspect.ts';
import { MailboxFullError } from './mailbox.ts';
import {
  type ActorRef,
  type AnyRef,
  InvalidMessageError,
  isPlainData,
  type Message,
  messageType,
  plainDataProblem,
  type ReplyOf,
} from './message.ts';
import {
  backoffDelay,
  type ExitReason,
  intensityExceeded,
  recordRestart,
  resolveSupervision,
  restartGroup,
  shouldRestart,
  type SupervisionOptions,
} from './supervision.ts';

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
  readonly tracer?: Tracer;
}

/** What a simulation kernel provides to the system. */
export interface KernelPort {
  /** Carries a message between hosts; `sendSeq` is its traced send event (-1 untraced). */
  transmit(from: Cell, toHost: Cell, to: AnyRef, msg: Message, sendSeq: number): void;
  disk(host: Cell): Disk;
  /** Makes the host's writes durable after the disk's latency, then delivers `done` to `cell`. */
  fsync(cell: Cell, done: Message | undefined): void;
}

export type DeadLetterReason = 'stopped' | 'unknown' | 'mailbox-full';

export interface DeadLetter {
  readonly recipient: string;
  readonly messageType: string;
  readonly message: unknown;
  readonly reason: DeadLetterReason;
}

export interface TreeChange {
  readonly path: string;
  readonly kind: string;
  readonly status: Status;
  readonly restarts: number;
}

/** The root gave up: a top-level actor went past the root's restart intensity. */
export interface SystemFailure {
  readonly path: string;
  readonly error: string;
}

const WAKE = Object.freeze({ wake: true });
// nact allocates a Nobody sender per dispatch unless given one; wakes have no sender to name.
const NOBODY = new nact.Nobody();
// nact's typings omit dispatch's third parameter, the sender.
const dispatch = nact.dispatch as (to: nact.Ref<unknown>, msg: unknown, sender: nact.Ref<unknown>) => void;
const NAME = /^[a-z0-9-$_.+!*'(),]+$/i; // nact's own rule for actor names
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
  private readonly deadLetterSubject = new Subject<DeadLetter>();
  private readonly changeSubject = new Subject<TreeChange>();
  private readonly failureSubject = new Subject<SystemFailure>();
  /** Every undelivered message, with why. */
  readonly deadLetters$ = this.deadLetterSubject.asObservable();
  /** Every status change in the supervisor tree. */
  readonly treeChanges$ = this.changeSubject.asObservable();
  /** The root giving up. */
  readonly failures$ = this.failureSubject.asObservable();
  private readonly receivers = new Map<string, Receiver>();
  private readonly hosts = new Map<string, Cell>();
  private readonly hostsByName = new Map<string, Cell>();
  private readonly kernel: KernelPort | undefined;
  readonly tracer: Tracer | null;
  /** With tracing: the event that puts the next message into a mailbox. */
  private enqueueCause = -1;
  private readonly batch: number;
  private nextUid = 1;
  private nextAsk = 1;
  private busy = 0;
  /** Messages handled since the kernel last reset the count; past the limit the system halts. */
  delivered = 0;
  deliveryLimit = Infinity;
  /** Set when the delivery limit was hit: nothing more is handled. */
  halted = false;
  /**
   * Called after every step that can change what an actor holds: a message handled, an
   * incarnation started (its init run) or ended (a failure, a host crash, a stop), with the path
   * of the actor it happened to; the kernel adds its own (an fsync done, a disk crashed). A
   * step's effects stay within that actor, its subtree and its host's disk (siblings that a
   * one-for-all restart takes down are reported each), so an observer need re-read only those.
   * Null costs a test per message, as the tracer does. The observer must only read: it runs
   * inside the run, and whatever it changed would change the run.
   */
  onStep: ((path: string) => void) | null = null;
  private idleWaiters: (() => void)[] = [];

  constructor(options: SystemOptions) {
    this.name = options.name ?? 'kyb';
    this.seed = options.seed ?? 0;
    this.clock = options.clock ?? new RealClock();
    this.batch = options.batch ?? 1000;
    this.kernel = options.kernel;
    this.tracer = options.tracer ?? null;
    if (!(this.batch >= 1)) throw new RangeError(`createSystem: batch: Invalid value: ${this.batch}: must be at least 1`);
    const supervision = resolveSupervision(options.supervision, 'createSystem');
    const rootDef: ActorDef<NoMessages, undefined> = { kind: 'system', init: () => undefined, receive: (s) => s };
    this.root = new Cell(this, null, '', '/', 0, rootDef, 'permanent', false, supervision);
    // nact's typings omit the { name } form that its start() accepts.
    this.root.nactRef = nact.start({ name: `${this.name}-${++systemsStarted}` } as never);
    this.root.incarnation = 1;
    this.root.status = 'running';
  }

  // ---- the public surface ------------------------------------------------------------------

  /** Starts a top-level actor, supervised by the root. */
  spawn<M extends Message, S>(def: ActorDef<M, S>, options: SpawnOptions): ActorRef<M> {
    return this.spawnChild(this.root, { id: options.name, actor: def, restart: options.restart ?? 'transient' }, false)
      .ref as ActorRef<M>;
  }

  /** Sends from outside any actor (and outside every host). */
  send<M extends Message>(to: ActorRef<M>, msg: NoInfer<M>): void {
    this.sendFrom(null, to, msg, true);
  }

  /**
   * Sends from `sender` (null: the runtime itself, or with `loud` the outside world); between two
   * hosts the message crosses the kernel's network. Only a sender that can hear it is told of a
   * full fail-sender mailbox by an exception: an actor, or a caller from outside.
   */
  sendFrom(sender: Cell | null, to: AnyRef, msg: Message, loud = sender !== null): void {
    if (typeof to?.path !== 'string') throw new TypeError(`send: the recipient is not an ActorRef: ${String(to)}`);
    if (!isPlainData(msg))
      throw new InvalidMessageError(`send to ${to.path}: ${plainDataProblem(msg)}; messages must be plain data that msgpackr can encode`);
    const r = this.receivers.get(to.path);
    let toHost: Cell | null = null;
    if (this.kernel !== undefined && sender !== null && sender.host !== null) {
      toHost = r instanceof Cell ? r.host : this.hostOfPath(to.path);
      if (toHost === sender.host) toHost = null;
    }
    const tracer = this.tracer;
    if (tracer !== null)
      this.enqueueCause = tracer.emit('send', sender?.path ?? '', to.path, messageType(msg), redacted(msg), tracer.cause, toHost ? 1 : 0);
    if (toHost !== null) this.kernel!.transmit(sender!, toHost, to, msg, this.enqueueCause);
    else this.resolveAndAccept(to, msg, r, loud);
  }

  /** A message off the wire; `cause` is the arrival event that puts it in a mailbox. */
  deliver(to: AnyRef, msg: Message, cause: number): void {
    const tracer = this.tracer;
    const outer = tracer?.cause ?? -1;
    if (tracer !== null) tracer.cause = this.enqueueCause = cause;
    this.resolveAndAccept(to, msg, this.receivers.get(to.path), false);
    if (tracer !== null) tracer.cause = outer;
  }

  /** Puts a message in the mailbox `to` names, or in dead letters if nobody answers to it there. */
  private resolveAndAccept(to: AnyRef, msg: Message, r: Receiver | undefined, loud: boolean): void {
    if (r === undefined || (r.uid !== to.uid && !(to.uid === 0 && r instanceof Cell))) {
      this.deadLetter(to.path, msg, to.uid > 0 && to.uid < this.nextUid ? 'stopped' : 'unknown');
      return;
    }
    r.accept(msg, loud);
  }

  hostNamed(name: string): Cell | undefined {
    return this.hostsByName.get(name);
  }

  /** The host whose subtree holds `path`, if any. */
  hostOfPath(path: string): Cell | null {
    for (let p = path; p.length > 1; p = p.slice(0, p.lastIndexOf('/'))) {
      const h = this.hosts.get(p);
      if (h !== undefined) return h;
    }
    return null;
  }

  /** Crashes a host: everything on it stops at once; it stays down until restarted. */
  crashHost(hostCell: Cell): void {
    if (!hostCell.def.isHost) throw new Error(`crash ${hostCell.path}: not a host`);
    if (hostCell.status === 'stopped') return;
    // A host waiting out a backoff just stays down: its parent's restart skips a stopped child.
    if (hostCell.alive) this.endIncarnation(hostCell);
    const reason: ExitReason = { kind: 'failed', error: 'host crashed', messageType: 'crash' };
    this.setStatus(hostCell, 'stopped', { kind: 'host-crashed' });
    this.discardMail(hostCell);
    this.tellWatchers(hostCell, reason);
    if (this.onStep !== null) this.onStep(hostCell.path);
  }

  /** Starts a crashed host again: its supervisor tree starts from its specs and reads its disk. */
  restartHost(hostCell: Cell): void {
    if (!hostCell.def.isHost) throw new Error(`restart ${hostCell.path}: not a host`);
    if (hostCell.status !== 'stopped' || this.hosts.get(hostCell.path) !== hostCell)
      throw new Error(`restart ${hostCell.path}: the host is ${hostCell.status}, not crashed`);
    hostCell.restartTimes = [];
    hostCell.restarts++;
    this.startIncarnation(hostCell);
  }

  /** A failure from outside: the actor's incarnation ends as if its handler had thrown. */
  injectFailure(cell: Cell, error: string): void {
    if (cell.alive) this.fail(cell, { kind: 'failed', error, messageType: 'injected' });
  }

  /** The cell at `path`, for the kernel and tools. */
  cellAt(path: string): Cell | undefined {
    const r = this.receivers.get(path);
    return r instanceof Cell ? r : undefined;
  }

  diskOf(cell: Cell): DiskHandle<Message> {
    const host = cell.host;
    const kernel = this.kernel;
    if (host === null || kernel === undefined)
      throw new Error(`${cell.path}: no disk: only actors on a host of a simulation have one`);
    const disk = kernel.disk(host);
    return {
      append: (file, record) => disk.append(file, record),
      put: (file, value) => disk.put(file, value),
      records: (file) => disk.records(file),
      get: (file) => disk.get(file),
      fsync: (done) => kernel.fsync(cell, done),
    };
  }

  /** Asks from outside any actor: resolves with the reply, rejects with AskTimeoutError. */
  ask<const Req extends Message, Reply extends Message = ReplyOf<Req>>(
    to: ActorRef<Req>,
    make: (replyTo: ActorRef<Reply>) => NoInfer<Req>,
    timeoutMs: number,
  ): Promise<Reply> {
    return new Promise((resolve, reject) => {
      const r = this.askReceiver<Reply>(to, timeoutMs, (result) =>
        result.ok ? resolve(result.reply) : reject(new AskTimeoutError(result.error)),
      );
      this.send(to, make(r.ref as ActorRef<Reply>));
    });
  }

  /** Stops an actor for good, wherever it is in the tree. */
  stop(ref: AnyRef): void {
    const cell = this.cellOf(ref);
    if (cell) this.stopForGood(cell, { kind: 'shutdown' });
  }

  /** Stops every actor, last started first. */
  shutdown(): void {
    this.stopChildren(this.root);
    if (this.root.status !== 'stopped') this.setStatus(this.root, 'stopped');
    nact.stop(this.root.nactRef as nact.Ref<never>);
  }

  /** The supervisor tree as it stands. */
  inspect(): InspectNode {
    return inspectCell(this.root, this.name);
  }

  /** Resolves once no actor has messages to handle (timers may still be pending). */
  idle(): Promise<void> {
    if (this.busy === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /**
   * The state of the actor running at `at` (a path or a ref), typed by the key of its kind;
   * undefined when nothing runs there now. For checks and tools: read it, never change it (the
   * run would no longer be the one its trace records). An actor of another kind there is an error.
   */
  stateOf<S>(at: string | AnyRef, key: StateKey<S>): S | undefined {
    const path = typeof at === 'string' ? at : at.path;
    const cell = this.cellAt(path);
    if (cell === undefined || !cell.alive) return undefined;
    if (cell.def.kind !== key.kind) throw new Error(`stateOf ${path}: a ${cell.def.kind} runs there, not a ${key.kind}`);
    return cell.state as S;
  }

  /** The ref of the actor at `path`, if one runs there. */
  lookup<M extends Message = never>(path: string): ActorRef<M> | undefined {
    const r = this.receivers.get(path);
    return r instanceof Cell ? (r.ref as ActorRef<M>) : undefined;
  }

  // ---- used by cells and contexts ------------------------------------------------------------

  spawnChild(parent: Cell, spec: ChildSpec, fromSpec: boolean): Cell {
    const where = `spawn ${spec.id} under ${parent.path}`;
    if (typeof spec.id !== 'string' || !NAME.test(spec.id))
      throw new Error(`${where}: name: Invalid value: ${JSON.stringify(spec.id)}: may contain only letters, digits and -$_.+!*'(),`);
    if (!parent.alive) throw new Error(`${where}: the parent is ${parent.status}`);
    const existing = parent.childNamed(spec.id);
    if (existing && existing.status !== 'stopped') throw new Error(`${where}: an actor named ${spec.id} already exists there`);
    if (existing) parent.children.splice(parent.children.indexOf(existing), 1);
    const path = parent.path === '/' ? `/${spec.id}` : `${parent.path}/${spec.id}`;
    const sameName = spec.actor.isHost ? this.hostsByName.get(spec.id) : undefined;
    if (sameName !== undefined && sameName.path !== path)
      throw new Error(`${where}: a host named ${spec.id} already exists at ${sameName.path}`);
    const supervision = resolveSupervision(spec.actor.supervision, path);
    const cell = new Cell(this, parent, spec.id, path, this.nextUid++, spec.actor, spec.restart ?? 'permanent', fromSpec, supervision);
    parent.children.push(cell);
    this.receivers.set(path, cell);
    if (cell.def.isHost) {
      this.hosts.set(path, cell);
      this.hostsByName.set(spec.id, cell);
    }
    this.startIncarnation(cell);
    return cell;
  }

  enqueue(cell: Cell, msg: Message, loud = false): void {
    if (cell.status === 'stopped') {
      this.deadLetter(cell.path, msg, 'stopped');
      return;
    }
    const offer = cell.mailbox.offer(msg);
    if (!offer.accepted) {
      this.deadLetter(cell.path, msg, 'mailbox-full');
      if (loud && cell.mailbox.overflow === 'fail-sender')
        throw new MailboxFullError(
          `send to ${cell.path}: mailbox is full (capacity ${cell.mailbox.capacity}); ${messageType(msg)} refused`,
        );
      return;
    }
    if (this.tracer !== null) {
      if (offer.dropped !== undefined) cell.causes.shift();
      cell.causes.push(this.enqueueCause);
    }
    if (offer.dropped !== undefined) this.deadLetter(cell.path, offer.dropped, 'mailbox-full');
    if (cell.status === 'running' && !cell.scheduled) this.schedule(cell);
  }

  stopFromContext(cell: Cell, ref: AnyRef | undefined): void {
    if (ref === undefined || ref.uid === cell.uid) {
      if (!cell.alive) return;
      this.endIncarnation(cell);
      this.childExited(cell, { kind: 'normal' });
      return;
    }
    const child = cell.children.find((c) => c.uid === ref.uid);
    if (!child) throw new Error(`${cell.path}: stop ${ref.path}: an actor may stop only itself or its own children`);
    this.stopForGood(child, { kind: 'shutdown' });
  }

  setTimer(cell: Cell, key: string, delayMs: number, msg: Message, periodMs: number | undefined): void {
    const where = `${cell.path}: timer ${key}`;
    if (!(delayMs >= 0 && delayMs < Infinity)) throw new RangeError(`${where}: delay: Invalid value: ${delayMs}: must be a finite number >= 0`);
    if (periodMs !== undefined && !(periodMs > 0)) throw new RangeError(`${where}: period: Invalid value: ${periodMs}: must be greater than 0`);
    if (!isPlainData(msg))
      throw new InvalidMessageError(`${where}: ${plainDataProblem(msg)}; messages must be plain data that msgpackr can encode`);
    this.cancelTimer(cell, key);
    const inc = cell.incarnation;
    const start = this.clock.now();
    const setBy = this.tracer?.cause ?? -1;
    let fired = 0;
    const fire = () => {
      if (cell.incarnation !== inc || !cell.alive) return;
      if (periodMs === undefined) cell.timers.delete(key);
      else {
        fired++;
        // Fixed rate: the n-th tick is due at start + n·period, however late this one ran.
        cell.timers.set(key, this.clock.schedule(start + delayMs + fired * periodMs - this.clock.now(), fire));
      }
      if (this.tracer !== null) this.enqueueCause = this.tracer.emit('timer', cell.path, '', messageType(msg), undefined, setBy, key);
      this.enqueue(cell, msg);
    };
    cell.timers.set(key, this.clock.schedule(delayMs, fire));
  }

  cancelTimer(cell: Cell, key: string): void {
    cell.timers.get(key)?.cancel();
    cell.timers.delete(key);
  }

  watch(watcher: Cell, ref: AnyRef): void {
    const target = this.cellOf(ref);
    if (!target || target.status === 'stopped') {
      const msg: Terminated = { type: 'Terminated', ref: { path: ref.path, uid: ref.uid }, reason: { kind: 'not-found' } };
      this.sendFrom(null, watcher.ref, msg);
      return;
    }
    target.watchers.add(watcher);
    watcher.watching.add(target);
  }

  unwatch(watcher: Cell, ref: AnyRef): void {
    const target = this.cellOf(ref);
    if (!target) return;
    target.watchers.delete(watcher);
    watcher.watching.delete(target);
  }

  askFrom<Req extends Message, Reply extends Message>(
    asker: Cell,
    to: ActorRef<Req>,
    make: (replyTo: ActorRef<Reply>) => NoInfer<Req>,
    timeoutMs: number,
    adapt: (result: AskResult<Reply>) => Message,
  ): void {
    const inc = asker.incarnation;
    const r = this.askReceiver<Reply>(to, timeoutMs, (result) => {
      if (asker.incarnation !== inc || !asker.alive) {
        // The incarnation that asked is gone: its answer is undeliverable, not lost.
        this.deadLetter(asker.path, result.ok ? result.reply : { type: 'AskTimeout' }, 'stopped');
        return;
      }
      let msg: Message;
      try {
        msg = adapt(result);
      } catch (e) {
        // The adapter is the asker's code: its failure is the asker's.
        this.fail(asker, { kind: 'failed', error: errorText(e), messageType: 'ask-reply' });
        return;
      }
      this.sendFrom(null, asker.ref, msg);
    }, asker);
    this.sendFrom(asker, to, make(r.ref as ActorRef<Reply>));
  }

  // ---- mailbox pumping -----------------------------------------------------------------------

  private schedule(cell: Cell): void {
    if (this.halted) return;
    cell.scheduled = true;
    this.busy++;
    dispatch(cell.nactRef as nact.Ref<unknown>, WAKE, NOBODY);
  }

  private unschedule(cell: Cell): void {
    if (!cell.scheduled) return;
    cell.scheduled = false;
    // The count can touch zero in the middle of a synchronous cascade (a failure hands work to a
    // watcher): only a zero that still holds once the cascade is over counts as idle.
    if (--this.busy === 0 && this.idleWaiters.length > 0) queueMicrotask(() => this.wakeIdleWaiters());
  }

  private wakeIdleWaiters(): void {
    if (this.busy !== 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }

  /**
   * One nact turn: hands the actor up to `batch` queued messages. nact spends a setImmediate per
   * dispatched message; waking an idle actor once for all that is queued wins most of that back.
   * A throw propagates to nact, whose onCrash brings it back to supervision.
   */
  private drain(cell: Cell, inc: number): void {
    if (cell.incarnation !== inc || cell.status !== 'running') return;
    const queue = cell.mailbox.queue;
    const receive = cell.def.receive;
    const ctx = cell.ctx;
    const tracer = this.tracer;
    for (let n = this.batch; n > 0; n--) {
      if (++this.delivered > this.deliveryLimit) {
        this.halted = true;
        this.unschedule(cell);
        return;
      }
      const msg = queue.shift();
      if (msg === undefined) break;
      cell.current = msg;
      if (tracer !== null) tracer.cause = tracer.emit('deliver', cell.path, '', messageType(msg), undefined, cell.causes.shift() ?? -1, undefined);
      cell.state = receive(cell.state, msg, ctx);
      cell.processed++;
      if (this.onStep !== null) this.onStep(cell.path);
      if (cell.incarnation !== inc || cell.status !== 'running') break; // it stopped itself
    }
    if (tracer !== null) tracer.cause = -1;
    if (cell.incarnation !== inc || cell.status !== 'running') return;
    cell.current = undefined;
    if (queue.length > 0) dispatch(cell.nactRef as nact.Ref<unknown>, WAKE, NOBODY);
    else this.unschedule(cell);
  }

  // ---- lifecycle -----------------------------------------------------------------------------

  private startIncarnation(cell: Cell): void {
    const inc = ++cell.incarnation;
    cell.rng = cell.rngFor(inc);
    cell.current = undefined;
    cell.childRestartTimes = []; // a restarted supervisor counts its children's restarts afresh
    cell.timers.clear();
    this.setStatus(cell, 'starting');
    const parentRef = cell.parent!.nactRef as nact.Ref<unknown>;
    // A failing receive reaches supervision through nact's onCrash.
    cell.nactRef = nact.spawn(
      parentRef,
      (state: undefined) => {
        this.drain(cell, inc);
        return state;
      },
      cell.name,
      {
        onCrash: (_msg, error, nctx) => {
          if (cell.incarnation === inc && cell.alive)
            this.fail(cell, { kind: 'failed', error: errorText(error), messageType: messageType(cell.current) }, 'receive');
          return nctx.stop;
        },
      },
    );
    // init runs here, with the nact actor in place, so it may spawn, stop, watch and set timers.
    try {
      cell.state = cell.def.init(cell.ctx);
    } catch (e) {
      if (cell.incarnation === inc && cell.alive) this.fail(cell, { kind: 'failed', error: errorText(e), messageType: 'init' }, 'init');
      return;
    }
    if (cell.incarnation !== inc || cell.status !== 'starting') return; // it stopped itself
    if (this.onStep !== null) this.onStep(cell.path);
    for (const spec of cell.def.children ?? []) {
      this.spawnChild(cell, spec, true);
      if (cell.incarnation !== inc || cell.status !== 'starting') return; // a child's failure took it down
    }
    this.setStatus(cell, 'running');
    if (cell.mailbox.length > 0) this.schedule(cell);
  }

  /** Ends the current incarnation: children stop for good (last first), timers and watches go. */
  private endIncarnation(cell: Cell): void {
    this.unschedule(cell);
    this.stopChildren(cell);
    cell.children.length = 0;
    for (const t of cell.timers.values()) t.cancel();
    cell.timers.clear();
    for (const t of cell.restartTimers) t.cancel();
    cell.restartTimers.clear();
    for (const watched of cell.watching) watched.watchers.delete(cell);
    cell.watching.clear();
    if (cell.nactRef !== undefined) nact.stop(cell.nactRef as nact.Ref<unknown>);
    cell.nactRef = undefined;
    cell.current = undefined;
  }

  private stopChildren(cell: Cell): void {
    for (let i = cell.children.length - 1; i >= 0; i--) this.stopForGood(cell.children[i]!, { kind: 'shutdown' });
  }

  /**
   * A failure of `cell`: recorded, its incarnation ended, its supervisor told. `during` says
   * whether its own init or receive threw, or the failure came from elsewhere.
   */
  private fail(cell: Cell, reason: ExitReason & { kind: 'failed' }, during: 'init' | 'receive' | 'other' = 'other'): void {
    cell.lastFailure = { messageType: reason.messageType, error: reason.error, at: this.clock.now() } satisfies Failure;
    const tracer = this.tracer;
    const outer = tracer?.cause ?? -1;
    if (tracer !== null) tracer.cause = tracer.emit('crash', cell.path, '', reason.messageType, undefined, outer, { error: reason.error, during });
    this.endIncarnation(cell);
    this.childExited(cell, reason);
    if (tracer !== null) tracer.cause = outer;
    if (this.onStep !== null) this.onStep(cell.path);
  }

  /** The supervisor's decision on a child whose incarnation has ended. */
  private childExited(child: Cell, reason: ExitReason): void {
    const parent = child.parent!;
    if (!shouldRestart(child.restart, reason)) {
      this.stopForGood(child, reason);
      return;
    }
    const sup = parent.supervision;
    const now = this.clock.now();
    parent.childRestartTimes = recordRestart(parent.childRestartTimes, now, sup.period);
    if (intensityExceeded(parent.childRestartTimes, sup.maxRestarts)) {
      this.stopForGood(child, reason);
      this.giveUp(parent, sup);
      return;
    }
    parent.restartRound++;
    const names = parent.children.map((c) => c.name);
    const group = restartGroup(sup.strategy, names, child.name).map((n) => parent.childNamed(n)!);
    for (let i = group.length - 1; i >= 0; i--) {
      const sibling = group[i]!;
      if (sibling === child || sibling.status === 'stopped') continue;
      if (sibling.restart === 'temporary') {
        this.stopForGood(sibling, { kind: 'shutdown' });
        continue;
      }
      if (sibling.alive) this.endIncarnation(sibling);
      this.setStatus(sibling, 'restarting');
      if (this.onStep !== null) this.onStep(sibling.path);
    }
    this.setStatus(child, 'backing-off');
    child.restartTimes = recordRestart(child.restartTimes, now, sup.period);
    const delay = backoffDelay(sup.backoff, child.restartTimes.length - 1, parent.restartRng.next());
    const cause = this.tracer?.cause ?? -1;
    const timer = this.clock.schedule(delay, () => {
      parent.restartTimers.delete(timer);
      const outer = this.tracer?.cause ?? -1;
      if (this.tracer !== null) this.tracer.cause = cause;
      const round = parent.restartRound;
      for (const c of group) {
        // A failure while this round runs starts a round of its own: leave the rest to it.
        if (parent.restartRound !== round) break;
        if ((c.status === 'backing-off' || c.status === 'restarting') && parent.children.includes(c)) {
          c.restarts++;
          this.startIncarnation(c);
        }
      }
      if (this.tracer !== null) this.tracer.cause = outer;
    });
    parent.restartTimers.add(timer);
  }

  /** Past its restart intensity a supervisor stops its children and fails to its own parent. */
  private giveUp(supervisor: Cell, sup: SupervisionOptions): void {
    const error = `shutdown: reached max restart intensity (more than ${sup.maxRestarts} restarts in ${sup.period}ms)`;
    if (supervisor === this.root) {
      this.stopChildren(this.root);
      this.root.lastFailure = { messageType: 'restart', error, at: this.clock.now() };
      this.tracer?.emit('crash', '/', '', 'restart', undefined, this.tracer.cause, { error, during: 'other' });
      this.setStatus(this.root, 'stopped', { kind: 'failed', error, messageType: 'restart' });
      this.failureSubject.next({ path: '/', error });
      return;
    }
    this.fail(supervisor, { kind: 'failed', error, messageType: 'restart' });
  }

  /** The end of an actor: nothing restarts it; its mail goes to dead letters; watchers hear. */
  private stopForGood(cell: Cell, reason: ExitReason): void {
    if (cell.status === 'stopped') return;
    if (cell.alive) this.endIncarnation(cell);
    this.setStatus(cell, 'stopped', reason);
    if (this.receivers.get(cell.path) === cell) this.receivers.delete(cell.path);
    if (this.hosts.get(cell.path) === cell) {
      this.hosts.delete(cell.path);
      this.hostsByName.delete(cell.name);
    }
    this.discardMail(cell);
    this.tellWatchers(cell, reason);
    const parent = cell.parent!;
    if (!cell.fromSpec) {
      const i = parent.children.indexOf(cell);
      if (i >= 0) parent.children.splice(i, 1);
    }
    if (this.onStep !== null) this.onStep(cell.path);
  }

  // ---- helpers -------------------------------------------------------------------------------

  /** The mail a stopped actor leaves behind goes to dead letters. */
  private discardMail(cell: Cell): void {
    cell.causes.drain();
    for (let msg = cell.mailbox.queue.shift(); msg !== undefined; msg = cell.mailbox.queue.shift())
      this.deadLetter(cell.path, msg, 'stopped');
  }

  /** Terminated to each watcher, from the dead actor's host, so it crosses the network as news does. */
  private tellWatchers(cell: Cell, reason: ExitReason): void {
    for (const watcher of cell.watchers) {
      watcher.watching.delete(cell);
      const msg: Terminated = { type: 'Terminated', ref: cell.ref, reason };
      this.sendFrom(cell.host !== null ? cell : null, watcher.ref, msg, false);
    }
    cell.watchers.clear();
  }

  /**
   * A one-shot receiver for a reply. An actor's lives under the actor's own path, so it is on the
   * actor's host and the reply crosses the network like any message.
   */
  private askReceiver<Reply>(
    to: AnyRef,
    timeoutMs: number,
    done: (r: AskResult<Reply>) => void,
    asker?: Cell,
  ): AskReceiver<Reply> {
    if (!(timeoutMs > 0 && timeoutMs < Infinity))
      throw new RangeError(`ask ${to.path}: timeout: Invalid value: ${timeoutMs}: must be a finite number > 0`);
    const path = asker ? `${asker.path}/$ask-${this.nextAsk++}` : `/$ask/${this.nextAsk++}`;
    const r = new AskReceiver<Reply>({ path, uid: this.nextUid++ }, (result) => {
      this.receivers.delete(path);
      done(result);
    });
    r.timer = this.clock.schedule(timeoutMs, () => r.timeout(`ask ${to.path}: no reply within ${timeoutMs}ms`));
    this.receivers.set(path, r);
    return r;
  }

  private cellOf(ref: AnyRef): Cell | undefined {
    const r = this.receivers.get(ref.path);
    return r instanceof Cell && (r.uid === ref.uid || ref.uid === 0) ? r : undefined;
  }

  private deadLetter(recipient: string, message: unknown, reason: DeadLetterReason): void {
    this.tracer?.emit('dead-letter', recipient, '', messageType(message), undefined, this.tracer.cause, reason);
    if (this.deadLetterSubject.observed)
      this.deadLetterSubject.next({ recipient, messageType: messageType(message), message, reason });
  }

  private setStatus(cell: Cell, status: Status, reason?: ExitReason | { kind: 'host-crashed' }): void {
    cell.status = status;
    const tracer = this.tracer;
    if (tracer !== null) {
      const kind = cell.def.kind;
      if (status === 'starting') {
        if (cell.incarnation === 1) tracer.emit('spawn', cell.path, '', '', undefined, tracer.cause, { kind, spec: cell.fromSpec });
        else tracer.emit('restart', cell.path, '', '', undefined, tracer.cause, { kind, incarnation: cell.incarnation, restarts: cell.restarts });
      } else if (status === 'stopped') tracer.emit('stop', cell.path, '', '', undefined, tracer.cause, { reason: reason ?? { kind: 'shutdown' } });
      else tracer.emit('status', cell.path, '', '', undefined, tracer.cause, { status, restarts: cell.restarts });
    }
    this.emitChange(cell);
  }

  private emitChange(cell: Cell): void {
    if (this.changeSubject.observed)
      this.changeSubject.next({ path: cell.path, kind: cell.def.kind, status: cell.status, restarts: cell.restarts });
  }
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
