// The context an actor's handlers see. It reaches the system through a narrow set of operations,
// so a cell knows nothing of the system that runs it.

import type { ActorContext, ActorDef, ChildSpec, DiskHandle, SpawnOptions, Timers } from '../actor.ts';
import type { ActorRef, AnyRef, AskResult, Message } from '../message.ts';
import type { Cell } from './cell.ts';

/** What a context may ask of the system, on behalf of its cell. */
export interface CellOps {
  now(): number;
  send(from: Cell, to: AnyRef, msg: Message): void;
  spawn(parent: Cell, spec: ChildSpec): Cell;
  /** Stops the cell itself (no ref) or one of its own children. */
  stop(cell: Cell, ref: AnyRef | undefined): void;
  setTimer(cell: Cell, key: string, delayMs: number, msg: Message, periodMs: number | undefined): void;
  cancelTimer(cell: Cell, key: string): void;
  watch(watcher: Cell, ref: AnyRef): void;
  unwatch(watcher: Cell, ref: AnyRef): void;
  ask(asker: Cell, to: AnyRef, make: (replyTo: AnyRef) => Message, timeoutMs: number, adapt: (result: AskResult<Message>) => Message): void;
  disk(cell: Cell): DiskHandle<Message>;
}

export function makeContext(cell: Cell, ops: CellOps): ActorContext<Message> {
  // Timers, children and watches belong to an incarnation: once it is over (the handler stopped
  // its actor, or it failed) the rest of the handler cannot start new ones.
  const timers: Timers<Message> = {
    once: (key, delayMs, msg) => cell.alive && ops.setTimer(cell, key, delayMs, msg, undefined),
    every: (key, periodMs, msg) => cell.alive && ops.setTimer(cell, key, periodMs, msg, periodMs),
    cancel: (key) => ops.cancelTimer(cell, key),
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
    now: () => ops.now(),
    random: () => cell.rng.next(),
    send: (to: AnyRef, msg: Message) => ops.send(cell, to, msg),
    get disk() {
      return ops.disk(cell);
    },
    spawn: <M extends Message, S>(def: ActorDef<M, S>, options: SpawnOptions) =>
      ops.spawn(cell, { id: options.name, actor: def, restart: options.restart ?? 'transient' }).ref as ActorRef<M>,
    child: <M extends Message>(id: string) => {
      const c = cell.childNamed(id);
      return c && c.status !== 'stopped' ? (c.ref as ActorRef<M>) : undefined;
    },
    stop: (ref?: AnyRef) => ops.stop(cell, ref),
    watch: (ref: AnyRef) => cell.alive && ops.watch(cell, ref),
    unwatch: (ref: AnyRef) => ops.unwatch(cell, ref),
    ask: (to: AnyRef, make: (replyTo: AnyRef) => Message, timeoutMs: number, adapt: (result: AskResult<Message>) => Message) =>
      ops.ask(cell, to, make, timeoutMs, adapt),
  } as unknown as ActorContext<Message>;
}
