// What an actor's author needs: definitions, supervisors and hosts, refs and services, timers,
// typed disk files, asks, seeded randomness. Nothing here reads real time. Running actors is
// elsewhere: the actor system in system/, the simulation kernel in kernel/, traces in trace/.

export type { ActorContext, ActorDef, ChildSpec, DiskHandle, MailboxOptions, NoMessages, OverflowPolicy, SpawnOptions, StateKey, Timers } from './actor.ts';
export { defineActor, host, stateKey, supervisor } from './actor.ts';
export { type LogFile, logFile, type ValueFile, valueFile } from './files.ts';
export { type ActorRef, type AnyRef, type AskResult, InvalidMessageError, type Message, messageType, type ReplyOf, type Terminated } from './message.ts';
export { Rng } from './random.ts';
export { address, type Service, service } from './service.ts';
export type { Backoff, ExitReason, RestartType, Strategy, SupervisionOptions } from './supervision.ts';
export { AskTimeoutError } from './system/ask-receiver.ts';
export { MailboxFullError } from './system/mailbox.ts';
export { defineRedaction } from './trace/redaction.ts';
