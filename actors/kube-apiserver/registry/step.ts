// A request's path through the registry as data: either its answer, or one etcd command and what
// to do with etcd's answer. The actor shell runs the steps against its etcd client; tests run them
// against an in-memory store. Continuations are closures: they live only in the shell's pending
// table, never on the wire.

import type { KeyValue, RangeResponse, StoreCommand, StoreResult, TxnResponse } from '../../../protocols/etcd/kv.ts';
import type { ApiResult, ObjectList } from '../../../protocols/kube/api.ts';
import type { KubeObject } from '../../../protocols/kube/objects.ts';
import { type FailureStatus, internalError } from '../../../protocols/kube/status.ts';

export type Step =
  | { readonly kind: 'done'; readonly result: ApiResult }
  | { readonly kind: 'etcd'; readonly command: StoreCommand; readonly then: (result: StoreResult) => Step };

export const fail = (body: FailureStatus): Step => ({ kind: 'done', result: { ok: false, code: body.code, body } });

export function answer(code: 200 | 201 | 202, body: KubeObject | ObjectList, warnings?: readonly string[]): Step {
  // Two literals, not a conditional spread (which V8 builds several times slower): every answer comes here.
  return { kind: 'done', result: warnings && warnings.length > 0 ? { ok: true, code, body, warnings } : { ok: true, code, body } };
}

/** Runs `command`; an etcd failure answers 500 (the client already retried what can be retried). */
export function etcd<R>(command: StoreCommand, then: (response: R) => Step): Step {
  return { kind: 'etcd', command, then: continuation(then) };
}

// Made by a function that returns it, not written in the step's literal: the TypeScript loader
// names every function written as a property value, a defineProperty call per request.
function continuation<R>(then: (response: R) => Step): (result: StoreResult) => Step {
  return (result) => (result.ok ? then(result.response as R) : fail(internalError(`etcdserver: ${result.error.message}`)));
}

/** Reads one key linearizably; `kv` is undefined when it is absent. */
export function readKey(key: string, then: (kv: KeyValue | undefined, revision: number) => Step): Step {
  return etcd<RangeResponse>({ type: 'range', key }, (r) => then(r.kvs[0], r.header.revision));
}

/** Runs a transaction guarded by `compare`; `then` learns whether it applied. */
export function txn(command: Extract<StoreCommand, { type: 'txn' }>, then: (r: TxnResponse) => Step): Step {
  return etcd<TxnResponse>(command, then);
}

/** `step` run to its answer, which `next` turns into what comes after (another answer, or more steps). */
export function andThen(step: Step, next: (result: ApiResult) => Step): Step {
  if (step.kind === 'done') return next(step.result);
  return { kind: 'etcd', command: step.command, then: followedBy(step, next) };
}

function followedBy(step: Extract<Step, { kind: 'etcd' }>, next: (result: ApiResult) => Step): (result: StoreResult) => Step {
  return (result) => andThen(step.then(result), next);
}

/** Tells a Step from an object where a function returns either. */
export const isStep = (x: object): x is Step => 'kind' in x && ((x as Step).kind === 'done' || (x as Step).kind === 'etcd') && !('apiVersion' in x);
