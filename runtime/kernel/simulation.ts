// A simulation: an actor system on virtual time, with hosts on a seeded network, disks that can
// lose their unsynced writes, and a tracer. Same seed, same inputs: same run, event for event.

import { Packr } from 'msgpackr';
import type { AnyRef, Message } from '../message.ts';
import { Rng } from '../random.ts';
import type { Cell } from '../system/cell.ts';
import type { KernelControl, KernelPort } from '../system/ports.ts';
import { ActorSystem } from '../system/system.ts';
import { NOT_COPIED, wireCopy } from '../system/wire-copy.ts';
import type { SupervisionOptions } from '../supervision.ts';
import { FrameWriter, type TraceReader, TraceWriter } from '../trace/trace-file.ts';
import type { TraceHeader } from '../trace/event.ts';
import { Tracer } from '../trace/tracer.ts';
import { pace, wallNow } from '../clock.ts';
import { Disk, type DiskView } from './disk.ts';
import { type LinkConfig, Network } from './network.ts';
import { VirtualClock } from './virtual-clock.ts';
import { stateHash } from './state-hash.ts';

export interface SimulationOptions {
  readonly name?: string;
  readonly seed?: number;
  /** Link defaults for every pair of hosts. */
  readonly network?: Partial<LinkConfig>;
  /** How long an fsync takes, ms; default 1. */
  readonly fsyncMs?: number;
  /** How the root supervises top-level actors. */
  readonly supervision?: Partial<SupervisionOptions>;
  readonly trace?: {
    /** Stream the trace to this file. */
    readonly file?: string;
    /** Compute the trace hash without writing a file. */
    readonly hash?: boolean;
    /** Compare every event against this recorded trace (replay). */
    readonly expect?: TraceReader;
    readonly header?: Omit<TraceHeader, 'format' | 'seed' | 'name'>;
  };
  /** Per-actor state hashes every this many virtual ms, when tracing; default 1000. */
  readonly checkpointEveryMs?: number;
  /** Called every few hundred instants of virtual time with the time reached and events so far. */
  readonly onProgress?: (virtualTimeMs: number, events: number) => void;
  /** Pace virtual time to the wall clock, `speed` virtual ms per wall ms. */
  readonly realtime?: { readonly speed: number };
  /** The most timer events, and separately messages, one instant may hold before the run is stuck. */
  readonly maxEventsPerInstant?: number;
  /** How far a run may go, in virtual time and in wall time; past either, runUntil fails. */
  readonly limits?: { readonly virtualMs?: number; readonly wallMs?: number };
}

/** A message on the wire: it dies with the incarnation of the host it was sent to. */
interface Transit {
  readonly from: string;
  readonly to: Cell;
  readonly incarnation: number;
  readonly sender: string;
  readonly target: AnyRef;
  /** The message as it arrives, made at the send (wireCopy); else its msgpack bytes, decoded on arrival. */
  readonly copy: Message | null;
  readonly bytes: Uint8Array | null;
  readonly cause: number;
}

export class VirtualTimeStuckError extends Error {
  override name = 'VirtualTimeStuckError';
}

export class RunLimitError extends Error {
  override name = 'RunLimitError';

  constructor(
    readonly limit: 'virtual' | 'wall',
    readonly limitMs: number,
    /** The virtual time the run stopped at. */
    readonly atMs: number,
  ) {
    super(limit === 'virtual' ? `the run would go past its limit of ${limitMs}ms of virtual time` : `the run took more than its limit of ${limitMs}ms of wall time, at virtual time ${atMs}ms`);
  }
}

// The wire: a message between hosts arrives as a copy, so no two hosts share an object: made at
// the send (wireCopy) for plain data, else encoded and decoded here. In a traced run the send's
// trace event has encoded it already: those bytes go (see Tracer.sentBytes).
const wire = new Packr({ useRecords: false, moreTypes: false });

/** Another copy of a wire copy: one is always made, as the first was. */
function again(copy: Message): Message {
  const c = wireCopy(copy);
  if (c === NOT_COPIED) throw new Error(`a ${copy.type} copied for the wire cannot be copied again`);
  return c;
}

export class Simulation implements KernelPort {
  readonly clock = new VirtualClock();
  readonly system: ActorSystem;
  readonly network: Network;
  readonly tracer: Tracer | null;
  readonly seed: number;
  private readonly disks = new Map<string, Disk>();
  private readonly held = new Map<string, Transit[]>();
  private readonly crashRng: Rng;
  private readonly fsyncMs: number;
  private readonly writer: TraceWriter | null;
  private readonly frames: FrameWriter | null;
  private readonly checkpointEveryMs: number;
  private nextCheckpoint: number;
  private readonly hashes = new WeakMap<Cell, { state: unknown; processed: number; incarnation: number; failure: unknown; hash: number }>();
  private readonly realtime: { readonly speed: number } | undefined;
  private readonly maxPerInstant: number;
  private wallStart = 0;
  private instant = -1;
  private instants = 0;
  private readonly onProgress: ((virtualTimeMs: number, events: number) => void) | undefined;
  private firedThisInstant = 0;
  private closedHash: string | null = null;
  private observer: (() => void) | null = null;
  /** The run under way, if any: the next one starts when it ends. */
  private running: Promise<void> = Promise.resolve();
  /** The system's side of the port, handed over as it starts. */
  private control!: KernelControl;
  private readonly virtualLimit: number;
  private readonly wallLimit: number;
  private readonly wallDeadline: number;
  /** The limit the run reached, if it did; nothing runs after it. */
  limitReached: RunLimitError | null = null;

  constructor(options: SimulationOptions = {}) {
    this.seed = options.seed ?? 0;
    this.network = new Network(Rng.stream(this.seed, 'network'), options.network);
    this.crashRng = Rng.stream(this.seed, 'disk-crash');
    this.fsyncMs = options.fsyncMs ?? 1;
    this.checkpointEveryMs = options.checkpointEveryMs ?? 1000;
    this.nextCheckpoint = this.checkpointEveryMs;
    this.realtime = options.realtime;
    this.onProgress = options.onProgress;
    this.maxPerInstant = options.maxEventsPerInstant ?? 5_000_000;
    this.virtualLimit = options.limits?.virtualMs ?? Infinity;
    this.wallLimit = options.limits?.wallMs ?? Infinity;
    this.wallDeadline = wallNow() + this.wallLimit;
    const t = options.trace;
    const header: TraceHeader = {
      format: 1,
      seed: this.seed,
      name: options.name ?? 'sim',
      kybernetes: t?.header?.kybernetes ?? '0',
      scenario: t?.header?.scenario ?? '',
      config: t?.header?.config ?? null,
      inputs: t?.header?.inputs ?? [],
    };
    this.writer = t?.file ? new TraceWriter(t.file, header) : null;
    this.frames = this.writer?.frames ?? (t?.hash || t?.expect ? new FrameWriter() : null);
    this.tracer = t ? new Tracer(this.clock, this.frames, t.expect ?? null) : null;
    this.system = new ActorSystem({
      name: options.name ?? 'sim',
      seed: this.seed,
      clock: this.clock,
      kernel: this,
      ...(this.tracer ? { trace: this.tracer } : {}),
      supervision: options.supervision,
      messagesPerInstant: this.maxPerInstant,
    });
  }

  // ---- the kernel port -----------------------------------------------------------------------

  attach(control: KernelControl): void {
    this.control = control;
  }

  transmit(from: Cell, toHost: Cell, to: AnyRef, msg: Message, sendSeq: number, bytes?: Uint8Array | null, copy?: Message): void {
    const a = from.host!.name;
    const b = toHost.name;
    const t: Transit = {
      from: a,
      to: toHost,
      incarnation: toHost.incarnation,
      sender: from.path,
      target: to,
      copy: copy ?? null,
      bytes: copy === undefined ? (bytes ?? wire.pack(msg)) : null,
      cause: sendSeq,
    };
    const transit = this.network.transmit(a, b, this.clock.now());
    if (transit.kind === 'drop') {
      this.tracer?.dropped(from.path, to.path, msg.type, sendSeq, transit.reason);
      return;
    }
    if (transit.kind === 'hold') {
      const k = `${a}\u0000${b}`;
      if (!this.held.has(k)) this.held.set(k, []);
      this.held.get(k)!.push(t);
      return;
    }
    for (let i = 0; i < transit.at.length; i++) {
      // A duplicate arrives as a copy of its own, made now: the first may be changed by then.
      const ti = i === 0 || t.copy === null ? t : { ...t, copy: again(t.copy) };
      this.clock.schedule(transit.at[i]! - this.clock.now(), () => this.arrive(ti));
    }
  }

  /** The disk of the host named `name`, once it has one. */
  diskOf(name: string): Disk | undefined {
    const h = this.system.hostNamed(name);
    return h ? this.disks.get(h.path) : undefined;
  }

  /** What a crash of host `name` could not take from its disk: its synced writes. */
  durableDisk(name: string): DiskView | undefined {
    return this.diskOf(name)?.durable();
  }

  disk(host: Cell): Disk {
    let d = this.disks.get(host.path);
    if (!d) this.disks.set(host.path, (d = new Disk(host.name)));
    return d;
  }

  fsync(cell: Cell, done: Message | undefined): void {
    const host = cell.host!;
    const disk = this.disk(host);
    const marks = disk.syncPoint();
    const inc = host.incarnation;
    const cause = this.tracer?.cause ?? -1;
    this.clock.schedule(this.fsyncMs, () => {
      if (host.incarnation !== inc || !host.alive) return; // the host crashed first
      disk.commit(marks);
      this.control.stepObserver?.(cell.path);
      const seq = this.tracer?.fsynced(cell.path, cause) ?? -1;
      if (done !== undefined && cell.alive) this.control.post(cell.ref, done, seq);
    });
  }

  private arrive(t: Transit): void {
    const tracer = this.tracer;
    const host = t.to;
    // Lost if the host is down, or went down and came back while the message was on the wire.
    const why = !host.alive || host.incarnation !== t.incarnation ? 'host-down' : !this.network.canReach(t.from, host.name) ? 'partition' : null;
    const msg = t.copy ?? (wire.unpack(t.bytes!) as Message);
    if (why !== null) {
      tracer?.dropped(t.sender, t.target.path, msg.type, t.cause, why);
      return;
    }
    const seq = tracer?.arrived(t.target.path, t.sender, msg.type, t.cause) ?? -1;
    this.control.arrive(t.target, msg, t.sender, seq);
  }

  // ---- faults --------------------------------------------------------------------------------

  private requireHost(name: string, what: string): Cell {
    const h = this.system.hostNamed(name);
    if (!h) throw new Error(`${what}: no host named ${name}`);
    return h;
  }

  /** A host crashes: its actors stop at once, messages to it are lost, unsynced writes may be. */
  crashHost(name: string): { file: string; kept: number; lost: number }[] {
    const h = this.requireHost(name, 'crash');
    this.external({ step: 'crash', host: name });
    this.control.crashHost(h);
    const report = this.disk(h).crash(this.crashRng);
    // What the crash kept of the unsynced tail is durable now: a step of its own.
    this.control.stepObserver?.(h.path);
    this.endExternal();
    return report;
  }

  /** The host boots again: its supervisor tree starts from its specs and reads its disk. */
  restartHost(name: string): void {
    const h = this.requireHost(name, 'restart');
    this.external({ step: 'restart', host: name });
    this.control.restartHost(h);
    this.endExternal();
  }

  partition(...groups: string[][]): void {
    this.external({ step: 'partition', groups });
    this.network.partition(groups);
    this.endExternal();
  }

  heal(): void {
    this.external({ step: 'heal' });
    this.network.heal();
    this.endExternal();
  }

  link(a: string, b: string, config: Partial<LinkConfig>): void {
    this.external({ step: 'link', a, b, config });
    this.network.setLink(a, b, config);
    this.endExternal();
  }

  hold(from: string, to: string): void {
    this.external({ step: 'hold', from, to });
    this.network.hold(from, to);
    this.endExternal();
  }

  /** Stops holding a link: what it held leaves now, in the order it was sent. */
  release(from: string, to: string): void {
    this.external({ step: 'release', from, to });
    this.network.release(from, to);
    const k = `${from}\u0000${to}`;
    const queued = this.held.get(k) ?? [];
    this.held.delete(k);
    for (const m of queued) {
      const at = this.network.arrival(from, to, this.clock.now());
      this.clock.schedule(at - this.clock.now(), () => this.arrive(m));
    }
    this.endExternal();
  }

  /** Makes an actor fail as if its handler had thrown `error`. */
  crashActor(path: string, error = 'injected failure'): void {
    const cell = this.system.cellAt(path);
    if (!cell) throw new Error(`crash ${path}: no actor runs there`);
    this.external({ step: 'crash-actor', path, error });
    this.control.injectFailure(cell, error);
    this.endExternal();
  }

  /** Records an input from outside the run; what it causes is traced as caused by it. */
  external(detail: unknown): number {
    return this.tracer?.external(detail) ?? -1;
  }

  endExternal(): void {
    this.tracer?.endExternal();
  }

  // ---- running -------------------------------------------------------------------------------

  /**
   * Calls `fn` whenever the run has settled: after every instant of virtual time (its events and
   * all the messages they set off on the hosts) and where a run starts, after the script's own
   * steps (a crash, a restart). A state that holds only between two messages of one instant is
   * not seen here: observeSteps sees those. One observer at a time; null removes it.
   */
  observe(fn: (() => void) | null): void {
    this.observer = fn;
  }

  /**
   * Calls `fn` after every step of the run, the finest there is: each message an actor handles,
   * each incarnation started or ended, each fsync done and each disk crashed, with the path of
   * the actor (or host) it happened to; see ActorSystem.onStep. Within an instant, states that
   * no settled instant shows are seen too. One step observer at a time; null removes it.
   */
  observeSteps(fn: ((path: string) => void) | null): void {
    this.control.observeSteps(fn);
  }

  /** Waits until no actor has mail; a message loop that never lets time move is an error. */
  private async settle(): Promise<void> {
    await this.system.idle();
    if (this.control.stuck)
      throw new VirtualTimeStuckError(
        `virtual time is stuck at ${this.clock.now()}ms: more than ${this.maxPerInstant} messages handled in one instant (a message loop?)`,
      );
  }

  /**
   * Runs until virtual time `t` (or until `stop` says so), one instant at a time. Calls made
   * while another run is under way (a script awaiting several calls at once) take turns: two
   * loops interleaved at their awaits would fire the next instant while the messages of the
   * last were still queued, and time would run ahead of what the actors have handled.
   */
  runUntil(t: number, stop?: () => boolean): Promise<boolean> {
    const turn = this.running.then(() => this.runAlone(t, stop));
    this.running = turn.then(
      () => undefined,
      () => undefined,
    );
    return turn;
  }

  private async runAlone(t: number, stop?: () => boolean): Promise<boolean> {
    // After a limit the run is over: a script that caught the error and asks for more waits
    // forever, which the runner sees as a script with nothing left to run.
    if (this.limitReached !== null) return new Promise<boolean>(() => {});
    if (this.realtime && this.wallStart === 0) this.wallStart = wallNow() - this.clock.now() / this.realtime.speed;
    const end = Math.min(t, this.virtualLimit);
    for (;;) {
      await this.settle();
      if (this.observer !== null) this.observer();
      if (this.tracer?.divergence) {
        this.checkWall(); // a diverged replay stays put in virtual time: only wall time stops it
        return false;
      }
      if (stop?.()) return true;
      // After stop: a replay, stopped by a virtual limit where this stopped, sees the same calls.
      this.checkWall();
      const at = this.clock.nextAt();
      if (at === undefined || at > end) break;
      if (this.checkpointEveryMs > 0 && this.tracer !== null && at >= this.nextCheckpoint) this.checkpoint(at);
      if (this.realtime) await pace(this.wallStart + at / this.realtime.speed);
      if (at !== this.instant) {
        this.instant = at;
        this.firedThisInstant = 0;
        this.control.beginInstant();
        if (this.onProgress !== undefined && (++this.instants & 255) === 0) this.onProgress(at, this.events);
      }
      while (this.clock.nextAt() === at) {
        this.tracer?.clearCause();
        this.clock.fireNext();
        if (++this.firedThisInstant > this.maxPerInstant)
          throw new VirtualTimeStuckError(`virtual time is stuck at ${at}ms: more than ${this.maxPerInstant} events in one instant`);
      }
    }
    await this.settle();
    if (stop?.()) return true;
    if (t > this.virtualLimit) {
      this.clock.moveTo(this.virtualLimit);
      throw (this.limitReached = new RunLimitError('virtual', this.virtualLimit, this.virtualLimit));
    }
    if (t !== Infinity) this.clock.moveTo(t);
    return false;
  }

  private checkWall(): void {
    if (wallNow() > this.wallDeadline) throw (this.limitReached = new RunLimitError('wall', this.wallLimit, this.clock.now()));
  }

  /** Per-actor state hashes, so a replay finds a divergence near its cause. */
  private checkpoint(before: number): void {
    const hashes: Record<string, number> = {};
    const walk = (cell: Cell) => {
      if (cell.alive && cell.parent !== null) hashes[cell.path] = this.hashOf(cell);
      for (const c of cell.children) walk(c);
    };
    walk(this.control.root);
    this.tracer!.checkpoint(hashes);
    while (this.nextCheckpoint <= before) this.nextCheckpoint += this.checkpointEveryMs;
  }

  /**
   * An actor's state changes only in its init and its handlers: one that handled nothing since the
   * last checkpoint (same state object, message count, incarnation and last failure) keeps its
   * hash, and most actors of an idle cluster handle nothing in a given second.
   */
  private hashOf(cell: Cell): number {
    const last = this.hashes.get(cell);
    if (last !== undefined && last.state === cell.state && last.processed === cell.processed && last.incarnation === cell.incarnation && last.failure === cell.lastFailure) return last.hash;
    const hash = stateHash(cell.def.digest ? cell.def.digest(cell.state) : cell.state);
    this.hashes.set(cell, { state: cell.state, processed: cell.processed, incarnation: cell.incarnation, failure: cell.lastFailure, hash });
    return hash;
  }

  /** Lets `ms` of virtual time pass. */
  async advance(ms: number): Promise<void> {
    await this.runUntil(this.clock.now() + ms);
  }

  /** Runs until `predicate` holds or `withinMs` passes; returns whether it held. */
  async until(predicate: () => boolean, withinMs: number): Promise<boolean> {
    const deadline = this.clock.now() + withinMs;
    if (predicate()) return true;
    const held = await this.runUntil(deadline, predicate);
    return held || predicate();
  }

  /** Ends the run: the trace file is completed. Returns the trace hash, if one was kept. */
  close(): string | null {
    if (this.closedHash !== null) return this.closedHash;
    // The run ends here; what follows is the system being taken down (rebuilt trees stop here).
    this.control.observeSteps(null);
    this.external({ step: 'shutdown' });
    this.system.shutdown();
    this.endExternal();
    this.tracer?.finishReplay();
    this.closedHash = this.writer ? this.writer.close() : (this.frames?.digest() ?? null);
    return this.closedHash;
  }

  /** Where the trace is written until the run closes; removed if the run is abandoned. */
  get tracePartialPath(): string | null {
    return this.writer?.partialPath ?? null;
  }

  /** Abandons the run: a partial trace file is removed. */
  abort(): void {
    this.writer?.abort();
  }

  /** Bytes of trace written so far. */
  get traceBytes(): number {
    return this.frames?.bytes ?? 0;
  }

  get events(): number {
    return this.tracer?.count ?? 0;
  }
}
