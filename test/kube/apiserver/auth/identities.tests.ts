import test from 'ava';
import { authenticate, authorize, bootstrapPolicy, buildNodeGraph, compilePolicy, componentIdentities, identitiesTokenFile, identitiesTokenTable, parseTokenFile, requestAttributes } from '../../../../actors/kube-apiserver/auth/index.ts';

const seeded = (seed: number) => {
  let s = seed;
  return (n: number) => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return s % n;
  };
};

test('each component gets its own identity and token; the same seed gives the same tokens', (t) => {
  const ids = componentIdentities(['worker-1', 'worker-2'], seeded(7));
  t.deepEqual(
    ids.map((i) => [i.component, i.user.name, i.user.groups]),
    [
      ['admin', 'kubernetes-admin', ['system:masters']],
      ['kube-scheduler', 'system:kube-scheduler', []],
      ['kube-controller-manager', 'system:kube-controller-manager', []],
      ['kube-proxy', 'system:kube-proxy', []],
      ['kubelet:worker-1', 'system:node:worker-1', ['system:nodes']],
      ['kubelet:worker-2', 'system:node:worker-2', ['system:nodes']],
    ],
  );
  t.is(new Set(ids.map((i) => i.token)).size, ids.length);
  t.true(ids.every((i) => /^[a-z0-9]{32}$/.test(i.token)));
  t.deepEqual(componentIdentities(['worker-1', 'worker-2'], seeded(7)), ids);
});

test('the token file round-trips, and each identity can do its job end to end', (t) => {
  const ids = componentIdentities(['worker-1'], seeded(3));
  const parsed = parseTokenFile(identitiesTokenFile(ids));
  t.true(parsed.ok);
  if (!parsed.ok) return;
  t.deepEqual([...parsed.tokens.entries()], [...identitiesTokenTable(ids).entries()]);
  const policy = compilePolicy(bootstrapPolicy());
  const graph = buildNodeGraph([]);
  const can = (component: string, verb: 'get' | 'list' | 'create' | 'update' | 'watch', target: Parameters<typeof requestAttributes>[2]) => {
    const r = authenticate({ tokens: parsed.tokens }, { token: ids.find((i) => i.component === component)!.token }, 0);
    return r.ok && authorize(requestAttributes(r.user, verb, target), policy, { nodeGraph: graph }).allowed;
  };
  t.true(can('admin', 'create', { group: 'apps', version: 'v1', resource: 'deployments', namespace: 'default' }));
  t.true(can('kube-scheduler', 'create', { group: '', version: 'v1', resource: 'pods', subresource: 'binding', namespace: 'default', name: 'web' }));
  t.true(can('kube-controller-manager', 'watch', { group: 'apps', version: 'v1', resource: 'replicasets' }));
  t.true(can('kube-proxy', 'list', { group: 'discovery.k8s.io', version: 'v1', resource: 'endpointslices' }));
  t.true(can('kubelet:worker-1', 'get', { group: '', version: 'v1', resource: 'nodes', name: 'worker-1' }));
  t.false(can('kubelet:worker-1', 'get', { group: '', version: 'v1', resource: 'nodes', name: 'worker-2' }));
  t.false(can('kube-proxy', 'create', { group: '', version: 'v1', resource: 'pods', namespace: 'default' }));
});
