// What an actor is, as the code that defines one sees it.

import type { LogFile, ValueFile } from './files.ts';
import type { ActorRef, AnyRef, AskResult, Message, ReplyOf, Terminated } from './message.ts';
import { resolveSupervision, type RestartType, type SupervisionOptions } from './supervision.ts';

export type OverflowPolicy = 'drop-newest' | 'drop-oldest' | 'fail-sender';

export interface MailboxOptions {
  /** The most messages the mailbox holds; unbounded when absent. */
  readonly capacity?: number;
  /** What a full mailbox does with one more message. Dropped messages go to dead letters. */
  readonly overflow?: OverflowPolicy;
}

export interface Timers<Msg extends Message> {
  /** Delivers `msg` to self once after `delayMs`; replaces any timer with the same key. */
  once(key: string, delayMs: number, msg: Msg): void;
  /** Delivers `msg` to self every `periodMs` at a fixed rate; replaces any timer with the same key. */
  every(key: string, periodMs: number, msg: Msg): void;
  cancel(key: string): void;
  isActive(key: string): boolean;
}

/**
 * The disk of an actor's host, in typed files (files.ts). Reads see the host's own unsynced
 * writes; what a crash keeps of them is up to the seed.
 */
export interface DiskHandle<Msg extends Message> {
  append<T>(file: LogFile<T>, record: NoInfer<T>): void;
  records<T>(file: LogFile<T>): T[];
  put<T>(file: ValueFile<T>, value: NoInfer<T>): void;
  /**
   * Replaces a log file's records as a whole, in one write (a crash keeps all of it or none of
   * it): a log cut down to what is still needed, as etcd purges WAL files a snapshot made old.
   */
  rewrite<T>(file: LogFile<T>, records: readonly NoInfer<T>[]): void;
  get<T>(file: ValueFile<T>): T | undefined;
  /** Makes every write so far durable; `done` arrives when it is (unless the host crashes first). */
  fsync(done?: Msg): void;
}

export interface SpawnOptions {
  readonly name: string;
  /** Default for actors spawned at run time: transient (restarted after a failure only). */
  readonly restart?: RestartType;
}

export interface ActorContext<Msg extends Message> {
  readonly self: ActorRef<Msg>;
  readonly path: string;
  readonly kind: string;
  /** 1 for the first start, +1 per restart. */
  readonly incarnation: number;
  readonly timers: Timers<Msg>;
  now(): number;
  /** A float in [0, 1) from this actor's own seeded stream. */
  random(): number;
  send<M extends Message>(to: ActorRef<M>, msg: NoInfer<M>): void;
  spawn<M extends Message, S>(def: ActorDef<M, S>, options: SpawnOptions): ActorRef<M>;
  /** The running child started from the spec or spawn with this id, if any. */
  child<M extends Message = never>(id: string): ActorRef<M> | undefined;
  /** Stops self (no argument) or one of its own children, for good. */
  stop(ref?: AnyRef): void;
  /** The disk of the host this actor lives on. */
  readonly disk: DiskHandle<Msg>;
  /** Delivers Terminated when `ref` stops; only actors whose protocol includes Terminated may watch. */
  watch(this: ActorContext<Msg>, ref: Terminated extends Msg ? AnyRef : never): void;
  unwatch(ref: AnyRef): void;
  /**
   * Sends `make(replyTo)` to `to`; the reply or a timeout comes back through `adapt` as a message.
   * The reply type defaults to what the request's `replyTo` accepts. (`const` keeps the literal
   * `type` of the request that `make` returns, which TypeScript 7 would otherwise widen.)
   */
  ask<const Req extends Message, Reply extends Message = ReplyOf<Req>>(
    to: ActorRef<Req>,
    make: (replyTo: ActorRef<Reply>) => NoInfer<Req>,
    timeoutMs: number,
    adapt: (result: AskResult<Reply>) => Msg,
  ): void;
}

export interface ActorDef<Msg extends Message, State> {
  /** The component kind shown by inspection (`kyb tree`), e.g. 'kubelet'. */
  readonly kind: string;
  readonly init: (ctx: ActorContext<Msg>) => State;
  /** Synchronous: work that finishes later comes back as a message. */
  readonly receive: (state: State, msg: Msg, ctx: ActorContext<Msg>) => State;
  /** A plain-data summary of the state for inspection. */
  readonly describe?: (state: State) => unknown;
  /**
   * What a trace's checkpoints hash of the state; the whole state when absent. An actor whose
   * state is large (a store, a log, caches) gives something small that still changes whenever the
   * state does — counters, indexes, revisions — so a checkpoint does not cost a copy of all it holds.
   */
  readonly digest?: (state: State) => unknown;
  /** Started in order after init, stopped in reverse order. */
  readonly children?: readonly ChildSpec[];
  /** How this actor supervises its children. */
  readonly supervision?: Partial<SupervisionOptions>;
  readonly mailbox?: MailboxOptions;
  /** A simulated machine: its descendants live on it, share its disk and crash with it. */
  readonly isHost?: boolean;
}

export interface ChildSpec {
  readonly id: string;
  // Children speak protocols of their own; the spec is data and does not carry them.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly actor: ActorDef<any, any>;
  /** Default: permanent. */
  readonly restart?: RestartType;
}

declare const stateType: unique symbol;

/**
 * A typed name for an actor kind: what checks and tools read an actor's state by. The actor's
 * definition uses `key.kind` as its kind; `system.stateOf(path, key)` then returns its state typed
 * `S`, after checking that the actor running there is of that kind.
 */
export interface StateKey<S> {
  readonly kind: string;
  readonly [stateType]?: S;
}

export function stateKey<S>(kind: string): StateKey<S> {
  return Object.freeze({ kind });
}

export function defineActor<Msg extends Message, State = undefined>(def: ActorDef<Msg, State>): ActorDef<Msg, State> {
  return def;
}

/** A host: a simulated machine that supervises what runs on it. */
export function host(options: { readonly children: readonly ChildSpec[] } & Partial<SupervisionOptions>): ActorDef<NoMessages, undefined> {
  return { ...supervisor({ kind: 'host', ...options }), isHost: true };
}

/** The protocol of an actor that takes no messages, such as a plain supervisor. */
export type NoMessages = { readonly type: never };

/** A supervisor in OTP's sense: an actor with child specs, a strategy and nothing else to do. */
export function supervisor(options: {
  readonly kind?: string;
  readonly children: readonly ChildSpec[];
} & Partial<SupervisionOptions>): ActorDef<NoMessages, undefined> {
  const { kind = 'supervisor', children, ...supervision } = options;
  const { strategy, maxRestarts, period } = resolveSupervision(supervision, `supervisor ${kind}`);
  return {
    kind,
    children,
    supervision,
    init: () => undefined,
    receive: (state) => state,
    describe: () => ({ strategy, maxRestarts, period }),
  };
}
