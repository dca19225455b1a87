import test from 'ava';
import { Rig } from './rig.ts';

test('deployment: a new Deployment gets one ReplicaSet <name>-<hash> at full size, revision 1', (t) => {
  const rig = new Rig().create({ replicas: 3 });
  rig.settle();
  const [rs, ...rest] = rig.replicaSets();
  t.is(rest.length, 0);
  const hash = rs!.metadata!.labels!['pod-template-hash']!;
  t.is(rs!.metadata!.name, `web-${hash}`);
  t.is(rs!.spec!.selector.matchLabels!['pod-template-hash'], hash);
  t.is(rs!.spec!.template!.metadata!.labels!['pod-template-hash'], hash);
  t.is(rs!.spec!.replicas, 3);
  t.is(rs!.metadata!.annotations!['deployment.kubernetes.io/revision'], '1');
  t.is(rs!.metadata!.annotations!['deployment.kubernetes.io/desired-replicas'], '3');
  t.is(rs!.metadata!.annotations!['deployment.kubernetes.io/max-replicas'], '4');
  t.deepEqual(rs!.metadata!.ownerReferences!.map((r) => [r.kind, r.name, r.controller]), [['Deployment', 'web', true]]);
  const d = rig.deployment();
  t.is(d.metadata!.annotations!['deployment.kubernetes.io/revision'], '1');
  t.like(d.status, { replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3, observedGeneration: 1 });
  t.is(d.status!.unavailableReplicas, undefined);
  t.like(rig.condition('Available'), { status: 'True', reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.' });
  t.like(rig.condition('Progressing'), { status: 'True', reason: 'NewReplicaSetAvailable', message: `ReplicaSet "${rs!.metadata!.name}" has successfully progressed.` });
  t.deepEqual(rig.events, [`ScalingReplicaSet: Scaled up replica set ${rs!.metadata!.name} to 3`]);
});

const names = (rig: Rig) => {
  const [oldRS, newRS] = [...rig.replicaSets()].sort((a, b) => (a.spec!.template!.spec!.containers[0]!.image! < b.spec!.template!.spec!.containers[0]!.image! ? -1 : 1));
  return { old: oldRS!.metadata!.name!, fresh: newRS!.metadata!.name! };
};

test('deployment: rolling update 10 replicas, maxSurge 3, maxUnavailable 2, pods ready at once: step by step', (t) => {
  const rig = new Rig().create({ replicas: 10, maxSurge: 3, maxUnavailable: 2 });
  rig.settle();
  rig.events.length = 0;
  rig.setImage('nginx:1.16.1');
  const steps: Record<string, number>[] = [];
  for (let i = 0; i < 6; i++) {
    rig.round();
    steps.push(rig.sizes());
  }
  const v1 = 'nginx:1.14.2';
  const v2 = 'nginx:1.16.1';
  t.deepEqual(steps, [
    // Created at 3 (13 pods in all); the old may lose 13 - 8 - 3 unavailable new = 2 at once.
    { [v1]: 8, [v2]: 3 },
    { [v1]: 8, [v2]: 5 },
    { [v1]: 3, [v2]: 5 },
    { [v1]: 3, [v2]: 10 },
    { [v1]: 0, [v2]: 10 },
    { [v1]: 0, [v2]: 10 },
  ]);
  const { old, fresh } = names(rig);
  t.deepEqual(rig.events, [
    `ScalingReplicaSet: Scaled up replica set ${fresh} to 3`,
    `ScalingReplicaSet: Scaled down replica set ${old} to 8 from 10`,
    `ScalingReplicaSet: Scaled up replica set ${fresh} to 5 from 3`,
    `ScalingReplicaSet: Scaled down replica set ${old} to 3 from 8`,
    `ScalingReplicaSet: Scaled up replica set ${fresh} to 10 from 5`,
    `ScalingReplicaSet: Scaled down replica set ${old} to 0 from 3`,
  ]);
  const d = rig.deployment();
  t.is(d.metadata!.annotations!['deployment.kubernetes.io/revision'], '2');
  t.is(d.metadata!.generation, 2);
  t.like(d.status, { replicas: 10, updatedReplicas: 10, availableReplicas: 10, observedGeneration: 2 });
  t.like(rig.condition('Progressing'), { status: 'True', reason: 'NewReplicaSetAvailable', message: `ReplicaSet "${fresh}" has successfully progressed.` });
  const rsOld = rig.replicaSets().find((rs) => rs.metadata!.name === old)!;
  t.is(rsOld.metadata!.annotations!['deployment.kubernetes.io/revision'], '1');
  t.is(rig.replicaSets().find((rs) => rs.metadata!.name === fresh)!.metadata!.annotations!['deployment.kubernetes.io/revision'], '2');
});

test('deployment: new pods never ready: the rollout stops at maxUnavailable below and maxSurge above, then times out', (t) => {
  const rig = new Rig().create({ replicas: 10, maxSurge: 3, maxUnavailable: 2, progressDeadlineSeconds: 60 });
  rig.settle();
  rig.grow = (rs) => (rs.spec!.template!.spec!.containers[0]!.image === 'nginx:1.16.1' ? 0 : Infinity);
  rig.setImage('nginx:1.16.1');
  rig.settle();
  const v1 = 'nginx:1.14.2';
  const v2 = 'nginx:1.16.1';
  t.deepEqual(rig.sizes(), { [v1]: 8, [v2]: 5 });
  t.like(rig.deployment().status, { replicas: 13, updatedReplicas: 5, availableReplicas: 8, unavailableReplicas: 5 });
  t.like(rig.condition('Available'), { status: 'True', reason: 'MinimumReplicasAvailable' });
  t.like(rig.condition('Progressing'), { status: 'True', reason: 'ReplicaSetUpdated' });
  // The controller asked to look again when the deadline passes.
  const last = rig.loop.rounds.at(-1)!;
  t.true(last.requeueAfter !== undefined && last.requeueAfter <= 60_000);
  rig.round(61_000);
  rig.round(1000);
  const { fresh } = names(rig);
  t.like(rig.condition('Progressing'), { status: 'False', reason: 'ProgressDeadlineExceeded', message: `ReplicaSet "${fresh}" has timed out progressing.` });
  t.deepEqual(rig.sizes(), { [v1]: 8, [v2]: 5 });
});

test('deployment: default 25%/25% on 3 replicas rounds to surge 1 and unavailable 0: never fewer than 3 available', (t) => {
  const rig = new Rig().create({ replicas: 3 });
  rig.settle();
  rig.setImage('nginx:1.16.1');
  const seen: number[] = [];
  for (let i = 0; i < 12; i++) {
    rig.round();
    const rss = rig.replicaSets();
    seen.push(rss.reduce((n, rs) => n + rs.spec!.replicas!, 0));
    t.true(rss.reduce((n, rs) => n + (rs.status?.availableReplicas ?? 0), 0) >= 3);
  }
  t.true(seen.every((n) => n <= 4));
  t.deepEqual(rig.sizes(), { 'nginx:1.14.2': 0, 'nginx:1.16.1': 3 });
});
