// Two sequential specifications: a single register (for simple tests) and etcd's key-value
// operations on single keys, partitioned by key.

import { UNKNOWN, type Model, type Operation, type Partition, type Unknown } from './types.ts';

// ---------------------------------------------------------------------------------------------
// A register holding a number, initially 0 (or a chosen value).

export type RegisterInput = { readonly op: 'read' } | { readonly op: 'write'; readonly value: number };
/** A read answers the value; a write answers 'ok'. */
export type RegisterOutput = number | 'ok';

export function registerModel(initial = 0): Model<number, RegisterInput, RegisterOutput> {
  return {
    name: 'register',
    init: () => initial,
    step(state, input, output) {
      if (input.op === 'write') return { ok: output === UNKNOWN || output === 'ok', state: input.value };
      return { ok: output === UNKNOWN || output === state, state };
    },
    key: (state) => String(state),
    readOnly: (input) => input.op === 'read',
    describeOperation: (input, output) =>
      input.op === 'write'
        ? `write(${input.value})${output === UNKNOWN ? ' -> unknown' : ''}`
        : `read() -> ${output === UNKNOWN ? 'unknown' : String(output)}`,
    describeState: (state) => String(state),
  };
}

// ---------------------------------------------------------------------------------------------
// etcd, one key at a time. The state of a key is its value, or null when it does not exist.
//
// - get: a linearizable range of the key; answers the value, or null when absent.
// - put: answers 'ok'.
// - delete: answers 'ok' whether or not the key existed.
// - cas: a txn comparing the value and putting on success, as clients do for compare-and-swap.
//   `expected: string` succeeds when the key exists with that value; on a missing key a value
//   compare always fails, as in etcd. `expected: null` succeeds when the key is absent (a txn
//   comparing create_revision = 0, i.e. create-if-absent). Answers 'ok' (succeeded: the value is
//   swapped) or 'failed' (no effect).

export type KvInput =
  | { readonly op: 'get'; readonly key: string }
  | { readonly op: 'put'; readonly key: string; readonly value: string }
  | { readonly op: 'delete'; readonly key: string }
  | { readonly op: 'cas'; readonly key: string; readonly expected: string | null; readonly value: string };

/** get → the value or null; put and delete → 'ok'; cas → 'ok' or 'failed'. */
export type KvOutput = string | null;

export type KvState = string | null;

export type KvOperation = Operation<KvInput, KvOutput>;

/** The state a key-value operation leaves (its effect), and whether `output` is possible. */
export function kvStep(state: KvState, input: KvInput, output: KvOutput | Unknown): { ok: boolean; state: KvState } {
  const unknown = output === UNKNOWN;
  switch (input.op) {
    case 'get':
      return { ok: unknown || output === state, state };
    case 'put':
      return { ok: unknown || output === 'ok', state: input.value };
    case 'delete':
      return { ok: unknown || output === 'ok', state: null };
    case 'cas': {
      const matches = input.expected === null ? state === null : state !== null && state === input.expected;
      if (unknown) return { ok: true, state: matches ? input.value : state };
      if (matches) return { ok: output === 'ok', state: input.value };
      return { ok: output === 'failed', state };
    }
  }
}

/** Splits a history by key, keys in order of first appearance. */
export function partitionByKey<Input extends { readonly key: string }, Output>(
  history: readonly Operation<Input, Output>[],
): Partition<Input, Output>[] {
  const parts = new Map<string, Operation<Input, Output>[]>();
  for (const op of history) {
    const list = parts.get(op.input.key);
    if (list === undefined) parts.set(op.input.key, [op]);
    else list.push(op);
  }
  return [...parts].map(([key, operations]) => ({ key, operations }));
}

export interface KvModelOptions {
  /** Values the keys hold before the history starts; absent keys are missing. */
  readonly initial?: Readonly<Record<string, string>>;
}

export function kvModel(options: KvModelOptions = {}): Model<KvState, KvInput, KvOutput> {
  const initial = options.initial ?? {};
  return {
    name: 'etcd-kv',
    init: (key) => (key !== undefined && Object.hasOwn(initial, key) ? initial[key]! : null),
    step: kvStep,
    key: (state) => (state === null ? '\u0000' : `=${state}`),
    partition: partitionByKey,
    readOnly: (input, output) => input.op === 'get' || (input.op === 'cas' && output === 'failed'),
    describeOperation: describeKvOperation,
    describeState: (state) => (state === null ? '(absent)' : JSON.stringify(state)),
  };
}

export function describeKvOperation(input: KvInput, output: KvOutput | Unknown): string {
  const out = output === UNKNOWN ? 'unknown' : output === null ? '(absent)' : JSON.stringify(output);
  switch (input.op) {
    case 'get':
      return `get(${JSON.stringify(input.key)}) -> ${out}`;
    case 'put':
      return `put(${JSON.stringify(input.key)}, ${JSON.stringify(input.value)}) -> ${out}`;
    case 'delete':
      return `delete(${JSON.stringify(input.key)}) -> ${out}`;
    case 'cas':
      return `cas(${JSON.stringify(input.key)}, ${input.expected === null ? '(absent)' : JSON.stringify(input.expected)} => ${JSON.stringify(input.value)}) -> ${out}`;
  }
}
