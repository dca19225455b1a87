// computePodActions against the cases of kuberuntime_manager_test.go (TestComputePodActions and
// its init-container and sidecar variants): given a pod and the runtime's state, the actions.

import test from 'ava';
import { computePodActions } from '../../../../actors/kubelet/sync/pod-actions.ts';
import type { ContainerStatus, PodSandboxStatus } from '../../../../protocols/kube/cri.ts';
import type { Pod } from '../../../../protocols/kube/objects.ts';
import { container, pod, sandbox } from './fixtures.ts';

const now = 100_000;
const run = (p: Pod, sandboxes: PodSandboxStatus[], containers: ContainerStatus[], extra = {}) => computePodActions(p, { sandboxes, containers }, { now, ...extra });
const running = (p: Pod) => (p.spec!.containers.map((c) => container(p, c.name, 'CONTAINER_RUNNING')));

test('a new pod: create the sandbox (attempt 0) and start every container', (t) => {
  const a = run(pod(), [], []);
  t.like(a, { killPod: true, createSandbox: true, attempt: 0, sandboxId: '' });
  t.deepEqual(a.containersToStart, [0, 1, 2]);
  t.is(a.sandboxChanged, undefined);
});

test('everything running and unchanged: nothing to do', (t) => {
  const p = pod();
  const a = run(p, [sandbox()], running(p));
  t.like(a, { killPod: false, createSandbox: false, sandboxId: 'sandbox-1', attempt: 0 });
  t.deepEqual([a.containersToStart, a.containersToKill, a.initContainersToStart], [[], [], []]);
});

const exitedCases: [string, number[]][] = [['Always', [0, 1]], ['OnFailure', [1]], ['Never', []]];
for (const [policy, toStart] of exitedCases) {
  test(`exited containers (codes 0 and 1) with restartPolicy ${policy}: start ${JSON.stringify(toStart)}`, (t) => {
    const p = pod({ restartPolicy: policy });
    const cs = [container(p, 'foo1', 'CONTAINER_EXITED', { exitCode: 0 }), container(p, 'foo2', 'CONTAINER_EXITED', { exitCode: 1 }), container(p, 'foo3', 'CONTAINER_RUNNING')];
    const a = run(p, [sandbox()], cs);
    t.deepEqual(a.containersToStart, toStart);
    t.false(a.killPod);
  });
}

test('a dead sandbox with restartPolicy Always: kill the pod, new sandbox with attempt+1, start all', (t) => {
  const p = pod();
  const a = run(p, [sandbox({ state: 'SANDBOX_NOTREADY', attempt: 2 })], running(p));
  t.like(a, { killPod: true, createSandbox: true, attempt: 3, sandboxId: 'sandbox-1', sandboxChanged: 'NotReady' });
  t.deepEqual(a.containersToStart, [0, 1, 2]);
});

test('a dead sandbox with OnFailure: recreate all but the container that succeeded', (t) => {
  const p = pod({ restartPolicy: 'OnFailure' });
  const cs = [container(p, 'foo1', 'CONTAINER_RUNNING'), container(p, 'foo2', 'CONTAINER_EXITED', { exitCode: 0 }), container(p, 'foo3', 'CONTAINER_RUNNING')];
  const a = run(p, [sandbox({ state: 'SANDBOX_NOTREADY' })], cs);
  t.like(a, { killPod: true, createSandbox: true, attempt: 1 });
  t.deepEqual(a.containersToStart, [0, 2]);
});

test('a sandbox without an IP is recreated; a host-network pod does not need one', (t) => {
  const p = pod();
  t.like(run(p, [sandbox({ ip: '' })], running(p)), { killPod: true, createSandbox: true, attempt: 1, sandboxChanged: 'NoIP' });
  const h = pod({ spec: { hostNetwork: true } });
  t.like(run(h, [sandbox({ ip: '' })], running(h)), { killPod: false, createSandbox: false });
});

test('several ready sandboxes are reconciled into a new one', (t) => {
  const p = pod();
  const a = run(p, [sandbox({ id: 'a', attempt: 0, createdAt: 1 }), sandbox({ id: 'b', attempt: 1, createdAt: 2 })], running(p));
  t.like(a, { killPod: true, createSandbox: true, attempt: 2, sandboxId: 'b', sandboxChanged: 'MultipleReady' });
});

test('a changed container spec (hash) kills and restarts that container whatever the policy', (t) => {
  const p = pod({ restartPolicy: 'Never' });
  const cs = running(p);
  cs[1] = container(p, 'foo2', 'CONTAINER_RUNNING', { hash: 'deadbeef', id: 'c2' });
  const a = run(p, [sandbox()], cs);
  t.deepEqual(a.containersToStart, [1]);
  t.deepEqual(a.containersToKill, [{ containerId: 'c2', name: 'foo2', reason: '', message: 'Container foo2 definition changed, will be restarted', gracePeriodSeconds: 30 }]);
});

test('a failed liveness probe kills and restarts the container (Always), kills only (Never)', (t) => {
  for (const [policy, start, msg] of [['Always', [1], 'Container foo2 failed liveness probe, will be restarted'], ['Never', [], 'Container foo2 failed liveness probe']] as const) {
    const p = pod({ restartPolicy: policy });
    const cs = running(p);
    const a = run(p, [sandbox()], cs, { liveness: { foo2: 'Failure' } });
    t.deepEqual(a.containersToStart, start);
    t.deepEqual(a.containersToKill.map((k) => [k.name, k.reason, k.message]), [['foo2', 'LivenessProbe', msg]]);
    t.false(a.killPod);
  }
});

test("a failed startup probe kills the container, with the probe's own grace period when it has one", (t) => {
  const p = pod();
  p.spec!.containers[2] = { name: 'foo3', image: 'busybox', startupProbe: { exec: { command: ['true'] }, terminationGracePeriodSeconds: 5 } };
  const a = run(p, [sandbox()], running(p), { startup: { foo3: 'Failure' } });
  t.deepEqual(a.containersToKill.map((k) => [k.name, k.reason, k.message, k.gracePeriodSeconds]), [['foo3', 'StartupProbe', 'Container foo3 failed startup probe, will be restarted', 5]]);
  t.deepEqual(a.containersToStart, [2]);
});

test('a container in unknown state is killed before it is started again', (t) => {
  const p = pod();
  const cs = running(p);
  cs[0] = container(p, 'foo1', 'CONTAINER_UNKNOWN', { id: 'u1' });
  const a = run(p, [sandbox()], cs);
  t.deepEqual(a.containersToStart, [0]);
  t.deepEqual(a.containersToKill.map((k) => [k.containerId, k.reason, k.message]), [['u1', 'Unknown', 'Container is in "unknown" state, try killing it before restart']]);
});

test('all containers exited and restartPolicy Never: kill the pod, start nothing', (t) => {
  const p = pod({ restartPolicy: 'Never' });
  const cs = p.spec!.containers.map((c) => container(p, c.name, 'CONTAINER_EXITED', { exitCode: 1 }));
  t.like(run(p, [sandbox()], cs), { killPod: true, createSandbox: false, containersToStart: [] });
});

test('no ready sandbox, Never, containers exited: no new sandbox; never any container: a new one', (t) => {
  const p = pod({ restartPolicy: 'Never' });
  const cs = p.spec!.containers.map((c) => container(p, c.name, 'CONTAINER_EXITED', { exitCode: 0 }));
  t.like(run(p, [sandbox({ state: 'SANDBOX_NOTREADY' })], cs), { killPod: true, createSandbox: false, attempt: 1 });
  const fresh = run(p, [sandbox({ state: 'SANDBOX_NOTREADY' })], []);
  t.like(fresh, { killPod: true, createSandbox: true, attempt: 1 });
  t.deepEqual(fresh.containersToStart, [0, 1, 2]);
});

test('no ready sandbox, OnFailure, every container succeeded: no new sandbox', (t) => {
  const p = pod({ restartPolicy: 'OnFailure' });
  const cs = p.spec!.containers.map((c) => container(p, c.name, 'CONTAINER_EXITED', { exitCode: 0 }));
  t.like(run(p, [sandbox({ state: 'SANDBOX_NOTREADY' })], cs), { killPod: true, createSandbox: false });
});

test('a container in back-off is not started but reported as backing off', (t) => {
  const p = pod();
  const cs = [container(p, 'foo1', 'CONTAINER_EXITED', { exitCode: 1 }), container(p, 'foo2', 'CONTAINER_EXITED', { exitCode: 1 }), container(p, 'foo3', 'CONTAINER_RUNNING')];
  const a = run(p, [sandbox()], cs, { inBackOff: (n: string) => n === 'foo1' });
  t.deepEqual(a.containersToStart, [1]);
  t.deepEqual(a.backingOff, [{ name: 'foo1', init: false, index: 0 }]);
  t.false(a.killPod);
});

test('a pod being deleted restarts no exited container', (t) => {
  const p = pod();
  p.metadata!.deletionTimestamp = '2026-01-01T00:00:00Z';
  const cs = [container(p, 'foo1', 'CONTAINER_EXITED', { exitCode: 1 }), container(p, 'foo2', 'CONTAINER_RUNNING'), container(p, 'foo3', 'CONTAINER_RUNNING')];
  t.deepEqual(run(p, [sandbox()], cs).containersToStart, []);
});
