import { createCipheriv } from 'node:crypto';
import test from 'ava';
import fc from 'fast-check';
import { type Bytes, buildTransformers, bytesToUtf8, encryptionFromConfigText, randomBytesFromPick, utf8ToBytes } from '../../../../actors/kube-apiserver/encryption/index.ts';

const K1 = Buffer.alloc(32, 1).toString('base64');
const K2 = Buffer.alloc(16, 2).toString('base64');
const SECRETS = { group: '', resource: 'secrets' };
const KEY = '/registry/secrets/default/db';
const counter = () => {
  let n = 0;
  return randomBytesFromPick(() => n++ % 256);
};

const config = (providers: string, resources = '["secrets"]') => `apiVersion: apiserver.config.k8s.io/v1
kind: EncryptionConfiguration
resources:
  - resources: ${resources}
    providers:
${providers}`;
const aescbc = (name: string, secret: string) => `      - aescbc:\n          keys:\n            - name: ${name}\n              secret: ${secret}\n`;
const aesgcm = (name: string, secret: string) => `      - aesgcm:\n          keys:\n            - name: ${name}\n              secret: ${secret}\n`;
const identity = '      - identity: {}\n';

function transformer(text: string, random = counter()) {
  const built = encryptionFromConfigText(text, random);
  if (!built.ok) throw new Error(built.error);
  return built.transformers.forResource(SECRETS);
}

const plain = utf8ToBytes('{"kind":"Secret","data":{"password":"aHVudGVyMg=="},"note":"é"}');

test('aescbc stores k8s:enc:aescbc:v1:<key>: then a 16-byte IV then the padded ciphertext, and reads it back', (t) => {
  const t1 = transformer(config(aescbc('key1', K1) + identity));
  const stored = t1.encrypt(plain, KEY);
  const prefix = 'k8s:enc:aescbc:v1:key1:';
  t.true(stored.startsWith(prefix));
  t.is(stored.length, prefix.length + 16 + (Math.floor(plain.length / 16) + 1) * 16);
  t.deepEqual(t1.decrypt(stored, KEY), { ok: true, value: plain, stale: false });
  t.is(bytesToUtf8(plain).includes('é'), true);
});

test('a value laid out by hand as the documentation describes decrypts', (t) => {
  const iv = Buffer.from('00112233445566778899aabbccddeeff', 'hex');
  const c = createCipheriv('aes-256-cbc', Buffer.from(K1, 'base64'), iv);
  const body = Buffer.concat([iv, c.update(Buffer.from('hello, etcd')), c.final()]);
  const stored: Bytes = 'k8s:enc:aescbc:v1:key1:' + body.toString('latin1');
  t.deepEqual(transformer(config(aescbc('key1', K1))).decrypt(stored, KEY), { ok: true, value: 'hello, etcd', stale: false });
});

test('aesgcm stores k8s:enc:aesgcm:v1:<key>: then a 12-byte nonce, ciphertext and tag, bound to the etcd key', (t) => {
  const tg = transformer(config(aesgcm('g1', K2)));
  const stored = tg.encrypt(plain, KEY);
  t.true(stored.startsWith('k8s:enc:aesgcm:v1:g1:'));
  t.is(stored.length, 'k8s:enc:aesgcm:v1:g1:'.length + 12 + plain.length + 16);
  t.deepEqual(tg.decrypt(stored, KEY), { ok: true, value: plain, stale: false });
  t.deepEqual(tg.decrypt(stored, '/registry/secrets/default/other'), { ok: false, error: 'cipher: message authentication failed' });
});

test('the wrong key does not decrypt', (t) => {
  const stored = transformer(config(aescbc('key1', K1))).encrypt(plain, KEY);
  const other = transformer(config(aescbc('key1', Buffer.alloc(32, 9).toString('base64'))));
  const r = other.decrypt(stored, KEY);
  t.false(r.ok && r.value === plain);
  const g = transformer(config(aesgcm('k', K2))).encrypt(plain, KEY);
  t.deepEqual(transformer(config(aesgcm('k', K1))).decrypt(g, KEY), { ok: false, error: 'cipher: message authentication failed' });
});

test('identity first: new values are stored in plaintext, old encrypted ones still read (stale)', (t) => {
  const old = transformer(config(aescbc('key1', K1))).encrypt(plain, KEY);
  const t2 = transformer(config(identity + aescbc('key1', K1)));
  t.is(t2.encrypt(plain, KEY), plain);
  t.deepEqual(t2.decrypt(plain, KEY), { ok: true, value: plain, stale: false });
  t.deepEqual(t2.decrypt(old, KEY), { ok: true, value: plain, stale: true });
});

test('key rotation: the first key encrypts, an older key still decrypts and marks the value stale', (t) => {
  const byOld = transformer(config(aescbc('key1', K1))).encrypt(plain, KEY);
  const rotated = transformer(config(`      - aescbc:\n          keys:\n            - name: key2\n              secret: ${K2}\n            - name: key1\n              secret: ${K1}\n`));
  t.true(rotated.encrypt(plain, KEY).startsWith('k8s:enc:aescbc:v1:key2:'));
  t.deepEqual(rotated.decrypt(byOld, KEY), { ok: true, value: plain, stale: true });
});

test("unreadable values name why, in Kubernetes' words", (t) => {
  const cbcOnly = transformer(config(aescbc('key1', K1)));
  t.deepEqual(cbcOnly.decrypt('k8s:enc:aescbc:v1:nokey:xxxxxxxxxxxxxxxx', KEY), { ok: false, error: 'no matching key was found for the provided AES transformer' });
  t.deepEqual(cbcOnly.decrypt(plain, KEY), { ok: false, error: 'no matching prefix found' });
  t.deepEqual(cbcOnly.decrypt('k8s:enc:aesgcm:v1:g1:xxxx', KEY), { ok: false, error: 'no matching prefix found' });
  const idOnly = transformer(config(identity));
  t.deepEqual(idOnly.decrypt('k8s:enc:aescbc:v1:key1:xxxx', KEY), { ok: false, error: 'no matching prefix found' });
});

test('resources: exact names, *.<group>, *. for the core group, *.* for all; others are stored as they are', (t) => {
  const built = encryptionFromConfigText(config(aescbc('k', K1), '["secrets", "*.apps", "configmaps"]'), counter());
  if (!built.ok) return t.fail(built.error);
  const enc = (group: string, resource: string) => built.transformers.forResource({ group, resource }).encrypt('x', KEY).startsWith('k8s:enc:');
  t.true(enc('', 'secrets'));
  t.true(enc('apps', 'deployments'));
  t.false(enc('', 'pods'));
  t.false(enc('batch', 'jobs'));
  const all = encryptionFromConfigText(config(aescbc('k', K1), '["*.*"]'), counter());
  t.true(all.ok && all.transformers.forResource({ group: 'batch', resource: 'jobs' }).encrypt('x', KEY).startsWith('k8s:enc:'));
  const core = encryptionFromConfigText(config(aescbc('k', K1), '["*."]'), counter());
  t.true(core.ok && core.transformers.forResource({ group: '', resource: 'pods' }).encrypt('x', KEY).startsWith('k8s:enc:'));
  t.true(core.ok && !core.transformers.forResource({ group: 'apps', resource: 'deployments' }).encrypt('x', KEY).startsWith('k8s:enc:'));
});

test('a rule masked by an earlier wildcard is refused', (t) => {
  const text = `apiVersion: apiserver.config.k8s.io/v1
kind: EncryptionConfiguration
resources:
  - resources: ["*.apps"]
    providers: [{ identity: {} }]
  - resources: ["deployments.apps"]
    providers: [{ identity: {} }]
`;
  t.deepEqual(encryptionFromConfigText(text, counter()), { ok: false, error: 'resource "deployments.apps" is masked by earlier rule "*.apps"' });
});

test('deterministic: the same random stream stores the same bytes; IVs differ per write', (t) => {
  const text = config(aescbc('key1', K1));
  const a = transformer(text, counter());
  const b = transformer(text, counter());
  const a1 = a.encrypt(plain, KEY);
  t.is(a1, b.encrypt(plain, KEY));
  t.not(a.encrypt(plain, KEY), a1);
});

test('property: any value round-trips through every provider mix', (t) => {
  const texts = [config(aescbc('a', K1)), config(aesgcm('b', K2)), config(identity), config(aesgcm('b', K2) + aescbc('a', K1) + identity)];
  fc.assert(
    fc.property(fc.constantFrom(...texts), fc.uint8Array({ maxLength: 300 }), fc.string(), (text, value, key) => {
      const tr = transformer(text);
      const v = Buffer.from(value).toString('latin1');
      const r = tr.decrypt(tr.encrypt(v, key), key);
      return r.ok && r.value === v && !r.stale;
    }),
  );
  t.pass();
});

// The example of the EncryptionConfiguration (v1) reference page; its second and third keys are
// illustrative strings, not AES keys, and the apiserver refuses them.
const DOCS_EXAMPLE = (key2: string, key3: string) => `kind: EncryptionConfiguration
apiVersion: apiserver.config.k8s.io/v1
resources:
  - resources:
      - events
    providers:
      - identity: {} # do not encrypt events even though *.* is specified below
  - resources:
      - secrets
      - configmaps
      - pandas.awesome.bears.example
    providers:
      - aescbc:
          keys:
            - name: key1
              secret: c2VjcmV0IGlzIHNlY3VyZQ==
  - resources:
      - '*.apps'
    providers:
      - aescbc:
          keys:
            - name: key2
              secret: ${key2}
  - resources:
      - '*.*'
    providers:
      - aescbc:
          keys:
            - name: key3
              secret: ${key3}
`;

test("the reference page's example: its made-up keys are refused; with real keys each resource gets its rule", (t) => {
  t.deepEqual(encryptionFromConfigText(DOCS_EXAMPLE('c2VjcmV0IGlzIHNlY3VyZSwgb3IgaXMgaXQ/Cg==', 'c2VjcmV0IGlzIHNlY3VyZSwgSSB0aGluaw=='), counter()), {
    ok: false,
    error:
      '[resources[2].providers[0].aescbc.keys[0].secret: Invalid value: "REDACTED": secret is not of the expected length, got 28, expected one of [16 24 32], resources[3].providers[0].aescbc.keys[0].secret: Invalid value: "REDACTED": secret is not of the expected length, got 25, expected one of [16 24 32]]',
  });
  const built = encryptionFromConfigText(DOCS_EXAMPLE(K1, K2), counter());
  if (!built.ok) return t.fail(built.error);
  const stored = (group: string, resource: string) => built.transformers.forResource({ group, resource }).encrypt('{}', KEY);
  t.is(stored('', 'events'), '{}');
  t.true(stored('', 'secrets').startsWith('k8s:enc:aescbc:v1:key1:'));
  t.true(stored('awesome.bears.example', 'pandas').startsWith('k8s:enc:aescbc:v1:key1:'));
  t.true(stored('apps', 'deployments').startsWith('k8s:enc:aescbc:v1:key2:'));
  t.true(stored('batch', 'jobs').startsWith('k8s:enc:aescbc:v1:key3:'));
  t.true(stored('', 'pods').startsWith('k8s:enc:aescbc:v1:key3:'));
});

test('buildTransformers validates a configuration given as an object too', (t) => {
  const built = buildTransformers({ apiVersion: 'apiserver.config.k8s.io/v1', kind: 'EncryptionConfiguration', resources: [{ resources: ['secrets'], providers: [{ aesgcm: { keys: [{ name: 'k', secret: 'c2hvcnQ=' }] } }] }] }, counter());
  t.deepEqual(built, { ok: false, error: 'resources[0].providers[0].aesgcm.keys[0].secret: Invalid value: "REDACTED": secret is not of the expected length, got 5, expected one of [16 24 32]' });
  t.deepEqual(buildTransformers({ apiVersion: 'apiserver.config.k8s.io/v1', kind: 'EncryptionConfiguration', resources: [{ resources: ['secrets'], providers: [{ secretbox: { keys: [{ name: 'k', secret: K1 }] } }] }] }, counter()), {
    ok: false,
    error: 'provider secretbox is not supported here (only aescbc, aesgcm and identity)',
  });
});
