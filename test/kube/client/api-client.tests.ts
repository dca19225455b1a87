import test from 'ava';
import { answered, apiClientState, fire, inFlight, submit } from '../../../actors/client/api-client.ts';
import { getCall } from '../../../actors/client/requests.ts';
import { notFound, serviceUnavailable, tooManyRequests } from '../../../protocols/kube/status.ts';
import type { ApiResult } from '../../../protocols/kube/api.ts';

const call = getCall('po', 'web');
const okResult: ApiResult = { ok: true, code: 200, body: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web' } } };

test('a call goes to the first replica and its result comes back with its tag', (t) => {
  const s = apiClientState({ hosts: ['cp-1', 'cp-2'] });
  t.deepEqual(submit(s, call, 'mine', 0), [{ type: 'send', id: 1, attempt: 0, host: 'cp-1', call }]);
  t.deepEqual(answered(s, 1, 0, { ok: true, result: okResult }), [{ type: 'done', id: 1, tag: 'mine', call, result: okResult }]);
  t.is(inFlight(s), 0);
});

test('a timeout moves the call to the next replica after 250 ms, then 500 ms', (t) => {
  const s = apiClientState({ hosts: ['cp-1', 'cp-2', 'cp-3'] });
  submit(s, call, 'x', 0);
  t.deepEqual(answered(s, 1, 0, { ok: false, error: 'no reply' }), [{ type: 'wait', id: 1, attempt: 1, delayMs: 250 }]);
  t.deepEqual(fire(s, 1, 1, 5250), [{ type: 'send', id: 1, attempt: 1, host: 'cp-2', call }]);
  t.deepEqual(answered(s, 1, 1, { ok: true, result: { ok: false, code: 503, body: serviceUnavailable('down') } }), [{ type: 'wait', id: 1, attempt: 2, delayMs: 500 }]);
  t.like(fire(s, 1, 2, 6000)[0], { type: 'send', host: 'cp-3' });
  t.is(s.retried, 2);
});

test('a late answer to an earlier attempt is ignored', (t) => {
  const s = apiClientState({ hosts: ['a', 'b'] });
  submit(s, call, 'x', 0);
  answered(s, 1, 0, { ok: false, error: 'timeout' });
  t.deepEqual(answered(s, 1, 0, { ok: true, result: okResult }), []);
});

test('429 waits for the Status\' retryAfterSeconds', (t) => {
  const s = apiClientState({ hosts: ['a'] });
  submit(s, call, 'x', 0);
  t.deepEqual(answered(s, 1, 0, { ok: true, result: { ok: false, code: 429, body: tooManyRequests('slow down', 3) } }), [{ type: 'wait', id: 1, attempt: 1, delayMs: 3000 }]);
});

test('a definite failure such as 404 is not retried', (t) => {
  const s = apiClientState({ hosts: ['a', 'b'] });
  submit(s, call, 'x', 0);
  const result: ApiResult = { ok: false, code: 404, body: notFound({ group: '', resource: 'pods' }, 'web') };
  t.like(answered(s, 1, 0, { ok: true, result })[0], { type: 'done', result: { code: 404 } });
  t.is(s.current, 0);
});

test('after maxRetries the call fails with 503 naming the last error', (t) => {
  const s = apiClientState({ hosts: ['a', 'b'], maxRetries: 2 });
  submit(s, call, 'x', 0);
  for (let attempt = 0; attempt < 2; attempt++) {
    answered(s, 1, attempt, { ok: false, error: 'no reply' });
    fire(s, 1, attempt + 1, 0);
  }
  const out = answered(s, 1, 2, { ok: false, error: 'ask /b/kube-apiserver: no reply within 5000ms' });
  t.like(out[0], { type: 'done', result: { ok: false, code: 503, body: { reason: 'ServiceUnavailable', message: 'no kube-apiserver replica answered: ask /b/kube-apiserver: no reply within 5000ms' } } });
});

test('the rate limiter spaces calls beyond the burst at 1/qps', (t) => {
  const s = apiClientState({ hosts: ['a'], qps: 20, burst: 30 });
  const outs = Array.from({ length: 32 }, () => submit(s, call, 'x', 0)[0]!);
  t.is(outs.filter((o) => o.type === 'send').length, 30);
  t.deepEqual(outs.slice(30), [{ type: 'wait', id: 31, attempt: 0, delayMs: 50 }, { type: 'wait', id: 32, attempt: 0, delayMs: 100 }]);
  t.like(fire(s, 31, 0, 50)[0], { type: 'send', id: 31 });
});
