import test from 'ava';
import type { KubeObject, Namespace } from '../../../../protocols/kube/objects.ts';
import { type Listers, STANDARD_INDEXERS } from '../../../../actors/client/index.ts';
import { lister } from '../../../../actors/client/listers.ts';
import { emptyStore, put } from '../../../../actors/client/store.ts';
import { DEFAULT_EPOCH_MS } from '../../../../protocols/kube/time.ts';
import { deleteCall, updateCall } from '../../../../actors/client/index.ts';
import { namespaceSpec } from '../../../../actors/kube-controller-manager/namespace/controller.ts';
import { type NamespaceMemory } from '../../../../actors/kube-controller-manager/namespace/reconcile.ts';
import { ControllerLoop } from '../loop.ts';
import { AdmittingRegistry } from '../../apiserver/namespaces/admitting-registry.ts';

// The real registry with NamespaceLifecycle on: DELETE keeps a namespace Terminating until /finalize.
const loopOf = () => new ControllerLoop<NamespaceMemory>(namespaceSpec(DEFAULT_EPOCH_MS), new AdmittingRegistry().withSystemNamespaces());
const nsOf = (loop: ControllerLoop<NamespaceMemory>, name = 'doomed') => loop.get('ns', name) as Namespace | undefined;
const conditions = (ns: Namespace | undefined) => Object.fromEntries((ns?.status?.conditions ?? []).map((c) => [c.type, [c.status, c.reason, c.message]]));
const lastRequeue = (rounds: readonly { requeueAfter?: number }[]) => rounds.map((r) => r.requeueAfter).filter((x) => x !== undefined).at(-1);
const cm = (loop: ControllerLoop<NamespaceMemory>, name: string, ns: string, finalizers?: string[]) =>
  loop.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: ns, ...(finalizers ? { finalizers } : {}) } });

const ALL_OK = {
  NamespaceDeletionDiscoveryFailure: ['False', 'ResourcesDiscovered', 'All resources successfully discovered'],
  NamespaceDeletionGroupVersionParsingFailure: ['False', 'ParsedGroupVersions', 'All legacy kube types successfully parsed'],
  NamespaceDeletionContentFailure: ['False', 'ContentDeleted', 'All content successfully deleted, may be waiting on finalization'],
  NamespaceContentRemaining: ['False', 'ContentRemoved', 'All content successfully removed'],
  NamespaceFinalizersRemaining: ['False', 'ContentRemoved', 'All content successfully removed'],
};

test('namespace: an active namespace is left alone', (t) => {
  const loop = loopOf();
  loop.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'doomed' } });
  cm(loop, 'a', 'doomed');
  t.deepEqual(loop.settle()[0]!.writes, []);
  t.is(loop.list('cm', 'doomed').length, 1);
});

test('namespace: deletion empties the namespace of every resource, then finalizes and removes it; other namespaces keep theirs', (t) => {
  const loop = loopOf();
  loop.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'doomed' } });
  loop.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'kept' } });
  cm(loop, 'a', 'doomed');
  cm(loop, 'b', 'kept');
  loop.create({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'doomed' } });
  loop.create({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'doomed' }, spec: { selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } } } as never);
  loop.settle();
  loop.apply(deleteCall('ns', 'doomed'));
  t.is(nsOf(loop)?.status?.phase, 'Terminating');
  const rounds = loop.settle();
  t.is(nsOf(loop), undefined);
  t.deepEqual([loop.list('cm', 'doomed'), loop.list('secrets', 'doomed'), loop.list('deploy', 'doomed')].map((l) => l.length), [0, 0, 0]);
  t.deepEqual(loop.list('cm', 'kept').map((c) => c.metadata.name), ['b']);
  const finalize = rounds.flatMap((r) => r.writes).find((w) => w.target.subresource === 'finalize');
  t.deepEqual(finalize?.verb === 'update' ? (finalize.body as Namespace).spec?.finalizers : undefined, []);
  t.true(rounds.flatMap((r) => r.writes).some((w) => w.verb === 'deletecollection' && w.target.resource === 'configmaps' && w.options?.propagationPolicy === 'Background'));
});

test('namespace: content held by a finalizer keeps the namespace Terminating with SomeResourcesRemain and SomeFinalizerRemain, for 15/2+1 s', (t) => {
  const loop = loopOf();
  loop.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'doomed' } });
  cm(loop, 'held', 'doomed', ['example.com/hold']);
  cm(loop, 'held2', 'doomed', ['example.com/hold']);
  loop.apply(deleteCall('ns', 'doomed'));
  const rounds = loop.settle();
  t.is(lastRequeue(rounds), 8000);
  t.deepEqual(conditions(nsOf(loop)), {
    ...ALL_OK,
    NamespaceContentRemaining: ['True', 'SomeResourcesRemain', 'Some resources are remaining: configmaps. has 2 resource instances'],
    NamespaceFinalizersRemaining: ['True', 'SomeFinalizerRemain', 'Some finalizers are remaining: example.com/hold in 2 resource instances'],
  });
  t.deepEqual(nsOf(loop)?.spec?.finalizers, ['kubernetes']);
  for (const n of ['held', 'held2']) {
    const c = loop.get('cm', n, 'doomed')!;
    loop.apply(updateCall({ ...c, metadata: { ...c.metadata, finalizers: [] } }));
  }
  loop.advance(8000);
  loop.settle();
  t.is(nsOf(loop), undefined);
});

test('namespace: a terminating pod keeps content remaining for its grace period/2+1 s', (t) => {
  const loop = loopOf();
  loop.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'doomed' } });
  loop.create({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: 'doomed' } });
  // Bound to a node, so deletion waits for a kubelet for the grace period.
  loop.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'doomed' }, spec: { nodeName: 'n1', containers: [{ name: 'c', image: 'nginx' }] } } as never);
  loop.apply(deleteCall('ns', 'doomed'));
  const rounds = loop.settle();
  t.is(loop.list('pods', 'doomed').length, 1);
  t.is(lastRequeue(rounds), 16_000);
  t.deepEqual(conditions(nsOf(loop)).NamespaceContentRemaining, ['True', 'SomeResourcesRemain', 'Some resources are remaining: pods. has 1 resource instances']);
});

const deployment = (name: string, ns: string) =>
  ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: ns },
    spec: { selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
  }) as never;

test('namespace: the namespace stays Terminating while content remains, refuses new content, and goes only after /finalize', (t) => {
  const loop = loopOf();
  loop.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'doomed' } });
  cm(loop, 'a', 'doomed');
  loop.create(deployment('web', 'doomed'));
  loop.settle();
  loop.apply(deleteCall('ns', 'doomed'));
  t.throws(() => cm(loop, 'late', 'doomed'), { message: /configmaps "late" is forbidden: unable to create new content in namespace doomed because it is being terminated/ });
  const order: string[] = [];
  for (let i = 0; i < 20 && nsOf(loop) !== undefined; i++) {
    const round = loop.step();
    if (loop.list('cm', 'doomed').length === 0 && loop.list('deploy', 'doomed').length === 0 && !order.includes('content gone')) order.push('content gone');
    if (round.writes.some((w) => w.target.subresource === 'finalize')) order.push('finalized');
    if (nsOf(loop) === undefined) order.push('namespace gone');
  }
  t.deepEqual(order, ['content gone', 'finalized', 'namespace gone']);
});

test('namespace: a controller restarted mid-termination finishes the work', (t) => {
  const loop = loopOf();
  loop.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'doomed' } });
  cm(loop, 'held', 'doomed', ['example.com/hold']);
  loop.apply(deleteCall('ns', 'doomed'));
  loop.settle();
  t.is(nsOf(loop)?.status?.phase, 'Terminating');
  loop.restart();
  const c = loop.get('cm', 'held', 'doomed')!;
  loop.apply(updateCall({ ...c, metadata: { ...c.metadata, finalizers: [] } }));
  loop.settle();
  t.is(nsOf(loop), undefined);
  t.deepEqual(loop.list('cm', 'doomed'), []);
});

test('namespace: a namespace recreated under the same name starts empty and Active, and is left alone', (t) => {
  const loop = loopOf();
  loop.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'again' } });
  cm(loop, 'old', 'again');
  loop.apply(deleteCall('ns', 'again'));
  loop.settle();
  t.is(nsOf(loop, 'again'), undefined);
  loop.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'again' } });
  cm(loop, 'fresh', 'again');
  const rounds = loop.settle();
  t.deepEqual(loop.list('cm', 'again').map((c) => c.metadata.name), ['fresh']);
  t.is(nsOf(loop, 'again')?.status?.phase, 'Active');
  t.false(rounds.some((r) => r.writes.length > 0));
  t.deepEqual(loop.memory.passes, {});
});

test('namespace: a cached copy from before its own finalize starts no new pass; a namespace recreated under the name does', (t) => {
  const loop = loopOf();
  loop.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'doomed' } });
  loop.apply(deleteCall('ns', 'doomed'));
  const before = nsOf(loop)!;
  for (let i = 0; i < 10 && !loop.step().writes.some((w) => w.target.subresource === 'finalize'); i++);
  t.is(nsOf(loop), undefined);
  const stale = (ns: Namespace): Listers => {
    const store = emptyStore(STANDARD_INDEXERS);
    put(store, STANDARD_INDEXERS, ns as KubeObject);
    return { namespaces: lister(store) };
  };
  t.deepEqual(loop.spec.reconcile('doomed', stale(before), loop.now, loop.memory), { writes: [] });
  const reborn = { ...before, metadata: { ...before.metadata, uid: 'another-uid' } };
  const r = loop.spec.reconcile('doomed', stale(reborn), loop.now, loop.memory);
  t.true(r.writes.length > 0 && r.writes.every((w) => w.verb === 'deletecollection'));
});
