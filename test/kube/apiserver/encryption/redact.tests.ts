import test from 'ava';
import { redactSecrets } from '../../../../actors/kube-apiserver/encryption/index.ts';

const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db' }, type: 'Opaque', data: { password: 'aHVudGVyMg==' }, stringData: { user: 'admin' } };

test('a Secret keeps its keys, loses its values; the original is untouched', (t) => {
  const r = redactSecrets(secret);
  t.deepEqual(r, { ...secret, data: { password: 'REDACTED' }, stringData: { user: 'REDACTED' } });
  t.is(secret.data.password, 'aHVudGVyMg==');
});

test('Secrets inside messages (list items, watch events) are found; other objects pass through unchanged', (t) => {
  const cm = { apiVersion: 'v1', kind: 'ConfigMap', data: { k: 'v' } };
  const msg = { type: 'WatchEvents', events: [{ type: 'ADDED', object: secret }, { type: 'ADDED', object: cm }] };
  const r = redactSecrets(msg);
  t.deepEqual(r.events[0]?.object.data, { password: 'REDACTED' });
  t.is(r.events[1]?.object, cm, 'not copied');
  const plain = { items: [cm] };
  t.is(redactSecrets(plain), plain);
});
