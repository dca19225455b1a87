// The range check: a range must show the store at its revision, in real-time order with the rest.

import test from 'ava';
import { MvccStore } from '../../actors/etcd/mvcc/index.ts';
import { checkRanges, type RangeRecord } from '../../scenarios/checks/etcd/ranges.ts';

const store = new MvccStore();
store.put('a', '1'); // 2
store.put('b', '1'); // 3
store.put('a', '2'); // 4
const range = (call: number, ret: number, revision: number, kvs: [string, string][]): RangeRecord => ({ client: 9, input: { op: 'range', key: 'a', rangeEnd: 'd' }, call, return: ret, revision, kvs });
const put = (call: number, ret: number, key: string, revision: number): RangeRecord => ({ client: 1, input: { op: 'put', key }, call, return: ret, revision });
const writes = [put(0, 1, 'a', 2), put(2, 3, 'b', 3), put(4, 5, 'a', 4)];

test('ranges that show the store at their revision, in real-time order, pass', (t) => {
  t.is(checkRanges([...writes, range(3.5, 3.6, 3, [['a', '1'], ['b', '1']])], store), null);
  t.is(checkRanges([...writes, range(4.5, 6, 4, [['a', '2'], ['b', '1']])], store), null, 'concurrent with the write: either side');
  t.is(checkRanges([...writes, range(4.5, 6, 3, [['a', '1'], ['b', '1']])], store), null);
});

test('a stale range, a range from the future, and a wrong snapshot are each caught', (t) => {
  t.regex(checkRanges([...writes, range(6, 7, 3, [['a', '1'], ['b', '1']])], store)!, /older than revision 4/);
  t.regex(checkRanges([...writes, range(1.5, 1.8, 3, [['a', '1'], ['b', '1']])], store)!, /newer than client 1's put at 3/);
  t.regex(checkRanges([...writes, range(3.5, 3.6, 3, [['a', '2'], ['b', '1']])], store)!, /the store at that revision holds/);
});
