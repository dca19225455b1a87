// generateAPIPodStatus: what the kubelet writes for a pod at each step of its life, the status of
// a pod it is done with, and the status patch.

import test from 'ava';
import { generateAPIPodStatus, terminatedPodStatus } from '../../../../actors/kubelet/status/pod-status.ts';
import { podStatusPatch } from '../../../../actors/kubelet/status/status-patch.ts';
import { sortPodIPs } from '../../../../actors/kubelet/status/pod-ips.ts';
import { checkContainerStateTransition } from '../../../../actors/kubelet/status/transition.ts';
import type { ContainerStatus, PodSandboxStatus } from '../../../../protocols/kube/cri.ts';
import type { Pod } from '../../../../protocols/kube/objects.ts';
import { rfc3339, DEFAULT_EPOCH_MS } from '../../../../protocols/kube/time.ts';
import { container, pod, sandbox } from '../sync/fixtures.ts';

const at = (ms: number) => rfc3339(DEFAULT_EPOCH_MS + ms);
const base = { qosClass: 'BestEffort' as const, hostIPs: ['10.0.0.2'] };
const gen = (p: Pod, sandboxes: PodSandboxStatus[], containers: ContainerStatus[], extra = {}) =>
  generateAPIPodStatus(p, { sandboxes, containers }, { now: 5000, ...base, ...extra });
const cond = (st: ReturnType<typeof gen>, type: string) => st.conditions?.find((c) => c.type === type);

test('a pod whose sandbox is being created: Pending, ContainerCreating, conditions with their reasons', (t) => {
  const p = pod({ containers: ['nginx'] });
  const st = gen(p, [], []);
  t.is(st.phase, 'Pending');
  t.deepEqual(st.conditions?.map((c) => [c.type, c.status]), [['PodReadyToStartContainers', 'False'], ['Initialized', 'True'], ['Ready', 'False'], ['ContainersReady', 'False'], ['PodScheduled', 'True']]);
  t.like(cond(st, 'ContainersReady'), { reason: 'ContainersNotReady', message: 'containers with unready status: [nginx]' });
  t.like(cond(st, 'Ready'), { reason: 'ContainersNotReady', message: 'containers with unready status: [nginx]' });
  t.deepEqual(st.containerStatuses, [{ name: 'nginx', state: { waiting: { reason: 'ContainerCreating' } }, lastState: {}, ready: false, started: false, restartCount: 0, image: 'busybox', imageID: '' }]);
  t.is(st.startTime, at(5000));
  t.is(st.hostIP, '10.0.0.2');
  t.deepEqual(st.hostIPs, [{ ip: '10.0.0.2' }]);
  t.is(st.podIP, undefined);
});

test('a running container without probes: Running, ready, started, its IDs and times', (t) => {
  const p = pod({ containers: ['nginx'] });
  const c = container(p, 'nginx', 'CONTAINER_RUNNING', { id: 'abc', createdAt: 100 });
  const st = gen(p, [sandbox()], [c]);
  t.is(st.phase, 'Running');
  t.true(st.conditions!.every((x) => x.status === 'True'));
  t.like(st.containerStatuses![0], { ready: true, started: true, containerID: 'containerd://abc', imageID: 'docker.io/library/busybox@sha256:abc', state: { running: { startedAt: at(101) } } });
  t.is(st.podIP, '10.244.1.5');
  t.deepEqual(st.podIPs, [{ ip: '10.244.1.5' }]);
  t.is(st.qosClass, 'BestEffort');
});

test('a readiness probe without a result yet keeps the container unready; its success makes it ready', (t) => {
  const p = pod({ containers: ['nginx', 'side'] });
  p.spec!.containers[0]!.readinessProbe = { httpGet: { port: 80 } };
  const cs = [container(p, 'nginx', 'CONTAINER_RUNNING'), container(p, 'side', 'CONTAINER_RUNNING')];
  const st = gen(p, [sandbox()], cs);
  t.like(cond(st, 'Ready'), { status: 'False', message: 'containers with unready status: [nginx]' });
  t.like(cond(gen(p, [sandbox()], cs, { readiness: { nginx: 'Success' } }), 'Ready'), { status: 'True' });
  t.like(cond(gen(p, [sandbox()], cs, { readiness: { nginx: 'Failure', side: 'Failure' } }), 'ContainersReady'), { message: 'containers with unready status: [nginx side]' });
});

test('lastTransitionTime stays while a condition keeps its status and moves when it flips', (t) => {
  const p = pod({ containers: ['nginx'] });
  const first = gen(p, [], []);
  const c = container(p, 'nginx', 'CONTAINER_RUNNING');
  const second = generateAPIPodStatus(p, { sandboxes: [sandbox()], containers: [c] }, { now: 9000, ...base, previous: first });
  t.is(cond(second, 'Initialized')?.lastTransitionTime, at(5000));
  t.is(cond(second, 'Ready')?.lastTransitionTime, at(9000));
  t.is(second.startTime, at(5000), 'startTime is kept once set');
});

test('a crash-looping container: waiting CrashLoopBackOff with the back-off message, lastState terminated, restartCount', (t) => {
  const p = pod({ containers: ['nginx'] });
  const c = container(p, 'nginx', 'CONTAINER_EXITED', { exitCode: 1, restartCount: 2, id: 'x2' });
  const waiting = { nginx: { reason: 'CrashLoopBackOff', message: 'back-off 40s restarting failed container=nginx pod=foo_new(12345678)' } };
  const st = gen(p, [sandbox()], [c], { waiting });
  const cs = st.containerStatuses![0]!;
  t.deepEqual(cs.state, { waiting: waiting.nginx });
  t.like(cs.lastState, { terminated: { exitCode: 1, reason: 'Error', containerID: 'containerd://x2' } });
  t.is(cs.restartCount, 2);
  t.is(st.phase, 'Running');
});

test('the container before the latest one gives lastState', (t) => {
  const p = pod({ containers: ['nginx'] });
  const old = container(p, 'nginx', 'CONTAINER_EXITED', { exitCode: 137, reason: 'OOMKilled', createdAt: 10, id: 'old' });
  const now = container(p, 'nginx', 'CONTAINER_RUNNING', { restartCount: 1, createdAt: 20, id: 'new' });
  const cs = gen(p, [sandbox()], [now, old]).containerStatuses![0]!;
  t.like(cs, { containerID: 'containerd://new', restartCount: 1, lastState: { terminated: { exitCode: 137, reason: 'OOMKilled', containerID: 'containerd://old' } } });
});

test('init containers: regular ones wait PodInitializing; Initialized names the incomplete ones', (t) => {
  const p = pod({ inits: ['setup'], containers: ['app'] });
  const st = gen(p, [sandbox()], [container(p, 'setup', 'CONTAINER_RUNNING')]);
  t.is(st.phase, 'Pending');
  t.like(st.containerStatuses![0], { state: { waiting: { reason: 'PodInitializing' } } });
  t.like(cond(st, 'Initialized'), { status: 'False', reason: 'ContainersNotInitialized', message: 'containers with incomplete status: [setup]' });
  const done = gen(p, [sandbox()], [container(p, 'setup', 'CONTAINER_EXITED'), container(p, 'app', 'CONTAINER_RUNNING')]);
  t.like(done.initContainerStatuses![0], { ready: true, state: { terminated: { exitCode: 0, reason: 'Completed' } } });
  t.like(cond(done, 'Initialized'), { status: 'True' });
  t.is(done.phase, 'Running');
});

test('a completed pod: Succeeded, ContainersReady False with PodCompleted, the last IPs kept', (t) => {
  const p = pod({ containers: ['job'], restartPolicy: 'Never' });
  const running = gen(p, [sandbox()], [container(p, 'job', 'CONTAINER_RUNNING', { createdAt: 10 })]);
  const st = generateAPIPodStatus(p, { sandboxes: [sandbox({ state: 'SANDBOX_NOTREADY' })], containers: [container(p, 'job', 'CONTAINER_EXITED', { createdAt: 10 })] }, { now: 8000, ...base, previous: running, podIsTerminal: true });
  t.is(st.phase, 'Succeeded');
  t.like(cond(st, 'ContainersReady'), { status: 'False', reason: 'PodCompleted' });
  t.like(cond(st, 'PodReadyToStartContainers'), { status: 'False' });
  t.is(st.podIP, '10.244.1.5');
});

test('a terminal phase in the API is never left', (t) => {
  const p = pod({ containers: ['job'], restartPolicy: 'Always' });
  p.status = { phase: 'Failed', reason: 'Evicted', message: 'The node was low on resource: memory.' };
  const st = gen(p, [sandbox()], [container(p, 'job', 'CONTAINER_RUNNING')]);
  t.like(st, { phase: 'Failed', reason: 'Evicted', message: 'The node was low on resource: memory.' });
});

test('pod IPs: one per family, the node family first', (t) => {
  t.deepEqual(sortPodIPs(['fd00:10:244::5', '10.244.1.5', '10.244.1.6'], ['10.0.0.2']), ['10.244.1.5', 'fd00:10:244::5']);
  t.deepEqual(sortPodIPs(['10.244.1.5', 'fd00:10:244::5'], ['fd00:10::2']), ['fd00:10:244::5', '10.244.1.5']);
});

test('the finished pod: containers not terminated become ContainerStatusUnknown, a Running phase becomes Failed', (t) => {
  const p = pod({ containers: ['a', 'b'] });
  const last = gen(p, [sandbox()], [container(p, 'a', 'CONTAINER_RUNNING'), container(p, 'b', 'CONTAINER_EXITED')]);
  const fin = terminatedPodStatus(p, last);
  t.is(fin.phase, 'Failed');
  t.deepEqual(fin.containerStatuses![0]!.state, { terminated: { exitCode: 137, reason: 'ContainerStatusUnknown', message: 'The container could not be located when the pod was terminated' } });
  t.like(fin.containerStatuses![1]!.state, { terminated: { exitCode: 0 } });
});

test('the status patch: null when unchanged; conditions merged by type with their order', (t) => {
  const p = pod({ containers: ['nginx'] });
  const a = gen(p, [], []);
  t.is(podStatusPatch(a, a, '12345678'), null);
  const b = generateAPIPodStatus(p, { sandboxes: [sandbox()], containers: [container(p, 'nginx', 'CONTAINER_RUNNING', { createdAt: 50 })] }, { now: 9000, ...base, previous: a });
  const patch = podStatusPatch(a, b, '12345678')!;
  t.deepEqual(patch.metadata, { uid: '12345678' });
  const status = patch.status as Record<string, unknown>;
  t.deepEqual(status['$setElementOrder/conditions'], ['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled'].map((type) => ({ type })));
  t.deepEqual(status.conditions, [
    { type: 'PodReadyToStartContainers', status: 'True', lastTransitionTime: at(9000) },
    { type: 'Ready', status: 'True', lastTransitionTime: at(9000), reason: null, message: null },
    { type: 'ContainersReady', status: 'True', lastTransitionTime: at(9000), reason: null, message: null },
  ]);
  t.is(status.phase, 'Running');
  t.deepEqual(status.podIPs, [{ ip: '10.244.1.5' }]);
  t.deepEqual(status['$setElementOrder/podIPs'], [{ ip: '10.244.1.5' }]);
  t.true(Array.isArray(status.containerStatuses), 'container statuses are replaced whole');
  t.false('startTime' in status);
});

test('the status manager refuses a terminated container coming back, unless the policy restarts it', (t) => {
  const term = (name: string, exitCode: number) => ({ name, ready: false, restartCount: 0, image: 'x', imageID: '', state: { terminated: { exitCode } } });
  const run = (name: string) => ({ name, ready: false, restartCount: 1, image: 'x', imageID: '', state: { running: {} } });
  const never = pod({ containers: ['a'], restartPolicy: 'Never' });
  t.is(checkContainerStateTransition(never, { containerStatuses: [term('a', 0)] }, { containerStatuses: [run('a')] }), 'terminated container a attempted illegal transition to non-terminated state');
  const onFailure = pod({ containers: ['a'], restartPolicy: 'OnFailure' });
  t.is(checkContainerStateTransition(onFailure, { containerStatuses: [term('a', 1)] }, { containerStatuses: [run('a')] }), null);
  t.not(checkContainerStateTransition(onFailure, { containerStatuses: [term('a', 0)] }, { containerStatuses: [run('a')] }), null);
  t.is(checkContainerStateTransition(pod({ containers: ['a'] }), { containerStatuses: [term('a', 0)] }, { containerStatuses: [run('a')] }), null);
  const side = pod({ sidecars: ['s'], inits: ['i'], containers: ['a'], restartPolicy: 'Never' });
  t.is(checkContainerStateTransition(side, { initContainerStatuses: [term('s', 0)] }, { initContainerStatuses: [run('s')] }), null);
  t.is(checkContainerStateTransition(side, { initContainerStatuses: [term('i', 0)] }, { initContainerStatuses: [run('i')] }), 'terminated init container i attempted illegal transition to non-terminated state');
});
