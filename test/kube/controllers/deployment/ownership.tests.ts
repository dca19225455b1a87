import test from 'ava';
import { updateCall } from '../../../../actors/client/index.ts';
import { deploymentController, deploymentKeys } from '../../../../actors/kube-controller-manager/deployment/controller.ts';
import { computeHash } from '../../../../actors/kube-controller-manager/deployment/hash.ts';
import type { KubeObject } from '../../../../protocols/kube/objects.ts';
import { deploymentManifest, Rig } from './rig.ts';
import { Registry } from '../../apiserver/harness.ts';
import type { ApiCall, ApiResult } from '../../../../protocols/kube/api.ts';

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

test('deployment: its ReplicaSet relabelled out of the selector is released, and the template is rolled out again under a new hash', (t) => {
  const rig = new Rig().create({ replicas: 2 });
  rig.settle();
  const mine = rig.replicaSets()[0]!;
  rig.loop.apply(updateCall({ ...(mine as KubeObject), apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { ...mine.metadata!, labels: { app: 'other' } } }));
  rig.settle();
  const released = rig.replicaSets().find((rs) => rs.metadata!.name === mine.metadata!.name)!;
  t.deepEqual(released.metadata!.ownerReferences ?? [], []);
  t.is(rig.deployment().status!.collisionCount, 1);
  const owned = rig.replicaSets().filter((rs) => rs.metadata!.ownerReferences?.[0]?.uid === rig.deployment().metadata!.uid);
  t.is(owned.length, 1);
  t.is(owned[0]!.spec!.replicas, 2);
});

test('deployment keys: a ReplicaSet wakes its owner, an orphan every Deployment selecting it; a pod deletion wakes a Recreate Deployment with no pods left', (t) => {
  const rig = new Rig().create({ replicas: 1, strategy: 'Recreate' });
  rig.settle();
  const listers = rig.loop.listers();
  const rs = rig.replicaSets()[0]! as KubeObject;
  t.deepEqual(deploymentKeys('replicasets', { type: 'update', old: rs, obj: rs }, listers), ['default/web']);
  const orphan = { ...rs, metadata: { ...rs.metadata, name: 'x', ownerReferences: [] } };
  t.deepEqual(deploymentKeys('replicasets', { type: 'add', obj: orphan }, listers), ['default/web']);
  t.deepEqual(deploymentKeys('replicasets', { type: 'add', obj: { ...orphan, metadata: { ...orphan.metadata, labels: { app: 'nope' } } } }, listers), []);
  const pod: KubeObject = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', namespace: 'default', ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: rs.metadata.name!, uid: rs.metadata.uid!, controller: true }] },
  };
  t.deepEqual(deploymentKeys('pods', { type: 'delete', obj: pod }, listers), ['default/web']);
  t.deepEqual(deploymentKeys('pods', { type: 'add', obj: pod }, listers), []);
});

test('deployment-controller: its ControllerDef writes as its own service account and watches Deployments, ReplicaSets and pods', (t) => {
  const client = { hosts: ['api'], token: 't' };
  const spec = deploymentController.spec({ client: () => client, epochMs: 0, clusterCIDRs: [], serviceCIDRs: [], nodeCIDRMaskSizes: { ipv4: 24, ipv6: 64 }, rootCA: '' });
  t.is(deploymentController.name, 'deployment-controller');
  t.is(spec.component, 'deployment-controller');
  t.is(spec.client, client);
  t.is(spec.leaderElection, undefined);
  t.deepEqual(spec.informers.map((i) => i.resource), ['deployments', 'replicasets', 'pods']);
});

/** A registry refusing ReplicaSet creates while `refuse` is set, as an exhausted quota would. */
class RefusingRegistry extends Registry {
  refuse = true;
  override run(call: ApiCall): ApiResult {
    if (this.refuse && call.verb === 'create' && call.target.resource === 'replicasets') {
      const name = (call.body as KubeObject).metadata.name;
      const message = `replicasets.apps "${name}" is forbidden: exceeded quota: q, requested: count/replicasets.apps=1, used: count/replicasets.apps=1, limited: count/replicasets.apps=1`;
      return { ok: false, code: 403, body: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason: 'Forbidden', code: 403 } };
    }
    return super.run(call);
  }
}

test('deployment: a refused ReplicaSet create is reported (Progressing False ReplicaSetCreateError, a Warning) and retried', (t) => {
  const registry = new RefusingRegistry();
  const rig = new Rig('web', registry).create({ replicas: 1 });
  rig.round();
  rig.round();
  const progressing = rig.condition('Progressing')!;
  t.is(progressing.status, 'False');
  t.is(progressing.reason, 'ReplicaSetCreateError');
  t.regex(progressing.message!, /^Failed to create new replica set "web-[a-z0-9]+": replicasets.apps "web-[a-z0-9]+" is forbidden: exceeded quota/);
  t.true(rig.events.some((e) => e.startsWith('ReplicaSetCreateError: Failed to create new replica set')));
  registry.refuse = false;
  rig.settle();
  t.deepEqual(rig.sizes(), { 'nginx:1.14.2': 1 });
  t.like(rig.condition('Progressing'), { status: 'True', reason: 'NewReplicaSetAvailable' });
});
