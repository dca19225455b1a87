import test from 'ava';
import { computeHash, safeEncodeString } from '../../../../actors/kube-controller-manager/deployment/hash.ts';

const template = { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'app', image: 'nginx:1.14.2' }] } };

test('deployment hash: SafeEncodeString maps digits into the vowel-free alphabet', (t) => {
  // '0'..'9' are codes 48..57; 48 % 27 = 21 -> '4', 57 % 27 = 3 -> 'f'.
  t.is(safeEncodeString('0123456789'), '456789bcdf');
});

test('deployment hash: same template same hash whatever the key order; collisionCount changes it', (t) => {
  const reordered = { spec: { containers: [{ image: 'nginx:1.14.2', name: 'app' }] }, metadata: { labels: { app: 'web' } } };
  t.is(computeHash(template), computeHash(reordered));
  t.regex(computeHash(template), /^[bcdfghjklmnpqrstvwxz2456789]{1,10}$/);
  t.not(computeHash(template, 1), computeHash(template));
  t.not(computeHash(template, 1), computeHash(template, 2));
  t.not(computeHash({ ...template, spec: { containers: [{ name: 'app', image: 'nginx:1.16.1' }] } }), computeHash(template));
});
