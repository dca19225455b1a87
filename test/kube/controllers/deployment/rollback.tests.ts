import test from 'ava';
import { patchCall } from '../../../../actors/client/index.ts';
import { rollbackPatch } from '../../../../actors/kube-controller-manager/deployment/rollback.ts';
import { Rig } from './rig.ts';

const v1 = 'nginx:1.14.2';
const v2 = 'nginx:1.16.1';

function rolledOut(): Rig {
  const rig = new Rig().create({ replicas: 3 });
  rig.settle();
  rig.setImage(v2);
  rig.settle();
  return rig;
}

test('rollout undo: the JSON patch kubectl sends replaces the template (hash label out) and the annotations', (t) => {
  const rig = rolledOut();
  const plan = rollbackPatch(rig.deployment(), rig.replicaSets());
  if (plan.kind !== 'patch') return t.fail(JSON.stringify(plan));
  t.is(plan.patchType, 'json');
  t.is(plan.toRevision, 1);
  const ops = JSON.parse(plan.patch) as { op: string; path: string; value: any }[];
  t.deepEqual(ops.map((o) => [o.op, o.path]), [['replace', '/spec/template'], ['replace', '/metadata/annotations']]);
  t.deepEqual(ops[0]!.value.metadata.labels, { app: 'web' });
  t.is(ops[0]!.value.spec.containers[0].image, v1);
  // The Deployment's own revision annotation is kept; the ReplicaSet's controller annotations are not copied.
  t.deepEqual(ops[1]!.value, { 'deployment.kubernetes.io/revision': '2' });
});

test('rollout undo: applied, the old ReplicaSet comes back to full size with revision 3 and the new one goes to 0', (t) => {
  const rig = rolledOut();
  const oldRS = rig.replicaSets().find((rs) => rs.spec!.template!.spec!.containers[0]!.image === v1)!;
  const plan = rollbackPatch(rig.deployment(), rig.replicaSets());
  if (plan.kind !== 'patch') return t.fail(JSON.stringify(plan));
  rig.loop.apply(patchCall('deployments', 'web', plan.patchType, plan.patch, { namespace: 'default' }));
  rig.settle();
  t.deepEqual(rig.sizes(), { [v1]: 3, [v2]: 0 });
  const back = rig.replicaSets().find((rs) => rs.metadata!.name === oldRS.metadata!.name)!;
  t.is(back.metadata!.annotations!['deployment.kubernetes.io/revision'], '3');
  t.is(back.metadata!.annotations!['deployment.kubernetes.io/revision-history'], '1');
  t.is(rig.deployment().metadata!.annotations!['deployment.kubernetes.io/revision'], '3');
  t.is(rig.replicaSets().length, 2);
  t.like(rig.deployment().status, { replicas: 3, updatedReplicas: 3, availableReplicas: 3 });
  // Undo again goes back to revision 2 (now the second newest), which becomes 4.
  const again = rollbackPatch(rig.deployment(), rig.replicaSets());
  t.like(again, { kind: 'patch', toRevision: 2 });
});

test('rollout undo: to a given revision, to the current one (skipped), to a missing one, and on a paused Deployment', (t) => {
  const rig = rolledOut();
  t.like(rollbackPatch(rig.deployment(), rig.replicaSets(), 1), { kind: 'patch', toRevision: 1 });
  t.deepEqual(rollbackPatch(rig.deployment(), rig.replicaSets(), 2), { kind: 'skipped', message: 'skipped rollback (current template already matches revision 2)' });
  t.deepEqual(rollbackPatch(rig.deployment(), rig.replicaSets(), 7), { kind: 'error', message: 'unable to find specified revision 7 in history' });
  const paused = { ...rig.deployment(), spec: { ...rig.deployment().spec!, paused: true } };
  t.like(rollbackPatch(paused, rig.replicaSets()), { kind: 'error', message: "you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again" });
  const fresh = new Rig().create({ replicas: 1 });
  fresh.settle();
  t.deepEqual(rollbackPatch(fresh.deployment(), fresh.replicaSets()), { kind: 'error', message: 'no rollout history found for deployment "web"' });
});
