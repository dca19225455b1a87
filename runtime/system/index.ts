// The actor system: what runs actors, in real time or on a clock it is given, and inspects them.

export { RealClock } from '../clock.ts';
export type { Clock, TimerHandle } from '../time.ts';
export { ManualClock } from '../manual-clock.ts';
export type { Failure, Status } from './cell.ts';
export type { DeadLetter, DeadLetterReason } from './delivery.ts';
export { type InspectNode, renderTree, type RenderOptions } from './inspect.ts';
export type { SystemFailure, TreeChange } from './lifecycle.ts';
export { ActorSystem, createSystem, type SystemOptions } from './system.ts';
