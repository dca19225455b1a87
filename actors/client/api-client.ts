// The request half of client-go's rest client as a pure state machine: calls get ids, wait for a
// token of the client's rate limiter (QPS 5 / burst 10 by default, as client-go's generic
// clients; kube-controller-manager configures 20/30), go to the current apiserver replica, and are
// tried again on the next replica, after a backoff, when the replica does not answer in time or
// answers 429, 503 or 504 (honouring a Status' retryAfterSeconds). The owner's shell performs the
// outputs (api-client-shell.ts); the result of each call comes back tagged with the owner's
// continuation tag.
//
// Every verb is retried, writes included, as the brief of this library asks: a create whose first
// attempt was applied but not answered comes back 409 AlreadyExists on the retry, which the
// owner's reconcile must treat as it treats any conflict (client-go retries only what it knows
// to be safe; components here are written to reconcile, so a repeated write is harmless).

import type { ApiCall, ApiResult } from '../../protocols/kube/api.ts';
import { serviceUnavailable } from '../../protocols/kube/status.ts';
import { reserve, type TokenBucket, tokenBucket } from './token-bucket.ts';

export interface ApiClientConfig {
  /** The hosts of the apiserver replicas, in the order they are tried. */
  readonly hosts: readonly string[];
  readonly qps?: number;
  readonly burst?: number;
  /** How long a replica has to answer before the call goes to the next (virtual ms). */
  readonly timeoutMs?: number;
  /** Attempts after the first before the call fails: client-go's default is 10. */
  readonly maxRetries?: number;
  /** The caller's bearer token. */
  readonly token?: string;
  /**
   * The token the owner's informers list and watch with, when not `token`: a controller manager's
   * shared informers read as the manager, while each controller writes as its own service account.
   */
  readonly readToken?: string;
}

export const DEFAULT_QPS = 5;
export const DEFAULT_BURST = 10;
export const DEFAULT_TIMEOUT_MS = 5000;
export const DEFAULT_MAX_RETRIES = 10;
const RETRYABLE: ReadonlySet<number> = new Set([429, 503, 504]);

interface Pending {
  readonly id: number;
  readonly call: ApiCall;
  readonly tag: string;
  attempt: number;
  retries: number;
  host: number;
  phase: 'throttled' | 'backoff' | 'sent';
}

export interface ApiClientState {
  readonly hosts: readonly string[];
  readonly timeoutMs: number;
  readonly maxRetries: number;
  readonly token?: string;
  readonly readToken?: string;
  current: number;
  nextId: number;
  pending: Record<number, Pending>;
  bucket: TokenBucket;
  /** Attempts sent, and of them those that were retries: figures for checks and inspection. */
  sent: number;
  retried: number;
}

export type ApiClientOutput =
  /** Ask replica `host` with the call; the answer or a timeout after `timeoutMs` comes back as `answered`. */
  | { readonly type: 'send'; readonly id: number; readonly attempt: number; readonly host: string; readonly call: ApiCall }
  /** Call `fire(id, attempt)` after `delayMs`. */
  | { readonly type: 'wait'; readonly id: number; readonly attempt: number; readonly delayMs: number }
  | { readonly type: 'done'; readonly id: number; readonly tag: string; readonly call: ApiCall; readonly result: ApiResult };

/** What an attempt brought back: the replica's result, or why there was none (timeout, dead letter). */
export type Answer = { readonly ok: true; readonly result: ApiResult } | { readonly ok: false; readonly error: string };

export function apiClientState(config: ApiClientConfig, now = 0): ApiClientState {
  if (config.hosts.length === 0) throw new RangeError('api client: hosts: Required value: at least one apiserver host');
  return {
    hosts: [...config.hosts],
    timeoutMs: config.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    maxRetries: config.maxRetries ?? DEFAULT_MAX_RETRIES,
    ...(config.token === undefined ? {} : { token: config.token }),
    ...(config.readToken === undefined ? {} : { readToken: config.readToken }),
    current: 0,
    nextId: 1,
    pending: {},
    bucket: tokenBucket(config.qps ?? DEFAULT_QPS, config.burst ?? DEFAULT_BURST, now),
    sent: 0,
    retried: 0,
  };
}

/** The backoff before retry `n` (0-based) when the server named none: 250 ms doubling to 8 s. */
export const retryBackoffMs = (n: number): number => Math.min(8000, 250 * 2 ** n);

function send(s: ApiClientState, p: Pending): ApiClientOutput {
  p.phase = 'sent';
  p.host = s.current;
  s.sent++;
  if (p.retries > 0) s.retried++;
  return { type: 'send', id: p.id, attempt: p.attempt, host: s.hosts[p.host]!, call: p.call };
}

function throttle(s: ApiClientState, p: Pending, now: number): ApiClientOutput {
  const delayMs = reserve(s.bucket, now);
  if (delayMs === 0) return send(s, p);
  p.phase = 'throttled';
  return { type: 'wait', id: p.id, attempt: p.attempt, delayMs };
}

/** Starts a call; `tag` comes back with its result. */
export function submit(s: ApiClientState, call: ApiCall, tag: string, now: number): ApiClientOutput[] {
  const p: Pending = { id: s.nextId++, call, tag, attempt: 0, retries: 0, host: s.current, phase: 'sent' };
  s.pending[p.id] = p;
  return [throttle(s, p, now)];
}

/** A `wait` is over: a throttled call goes now, a call backing off takes its turn at the limiter. */
export function fire(s: ApiClientState, id: number, attempt: number, now: number): ApiClientOutput[] {
  const p = s.pending[id];
  if (p === undefined || p.attempt !== attempt || p.phase === 'sent') return [];
  return [p.phase === 'throttled' ? send(s, p) : throttle(s, p, now)];
}

function finish(s: ApiClientState, p: Pending, result: ApiResult): ApiClientOutput[] {
  delete s.pending[p.id];
  return [{ type: 'done', id: p.id, tag: p.tag, call: p.call, result }];
}

export function answered(s: ApiClientState, id: number, attempt: number, answer: Answer): ApiClientOutput[] {
  const p = s.pending[id];
  if (p === undefined || p.attempt !== attempt || p.phase !== 'sent') return [];
  const retryable = !answer.ok || RETRYABLE.has(answer.result.code);
  if (!retryable) return finish(s, p, (answer as { result: ApiResult }).result);
  if (p.retries >= s.maxRetries) {
    const result: ApiResult = answer.ok ? answer.result : { ok: false, code: 503, body: serviceUnavailable(`no kube-apiserver replica answered: ${answer.error}`) };
    return finish(s, p, result);
  }
  // Move on from a replica that failed, unless another call already has.
  if (s.current === p.host) s.current = (p.host + 1) % s.hosts.length;
  const after = answer.ok && !answer.result.ok ? answer.result.body.details?.retryAfterSeconds : undefined;
  const delayMs = after !== undefined && after > 0 ? after * 1000 : retryBackoffMs(p.retries);
  p.retries++;
  p.attempt++;
  p.phase = 'backoff';
  return [{ type: 'wait', id: p.id, attempt: p.attempt, delayMs }];
}

/** Calls started and not yet done. */
export const inFlight = (s: ApiClientState): number => Object.keys(s.pending).length;
