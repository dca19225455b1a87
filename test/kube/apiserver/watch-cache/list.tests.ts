// Lists from the cache: resourceVersion semantics, selectors, pagination, and the exact Statuses.

import test from 'ava';
import fc from 'fast-check';
import type { ListOutcome } from '../../../../actors/kube-apiserver/watch-cache/index.ts';
import { continueAfter, encodeContinue } from '../../../../actors/kube-apiserver/watch-cache/continue-token.ts';
import type { ObjectList } from '../../../../protocols/kube/api.ts';
import { names, pod, podCache } from './helpers.ts';

/** A cache listed at 10 with a/x, b/y, then: 11 create a/z, 12 modify a/x, 13 delete b/y, 14 create b/w. */
function history() {
  const c = podCache();
  c.replace([pod('a', 'x', { app: 'web' }), pod('b', 'y', { app: 'db' })].map((p, i) => ({ ...p, metadata: { ...p.metadata, resourceVersion: String(8 + i) } })), 10);
  c.apply({ type: 'ADDED', object: pod('a', 'z', { app: 'web' }, { nodeName: 'n1' }), revision: 11 }, 0);
  c.apply({ type: 'MODIFIED', object: pod('a', 'x', { app: 'db' }, { phase: 'Running' }), revision: 12 }, 0);
  c.apply({ type: 'DELETED', object: pod('b', 'y', { app: 'db' }), revision: 13 }, 0);
  c.apply({ type: 'ADDED', object: pod('b', 'w', {}), revision: 14 }, 0);
  return c;
}

function listed(t: { fail: (m: string) => void }, out: ListOutcome): ObjectList {
  if (out.type !== 'list') {
    t.fail(`expected a list, got ${JSON.stringify(out)}`);
    throw new Error('unreachable');
  }
  return out.list;
}

test('a list is <Kind>List of the apiVersion, items in key order, at the cache revision', (t) => {
  const l = listed(t, history().list({ resourceVersion: '0' }));
  t.is(l.apiVersion, 'v1');
  t.is(l.kind, 'PodList');
  t.deepEqual(l.metadata, { resourceVersion: '14' });
  t.deepEqual(names(l.items), ['a/x', 'a/z', 'b/w']);
  t.is(l.items[0]!.metadata.resourceVersion, '12');
});

test('get reads the current object', (t) => {
  const c = history();
  t.is(c.get('a', 'x')?.metadata.labels?.['app'], 'db');
  t.is(c.get('b', 'y'), undefined);
});

test('namespace, label and field selectors, including kind-specific fields', (t) => {
  const c = history();
  t.deepEqual(names(listed(t, c.list({ namespace: 'a' })).items), ['a/x', 'a/z']);
  t.deepEqual(names(listed(t, c.list({ labelSelector: 'app in (web,db)' })).items), ['a/x', 'a/z']);
  t.deepEqual(names(listed(t, c.list({ labelSelector: '!app' })).items), ['b/w']);
  t.deepEqual(names(listed(t, c.list({ fieldSelector: 'spec.nodeName=n1' })).items), ['a/z']);
  t.deepEqual(names(listed(t, c.list({ fieldSelector: 'status.phase!=Running,metadata.namespace=a' })).items), ['a/z']);
  t.deepEqual(names(listed(t, c.list({ fieldSelector: 'metadata.name=w' })).items), ['b/w']);
});

test('a bad selector is a 400 with the parser\'s message', (t) => {
  const out = history().list({ fieldSelector: 'a>b' });
  t.like(out, { type: 'error', status: { code: 400, reason: 'BadRequest', message: "invalid selector: 'a>b'; can't understand 'a>b'" } });
});

test('resourceVersion "": waits for the revision etcd reported, then serves the newest state', (t) => {
  const c = history();
  t.deepEqual(c.list({ currentRevision: 16 }), { type: 'wait', revision: 16 });
  t.false(c.readyAt(16));
  c.progress(16);
  t.true(c.readyAt(16));
  t.deepEqual(listed(t, c.list({ currentRevision: 16 })).metadata, { resourceVersion: '16' });
});

test('NotOlderThan waits for a future revision; the timeout is a 504 naming its cause', (t) => {
  const c = history();
  t.deepEqual(c.list({ resourceVersion: '20', resourceVersionMatch: 'NotOlderThan' }), { type: 'wait', revision: 20 });
  t.deepEqual(c.tooLarge(20), {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: 'Timeout: Too large resource version: 20, current: 14',
    reason: 'Timeout',
    details: { retryAfterSeconds: 1, causes: [{ reason: 'ResourceVersionTooLarge', message: 'Too large resource version' }] },
    code: 504,
  });
  t.deepEqual(listed(t, c.list({ resourceVersion: '11', resourceVersionMatch: 'NotOlderThan' })).metadata.resourceVersion, '14');
});

test('Exact rebuilds the state at any revision the window covers', (t) => {
  const c = history();
  const at = (rv: number) => names(listed(t, c.list({ resourceVersion: String(rv), resourceVersionMatch: 'Exact' })).items);
  t.deepEqual(at(10), ['a/x', 'b/y']);
  t.deepEqual(at(11), ['a/x', 'a/z', 'b/y']);
  t.deepEqual(at(13), ['a/x', 'a/z']);
  t.deepEqual(at(14), ['a/x', 'a/z', 'b/w']);
  const l12 = listed(t, c.list({ resourceVersion: '12', resourceVersionMatch: 'Exact' }));
  t.is(l12.metadata.resourceVersion, '12');
  t.is(l12.items[0]!.metadata.labels?.['app'], 'db');
  const l11 = listed(t, c.list({ resourceVersion: '11', resourceVersionMatch: 'Exact', labelSelector: 'app=web' }));
  t.deepEqual(names(l11.items), ['a/x', 'a/z']);
});

test('Exact older than the window is 410 too old resource version', (t) => {
  const c = podCache({ lowerBoundCapacity: 2, upperBoundCapacity: 2 });
  c.replace([], 10);
  for (let r = 11; r <= 14; r++) c.apply({ type: 'ADDED', object: pod('a', `p${r}`), revision: r }, 0);
  t.deepEqual(names(listed(t, c.list({ resourceVersion: '12', resourceVersionMatch: 'Exact' })).items), ['a/p11', 'a/p12'], 'the oldest event held is 13: 12 is rebuilt');
  t.like(c.list({ resourceVersion: '11', resourceVersionMatch: 'Exact' }), {
    type: 'error',
    status: { code: 410, reason: 'Expired', message: 'too old resource version: 11 (12)' },
  });
});

test('a resourceVersion that is not a number is a 400', (t) => {
  t.like(history().list({ resourceVersion: 'abc' }), {
    type: 'error',
    status: { code: 400, reason: 'BadRequest', message: 'invalid resource version: strconv.ParseUint: parsing "abc": invalid syntax' },
  });
});

test('limit pages through in key order with continue tokens and remainingItemCount', (t) => {
  const c = history();
  const p1 = listed(t, c.list({ limit: 2 }));
  t.deepEqual(names(p1.items), ['a/x', 'a/z']);
  t.deepEqual(p1.metadata, { resourceVersion: '14', continue: continueAfter('a/z', 14), remainingItemCount: 1 });
  c.apply({ type: 'ADDED', object: pod('b', 'v'), revision: 15 }, 0);
  const p2 = listed(t, c.list({ limit: 2, continue: p1.metadata.continue! }));
  t.deepEqual(names(p2.items), ['b/w'], 'the rest as of revision 14, without b/v made at 15');
  t.deepEqual(p2.metadata, { resourceVersion: '14' });
});

test('within a namespace the token is relative to the namespace prefix', (t) => {
  const l = listed(t, history().list({ namespace: 'a', limit: 1 }));
  t.is(l.metadata.continue, continueAfter('x', 14));
});

test('with a selector there is no remainingItemCount; limit ignored for resourceVersion "0"', (t) => {
  const c = history();
  const l = listed(t, c.list({ limit: 1, labelSelector: 'app' }));
  t.deepEqual(names(l.items), ['a/x']);
  t.is(l.metadata.remainingItemCount, undefined);
  t.truthy(l.metadata.continue);
  t.is(listed(t, c.list({ limit: 1, resourceVersion: '0' })).items.length, 3);
});

test('a page that ends at the last item has no continue', (t) => {
  t.deepEqual(listed(t, history().list({ limit: 3 })).metadata, { resourceVersion: '14' });
});

test('a legacy list with a resourceVersion and a limit is exact', (t) => {
  t.deepEqual(names(listed(t, history().list({ resourceVersion: '10', limit: 5 })).items), ['a/x', 'b/y']);
});

test('an expired continue token is 410 with Kubernetes\' message and a token to go on at the latest revision', (t) => {
  const c = podCache({ lowerBoundCapacity: 2, upperBoundCapacity: 2 });
  c.replace([pod('a', 'p1'), pod('a', 'p2')], 10);
  const first = listed(t, c.list({ limit: 1 }));
  for (let r = 11; r <= 13; r++) c.apply({ type: 'ADDED', object: pod('a', `q${r}`), revision: r }, 0);
  const out = c.list({ limit: 1, continue: first.metadata.continue! });
  t.deepEqual(out, {
    type: 'error',
    status: {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: { continue: encodeContinue('a/p1\u0000', -1) },
      status: 'Failure',
      message:
        'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.',
      reason: 'Expired',
      code: 410,
    },
  });
  if (out.type !== 'error') return;
  const rest = listed(t, c.list({ continue: (out.status.metadata as { continue: string }).continue }));
  t.deepEqual(names(rest.items), ['a/p2', 'a/q11', 'a/q12', 'a/q13']);
  t.is(rest.metadata.resourceVersion, '13');
});

test('continue tokens: invalid is 400, with a resourceVersion is 400', (t) => {
  const c = history();
  t.like(c.list({ continue: 'abc$' }), {
    type: 'error',
    status: { code: 400, reason: 'BadRequest', message: 'invalid continue token: continue key is not valid: illegal base64 data at input byte 3' },
  });
  t.like(c.list({ continue: continueAfter('a/x', 14), resourceVersion: '14' }), {
    type: 'error',
    status: { code: 400, message: 'specifying resource version is not allowed when using continue' },
  });
  t.is(c.list({ continue: continueAfter('a/x', 14), resourceVersion: '0' }).type, 'list');
});

test('before the first list the cache answers 429 storage is (re)initializing', (t) => {
  t.like(podCache().list({}), { type: 'error', status: { code: 429, reason: 'TooManyRequests', message: 'storage is (re)initializing', details: { retryAfterSeconds: 1 } } });
});

test('a cluster-scoped resource keys by name alone', (t) => {
  const c = podCache({ kind: 'Node', namespaced: false });
  c.replace([{ apiVersion: 'v1', kind: 'Node', metadata: { name: 'n2' } }, { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' } }], 5);
  const l = listed(t, c.list({ limit: 1 }));
  t.is(l.kind, 'NodeList');
  t.is(l.items[0]!.metadata.name, 'n1');
  t.is(l.metadata.continue, continueAfter('n1', 5));
  t.is(c.get('', 'n2')?.metadata.name, 'n2');
});

test('getAt: "0" now, N once the cache has it, "" once it has etcd\'s revision', (t) => {
  const c = history();
  t.like(c.getAt('a', 'x', '0'), { type: 'object', revision: 14, object: { metadata: { resourceVersion: '12' } } });
  t.deepEqual(c.getAt('b', 'y', '14'), { type: 'object', object: undefined, revision: 14 });
  t.deepEqual(c.getAt('a', 'x', '15'), { type: 'wait', revision: 15 });
  t.deepEqual(c.getAt('a', 'x', '', 16), { type: 'wait', revision: 16 });
  t.like(c.getAt('a', 'x', 'v1'), { type: 'error', status: { code: 400 } });
  t.like(podCache().getAt('a', 'x', '0'), { type: 'error', status: { code: 429 } });
});

test("objects(namespace) is what a list at resourceVersion \"0\" holds (the admission listers' read), for any history", (t) => {
  const ns = fc.constantFrom('a', 'b', 'ab', 'a-b');
  const step = fc.record({ ns, name: fc.constantFrom('x', 'y', 'z', 'x-1'), del: fc.boolean() });
  t.notThrows(() =>
    fc.assert(
      fc.property(fc.array(step, { maxLength: 40 }), fc.constantFrom('', 'a', 'b', 'ab', 'c'), (steps, namespace) => {
        const c = podCache();
        c.replace([], 1);
        steps.forEach((s, i) => {
          const exists = c.get(s.ns, s.name) !== undefined;
          if (s.del && exists) c.apply({ type: 'DELETED', object: pod(s.ns, s.name), revision: i + 2 }, 0);
          else if (!s.del) c.apply({ type: exists ? 'MODIFIED' : 'ADDED', object: pod(s.ns, s.name, { i: String(i) }), revision: i + 2 }, 0);
        });
        const listedNow = c.list({ namespace, resourceVersion: '0' });
        return listedNow.type === 'list' && JSON.stringify(c.objects(namespace)) === JSON.stringify(listedNow.list.items);
      }),
    ),
  );
});
