import test from 'ava';
import { computeHash } from '../../../../actors/kube-controller-manager/deployment/hash.ts';
import { deploymentManifest, Rig } from './rig.ts';

test('deployment: an orphan ReplicaSet its selector matches is adopted with a controller reference', (t) => {
  const rig = new Rig();
  rig.loop.create({
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name: 'orphan', namespace: 'default', labels: { app: 'web' } },
    spec: { replicas: 1, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'app', image: 'busybox' }] } } },
  });
  rig.create({ replicas: 2 });
  rig.settle();
  const orphan = rig.replicaSets().find((rs) => rs.metadata!.name === 'orphan')!;
  t.like(orphan.metadata!.ownerReferences![0], { kind: 'Deployment', name: 'web', controller: true, blockOwnerDeletion: true, uid: rig.deployment().metadata!.uid });
  // Adopted as an old ReplicaSet: rolled out of the way.
  t.is(orphan.spec!.replicas, 0);
  t.is(rig.replicaSets().length, 2);
});

test('deployment: a hash collision bumps status.collisionCount and the new ReplicaSet takes another name', (t) => {
  const rig = new Rig();
  // The template as stored (defaulted) is what the controller hashes.
  const stored = rig.loop.create(deploymentManifest({ replicas: 1 }));
  const template = structuredClone((stored.spec as any).template);
  const hash = computeHash(template);
  // Someone else's ReplicaSet already holds the name the template hashes to.
  rig.loop.create({
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name: `web-${hash}`, namespace: 'default', labels: { other: 'x' } },
    spec: { replicas: 0, selector: { matchLabels: { other: 'x' } }, template: { metadata: { labels: { other: 'x' } }, spec: { containers: [{ name: 'app', image: 'busybox' }] } } },
  });
  rig.settle();
  t.is(rig.deployment().status!.collisionCount, 1);
  const mine = rig.replicaSets().filter((rs) => rs.metadata!.ownerReferences !== undefined);
  t.is(mine.length, 1);
  t.is(mine[0]!.metadata!.name, `web-${computeHash(template, 1)}`);
  t.is(mine[0]!.spec!.replicas, 1);
});
