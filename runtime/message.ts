// Messages and references: the typed surface every actor is written against, and the one part of
// the runtime that protocols/ may import.

import type { ExitReason } from './supervision.ts';

/** Every message is plain data with a string discriminant. */
export interface Message {
  readonly type: string;
}

declare const accepts: unique symbol;

/**
 * A reference to an actor that accepts `Msg`. Plain data ({ path, uid }), so it can travel inside
 * messages and across a wire. The phantom member makes the type contravariant in `Msg`: a ref that
 * accepts `A | B` may stand where a ref accepting `A` is wanted, never the reverse. nact's own
 * `Ref<T>` never uses its `T`, so it cannot refuse anything.
 */
export interface ActorRef<in Msg extends Message> {
  readonly path: string;
  /** Distinguishes this actor from a later one spawned at the same path. */
  readonly uid: number;
  readonly [accepts]?: (msg: Msg) => void;
}

/** Delivered to a watcher when the actor it watches stops for good (a restart is not a stop). */
export interface Terminated {
  readonly type: 'Terminated';
  readonly ref: AnyRef;
  readonly reason: ExitReason | { readonly kind: 'not-found' };
}

/** What an ask brings back to the asker, wrapped by the asker's own adapter into its own message. */
export type AskResult<Reply> =
  | { readonly ok: true; readonly reply: Reply }
  | { readonly ok: false; readonly error: string };

/** The reply type of a request: what its `replyTo` ref accepts. */
export type ReplyOf<Req> = Req extends { readonly replyTo: ActorRef<infer R> } ? R : never;

/** A reference whose message type is unknown: any ActorRef is assignable to it. */
export type AnyRef = ActorRef<never>;

export function messageType(msg: unknown): string {
  const t = (msg as { type?: unknown } | null)?.type;
  return typeof t === 'string' ? t : typeof msg;
}

/** Thrown at send when a message is not plain data that msgpackr can encode. */
export class InvalidMessageError extends Error {
  override name = 'InvalidMessageError';
}

/** How deep plain data may nest: deeper is taken for a cycle. */
export const MAX_DEPTH = 64;

/**
 * The hot-path check behind every send: true when `value` is plain data. Only when it is not does
 * plainDataProblem walk it again to say where.
 */
export function isPlainData(value: unknown, depth = 0): boolean {
  if (typeof value !== 'object') return typeof value !== 'function' && typeof value !== 'symbol';
  if (value === null) return true;
  if (depth >= MAX_DEPTH) return false;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (!isPlainData(value[i], depth + 1)) return false;
    return true;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return value instanceof Uint8Array;
  for (const key in value as Record<string, unknown>) {
    // An own __proto__ key (JSON.parse makes one) is renamed by msgpackr, which guards against
    // prototype pollution: it would not arrive as sent.
    if (key === '__proto__') return false;
    const v = (value as Record<string, unknown>)[key];
    if (typeof v === 'object' ? !isPlainData(v, depth + 1) : typeof v === 'function' || typeof v === 'symbol') return false;
  }
  return true;
}

/**
 * Returns why `value` is not plain data (naming where inside it), or undefined when it is.
 * Plain data: null, undefined, booleans, numbers, bigints, strings, Uint8Arrays, arrays and
 * objects whose prototype is Object.prototype or null. Class instances (Date, Map, Set, ...) are
 * refused: they do not survive a wire unchanged.
 */
export function plainDataProblem(value: unknown, where = 'message', depth = 0): string | undefined {
  switch (typeof value) {
    case 'string':
    case 'number':
    case 'boolean':
    case 'bigint':
    case 'undefined':
      return undefined;
    case 'function':
      return `${where} is a function`;
    case 'symbol':
      return `${where} is a symbol`;
  }
  if (value === null) return undefined;
  if (depth >= MAX_DEPTH) return `${where} is nested more than ${MAX_DEPTH} levels deep (a cycle?)`;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const p = plainDataProblem(value[i], `${where}[${i}]`, depth + 1);
      if (p) return p;
    }
    return undefined;
  }
  if (value instanceof Uint8Array) return undefined;
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) {
    const name = (proto?.constructor as { name?: string } | undefined)?.name ?? 'an object with a prototype';
    return `${where} is a ${name}`;
  }
  for (const key in value as Record<string, unknown>) {
    if (key === '__proto__') return `${where} has a key __proto__, which msgpackr does not carry as it is`;
    const p = plainDataProblem((value as Record<string, unknown>)[key], `${where}.${key}`, depth + 1);
    if (p) return p;
  }
  return undefined;
}
