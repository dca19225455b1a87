import test from 'ava';
import { BoundedMemo } from '../../../actors/kube-apiserver/bounded-memo.ts';

test('a bounded memo works each key out once, and forgets everything when it is full', (t) => {
  const worked: string[] = [];
  const memo = new BoundedMemo<string, string>(3);
  const upper = (k: string): string => (worked.push(k), k.toUpperCase());
  t.is(memo.get('a', upper), 'A');
  t.is(memo.get('a', upper), 'A');
  t.deepEqual(worked, ['a']);
  for (const k of ['b', 'c']) memo.get(k, upper);
  memo.get('d', upper); // the table held 3: dropped whole, then d
  memo.get('a', upper);
  memo.get('d', upper);
  t.deepEqual(worked, ['a', 'b', 'c', 'd', 'a']);
});
