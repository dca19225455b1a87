// The vocabulary of the linearizability checker: operations of a recorded history, the
// sequential model they are checked against, and the verdict.
//
// The approach is Porcupine's (anishathalye/porcupine), after Wing & Gong, Lowe ("Testing for
// Linearizability") and Horn & Kroening ("Faster linearizability checking via
// P-compositionality"): a model is an executable sequential specification, a history is split
// into independent partitions (one per key for a key-value store), and each partition is searched
// for a legal order that respects real time, memoizing (set of linearized operations, state).

/**
 * The outcome of an operation whose client never learned it: a timed-out request, a crashed
 * client. The operation may or may not have taken effect, and if it did, at any moment after its
 * call, even after the client gave up (a request can still be in flight). The checker therefore
 * treats its return time as +Infinity, whatever the history says.
 */
export const UNKNOWN: unique symbol = Symbol('linearizability: unknown outcome');
export type Unknown = typeof UNKNOWN;

/** One operation of a recorded history. Times are virtual milliseconds (any number scale works). */
export interface Operation<Input, Output> {
  /** Who issued it. Informational: real-time order comes from `call` and `return` alone. */
  readonly client: number;
  readonly input: Input;
  /** What the client saw, or UNKNOWN when it never saw an answer. */
  readonly output: Output | Unknown;
  /** When the request was issued. */
  readonly call: number;
  /**
   * When the answer arrived; `call <= return`. Infinity for an operation that never returned.
   * Ignored (taken as Infinity) when `output` is UNKNOWN.
   */
  readonly return: number;
}

export interface StepResult<State> {
  /** False when `output` cannot be what `input` answers in `state`. */
  readonly ok: boolean;
  /** The state after the operation (meaningful only when ok). */
  readonly state: State;
}

/** A sub-history that can be checked on its own, with a name for reports (the key, for etcd). */
export interface Partition<Input, Output> {
  readonly key: string;
  readonly operations: readonly Operation<Input, Output>[];
}

/**
 * An executable sequential specification. States are values: `step` must not mutate its
 * argument. All functions must be pure and deterministic.
 */
export interface Model<State, Input, Output> {
  readonly name: string;
  /** The state before any operation; `partition` is the partition's key, when there is one. */
  init(partition?: string): State;
  /**
   * Applies `input` to `state` as if it took effect atomically. `output` may be UNKNOWN: the
   * step must then accept (ok: true) every outcome the operation can have, and return the state
   * after it took effect.
   */
  step(state: State, input: Input, output: Output | Unknown): StepResult<State>;
  /** A canonical key: two states are equal exactly when their keys are. Used for memoization. */
  key(state: State): string;
  /**
   * Splits a history into independent sub-histories (P-compositionality: the history is
   * linearizable exactly when every part is). Each part must hold the very operation objects of
   * the history. Without it the history is one partition, keyed ''.
   */
  partition?(history: readonly Operation<Input, Output>[]): Partition<Input, Output>[];
  /**
   * True when an operation with this input and this output, whenever `step` accepts it, leaves
   * the state as it was (a read; a compare-and-swap that failed). Optional; it only speeds the
   * search, and must be exact when given:
   * - with output UNKNOWN: the operation constrains nothing, and is dropped before the search;
   * - otherwise, when such an operation fits the current state and real time allows it next, the
   *   search commits to placing it next and never tries the alternatives (placing it later could
   *   not help: it neither changes the state nor has anything left that must precede it).
   */
  readOnly?(input: Input, output: Output | Unknown): boolean;
  describeOperation?(input: Input, output: Output | Unknown): string;
  describeState?(state: State): string;
}

export type Verdict = 'ok' | 'illegal' | 'unknown';

export interface CheckOptions {
  /**
   * The search budget of each partition, in explored states (model steps). A partition that
   * exhausts it is 'unknown'. Default 1,000,000. This is a deterministic budget: no wall clock.
   */
  readonly maxStates?: number;
  /** Stop at the first illegal partition; the rest are reported 'unknown' with explored 0. */
  readonly stopOnIllegal?: boolean;
}

export interface PartitionResult<State> {
  readonly key: string;
  readonly result: Verdict;
  /** Indices, in the history given to the checker, of this partition's operations (dropped ones excluded). */
  readonly operations: readonly number[];
  /** Model steps taken in this partition. */
  readonly explored: number;
  /** When ok: history indices in a legal sequential order. */
  readonly linearization?: readonly number[];
  /**
   * When illegal or unknown: the longest sequence of operations (history indices) the search
   * could linearize, and the model state after it.
   */
  readonly longestPrefix?: readonly number[];
  readonly stateAfterPrefix?: State;
  /**
   * When illegal: at that longest prefix, the operations that real time allowed to go next (none
   * of them fitted, or each led to a dead end), and the one among them whose answer had already
   * arrived, so it had to go before anything that was called later.
   */
  readonly candidates?: readonly number[];
  readonly blocking?: number;
}

export interface CheckResult<State> {
  /** 'illegal' if any partition is illegal, else 'unknown' if any ran out of budget, else 'ok'. */
  readonly result: Verdict;
  readonly explored: number;
  readonly partitions: readonly PartitionResult<State>[];
  /** History indices of operations dropped before the search (read-only with UNKNOWN outcome). */
  readonly dropped: readonly number[];
}
