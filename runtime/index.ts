// The runtime's public surface. Nothing here knows about Kubernetes.

export type {
  ActorContext,
  ActorDef,
  AskResult,
  ChildSpec,
  MailboxOptions,
  NoMessages,
  OverflowPolicy,
  SpawnOptions,
  Terminated,
  Timers,
} from './actor.ts';
export { defineActor, supervisor } from './actor.ts';
export { AskTimeoutError } from './ask.ts';
export type { Failure, Status } from './cell.ts';
export { type Clock, RealClock, type TimerHandle } from './clock.ts';
export { ManualClock } from './manual-clock.ts';
export { type InspectNode, renderTree, type RenderOptions } from './inspect.ts';
export { MailboxFullError } from './mailbox.ts';
export { type ActorRef, type AnyRef, InvalidMessageError, type Message, messageType, type ReplyOf } from './message.ts';
export { Rng } from './random.ts';
export type { Backoff, ExitReason, RestartType, Strategy, SupervisionOptions } from './supervision.ts';
export {
  ActorSystem,
  createSystem,
  type DeadLetter,
  type DeadLetterReason,
  type SystemFailure,
  type SystemOptions,
  type TreeChange,
} from './system.ts';
