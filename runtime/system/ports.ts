// The system's seams: what a simulation kernel provides to it, what it lets a kernel do to it, and
// what it reports to a tracer. The kernel and the tracer live elsewhere (kernel/, trace/) and meet
// the system only through these.

import type { AnyRef, Message } from '../message.ts';
import type { ExitReason } from '../supervision.ts';
import type { Cell, Status } from './cell.ts';

/** A disk as the system hands it out: files by name; the typed view is the actor's DiskHandle. */
export interface RawDisk {
  append(file: string, record: unknown): void;
  put(file: string, value: unknown): void;
  records(file: string): unknown[];
  get(file: string): unknown;
}

/** What a simulation kernel provides to the system. */
export interface KernelPort {
  /** Hands the kernel its side of the port, once, as the system starts. */
  attach(control: KernelControl): void;
  /**
   * Carries a message between hosts; `sendSeq` is its traced send event (-1 untraced). `bytes`,
   * when the trace already encoded the message as msgpack, are that encoding, to send as they are.
   * `copy`, when given, is the message as it arrives (see wireCopy), made at the send: it goes
   * instead of any bytes.
   */
  transmit(from: Cell, toHost: Cell, to: AnyRef, msg: Message, sendSeq: number, bytes?: Uint8Array | null, copy?: Message): void;
  disk(host: Cell): RawDisk;
  /** Makes the host's writes durable after the disk's latency, then posts `done` to `cell`. */
  fsync(cell: Cell, done: Message | undefined): void;
}

/** What a kernel may do to the system it runs. */
export interface KernelControl {
  /** The root of the supervisor tree, for walking it (checkpoints). */
  readonly root: Cell;
  /** A new instant of virtual time: the per-instant message budget starts again. */
  beginInstant(): void;
  /** True once more messages were handled in one instant than the budget allows; nothing more is. */
  readonly stuck: boolean;
  /**
   * Calls `fn` after every step that can change what an actor holds: a message handled, an
   * incarnation started (its init run) or ended (a failure, a host crash, a stop), with the path of
   * the actor it happened to. null stops it. The kernel reports its own steps (fsyncs, disk crashes).
   */
  observeSteps(fn: ((path: string) => void) | null): void;
  /** The step observer, for the kernel's own steps; null when none. */
  readonly stepObserver: ((path: string) => void) | null;
  /** A message off the wire into its recipient's mailbox; `cause` is its arrival event. */
  arrive(to: AnyRef, msg: Message, from: string, cause: number): void;
  /** A message from the runtime itself (an fsync done) to `to`, caused by event `cause`. */
  post(to: AnyRef, msg: Message, cause: number): void;
  crashHost(host: Cell): void;
  restartHost(host: Cell): void;
  injectFailure(cell: Cell, error: string): void;
}

/** Runs `f` with `cause` as the trace's current cause, or just runs it when nothing is traced. */
export function withCause<T>(trace: TraceHooks | null, cause: number, f: () => T): T {
  return trace === null ? f() : trace.within(cause, f);
}

/** What the system reports to a tracer, event by event. Each returns the event's number (-1 untraced). */
export interface TraceHooks {
  /** The event being handled now: what new events are caused by (-1: none). */
  readonly cause: number;
  /** Runs `f` with `cause` as the current cause, then puts back the one before. */
  within<T>(cause: number, f: () => T): T;
  spawned(path: string, kind: string, fromSpec: boolean): void;
  restarted(path: string, kind: string, incarnation: number, restarts: number): void;
  status(path: string, status: Status, restarts: number): void;
  stopped(path: string, reason: ExitReason | { readonly kind: 'host-crashed' }): void;
  /** A send into a local mailbox, or onto the wire (`wire`); `keepBytes`: for sentBytes after it. */
  sent(from: string, to: string, msg: Message, wire: boolean, keepBytes?: boolean): number;
  /** After `sent(…, true, true)`: the message as the trace encoded it (msgpack), if that is the message's own encoding. */
  sentBytes(): Uint8Array | null;
  /** A message handed to its actor: the current cause until `delivered()`. */
  delivering(path: string, from: string, messageType: string, cause: number): void;
  /** The end of a run of deliveries: no current cause. */
  delivered(): void;
  timerFired(path: string, messageType: string, key: string, setBy: number): number;
  crashed(path: string, messageType: string, error: string, during: 'init' | 'receive' | 'other'): number;
  deadLetter(path: string, messageType: string, reason: string, cause: number): void;
  /** A path no later event should name (a settled ask's receiver): the trace need not remember it. */
  forget(path: string): void;
}
