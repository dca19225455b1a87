// The search: Wing & Gong's backtracking over a history's call and return events, with Lowe's
// memoization of (set of linearized operations, model state), as Porcupine does it.
//
// Events. Each operation contributes a call event at `call` and a return event at `return`
// (Infinity when the outcome is UNKNOWN). Events are sorted by time; AT EQUAL TIMES CALLS COME
// BEFORE RETURNS, so an operation that returns at t and one that is called at t count as
// concurrent: either may be ordered first. With a millisecond clock, two events in the same
// millisecond have no observable order, so this is the only choice that never rejects a
// linearizable history; the cost is that a same-millisecond staleness goes unnoticed.
// Ties among calls (or among returns) are broken by position in the history, for determinism.
//
// Search. The events form a doubly linked list. Walking it from the front, every call met before
// the first return is an operation that real time allows to go next. The search tries each in
// turn: if the model accepts its output, the operation is linearized (its call and return are
// unlinked, "lifted") and the walk restarts from the front; if the (linearized set, state) pair
// was seen before, that branch is known to fail and is skipped. Meeting a return means the
// operation it closes should already have been linearized: backtrack (pop the last linearized
// operation, relink it, and try the call after it). An empty list means every operation is
// linearized: the history is legal. Backtracking from an empty stack means it is not.
//
// One addition to Porcupine's search: an operation that never changes the state (a read, a failed
// compare-and-swap; see Model.readOnly) and fits now is placed now, and on backtracking it is
// undone without trying the operations after it at that level, since any linearization from
// that point can be rearranged to place it first.

import { Bitset } from './bitset.ts';
import {
  UNKNOWN,
  type CheckOptions,
  type CheckResult,
  type Model,
  type Operation,
  type Partition,
  type PartitionResult,
  type Verdict,
} from './types.ts';

const DEFAULT_MAX_STATES = 1_000_000;

/** Checks a whole history: partitions it with the model, checks every partition. */
export function checkHistory<State, Input, Output>(
  model: Model<State, Input, Output>,
  history: readonly Operation<Input, Output>[],
  options: CheckOptions = {},
): CheckResult<State> {
  history.forEach((op, i) => validateOperation(op, i));
  const indexOf = new Map<Operation<Input, Output>, number>();
  history.forEach((op, i) => {
    if (!indexOf.has(op)) indexOf.set(op, i);
  });
  const dropped: number[] = [];
  const kept = history.filter((op, i) => {
    const drop = op.output === UNKNOWN && model.readOnly?.(op.input, UNKNOWN) === true;
    if (drop) dropped.push(i);
    return !drop;
  });
  const parts: Partition<Input, Output>[] = model.partition
    ? model.partition(kept)
    : [{ key: '', operations: kept }];

  const partitions: PartitionResult<State>[] = [];
  let explored = 0;
  let stop = false;
  for (const part of parts) {
    const indices = part.operations.map((op) => {
      const i = indexOf.get(op);
      if (i === undefined) {
        throw new Error(`${model.name}.partition returned an operation that is not in the history (partition ${JSON.stringify(part.key)})`);
      }
      return i;
    });
    if (stop) {
      partitions.push({ key: part.key, result: 'unknown', operations: indices, explored: 0 });
      continue;
    }
    const r = checkPartition(model, part.key, part.operations, indices, options.maxStates ?? DEFAULT_MAX_STATES);
    partitions.push(r);
    explored += r.explored;
    if (r.result === 'illegal' && options.stopOnIllegal) stop = true;
  }
  return { result: combine(partitions.map((p) => p.result)), explored, partitions, dropped };
}

function combine(results: Verdict[]): Verdict {
  if (results.includes('illegal')) return 'illegal';
  if (results.includes('unknown')) return 'unknown';
  return 'ok';
}

function validateOperation(op: Operation<unknown, unknown>, i: number): void {
  if (typeof op.call !== 'number' || !Number.isFinite(op.call)) {
    throw new RangeError(`history[${i}].call: Invalid value: ${String(op.call)}: must be a finite number`);
  }
  if (op.output === UNKNOWN) return;
  if (typeof op.return !== 'number' || Number.isNaN(op.return) || op.return < op.call) {
    throw new RangeError(`history[${i}].return: Invalid value: ${String(op.return)}: must be a number at or after call (${op.call})`);
  }
}

// Node ids of the event list: 0 is the head sentinel; operation i has its call at 2i+1 and its
// return at 2i+2.
const callNode = (op: number): number => 2 * op + 1;
const isCall = (node: number): boolean => (node & 1) === 1;
const opOf = (node: number): number => (node - 1) >> 1;

/** Checks one partition. `indices` maps its operations to history indices, for the report. */
export function checkPartition<State, Input, Output>(
  model: Model<State, Input, Output>,
  key: string,
  operations: readonly Operation<Input, Output>[],
  indices: readonly number[],
  maxStates: number = DEFAULT_MAX_STATES,
): PartitionResult<State> {
  const n = operations.length;
  const toHistory = (ops: readonly number[]): number[] => ops.map((o) => indices[o]!);

  // Sorted events, then the linked list over them.
  const events: { node: number; time: number; call: boolean; op: number }[] = [];
  operations.forEach((op, i) => {
    events.push({ node: callNode(i), time: op.call, call: true, op: i });
    events.push({ node: callNode(i) + 1, time: op.output === UNKNOWN ? Infinity : op.return, call: false, op: i });
  });
  events.sort((a, b) => {
    if (a.time !== b.time) return a.time < b.time ? -1 : 1;
    if (a.call !== b.call) return a.call ? -1 : 1;
    return a.op - b.op;
  });
  const next = new Int32Array(2 * n + 1).fill(-1);
  const prev = new Int32Array(2 * n + 1).fill(-1);
  let last = 0;
  for (const e of events) {
    next[last] = e.node;
    prev[e.node] = last;
    last = e.node;
  }
  const unlink = (node: number): void => {
    const p = prev[node]!;
    const q = next[node]!;
    next[p] = q;
    if (q !== -1) prev[q] = p;
  };
  const relink = (node: number): void => {
    const p = prev[node]!;
    const q = next[node]!;
    next[p] = node;
    if (q !== -1) prev[q] = node;
  };
  // Lifting removes the call, then the return; relinking restores them in reverse order, which
  // is what makes the dancing-links trick exact even when the two are adjacent.
  const lift = (op: number): void => {
    unlink(callNode(op));
    unlink(callNode(op) + 1);
  };
  const unlift = (op: number): void => {
    relink(callNode(op) + 1);
    relink(callNode(op));
  };

  // Operations whose (input, output) never changes the state: committed to greedily (see
  // Model.readOnly), so backtracking skips over them without trying their siblings.
  const forced = operations.map((o) => o.output !== UNKNOWN && model.readOnly?.(o.input, o.output) === true);

  const linearized = new Bitset(n);
  const seen = new Map<string, Uint32Array[]>();
  const stackOps: number[] = [];
  const stackStates: State[] = [];
  let state = model.init(key === '' ? undefined : key);
  let explored = 0;

  let best: { prefix: number[]; state: State; candidates: number[]; blocking: number } | undefined;
  const frontier = (): number[] => {
    const out: number[] = [];
    for (let node = next[0]!; node !== -1 && isCall(node); node = next[node]!) out.push(opOf(node));
    return out;
  };

  let entry = next[0]!;
  while (next[0] !== -1) {
    let deadEnd = false;
    if (isCall(entry)) {
      if (explored >= maxStates) {
        const longest = best ?? { prefix: stackOps.slice(), state };
        return {
          key,
          result: 'unknown',
          operations: indices,
          explored,
          longestPrefix: toHistory(longest.prefix),
          stateAfterPrefix: longest.state,
        };
      }
      const op = opOf(entry);
      const o = operations[op]!;
      const r = model.step(state, o.input, o.output);
      explored++;
      if (r.ok) {
        linearized.set(op);
        const memoKey = `${linearized.hashHi}:${linearized.hashLo}:${model.key(r.state)}`;
        const bucket = seen.get(memoKey);
        if (bucket === undefined || !bucket.some((b) => linearized.equals(b))) {
          if (bucket === undefined) seen.set(memoKey, [linearized.snapshot()]);
          else bucket.push(linearized.snapshot());
          stackOps.push(op);
          stackStates.push(state);
          state = r.state;
          lift(op);
          entry = next[0]!;
          continue;
        }
        linearized.clear(op);
        // Placing a state-preserving operation next is known to fail, so this point fails.
        deadEnd = forced[op]!;
      }
      if (!deadEnd) {
        entry = next[entry]!;
        continue;
      }
    } else if (best === undefined || stackOps.length > best.prefix.length) {
      // A return: its operation should have been linearized by now. Dead end.
      best = { prefix: stackOps.slice(), state, candidates: frontier(), blocking: opOf(entry) };
    }
    // Backtrack: undo the last choice and try the next call after it. A committed choice (a
    // state-preserving operation) has no alternatives worth trying: undo it too.
    let op = stackOps.pop();
    while (op !== undefined && forced[op]) {
      state = stackStates.pop()!;
      linearized.clear(op);
      unlift(op);
      op = stackOps.pop();
    }
    if (op === undefined) {
      const b = best ?? { prefix: [], state, candidates: frontier(), blocking: opOf(entry) };
      return {
        key,
        result: 'illegal',
        operations: indices,
        explored,
        longestPrefix: toHistory(b.prefix),
        stateAfterPrefix: b.state,
        candidates: toHistory(b.candidates),
        blocking: indices[b.blocking]!,
      };
    }
    state = stackStates.pop()!;
    linearized.clear(op);
    unlift(op);
    entry = next[callNode(op)]!;
  }
  return { key, result: 'ok', operations: indices, explored, linearization: toHistory(stackOps) };
}

/** A readable account of a verdict: for each illegal partition, where the search got stuck. */
export function explain<State, Input, Output>(
  model: Model<State, Input, Output>,
  history: readonly Operation<Input, Output>[],
  result: CheckResult<State>,
): string {
  const describeOp = (i: number): string => {
    const op = history[i]!;
    const what = model.describeOperation
      ? model.describeOperation(op.input, op.output)
      : `${JSON.stringify(op.input)} -> ${op.output === UNKNOWN ? 'unknown' : JSON.stringify(op.output)}`;
    const ret = op.output === UNKNOWN || op.return === Infinity ? 'never returned' : `returned ${op.return}`;
    return `#${i} client ${op.client}: ${what} (called ${op.call}, ${ret})`;
  };
  const describeState = (s: State): string => (model.describeState ? model.describeState(s) : model.key(s));
  const lines = [`${model.name}: ${result.result} (${result.partitions.length} partition(s), ${result.explored} states explored)`];
  for (const p of result.partitions) {
    if (p.result === 'ok') continue;
    const name = p.key === '' ? 'history' : `partition ${JSON.stringify(p.key)}`;
    if (p.result === 'unknown') {
      lines.push(`${name}: unknown after ${p.explored} states (budget exhausted or not checked)`);
      continue;
    }
    lines.push(`${name}: illegal; ${p.operations.length} operations, ${p.explored} states explored`);
    lines.push(`  longest linearizable prefix (${p.longestPrefix?.length ?? 0} operations):`);
    for (const i of p.longestPrefix ?? []) lines.push(`    ${describeOp(i)}`);
    if (p.stateAfterPrefix !== undefined) lines.push(`  state after it: ${describeState(p.stateAfterPrefix)}`);
    if (p.blocking !== undefined) lines.push(`  must go next (it had returned): ${describeOp(p.blocking)}`);
    lines.push('  could go next by real time, none leads to a linearization:');
    for (const i of p.candidates ?? []) lines.push(`    ${describeOp(i)}`);
  }
  return lines.join('\n');
}
