// 10,000 cached pods: the list the bench times returns every pod, in key order, and paging it
// in chunks of 500 gives the same pods. (The timing itself is the bench's: listBench.)

import test from 'ava';
import { listBench } from '../../../../actors/kube-apiserver/watch-cache/index.ts';
import { benchPod } from '../../../../actors/kube-apiserver/watch-cache/bench.ts';
import type { KubeObject } from '../../../../protocols/kube/objects.ts';
import { podCache } from './helpers.ts';

const N = 10_000;

test('listBench lists every one of n pods', (t) => {
  t.is(listBench(N)(), N);
  t.is(listBench(0)(), 0);
});

test('10,000 pods come back in key order, whole or in pages of 500', (t) => {
  const cache = podCache();
  const pods: KubeObject[] = [];
  for (let i = 0; i < N; i++) pods.push(benchPod(i, i + 2));
  cache.replace(pods, N + 1);
  const whole = cache.list({ resourceVersion: '0' });
  if (whole.type !== 'list') return t.fail(whole.type);
  const keys = whole.list.items.map((o) => `${o.metadata.namespace}/${o.metadata.name}`);
  t.is(keys.length, N);
  t.deepEqual(keys, [...keys].sort());
  const paged: KubeObject[] = [];
  let out = cache.list({ limit: 500 });
  let pages = 1;
  while (out.type === 'list' && out.list.metadata.continue !== undefined) {
    paged.push(...out.list.items);
    if (pages === 1) t.is(out.list.metadata.remainingItemCount, N - 500);
    out = cache.list({ limit: 500, continue: out.list.metadata.continue });
    pages++;
  }
  if (out.type !== 'list') return t.fail(out.type);
  paged.push(...out.list.items);
  t.is(pages, 20);
  t.deepEqual(paged, whole.list.items);
  const onNode = cache.list({ fieldSelector: 'spec.nodeName=node-7' });
  t.is(onNode.type === 'list' ? onNode.list.items.length : -1, N / 100, 'a field selector over 10,000 pods');
});
