// The runtime's public surface. Nothing here knows about Kubernetes.

export type {
  ActorContext,
  ActorDef,
  AskResult,
  ChildSpec,
  DiskHandle,
  MailboxOptions,
  NoMessages,
  OverflowPolicy,
  SpawnOptions,
  StateKey,
  Terminated,
  Timers,
} from './actor.ts';
export { defineActor, host, stateKey, supervisor } from './actor.ts';
export { AskTimeoutError } from './ask.ts';
export type { Failure, Status } from './cell.ts';
export { type Clock, RealClock, type TimerHandle, wallNow } from './clock.ts';
export { ManualClock } from './manual-clock.ts';
export { type InspectNode, renderTree, type RenderOptions } from './inspect.ts';
export { MailboxFullError } from './mailbox.ts';
export { type ActorRef, type AnyRef, InvalidMessageError, type Message, messageType, type ReplyOf } from './message.ts';
export { Rng } from './random.ts';
export { address, type Service, service } from './service.ts';
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
export { Disk } from './kernel/disk.ts';
export { checkLink, defaultLink, type LinkConfig, Network } from './kernel/network.ts';
export { Simulation, type SimulationOptions, VirtualTimeStuckError } from './kernel/simulation.ts';
export { VirtualClock } from './kernel/virtual-clock.ts';
export type { TraceEvent, TraceEventType, TraceHeader } from './trace/event.ts';
export { defineRedaction } from './trace/redaction.ts';
export { treeAt } from './trace/rebuild.ts';
export { TraceError, TraceReader, TraceWriter } from './trace/trace-file.ts';
export { type Divergence, Tracer } from './trace/tracer.ts';
