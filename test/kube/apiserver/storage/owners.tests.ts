// Which resource a stored key belongs to: the longest registered prefix, found by map lookups of
// the key's own prefixes rather than a scan of every prefix, with the same answer.

import test from 'ava';
import fc from 'fast-check';
import { ResourceCaches } from '../../../../actors/kube-apiserver/cache/caches.ts';
import { strategyFor } from '../../../../actors/kube-apiserver/strategies/index.ts';
import { RESOURCES } from '../../../../protocols/kube/resources.ts';
import { storagePrefix } from '../../../../protocols/kube/storage-keys.ts';

const caches = new ResourceCaches(strategyFor);
const prefixes = RESOURCES.map((r) => ({ prefix: `${storagePrefix(r)}/`, group: r.group, resource: r.resource })).sort((a, b) => b.prefix.length - a.prefix.length);
const scan = (key: string) => {
  const p = prefixes.find((x) => key.startsWith(x.prefix));
  return p === undefined ? undefined : { group: p.group, resource: p.resource };
};

const segment = fc.oneof(fc.stringMatching(/^[a-z.-]{0,6}$/), fc.constantFrom('', 'specs', 'default', 'registry'));
const key = fc.oneof(
  fc.tuple(fc.constantFrom(...prefixes.map((p) => p.prefix)), fc.array(segment, { maxLength: 3 })).map(([p, rest]) => p + rest.join('/')),
  fc.tuple(fc.constantFrom(...prefixes.map((p) => p.prefix)), fc.nat(12)).map(([p, n]) => p.slice(0, n)),
  fc.array(segment, { maxLength: 5 }).map((s) => s.join('/')),
  fc.string({ maxLength: 30 }),
);

test('a key belongs to the resource of its longest registered prefix, as a scan of every prefix finds', (t) => {
  fc.assert(fc.property(key, (k) => JSON.stringify(caches.resourceOf(k)) === JSON.stringify(scan(k))));
  t.deepEqual(caches.resourceOf('/registry/services/specs/default/web'), { group: '', resource: 'services' });
  t.deepEqual(caches.resourceOf('/registry/services/endpoints/default/web'), { group: '', resource: 'endpoints' });
  t.is(caches.resourceOf('/registry/'), undefined);
  // One object per resource: the transformer for it is looked up once.
  t.is(caches.resourceOf('/registry/pods/a/b'), caches.resourceOf('/registry/pods/c/d'));
});

test('the owner remembered for the last key is the one a fresh lookup finds, keys asked in any order', (t) => {
  const fresh = (k: string) => JSON.stringify(new ResourceCaches(strategyFor).resourceOf(k));
  const remembering = new ResourceCaches(strategyFor);
  // Runs of the same key (as a write's key is asked after), and the same text in a new string.
  fc.assert(fc.property(fc.array(fc.tuple(key, fc.nat(2)), { maxLength: 12 }), (ks) => ks.every(([k, n]) => [...Array(n + 1)].every((_, i) => JSON.stringify(remembering.resourceOf(i === 0 ? k : `${k} `.slice(0, -1))) === fresh(k)))));
  t.deepEqual(remembering.resourceOf('/registry/pods/default/a'), { group: '', resource: 'pods' });
  t.deepEqual(remembering.resourceOf('/registry/pods/default/a'), { group: '', resource: 'pods' });
  t.is(remembering.resourceOf('/registry/nothing/a'), undefined);
});

test('a cache found by group and resource is the one its cache key names, as custom resources come and go', (t) => {
  const c = new ResourceCaches(strategyFor);
  t.is(c.cache({ group: '', resource: 'pods' }), undefined, 'none before the first list');
  const crd = (established: boolean) => ({
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'widgets.example.com', uid: 'u1' },
    spec: { group: 'example.com', scope: 'Namespaced', names: { plural: 'widgets', kind: 'Widget' }, versions: [{ name: 'v1', served: true, storage: true }] },
    status: { conditions: established ? [{ type: 'Established', status: 'True' }] : [] },
  });
  const kv = (revision: number, established: boolean) => ({ key: '/registry/apiextensions.k8s.io/customresourcedefinitions/widgets.example.com', value: JSON.stringify(crd(established)), createRevision: 2, modRevision: revision, version: revision - 1, lease: 0 });
  const same = () => {
    for (const [cacheKey, cache] of c.entries()) {
      const slash = cacheKey.indexOf('/');
      t.is(c.cache({ group: cacheKey.slice(0, slash), resource: cacheKey.slice(slash + 1) }), cache, cacheKey);
      t.is(c.cacheByKey(cacheKey), cache);
    }
  };
  t.is(c.object('apiextensions.k8s.io', 'customresourcedefinitions', '', 'widgets.example.com'), undefined, 'no object before the first list');
  c.replaceAll([kv(2, true)], 2);
  t.truthy(c.cache({ group: 'example.com', resource: 'widgets' }));
  const stored = c.object('apiextensions.k8s.io', 'customresourcedefinitions', '', 'widgets.example.com');
  t.is(stored?.metadata.name, 'widgets.example.com');
  t.is(stored, c.cache({ group: 'apiextensions.k8s.io', resource: 'customresourcedefinitions' })?.get('', 'widgets.example.com'));
  t.is(c.object('apiextensions.k8s.io', 'customresourcedefinitions', '', 'other'), undefined);
  t.is(c.object('example.com', 'nothing', '', 'widgets.example.com'), undefined);
  t.is(c.items('example.com', 'widgets').length, 0);
  same();
  // No longer established: its cache goes, under both lookups.
  c.apply([{ type: 'PUT', kv: kv(3, false) }], 3, 0);
  t.is(c.cache({ group: 'example.com', resource: 'widgets' }), undefined);
  t.is(c.cacheByKey('example.com/widgets'), undefined);
  same();
  t.is(c.cache({ group: 'example.com', resource: 'pods' }), undefined);
  t.is(c.cache({ group: '', resource: 'nothing' }), undefined);
});
