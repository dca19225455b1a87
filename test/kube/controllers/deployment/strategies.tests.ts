import test from 'ava';
import { deleteCall, updateCall } from '../../../../actors/client/index.ts';
import type { KubeObject } from '../../../../protocols/kube/objects.ts';
import { Rig } from './rig.ts';

const v1 = 'nginx:1.14.2';
const v2 = 'nginx:1.16.1';

test('deployment: Recreate scales the old ReplicaSet to 0, waits for its pods to be gone, then creates the new one at full size', (t) => {
  const rig = new Rig().create({ replicas: 2, strategy: 'Recreate' });
  rig.settle();
  const old = rig.replicaSets()[0]!;
  const pod: KubeObject = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: 'web-old-pod',
      namespace: 'default',
      labels: { ...old.spec!.template!.metadata!.labels },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: old.metadata!.name!, uid: old.metadata!.uid!, controller: true }],
    },
    spec: { containers: [{ name: 'app', image: v1 }] },
  };
  rig.loop.create(pod);
  rig.events.length = 0;
  rig.setImage(v2);
  rig.settle();
  // The old ReplicaSet is at 0 but one of its pods is still there: no new ReplicaSet yet.
  t.deepEqual(rig.sizes(), { [v1]: 0 });
  t.deepEqual(rig.events, [`ScalingReplicaSet: Scaled down replica set ${old.metadata!.name} to 0 from 2`]);
  rig.loop.apply(deleteCall('pods', 'web-old-pod', { namespace: 'default' }, { gracePeriodSeconds: 0 }));
  rig.settle();
  t.deepEqual(rig.sizes(), { [v1]: 0, [v2]: 2 });
  const fresh = rig.replicaSets().find((rs) => rs.spec!.template!.spec!.containers[0]!.image === v2)!;
  t.is(rig.events.at(-1), `ScalingReplicaSet: Scaled up replica set ${fresh.metadata!.name} to 2`);
  t.like(rig.deployment().status, { replicas: 2, updatedReplicas: 2, availableReplicas: 2 });
  t.is(rig.deployment().metadata!.annotations!['deployment.kubernetes.io/revision'], '2');
});

test('deployment: Recreate is Available only with every replica (maxUnavailable is 0)', (t) => {
  const rig = new Rig().create({ replicas: 2, strategy: 'Recreate' });
  rig.settle();
  rig.setImage(v2);
  rig.grow = () => 0;
  rig.settle();
  t.deepEqual(rig.sizes(), { [v1]: 0, [v2]: 2 });
  t.like(rig.condition('Available'), { status: 'False', reason: 'MinimumReplicasUnavailable', message: 'Deployment does not have minimum availability.' });
});

test('deployment: paused, a template change rolls nothing out but a replica change scales; resumed, the rollout goes on', (t) => {
  const rig = new Rig().create({ replicas: 3 });
  rig.settle();
  rig.edit((d) => {
    d.spec!.paused = true;
  });
  rig.settle();
  t.like(rig.condition('Progressing'), { status: 'Unknown', reason: 'DeploymentPaused', message: 'Deployment is paused' });
  rig.setImage(v2);
  rig.settle();
  t.deepEqual(rig.sizes(), { [v1]: 3 });
  rig.edit((d) => {
    d.spec!.replicas = 5;
  });
  rig.settle();
  t.deepEqual(rig.sizes(), { [v1]: 5 });
  t.like(rig.deployment().status, { replicas: 5, observedGeneration: rig.deployment().metadata!.generation });
  rig.edit((d) => {
    d.spec!.paused = false;
  });
  // The resumed condition and the new ReplicaSet's go out in one status write here (Kubernetes
  // writes them one after the other): the latter is what is read.
  rig.round();
  t.like(rig.condition('Progressing'), { status: 'True', reason: 'NewReplicaSetCreated' });
  rig.settle();
  t.deepEqual(rig.sizes(), { [v1]: 0, [v2]: 5 });
  t.like(rig.condition('Progressing'), { status: 'True', reason: 'NewReplicaSetAvailable' });
});

test('deployment: scaled mid-rollout, the extra replicas are shared in proportion (docs: 10 -> 15 gives 3 to the old, 2 to the new)', (t) => {
  const rig = new Rig().create({ replicas: 10, maxSurge: 3, maxUnavailable: 2 });
  rig.settle();
  rig.grow = (rs) => (rs.spec!.template!.spec!.containers[0]!.image === 'nginx:sometag' ? 0 : Infinity);
  rig.setImage('nginx:sometag');
  rig.settle();
  t.deepEqual(rig.sizes(), { [v1]: 8, 'nginx:sometag': 5 });
  rig.events.length = 0;
  rig.edit((d) => {
    d.spec!.replicas = 15;
  });
  rig.settle();
  t.deepEqual(rig.sizes(), { [v1]: 11, 'nginx:sometag': 7 });
  t.is(rig.events.filter((e) => e.includes('Scaled up')).length, 2);
  for (const rs of rig.replicaSets()) {
    t.is(rs.metadata!.annotations!['deployment.kubernetes.io/desired-replicas'], '15');
    t.is(rs.metadata!.annotations!['deployment.kubernetes.io/max-replicas'], '18');
  }
  // Scaling down to 0 empties both.
  rig.edit((d) => {
    d.spec!.replicas = 0;
  });
  rig.settle();
  t.deepEqual(rig.sizes(), { [v1]: 0, 'nginx:sometag': 0 });
});

test('deployment: revisionHistoryLimit keeps that many old ReplicaSets once the rollout is complete', (t) => {
  const rig = new Rig().create({ replicas: 2, revisionHistoryLimit: 2 });
  rig.settle();
  for (const tag of ['1.15', '1.16', '1.17', '1.18']) {
    rig.setImage(`nginx:${tag}`);
    rig.settle();
  }
  t.deepEqual(rig.sizes(), { 'nginx:1.16': 0, 'nginx:1.17': 0, 'nginx:1.18': 2 });
  t.deepEqual(
    rig.replicaSets().map((rs) => rs.metadata!.annotations!['deployment.kubernetes.io/revision']).sort(),
    ['3', '4', '5'],
  );
});

test('deployment: a ReplicaSet ReplicaFailure condition is carried to the Deployment, and dropped with it', (t) => {
  const rig = new Rig().create({ replicas: 2 });
  rig.settle();
  const rs = rig.replicaSets()[0]!;
  const failure = { type: 'ReplicaFailure', status: 'True', reason: 'FailedCreate', message: 'pods "web-x" is forbidden: exceeded quota', lastTransitionTime: '2026-01-01T00:00:30Z' };
  const withFailure = { ...(rs as KubeObject), apiVersion: 'apps/v1', kind: 'ReplicaSet', status: { ...rs.status, conditions: [failure] } };
  rig.loop.apply(updateCall(withFailure, { subresource: 'status' }));
  rig.round();
  t.like(rig.condition('ReplicaFailure'), { status: 'True', reason: 'FailedCreate', message: failure.message, lastUpdateTime: failure.lastTransitionTime });
  const cleared = rig.replicaSets()[0]!;
  rig.loop.apply(updateCall({ ...(cleared as KubeObject), apiVersion: 'apps/v1', kind: 'ReplicaSet', status: { ...cleared.status, conditions: [] } }, { subresource: 'status' }));
  rig.round();
  t.is(rig.condition('ReplicaFailure'), undefined);
});
