// Typed service addresses. A protocol names its service once; a ref to that service on any host
// is then typed by the protocol, with no string path or cast where it is used. Paths are built
// here and nowhere else: a service runs at /<host>/<name>, or under its parent service there.

import type { ActorRef, Message } from './message.ts';

export interface Service<Msg extends Message> {
  /** The actor's name under its host or parent: its child id, and the last segment of its path. */
  readonly name: string;
  /** The service it runs under on the same host (a controller under its manager), if any. */
  readonly parent: Service<never> | null;
  /** Its path on the host named `host`. */
  pathOn(host: string): string;
  /**
   * A ref to the service on `host`: an address, like a host and port, that reaches whatever
   * incarnation runs there now or later, so it outlives restarts and host crashes.
   */
  on(host: string): ActorRef<Msg>;
}

const NAME = /^[a-z0-9-$_.+!*'(),]+$/i; // nact's own rule for actor names

export function service<Msg extends Message>(name: string, options: { readonly under?: Service<never> } = {}): Service<Msg> {
  if (!NAME.test(name)) throw new Error(`service ${JSON.stringify(name)}: name: may contain only letters, digits and -$_.+!*'(),`);
  const parent = options.under ?? null;
  const pathOn = (host: string) => `${parent === null ? `/${host}` : parent.pathOn(host)}/${name}`;
  return Object.freeze({ name, parent, pathOn, on: (host: string) => address<Msg>(pathOn(host)) });
}

/**
 * A ref to whatever runs at `path`, for tools and tests that name an actor by its path; actors
 * reach each other through services instead.
 */
export function address<Msg extends Message>(path: string): ActorRef<Msg> {
  return Object.freeze({ path, uid: 0 });
}
