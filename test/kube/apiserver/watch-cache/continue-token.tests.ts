// Continue tokens: Kubernetes' wire format and DecodeContinue's cases (pkg/storage/continue_test.go).

import test from 'ava';
import { continueAfter, decodeContinue, encodeContinue } from '../../../../actors/kube-apiserver/watch-cache/continue-token.ts';

const raw = (obj: unknown): string => Buffer.from(JSON.stringify(obj)).toString('base64url');
const token = (v: string, rv: number, start: string): string => raw({ v, rv, start });

test('a token is base64url, unpadded, of {"v","rv","start"} in that order, start after the last key', (t) => {
  const tok = continueAfter('ns-1/web', 10245);
  t.false(/[=+/]/.test(tok));
  t.is(Buffer.from(tok, 'base64url').toString(), '{"v":"meta.k8s.io/v1","rv":10245,"start":"ns-1/web\\u0000"}');
  t.deepEqual(decodeContinue(tok), { ok: true, token: { rv: 10245, start: 'ns-1/web\u0000' } });
});

test('HTML characters are escaped as Go escapes them', (t) => {
  t.is(Buffer.from(encodeContinue('a<b>&', 1), 'base64url').toString(), '{"v":"meta.k8s.io/v1","rv":1,"start":"a\\u003cb\\u003e\\u0026"}');
});

test('a token with rv -1 (continue at the latest revision) decodes', (t) => {
  t.deepEqual(decodeContinue(encodeContinue('x', -1)), { ok: true, token: { rv: -1, start: 'x' } });
});

const CASES: readonly [string, string, { rv: number; start: string } | string][] = [
  ['valid', token('meta.k8s.io/v1', 1, 'key'), { rv: 1, start: 'key' }],
  ['root path', token('meta.k8s.io/v1', 1, '/'), { rv: 1, start: '' }],
  ['empty version', token('', 1, 'key'), 'continue key is not valid: server does not recognize this encoded version '],
  ['invalid version', token('v1', 1, 'key'), 'continue key is not valid: server does not recognize this encoded version v1'],
  ['invalid RV', token('meta.k8s.io/v1', 0, 'key'), 'continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)'],
  ['no start key', token('meta.k8s.io/v1', 1, ''), 'continue key is not valid: encoded start key empty (version meta.k8s.io/v1)'],
  ['path traversal - parent', token('meta.k8s.io/v1', 1, '../key'), 'continue key is not valid: ../key'],
  ['path traversal - local', token('meta.k8s.io/v1', 1, './key'), 'continue key is not valid: ./key'],
  ['path traversal - double parent', token('meta.k8s.io/v1', 1, './../key'), 'continue key is not valid: ./../key'],
  ['path traversal - after parent', token('meta.k8s.io/v1', 1, 'key/../..'), 'continue key is not valid: key/../..'],
  ['not base64', 'abc$', 'continue key is not valid: illegal base64 data at input byte 3'],
  ['padded', 'YWJjZA==', 'continue key is not valid: illegal base64 data at input byte 6'],
  ['a dangling sextet', 'abcde', 'continue key is not valid: illegal base64 data at input byte 4'],
  ['not JSON', Buffer.from('hello').toString('base64url'), "continue key is not valid: invalid character 'h' looking for beginning of value"],
  ['truncated JSON', Buffer.from('{"v":').toString('base64url'), 'continue key is not valid: unexpected end of JSON input'],
  ['an array', raw([1]), 'continue key is not valid: json: cannot unmarshal array into Go value of type storage.continueToken'],
  ['rv a string', raw({ v: 'meta.k8s.io/v1', rv: '1', start: 'k' }), 'continue key is not valid: json: cannot unmarshal string into Go struct field continueToken.rv of type int64'],
  ['rv a fraction', raw({ v: 'meta.k8s.io/v1', rv: 1.5, start: 'k' }), 'continue key is not valid: json: cannot unmarshal number 1.5 into Go struct field continueToken.rv of type int64'],
  ['keys match case-insensitively', raw({ V: 'meta.k8s.io/v1', RV: 7, Start: 'k' }), { rv: 7, start: 'k' }],
];

for (const [name, input, want] of CASES) {
  test(`decodeContinue: ${name}`, (t) => {
    const got = decodeContinue(input);
    if (typeof want === 'string') {
      t.false(got.ok);
      if (!got.ok) t.true(got.error.startsWith(want), got.error);
    } else t.deepEqual(got, { ok: true, token: want });
  });
}
