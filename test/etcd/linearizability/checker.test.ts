// Known-good and known-bad histories, written by hand. Times are virtual ms; each comment draws
// the intervals. Operations on the same instant count as concurrent (calls sort before returns).

import test from 'ava';
import {
  UNKNOWN,
  checkHistory,
  explain,
  kvModel,
  registerModel,
  type KvInput,
  type KvOperation,
  type KvOutput,
  type Operation,
  type RegisterInput,
  type RegisterOutput,
  type Unknown,
} from '../../../scenarios/checks/linearizability/index.ts';

type RegOp = Operation<RegisterInput, RegisterOutput>;
const write = (client: number, value: number, call: number, ret: number, output: 'ok' | Unknown = 'ok'): RegOp => ({
  client,
  input: { op: 'write', value },
  output,
  call,
  return: ret,
});
const read = (client: number, output: number | Unknown, call: number, ret: number): RegOp => ({
  client,
  input: { op: 'read' },
  output,
  call,
  return: ret,
});
const reg = registerModel();
const checkReg = (history: RegOp[]) => checkHistory(reg, history).result;

const op = (client: number, input: KvInput, output: KvOutput | Unknown, call: number, ret: number): KvOperation => ({
  client,
  input,
  output,
  call,
  return: ret,
});
const get = (key: string) => ({ op: 'get', key }) as const;
const put = (key: string, value: string) => ({ op: 'put', key, value }) as const;
const del = (key: string) => ({ op: 'delete', key }) as const;
const cas = (key: string, expected: string | null, value: string) => ({ op: 'cas', key, expected, value }) as const;
const kv = kvModel();
const checkKv = (history: KvOperation[]) => checkHistory(kv, history).result;

// ---- the register ---------------------------------------------------------------------------

test('a read after a completed write that returns the old value is illegal', (t) => {
  // c0: |-- write 1 --|
  // c1:                  |-- read 0 --|
  const history = [write(0, 1, 0, 10), read(1, 0, 20, 30)];
  const r = checkHistory(reg, history);
  t.is(r.result, 'illegal');
  const p = r.partitions[0]!;
  // The search linearizes the write; the read, called after the write returned, must follow it
  // and cannot: the longest prefix is the write alone, leaving the register at 1.
  t.deepEqual(p.longestPrefix, [0]);
  t.is(p.stateAfterPrefix, 1);
  t.deepEqual(p.candidates, [1]);
  t.regex(explain(reg, history, r), /read\(\) -> 0/);
});

test('a read concurrent with a write may see either value', (t) => {
  // c0: |---- write 1 ----|
  // c1:      |-- read ? --|
  t.is(checkReg([write(0, 1, 0, 10), read(1, 0, 5, 15)]), 'ok');
  t.is(checkReg([write(0, 1, 0, 10), read(1, 1, 5, 15)]), 'ok');
  // Read entirely inside the write's interval, too.
  t.is(checkReg([write(0, 1, 0, 100), read(1, 1, 5, 15)]), 'ok');
  t.is(checkReg([write(0, 1, 0, 100), read(1, 0, 5, 15)]), 'ok');
});

test('a read of a value never written is illegal', (t) => {
  t.is(checkReg([write(0, 1, 0, 10), read(1, 7, 5, 15)]), 'illegal');
  t.is(checkReg([read(1, 7, 0, 1)]), 'illegal');
});

test('two sequential reads may not see the new value and then the old one', (t) => {
  // c0: |------------- write 1 -------------|
  // c1:    |- read 1 -|    |- read 0 -|
  t.is(checkReg([write(0, 1, 0, 100), read(1, 1, 10, 20), read(1, 0, 30, 40)]), 'illegal');
  // Old then new is fine, and so is the same read pattern from two clients whose reads overlap.
  t.is(checkReg([write(0, 1, 0, 100), read(1, 0, 10, 20), read(1, 1, 30, 40)]), 'ok');
  t.is(checkReg([write(0, 1, 0, 100), read(1, 1, 10, 30), read(2, 0, 20, 40)]), 'ok');
});

test('a timed-out write may take effect: its value can be seen, at any time after its call', (t) => {
  // c0: |-- write 1 ... (timed out, no answer)
  // c1:                       |- read 1 -|
  t.is(checkReg([write(0, 1, 0, Infinity, UNKNOWN), read(1, 1, 50, 60)]), 'ok');
  // The recorded return of a timed-out operation is ignored: a request may still be in flight
  // after its client gave up at 5, and take effect at 80.
  t.is(checkReg([write(0, 1, 0, 5, UNKNOWN), read(1, 0, 50, 60), read(1, 1, 80, 90)]), 'ok');
});

test('a timed-out write may never take effect', (t) => {
  t.is(checkReg([write(0, 1, 0, Infinity, UNKNOWN), read(1, 0, 50, 60), read(2, 0, 70, 80)]), 'ok');
});

test('a timed-out write takes effect once: seen, then unseen, is illegal', (t) => {
  // c0: |-- write 1 ... (unknown)
  // c1:        |- read 1 -|  |- read 0 -|
  t.is(checkReg([write(0, 1, 0, Infinity, UNKNOWN), read(1, 1, 10, 20), read(1, 0, 30, 40)]), 'illegal');
});

test('a timed-out write cannot take effect before its call', (t) => {
  // c1: |- read 1 -|
  // c0:               |-- write 1 ... (unknown)
  t.is(checkReg([read(1, 1, 0, 10), write(0, 1, 20, Infinity, UNKNOWN)]), 'illegal');
});

test('a return and a call at the same instant are concurrent', (t) => {
  // c0: |-- write 1 --|            returns at 10
  // c1:               |- read 0 -| called at 10: may still be ordered before the write
  t.is(checkReg([write(0, 1, 0, 10), read(1, 0, 10, 20)]), 'ok');
  // One millisecond later it may not.
  t.is(checkReg([write(0, 1, 0, 10), read(1, 0, 11, 20)]), 'illegal');
  // An operation of zero duration is fine.
  t.is(checkReg([write(0, 1, 5, 5), read(1, 1, 5, 5)]), 'ok');
});

test('an operation that never returned but whose output is known may go anywhere after its call', (t) => {
  t.is(checkReg([read(0, 1, 0, Infinity), write(1, 1, 50, 60)]), 'ok');
});

test('an unknown read constrains nothing and is dropped before the search', (t) => {
  const r = checkHistory(reg, [write(0, 1, 0, 10), read(1, UNKNOWN, 5, Infinity), read(2, 1, 20, 30)]);
  t.is(r.result, 'ok');
  t.deepEqual(r.dropped, [1]);
  t.deepEqual(r.partitions[0]!.linearization, [0, 2]);
});

test('a legal history gets a linearization that respects real time', (t) => {
  // c0: |- w1 -|        |- w2 -|
  // c1:   |------ read 1 ------|
  // c2:            |- read 1 -|
  const r = checkHistory(reg, [write(0, 1, 0, 10), write(0, 2, 20, 30), read(1, 1, 5, 30), read(2, 1, 15, 25)]);
  t.is(r.result, 'ok');
  const order = r.partitions[0]!.linearization!;
  t.is(order.length, 4);
  t.true(order.indexOf(0) < order.indexOf(1));
  t.true(order.indexOf(3) < order.indexOf(1));
});

test('the search budget yields unknown, never a wrong verdict', (t) => {
  // Two concurrent writes, then reads of 2 and of 1 in sequence: no order fits.
  const history = [write(0, 1, 0, 10), write(1, 2, 0, 10), read(2, 2, 20, 30), read(3, 1, 40, 50)];
  t.is(checkHistory(reg, history).result, 'illegal');
  const r = checkHistory(reg, history, { maxStates: 2 });
  t.is(r.result, 'unknown');
  t.is(r.partitions[0]!.explored, 2);
});

test('a malformed history is rejected with the field at fault', (t) => {
  t.throws(() => checkHistory(reg, [write(0, 1, 10, 5)]), { message: /history\[0\]\.return: Invalid value: 5/ });
  t.throws(() => checkHistory(reg, [write(0, 1, NaN, 5)]), { message: /history\[0\]\.call/ });
});

test('the empty history is linearizable', (t) => {
  t.deepEqual(checkHistory(kv, []), { result: 'ok', explored: 0, partitions: [], dropped: [] });
});

// ---- etcd key-value, compare-and-swap -------------------------------------------------------

test('cas succeeds on the current value and its swap is seen', (t) => {
  // put a=1, then cas(1→2) ok, then get → 2
  t.is(checkKv([op(0, put('a', '1'), 'ok', 0, 10), op(1, cas('a', '1', '2'), 'ok', 20, 30), op(0, get('a'), '2', 40, 50)]), 'ok');
  // ... and a get after it that sees 1 is stale.
  t.is(checkKv([op(0, put('a', '1'), 'ok', 0, 10), op(1, cas('a', '1', '2'), 'ok', 20, 30), op(0, get('a'), '1', 40, 50)]), 'illegal');
});

test('cas may not fail when the value certainly matched, nor succeed when it certainly did not', (t) => {
  t.is(checkKv([op(0, put('a', '1'), 'ok', 0, 10), op(1, cas('a', '1', '2'), 'failed', 20, 30)]), 'illegal');
  t.is(checkKv([op(0, put('a', '3'), 'ok', 0, 10), op(1, cas('a', '1', '2'), 'ok', 20, 30)]), 'illegal');
  t.is(checkKv([op(0, put('a', '3'), 'ok', 0, 10), op(1, cas('a', '1', '2'), 'failed', 20, 30), op(1, get('a'), '3', 40, 50)]), 'ok');
  // Concurrent with the put, the cas may fail (it went first) or succeed (it went after).
  t.is(checkKv([op(0, put('a', '1'), 'ok', 0, 10), op(1, cas('a', '1', '2'), 'failed', 5, 15)]), 'ok');
  t.is(checkKv([op(0, put('a', '1'), 'ok', 0, 10), op(1, cas('a', '1', '2'), 'ok', 5, 15)]), 'ok');
});

test('cas on a missing key: a value compare fails; expected absent creates once', (t) => {
  t.is(checkKv([op(0, cas('a', '1', '2'), 'failed', 0, 10)]), 'ok');
  t.is(checkKv([op(0, cas('a', '1', '2'), 'ok', 0, 10)]), 'illegal');
  t.is(checkKv([op(0, cas('a', null, '1'), 'ok', 0, 10), op(0, get('a'), '1', 20, 30)]), 'ok');
  // Two creates both succeeding, even concurrently, is a lost update.
  t.is(checkKv([op(0, cas('a', null, '1'), 'ok', 0, 10), op(1, cas('a', null, '2'), 'ok', 5, 15)]), 'illegal');
  t.is(checkKv([op(0, cas('a', null, '1'), 'ok', 0, 10), op(1, cas('a', null, '2'), 'failed', 5, 15)]), 'ok');
});

test('of two concurrent cas from the same value, only one may win', (t) => {
  // c0: |- put 1 -|
  // c1:             |--- cas 1→2 ---|
  // c2:               |--- cas 1→3 ---|
  const base = op(0, put('a', '1'), 'ok', 0, 10);
  t.is(checkKv([base, op(1, cas('a', '1', '2'), 'ok', 20, 40), op(2, cas('a', '1', '3'), 'ok', 25, 45)]), 'illegal');
  t.is(checkKv([base, op(1, cas('a', '1', '2'), 'ok', 20, 40), op(2, cas('a', '1', '3'), 'failed', 25, 45)]), 'ok');
  t.is(checkKv([base, op(1, cas('a', '1', '2'), 'failed', 20, 40), op(2, cas('a', '1', '3'), 'ok', 25, 45)]), 'ok');
  // Both failing is impossible: whichever went first found 1.
  t.is(checkKv([base, op(1, cas('a', '1', '2'), 'failed', 20, 40), op(2, cas('a', '1', '3'), 'failed', 25, 45)]), 'illegal');
  // A chain: 1→2 then 2→3 may both win.
  t.is(checkKv([base, op(1, cas('a', '1', '2'), 'ok', 20, 40), op(2, cas('a', '2', '3'), 'ok', 25, 45)]), 'ok');
});

test('a cas with an unknown outcome swapped or not, once and for all', (t) => {
  const base = op(0, put('a', '1'), 'ok', 0, 10);
  const unknownCas = op(1, cas('a', '1', '2'), UNKNOWN, 20, Infinity);
  t.is(checkKv([base, unknownCas, op(2, get('a'), '2', 30, 40)]), 'ok');
  t.is(checkKv([base, unknownCas, op(2, get('a'), '1', 30, 40)]), 'ok');
  t.is(checkKv([base, unknownCas, op(2, get('a'), '2', 30, 40), op(2, get('a'), '1', 50, 60)]), 'illegal');
  // It cannot have swapped if the value never matched.
  t.is(checkKv([op(0, put('a', '5'), 'ok', 0, 10), unknownCas, op(2, get('a'), '2', 30, 40)]), 'illegal');
});

test('delete makes the key absent; a get answers null', (t) => {
  t.is(checkKv([op(0, put('a', '1'), 'ok', 0, 10), op(0, del('a'), 'ok', 20, 30), op(1, get('a'), null, 40, 50)]), 'ok');
  t.is(checkKv([op(0, put('a', '1'), 'ok', 0, 10), op(0, del('a'), 'ok', 20, 30), op(1, get('a'), '1', 40, 50)]), 'illegal');
  t.is(checkKv([op(1, get('a'), null, 0, 10)]), 'ok');
  t.is(checkKv([op(1, get('a'), '', 0, 10)]), 'illegal');
});

test('initial values are per key', (t) => {
  const m = kvModel({ initial: { a: '0' } });
  t.is(checkHistory(m, [op(0, get('a'), '0', 0, 1), op(0, get('b'), null, 0, 1)]).result, 'ok');
  t.is(checkHistory(m, [op(0, get('a'), null, 0, 1)]).result, 'illegal');
});

// ---- partitions -----------------------------------------------------------------------------

test('the history splits by key; the report names the illegal key and its operations', (t) => {
  // Key a is fine; key b has a stale read. Operations of both keys interleave in time.
  const history = [
    op(0, put('a', '1'), 'ok', 0, 10), //   0
    op(1, put('b', '1'), 'ok', 0, 10), //   1
    op(0, get('a'), '1', 20, 30), //        2
    op(1, put('b', '2'), 'ok', 20, 30), //  3
    op(2, get('b'), '1', 40, 50), //        4: stale, b is 2 since 30
    op(2, get('a'), '1', 60, 70), //        5
  ];
  const r = checkHistory(kv, history);
  t.is(r.result, 'illegal');
  t.deepEqual(
    r.partitions.map((p) => [p.key, p.result, p.operations]),
    [
      ['a', 'ok', [0, 2, 5]],
      ['b', 'illegal', [1, 3, 4]],
    ],
  );
  const b = r.partitions[1]!;
  t.deepEqual(b.longestPrefix, [1, 3]);
  t.is(b.stateAfterPrefix, '2');
  t.is(b.blocking, 4);
  const text = explain(kv, history, r);
  t.regex(text, /partition "b": illegal/);
  t.regex(text, /#4 client 2: get\("b"\) -> "1" \(called 40, returned 50\)/);
  t.notRegex(text, /partition "a"/);
});

test('stopOnIllegal leaves later partitions unchecked', (t) => {
  const history = [op(0, get('a'), 'x', 0, 10), op(0, get('b'), null, 0, 10)];
  const r = checkHistory(kv, history, { stopOnIllegal: true });
  t.is(r.result, 'illegal');
  t.deepEqual(
    r.partitions.map((p) => [p.key, p.result, p.explored]),
    [
      ['a', 'illegal', 1],
      ['b', 'unknown', 0],
    ],
  );
});

test('keys are independent objects: each is checked on its own timeline', (t) => {
  // c0: |- put a=1 -|  |- get b → 1 -|
  // c1: |- put b=1 -|  |- get a → 1 -|
  // Locality (Herlihy & Wing): the whole is linearizable exactly when each key is, so the
  // checker never orders operations of different keys against each other.
  const history = [
    op(0, put('a', '1'), 'ok', 0, 10),
    op(1, put('b', '1'), 'ok', 0, 10),
    op(0, get('b'), '1', 20, 30),
    op(1, get('a'), '1', 20, 30),
  ];
  const r = checkHistory(kv, history);
  t.is(r.result, 'ok');
  t.deepEqual(r.partitions.map((p) => p.linearization), [[0, 3], [1, 2]]);
  // A stale read of b is b's problem alone.
  t.is(checkKv([...history.slice(0, 2), op(0, get('b'), null, 20, 30)]), 'illegal');
});
