import test from 'ava';
import { authenticate, bearerToken, issueServiceAccountToken, parseCsv, parseTokenFile, formatTokenFile, withAuthenticatedGroup, userInfo } from '../../../../actors/kube-apiserver/auth/index.ts';

const FILE = ['alice-token,alice,1001,"devs,ops"', 'bob-token,bob,1002', ',nobody,1003', 'dup,first,1', 'dup,second,2', ''].join('\n');
const table = () => {
  const r = parseTokenFile(FILE);
  if (!r.ok) throw new Error(r.error);
  return r.tokens;
};

test('token file: rows as tokenfile.NewCSV reads them (groups split on commas, empty token skipped, last duplicate wins)', (t) => {
  const tokens = table();
  t.deepEqual(tokens.get('alice-token'), { name: 'alice', uid: '1001', groups: ['devs', 'ops'], extra: {} });
  t.deepEqual(tokens.get('bob-token'), { name: 'bob', uid: '1002', groups: [], extra: {} });
  t.false(tokens.has(''));
  t.is(tokens.get('dup')?.name, 'second');
  t.is(tokens.size, 3);
});

test('token file: fewer than three columns fails the whole file with the apiserver message', (t) => {
  const r = parseTokenFile('good,u,1\nshort,u\n', '/etc/kubernetes/tokens.csv');
  t.deepEqual(r, { ok: false, error: "token file '/etc/kubernetes/tokens.csv' must have at least 3 columns (token, user name, user uid), found 2" });
});

test("csv: Go encoding/csv's quoting: doubled quotes, quoted commas and newlines, blank lines, CRLF, trailing empty field", (t) => {
  t.deepEqual(parseCsv('a,"b ""q"" c",d\r\n\r\n"x,y",z,\n"multi\nline",2\n'), {
    ok: true,
    records: [
      ['a', 'b "q" c', 'd'],
      ['x,y', 'z', ''],
      ['multi\nline', '2'],
    ],
  });
});

test('csv: bare and unterminated quotes are parse errors worded as Go reports them', (t) => {
  t.deepEqual(parseCsv('a,b"c,d\n'), { ok: false, error: 'parse error on line 1, column 4: bare " in non-quoted-field' });
  t.deepEqual(parseCsv('a,"b"c\n'), { ok: false, error: 'parse error on line 1, column 6: extraneous or missing " in quoted-field' });
  t.false(parseCsv('a,"open\nstill\n').ok);
});

test('token file: formatTokenFile writes rows that parse back to the same users', (t) => {
  const text = formatTokenFile([
    { token: 't1', user: 'system:kube-scheduler', uid: 'u1' },
    { token: 't2', user: 'system:node:worker-1', uid: 'u2', groups: ['system:nodes', 'x'] },
  ]);
  const r = parseTokenFile(text);
  t.true(r.ok);
  if (r.ok) {
    t.deepEqual(r.tokens.get('t2')?.groups, ['system:nodes', 'x']);
    t.deepEqual(r.tokens.get('t1')?.groups, []);
  }
});

test('bearer header parsing: scheme case-insensitive, other schemes are not bearer, an empty token is none', (t) => {
  t.is(bearerToken('Bearer abc'), 'abc');
  t.is(bearerToken('bearer abc'), 'abc');
  t.is(bearerToken('Basic YWxpY2U6cHc='), undefined);
  t.is(bearerToken(undefined), undefined);
  t.is(bearerToken('Bearer'), undefined);
  t.is(bearerToken('Bearer  abc'), undefined);
});

test('a static token names its user, who joins system:authenticated', (t) => {
  const r = authenticate({ tokens: table() }, { authorization: 'Bearer alice-token' }, 0);
  t.deepEqual(r, { ok: true, user: { name: 'alice', uid: '1001', groups: ['devs', 'ops', 'system:authenticated'], extra: {} } });
});

test('no credential: system:anonymous in system:unauthenticated, and not system:authenticated', (t) => {
  t.deepEqual(authenticate({ tokens: table() }, {}, 0), { ok: true, user: { name: 'system:anonymous', uid: '', groups: ['system:unauthenticated'], extra: {} } });
  t.deepEqual(authenticate({}, { authorization: 'Basic YWxpY2U6cHc=' }, 0), authenticate({}, {}, 0));
});

test('anonymous auth off: no credential is a 401', (t) => {
  const r = authenticate({ anonymous: false }, {}, 0);
  t.false(r.ok);
  if (!r.ok) t.is(r.status.code, 401);
});

test('an unknown bearer token is a 401 Unauthorized Status, never anonymous', (t) => {
  const r = authenticate({ tokens: table() }, { authorization: 'Bearer nope' }, 0);
  t.false(r.ok);
  if (!r.ok) t.deepEqual(r.status, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'Unauthorized', reason: 'Unauthorized', code: 401 });
});

test('an empty bearer token is no credential: anonymous, with a warning about the extra space', (t) => {
  const anon = { name: 'system:anonymous', uid: '', groups: ['system:unauthenticated'], extra: {} };
  t.deepEqual(authenticate({ tokens: table() }, { authorization: 'Bearer  alice-token' }, 0), {
    ok: true,
    user: anon,
    warnings: ['the provided Authorization header contains extra space before the bearer token, and is ignored'],
  });
  t.deepEqual(authenticate({ tokens: table() }, { authorization: 'Bearer ' }, 0), { ok: true, user: anon });
  t.false(authenticate({ anonymous: false }, { authorization: 'Bearer  x' }, 0).ok);
});

test('withAuthenticatedGroup adds the group once and leaves anonymous and unauthenticated users alone', (t) => {
  t.deepEqual(withAuthenticatedGroup(userInfo('u', '', ['system:authenticated'])).groups, ['system:authenticated']);
  t.deepEqual(withAuthenticatedGroup(userInfo('u', '', ['system:unauthenticated'])).groups, ['system:unauthenticated']);
  t.deepEqual(withAuthenticatedGroup(userInfo('system:anonymous', '', [])).groups, []);
});

const SA = { key: 'cluster-signing-key', issuer: 'https://kubernetes.default.svc.cluster.local' };
const T0 = Date.UTC(2026, 0, 1);

test('service-account token: the user, its groups, and the bound pod and credential id in extra', (t) => {
  const token = issueServiceAccountToken(SA, { namespace: 'default', serviceAccount: { name: 'builder', uid: 'sa-uid' }, nowMs: T0, jti: 'j-1', pod: { name: 'web-0', uid: 'pod-uid' } });
  const r = authenticate({ serviceAccounts: SA }, { authorization: `Bearer ${token}` }, T0 + 60_000);
  t.deepEqual(r, {
    ok: true,
    user: {
      name: 'system:serviceaccount:default:builder',
      uid: 'sa-uid',
      groups: ['system:serviceaccounts', 'system:serviceaccounts:default', 'system:authenticated'],
      extra: {
        'authentication.kubernetes.io/pod-name': ['web-0'],
        'authentication.kubernetes.io/pod-uid': ['pod-uid'],
        'authentication.kubernetes.io/credential-id': ['JTI=j-1'],
      },
    },
  });
});

test('service-account token: the claims a bound token carries, sub and a 3600 s default lifetime', (t) => {
  const token = issueServiceAccountToken(SA, { namespace: 'ns', serviceAccount: { name: 'a', uid: 'u' }, nowMs: T0 });
  const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8'));
  t.is(claims.sub, 'system:serviceaccount:ns:a');
  t.is(claims.iss, SA.issuer);
  t.deepEqual(claims.aud, [SA.issuer]);
  t.is(claims.exp - claims.iat, 3600);
  t.deepEqual(claims['kubernetes.io'], { namespace: 'ns', serviceaccount: { name: 'a', uid: 'u' } });
  // Same inputs, same token: runs stay deterministic.
  t.is(issueServiceAccountToken(SA, { namespace: 'ns', serviceAccount: { name: 'a', uid: 'u' }, nowMs: T0 }), token);
});

test('service-account token: expired, forged, foreign-issuer, deleted and re-created accounts are 401s', (t) => {
  const token = issueServiceAccountToken(SA, { namespace: 'ns', serviceAccount: { name: 'a', uid: 'u' }, nowMs: T0, expirationSeconds: 600 });
  const reject = (cfg: Parameters<typeof authenticate>[0], tok: string, now: number) => {
    const r = authenticate(cfg, { authorization: `Bearer ${tok}` }, now);
    return r.ok ? 'accepted' : `${r.status.code}`;
  };
  t.is(reject({ serviceAccounts: SA }, token, T0 + 599_000), 'accepted');
  t.is(reject({ serviceAccounts: SA }, token, T0 + 601_000), '401');
  t.is(reject({ serviceAccounts: { ...SA, key: 'other' } }, token, T0), '401');
  t.is(reject({ serviceAccounts: { ...SA, issuer: 'https://elsewhere' } }, token, T0), '401');
  const [h, , s] = token.split('.');
  const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()), sub: 'system:serviceaccount:kube-system:admin' })).toString('base64url');
  t.is(reject({ serviceAccounts: SA }, `${h}.${forged}.${s}`, T0), '401');
  t.is(reject({ serviceAccounts: SA, serviceAccountLookup: () => undefined }, token, T0), '401');
  t.is(reject({ serviceAccounts: SA, serviceAccountLookup: () => ({ uid: 'new-uid' }) }, token, T0), '401');
  t.is(reject({ serviceAccounts: SA, serviceAccountLookup: () => ({ uid: 'u' }) }, token, T0), 'accepted');
});

test("a message's token field is the bearer token; absent or empty is anonymous", (t) => {
  t.is(authenticate({ tokens: table() }, { token: 'bob-token' }, 0).ok && (authenticate({ tokens: table() }, { token: 'bob-token' }, 0) as { user: { name: string } }).user.name, 'bob');
  t.deepEqual(authenticate({ tokens: table() }, { token: undefined }, 0), authenticate({}, {}, 0));
  t.deepEqual(authenticate({ tokens: table() }, { token: '' }, 0), authenticate({}, {}, 0));
  t.false(authenticate({ tokens: table() }, { token: 'wrong' }, 0).ok);
});

test("a token-table user's answer, made once per row, is what adding system:authenticated to that row gives, row by row", (t) => {
  const tokens = table();
  const config = { tokens };
  for (const token of ['alice-token', 'bob-token', 'dup', 'alice-token', 'dup']) {
    const r = authenticate(config, { token }, 0);
    t.deepEqual(r, { ok: true, user: withAuthenticatedGroup(tokens.get(token)!) }, token);
    t.is(authenticate(config, { token }, 0), r, 'the same answer again');
    // Shared by every request on the row: a write into it must fail, not reach the next request.
    const { user } = r as unknown as { user: { groups: string[] } };
    t.true(Object.isFrozen(r) && Object.isFrozen(user) && Object.isFrozen(user.groups), token);
  }
  // A row already in system:authenticated is its own user.
  const own = new Map([['t', userInfo('carol', '7', ['system:authenticated'])]]);
  t.is((authenticate({ tokens: own }, { token: 't' }, 0) as { user: unknown }).user, own.get('t'));
});
