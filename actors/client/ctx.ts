// The part of an actor's context the client library uses. A narrower type than ActorContext, so
// an owner whose protocol includes the library's messages can pass its own context (ActorContext's
// `watch` would otherwise make it invariant in the message type).

import type { ActorContext, Message } from '../../runtime/index.ts';

export type ClientCtx<M extends Message> = Pick<ActorContext<M>, 'self' | 'now' | 'random' | 'send' | 'ask' | 'timers'>;
