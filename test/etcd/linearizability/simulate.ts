// Histories that are linearizable by construction: clients issue operations on a real sequential
// key-value map, each operation takes effect at one instant between its call and its return
// (its linearization point), and some clients time out, after which their operation may still
// take effect later, or never. A list of numbers drives every choice, so fast-check can shrink it.

import { UNKNOWN, kvStep, type KvInput, type KvOperation, type KvState } from '../../../scenarios/checks/linearizability/index.ts';

export interface SimulationOptions {
  readonly clients: number;
  readonly keys: readonly string[];
  readonly values: readonly string[];
  /** One in `timeoutOneIn` time-out attempts succeeds (0: no time-outs). */
  readonly timeoutOneIn: number;
}

interface Pending {
  readonly id: number;
  readonly client: number;
  readonly input: KvInput;
  readonly call: number;
  output?: string | null;
  linearizedAt?: number;
  timedOut?: number;
  returned?: number;
}

export interface Simulation {
  readonly history: KvOperation[];
  /** For each operation of `history`, its linearization point, or undefined if it never took effect. */
  readonly points: (number | undefined)[];
}

export function simulate(choices: readonly number[], options: SimulationOptions): Simulation {
  let pos = 0;
  const exhausted = (): boolean => pos >= choices.length;
  const pick = (n: number): number => (n <= 1 ? 0 : (choices[pos++] ?? 0) % n);
  const store = new Map<string, KvState>();
  const ops: Pending[] = [];
  const busy = new Map<number, Pending>();
  let t = 0;

  const newInput = (): KvInput => {
    const key = options.keys[pick(options.keys.length)]!;
    const value = options.values[pick(options.values.length)]!;
    switch (pick(5)) {
      case 0:
      case 1:
        return { op: 'get', key };
      case 2:
        return { op: 'put', key, value };
      case 3:
        return { op: 'delete', key };
      default: {
        const e = pick(options.values.length + 1);
        return { op: 'cas', key, expected: options.values[e] ?? null, value };
      }
    }
  };
  const linearize = (p: Pending): void => {
    const state = store.get(p.input.key) ?? null;
    // The real output, computed from the real state, and the real effect.
    const output: string | null =
      p.input.op === 'get' ? state : p.input.op === 'cas' ? (kvStep(state, p.input, 'ok').ok ? 'ok' : 'failed') : 'ok';
    store.set(p.input.key, kvStep(state, p.input, output).state);
    p.output = output;
    p.linearizedAt = t;
  };

  while (!exhausted()) {
    t += pick(3);
    switch (pick(4)) {
      case 0: {
        const idle = [...Array(options.clients).keys()].filter((c) => !busy.has(c));
        if (idle.length === 0) break;
        const client = idle[pick(idle.length)]!;
        const p: Pending = { id: ops.length, client, input: newInput(), call: t };
        ops.push(p);
        busy.set(client, p);
        break;
      }
      case 1: {
        // Any operation not yet effective, including one whose client gave up (still in flight).
        const waiting = ops.filter((p) => p.linearizedAt === undefined && p.returned === undefined);
        if (waiting.length > 0) linearize(waiting[pick(waiting.length)]!);
        break;
      }
      case 2: {
        const done = [...busy.values()].filter((p) => p.linearizedAt !== undefined);
        if (done.length === 0) break;
        const p = done[pick(done.length)]!;
        p.returned = t;
        busy.delete(p.client);
        break;
      }
      default: {
        if (options.timeoutOneIn === 0 || pick(options.timeoutOneIn) !== 0) break;
        const clients = [...busy.values()];
        if (clients.length === 0) break;
        const p = clients[pick(clients.length)]!;
        p.timedOut = t;
        busy.delete(p.client);
      }
    }
  }
  // Wind down: every client still waiting gets its answer; operations in flight after a time-out
  // take effect or not, by parity of their id.
  for (const p of ops) {
    if (p.linearizedAt !== undefined) continue;
    if (p.timedOut !== undefined && p.id % 2 === 0) continue;
    t += 1;
    linearize(p);
  }
  for (const p of busy.values()) {
    t += 1;
    p.returned = t;
  }

  const history: KvOperation[] = ops.map((p) =>
    p.timedOut !== undefined
      ? // A time-out: the client saw nothing. Half of them record the instant it gave up as the
        // return (which the checker must ignore), half record Infinity.
        { client: p.client, input: p.input, output: UNKNOWN, call: p.call, return: p.id % 4 < 2 ? p.timedOut : Infinity }
      : { client: p.client, input: p.input, output: p.output ?? null, call: p.call, return: p.returned! },
  );
  return { history, points: ops.map((p) => p.linearizedAt) };
}

/**
 * Replaces one get's output with a value that is stale for sure: some write with a different
 * value completed before the get was called, and every operation that could have written the
 * stale value either completed before that write was called or was called after the get
 * returned. In every order that respects real time, the get comes after that write and no
 * write of the stale value comes between them. Returns undefined when the history has no
 * such get. `choice` selects among the candidates.
 */
export function staleMutation(history: readonly KvOperation[], choice: number): { history: KvOperation[]; index: number; value: string } | undefined {
  const candidates: { index: number; value: string }[] = [];
  const writesValue = (op: KvOperation, v: string): boolean =>
    (op.input.op === 'put' && op.input.value === v) || (op.input.op === 'cas' && op.input.value === v && op.output !== 'failed');
  const definitelySets = (op: KvOperation): string | null | undefined => {
    if (op.output === UNKNOWN) return undefined;
    if (op.input.op === 'put') return op.input.value;
    if (op.input.op === 'delete') return null;
    if (op.input.op === 'cas' && op.output === 'ok') return op.input.value;
    return undefined;
  };
  history.forEach((r, index) => {
    if (r.input.op !== 'get' || r.output === UNKNOWN) return;
    const key = r.input.key;
    const sameKey = history.filter((op) => op.input.key === key);
    const values = new Set<string>();
    for (const op of sameKey) if (op.input.op === 'put' || op.input.op === 'cas') values.add(op.input.value);
    for (const v of values) {
      if (v === r.output) continue;
      const writers = sameKey.filter((op) => writesValue(op, v));
      if (writers.length === 0) continue;
      const overwrite = sameKey.some((w2) => {
        const sets = definitelySets(w2);
        if (sets === undefined || sets === v || !(w2.return < r.call)) return false;
        // Each writer of v is certainly before w2, or certainly after the get. (Unknown writers
        // return at Infinity in effect: only the second can hold for them.)
        return writers.every((x) => (x.output !== UNKNOWN && x.return < w2.call) || r.return < x.call);
      });
      if (overwrite) candidates.push({ index, value: v });
    }
  });
  if (candidates.length === 0) return undefined;
  const c = candidates[choice % candidates.length]!;
  const mutated = history.slice();
  mutated[c.index] = { ...history[c.index]!, output: c.value };
  return { history: mutated, ...c };
}
