// Init containers and sidecars in computePodActions, after TestComputePodActionsWithInitContainers
// and TestComputePodActionsWithRestartableInitContainers.

import test from 'ava';
import { computePodActions } from '../../../../actors/kubelet/sync/pod-actions.ts';
import type { ContainerStatus, PodSandboxStatus } from '../../../../protocols/kube/cri.ts';
import type { Pod } from '../../../../protocols/kube/objects.ts';
import { container, pod, sandbox } from './fixtures.ts';

const run = (p: Pod, sandboxes: PodSandboxStatus[], containers: ContainerStatus[], extra = {}) => computePodActions(p, { sandboxes, containers }, { now: 0, ...extra });
const withInits = (policy = 'Always') => pod({ inits: ['init1', 'init2', 'init3'], restartPolicy: policy });

test('no init container started yet: start the first one only', (t) => {
  const a = run(withInits(), [sandbox()], []);
  t.deepEqual([a.initContainersToStart, a.containersToStart], [[0], []]);
  t.false(a.killPod);
});

test('an init container running: wait', (t) => {
  const p = withInits();
  const a = run(p, [sandbox()], [container(p, 'init1', 'CONTAINER_EXITED'), container(p, 'init2', 'CONTAINER_RUNNING')]);
  t.deepEqual([a.initContainersToStart, a.containersToStart, a.containersToKill], [[], [], []]);
});

test('an init container done: start the next one', (t) => {
  const p = withInits();
  t.deepEqual(run(p, [sandbox()], [container(p, 'init1', 'CONTAINER_EXITED')]).initContainersToStart, [1]);
});

test('initialization completed: start every regular container', (t) => {
  const p = withInits();
  const cs = ['init1', 'init2', 'init3'].map((n) => container(p, n, 'CONTAINER_EXITED'));
  const a = run(p, [sandbox()], cs);
  t.deepEqual([a.initContainersToStart, a.containersToStart], [[], [0, 1, 2]]);
});

test('earlier init statuses garbage-collected but the last succeeded: still initialized', (t) => {
  const p = withInits();
  t.deepEqual(run(p, [sandbox()], [container(p, 'init3', 'CONTAINER_EXITED')]).containersToStart, [0, 1, 2]);
});

test('a dead sandbox: kill the pod and start over from the first init container', (t) => {
  const p = withInits();
  const a = run(p, [sandbox({ state: 'SANDBOX_NOTREADY' })], [container(p, 'init1', 'CONTAINER_EXITED'), container(p, 'init2', 'CONTAINER_RUNNING')]);
  t.like(a, { killPod: true, createSandbox: true, attempt: 1 });
  t.deepEqual([a.initContainersToStart, a.containersToStart], [[0], []]);
});

test('an init container failed: restart it (Always, OnFailure), kill the pod (Never)', (t) => {
  for (const policy of ['Always', 'OnFailure']) {
    const p = withInits(policy);
    const a = run(p, [sandbox()], [container(p, 'init1', 'CONTAINER_EXITED'), container(p, 'init2', 'CONTAINER_EXITED', { exitCode: 137 })]);
    t.deepEqual(a.initContainersToStart, [1], policy);
    t.false(a.killPod);
  }
  const p = withInits('Never');
  const a = run(p, [sandbox()], [container(p, 'init1', 'CONTAINER_EXITED'), container(p, 'init2', 'CONTAINER_EXITED', { exitCode: 137 })]);
  t.like(a, { killPod: true, initContainersToStart: [], containersToStart: [] });
});

test('an OOM-killed init container counts as failed', (t) => {
  const p = withInits('Never');
  t.true(run(p, [sandbox()], [container(p, 'init1', 'CONTAINER_EXITED', { exitCode: 0, reason: 'OOMKilled' })]).killPod);
});

test('an init container in unknown state: kill and restart it (Always), kill the pod (Never)', (t) => {
  const p = withInits();
  const a = run(p, [sandbox()], [container(p, 'init1', 'CONTAINER_UNKNOWN', { id: 'i1' })]);
  t.deepEqual(a.initContainersToStart, [0]);
  t.deepEqual(a.containersToKill.map((k) => [k.containerId, k.message]), [['i1', 'Init container is in "unknown" state, try killing it before restart']]);
  const n = withInits('Never');
  t.true(run(n, [sandbox()], [container(n, 'init1', 'CONTAINER_UNKNOWN')]).killPod);
});

test('sandbox dead, Never, an init container failed: kill only, no new sandbox', (t) => {
  const p = withInits('Never');
  const a = run(p, [sandbox({ state: 'SANDBOX_NOTREADY' })], [container(p, 'init1', 'CONTAINER_EXITED', { exitCode: 1 })]);
  t.like(a, { killPod: true, createSandbox: false, attempt: 1 });
});

const withSidecars = () => {
  const p = pod({ sidecars: ['side1', 'side2'], containers: ['app'] });
  p.spec!.initContainers![1] = { ...p.spec!.initContainers![1]!, startupProbe: { exec: { command: ['true'] } }, livenessProbe: { exec: { command: ['true'] } } };
  return p;
};

test('sidecars start in order: the next one once the previous is running', (t) => {
  const p = withSidecars();
  t.deepEqual(run(p, [sandbox()], [container(p, 'side1', 'CONTAINER_RUNNING')]).initContainersToStart, [1]);
});

test("a sidecar with a startup probe holds the next step until the probe succeeds, and is restarted when it fails", (t) => {
  const p = withSidecars();
  const cs = [container(p, 'side1', 'CONTAINER_RUNNING'), container(p, 'side2', 'CONTAINER_RUNNING', { id: 's2' })];
  t.deepEqual(run(p, [sandbox()], cs).containersToStart, []);
  t.deepEqual(run(p, [sandbox()], cs, { startup: { side2: 'Success' } }).containersToStart, [0]);
  const failed = run(p, [sandbox()], cs, { startup: { side2: 'Failure' } });
  t.deepEqual([failed.initContainersToStart, failed.containersToStart], [[1], []]);
  t.deepEqual(failed.containersToKill.map((k) => [k.containerId, k.reason, k.message]), [['s2', 'StartupProbe', 'Init container side2 failed startup probe']]);
});

test('a sidecar failing liveness is restarted while the app keeps running', (t) => {
  const p = withSidecars();
  const cs = [container(p, 'side1', 'CONTAINER_RUNNING'), container(p, 'side2', 'CONTAINER_RUNNING', { id: 's2' }), container(p, 'app', 'CONTAINER_RUNNING')];
  const a = run(p, [sandbox()], cs, { startup: { side2: 'Success' }, liveness: { side2: 'Failure' } });
  t.deepEqual([a.initContainersToStart, a.containersToStart, a.killPod], [[1], [], false]);
  t.deepEqual(a.containersToKill.map((k) => k.message), ['Init container side2 failed liveness probe']);
});

test('an exited sidecar is restarted whatever the pod restartPolicy', (t) => {
  const p = withSidecars();
  p.spec!.restartPolicy = 'Never';
  const cs = [container(p, 'side1', 'CONTAINER_EXITED', { exitCode: 0 }), container(p, 'side2', 'CONTAINER_RUNNING'), container(p, 'app', 'CONTAINER_RUNNING')];
  t.deepEqual(run(p, [sandbox()], cs, { startup: { side2: 'Success' } }).initContainersToStart, [0]);
});

test('a sidecar stuck in created is started again', (t) => {
  const p = withSidecars();
  t.deepEqual(run(p, [sandbox()], [container(p, 'side1', 'CONTAINER_CREATED')]).initContainersToStart, [0]);
});

test('once every regular container finished (Never), the pod is killed and sidecars are not restarted', (t) => {
  const p = withSidecars();
  p.spec!.restartPolicy = 'Never';
  const cs = [container(p, 'side1', 'CONTAINER_EXITED', { exitCode: 1 }), container(p, 'side2', 'CONTAINER_RUNNING'), container(p, 'app', 'CONTAINER_EXITED', { exitCode: 0 })];
  t.like(run(p, [sandbox()], cs, { startup: { side2: 'Success' } }), { killPod: true, initContainersToStart: [], containersToStart: [] });
});

test('a running sidecar whose image changed is killed and started again', (t) => {
  const p = withSidecars();
  const cs = [container(p, 'side1', 'CONTAINER_RUNNING', { id: 's1', hash: 'stale' }), container(p, 'side2', 'CONTAINER_RUNNING'), container(p, 'app', 'CONTAINER_RUNNING')];
  const a = run(p, [sandbox()], cs, { startup: { side2: 'Success' } });
  t.deepEqual([a.initContainersToStart, a.containersToStart, a.killPod], [[0], [], false]);
  t.deepEqual(a.containersToKill.map((k) => [k.containerId, k.message]), [['s1', 'Init container side1 definition changed']]);
});
