// Properties: histories recorded from a real sequential execution (each operation takes effect
// at an instant inside its interval; some clients time out) are always linearizable; a read
// changed to a value never written, or to a value certainly overwritten before the read began,
// makes them illegal; and checking per key agrees with checking the whole history at once.

import test from 'ava';
import fc from 'fast-check';
import {
  UNKNOWN,
  checkHistory,
  explain,
  kvModel,
  kvStep,
  type KvInput,
  type KvOperation,
  type KvOutput,
  type Model,
} from '../../../scenarios/checks/linearizability/index.ts';
import { simulate, staleMutation, type SimulationOptions } from './simulate.ts';

const kv = kvModel();

const arbRun = fc.record({
  clients: fc.integer({ min: 1, max: 5 }),
  keys: fc.constantFrom(['a'], ['a', 'b'], ['a', 'b', 'c']),
  timeoutOneIn: fc.constantFrom(0, 2, 4),
  choices: fc.array(fc.nat(), { minLength: 20, maxLength: 400, size: 'max' }),
});
const options = (r: { clients: number; keys: readonly string[]; timeoutOneIn: number }): SimulationOptions => ({
  clients: r.clients,
  keys: r.keys,
  values: ['1', '2', '3'],
  timeoutOneIn: r.timeoutOneIn,
});

/** The same specification with no partitioning: one state holding every key. */
const wholeKv: Model<ReadonlyMap<string, string>, KvInput, KvOutput> = {
  name: 'etcd-kv-unpartitioned',
  init: () => new Map(),
  step(state, input, output) {
    const r = kvStep(state.get(input.key) ?? null, input, output);
    if (!r.ok) return { ok: false, state };
    const next = new Map(state);
    if (r.state === null) next.delete(input.key);
    else next.set(input.key, r.state);
    return { ok: true, state: next };
  },
  key: (state) => JSON.stringify([...state].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
  readOnly: (input) => input.op === 'get',
};

test('a history recorded from a sequential execution is linearizable, and the order found respects real time', (t) => {
  fc.assert(
    fc.property(arbRun, (run) => {
      const { history, points } = simulate(run.choices, options(run));
      const r = checkHistory(kv, history);
      if (r.result !== 'ok') return t.fail(explain(kv, history, r));
      // Sanity of the generator itself: each effective point lies inside its interval.
      history.forEach((op, i) => {
        const p = points[i];
        if (p !== undefined && op.output !== UNKNOWN) t.true(op.call <= p && p <= op.return);
      });
      for (const part of r.partitions) {
        const order = part.linearization!;
        t.is(order.length, part.operations.length);
        // No operation is placed before one that returned before it was called.
        for (let i = 0; i < order.length; i++) {
          for (let j = i + 1; j < order.length; j++) {
            const later = history[order[j]!]!;
            const earlier = history[order[i]!]!;
            if (later.output !== UNKNOWN && later.return < earlier.call) return t.fail(`#${order[j]} placed after #${order[i]}`);
          }
        }
      }
      return true;
    }),
    { numRuns: 200 },
  );
});

test('a read changed to a value never written makes the history illegal', (t) => {
  fc.assert(
    fc.property(arbRun, fc.nat(), (run, choice) => {
      const { history } = simulate(run.choices, options(run));
      const reads = history.flatMap((op, i) => (op.input.op === 'get' && op.output !== UNKNOWN ? [i] : []));
      fc.pre(reads.length > 0);
      const index = reads[choice % reads.length]!;
      const mutated: KvOperation[] = history.slice();
      mutated[index] = { ...history[index]!, output: 'never-written' };
      const r = checkHistory(kv, mutated);
      t.is(r.result, 'illegal');
      const bad = r.partitions.find((p) => p.result === 'illegal')!;
      t.is(bad.key, history[index]!.input.key);
      t.true(bad.operations.includes(index));
    }),
    { numRuns: 150 },
  );
});

test('a read changed to a value overwritten before the read began makes the history illegal', (t) => {
  let mutations = 0;
  fc.assert(
    fc.property(arbRun, fc.nat(), (run, choice) => {
      const { history } = simulate(run.choices, options(run));
      const m = staleMutation(history, choice);
      fc.pre(m !== undefined);
      mutations++;
      t.is(checkHistory(kv, m!.history).result, 'illegal', `get #${m!.index} changed to ${m!.value}`);
    }),
    { numRuns: 150 },
  );
  t.true(mutations >= 150);
});

test('checking per key agrees with checking the whole history as one object', (t) => {
  fc.assert(
    fc.property(
      fc.record({
        clients: fc.integer({ min: 1, max: 4 }),
        keys: fc.constant(['a', 'b']),
        timeoutOneIn: fc.constantFrom(0, 3),
        choices: fc.array(fc.nat(), { maxLength: 120, size: 'max' }),
      }),
      fc.nat(),
      fc.constantFrom('none', 'never-written', 'stale', 'shift'),
      (run, choice, mutation) => {
        const { history } = simulate(run.choices, options(run));
        let h: KvOperation[] = history;
        if (mutation === 'never-written' || mutation === 'shift') {
          const reads = history.flatMap((op, i) => (op.input.op === 'get' && op.output !== UNKNOWN ? [i] : []));
          if (reads.length > 0) {
            const index = reads[choice % reads.length]!;
            h = history.slice();
            const o = history[index]!;
            // 'shift' swaps the read's answer for another plausible value: sometimes still legal.
            h[index] = { ...o, output: mutation === 'shift' ? (o.output === '1' ? '2' : '1') : 'never-written' };
          }
        } else if (mutation === 'stale') {
          h = staleMutation(history, choice)?.history ?? history;
        }
        const parts = checkHistory(kv, h);
        const whole = checkHistory(wholeKv, h);
        t.not(parts.result, 'unknown');
        t.is(parts.result, whole.result);
      },
    ),
    { numRuns: 150 },
  );
});

test('a long single-key history with five clients and time-outs checks well within budget', (t) => {
  // A fixed pseudo-random schedule (xorshift32) of 32,000 choices: about 2,000 operations on one key.
  let s = 12345;
  const choices = Array.from({ length: 32_000 }, () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return s >>> 0;
  });
  const { history } = simulate(choices, { clients: 5, keys: ['a'], values: ['1', '2', '3'], timeoutOneIn: 8 });
  const r = checkHistory(kv, history);
  t.is(r.result, 'ok');
  t.log(`${history.length} operations, ${history.filter((o) => o.output === UNKNOWN).length} unknown, ${r.explored} states explored`);
  t.true(history.length > 1500);
});
