import test from 'ava';
import { configMapStrategy as cm, isConfigMapKey, secretStrategy as secret } from '../../../../../actors/kube-apiserver/strategies/core/config.ts';
import { create, obj, update } from './harness.ts';

const KEY_MSG = "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')";
const b64 = (s: string) => Buffer.from(s).toString('base64');

test('IsConfigMapKey (apimachinery TestIsConfigMapKey cases)', (t) => {
  for (const good of ['a', 'good', 'good-good', 'still.good', 'this.is.also.good', '.so.is.this', 'THIS_IS_GOOD', 'so_is_this_17']) t.deepEqual(isConfigMapKey(good), [], good);
  t.deepEqual(isConfigMapKey('bad value'), [KEY_MSG]);
  t.deepEqual(isConfigMapKey('.'), ["must not be '.'"]);
  t.deepEqual(isConfigMapKey('..'), ["must not be '..'"]);
  t.deepEqual(isConfigMapKey('..bad'), ["must not start with '..'"]);
  t.deepEqual(isConfigMapKey('b'.repeat(254)), ['must be no more than 253 characters']);
});

test('configmap keys, binaryData duplicates and the 1 MiB limit', (t) => {
  t.deepEqual(create(cm, obj('v1', 'ConfigMap', 'c', { data: { 'app.properties': 'x=1' } }, 'default')), []);
  t.deepEqual(create(cm, obj('v1', 'ConfigMap', 'c', { data: { 'a b': 'x' } }, 'default')), [`data[a b]: Invalid value: "a b": ${KEY_MSG}`]);
  t.deepEqual(create(cm, obj('v1', 'ConfigMap', 'c', { data: { k: 'x' }, binaryData: { k: b64('y') } }, 'default')), ['data[k]: Invalid value: "k": duplicate of key present in binaryData']);
  t.deepEqual(create(cm, obj('v1', 'ConfigMap', 'c', { data: { k: 'x'.repeat(1024 * 1024 + 1) } }, 'default')), [': Too long: may not be more than 1048576 bytes']);
});

test('immutable configmaps and secrets refuse data changes', (t) => {
  const old = obj('v1', 'ConfigMap', 'c', { data: { k: 'v' }, immutable: true }, 'default');
  t.deepEqual(update(cm, obj('v1', 'ConfigMap', 'c', { data: { k: 'w' }, immutable: true }, 'default'), old), ['data: Forbidden: field is immutable when `immutable` is set']);
  t.deepEqual(update(cm, obj('v1', 'ConfigMap', 'c', { data: { k: 'v' } }, 'default'), old), ['immutable: Forbidden: field is immutable when `immutable` is set']);
  const s = obj('v1', 'Secret', 's', { data: { k: b64('v') }, immutable: true }, 'default');
  create(secret, s);
  t.deepEqual(update(secret, obj('v1', 'Secret', 's', { data: { k: b64('w') }, immutable: true }, 'default'), s), ['data: Forbidden: field is immutable when `immutable` is set']);
});

test('secret defaults: Opaque, stringData folded into data', (t) => {
  const s = obj('v1', 'Secret', 's', { data: { a: b64('1') }, stringData: { a: '2', b: '3' } }, 'default');
  t.deepEqual(create(secret, s), []);
  t.is(s.type, 'Opaque');
  t.deepEqual(s.data, { a: b64('2'), b: b64('3') });
  t.is(s.stringData, undefined);
  t.deepEqual(secret.selectableFields!(s), { type: 'Opaque' });
});

test('typed secrets require their keys (ValidateSecret cases)', (t) => {
  const typed = (type: string, data: Record<string, string>, annotations?: Record<string, string>) => {
    const o = obj('v1', 'Secret', 's', { type, data }, 'default');
    if (annotations) o.metadata = { ...o.metadata, annotations };
    return create(secret, o);
  };
  t.deepEqual(typed('kubernetes.io/tls', {}), ['data[tls.crt]: Required value', 'data[tls.key]: Required value']);
  t.deepEqual(typed('kubernetes.io/tls', { 'tls.crt': b64('c'), 'tls.key': b64('k') }), []);
  t.deepEqual(typed('kubernetes.io/basic-auth', {}), ['data[username]: Required value', 'data[password]: Required value']);
  t.deepEqual(typed('kubernetes.io/basic-auth', { password: '' }), []);
  t.deepEqual(typed('kubernetes.io/ssh-auth', {}), ['data[ssh-privatekey]: Required value']);
  t.deepEqual(typed('kubernetes.io/dockerconfigjson', {}), ['data[.dockerconfigjson]: Required value']);
  t.deepEqual(typed('kubernetes.io/dockerconfigjson', { '.dockerconfigjson': b64('{"auths":{}}') }), []);
  t.is(typed('kubernetes.io/dockerconfigjson', { '.dockerconfigjson': b64('not json') }).length, 1);
  t.deepEqual(typed('kubernetes.io/service-account-token', {}), ['metadata.annotations[kubernetes.io/service-account.name]: Required value']);
  t.deepEqual(typed('kubernetes.io/service-account-token', {}, { 'kubernetes.io/service-account.name': 'default' }), []);
});

test('secret type is immutable', (t) => {
  const old = obj('v1', 'Secret', 's', { data: {} }, 'default');
  create(secret, old);
  t.deepEqual(update(secret, obj('v1', 'Secret', 's', { type: 'example.com/custom', data: {} }, 'default'), old), ['type: Invalid value: "example.com/custom": field is immutable']);
});
