// Containers in the simulated kernel: create/start/exit with codes, stop with grace, exec,
// logs, connections to a pod IP, the event stream, and containerd's errors.

import test from 'ava';
import { defineActor } from '../../../runtime/index.ts';
import type { ContainerEventResponse } from '../../../protocols/kube/cri.ts';
import { bootNode, containerConfig, errOf, okOf, readySandbox, runningContainer, sandboxConfig } from './harness.ts';

test('a command that exits 3 after 5 s: RUNNING, then EXITED with code 3, reason Error, times from virtual time', async (t) => {
  const node = await bootNode();
  const sb = await readySandbox(node, 'job');
  const id = await runningContainer(node, sb, 'main', ['exit', '3', '5']);
  const started = okOf(await node.call({ type: 'ContainerStatus', containerId: id }), 'ContainerStatus').status;
  t.like(started, { state: 'CONTAINER_RUNNING', exitCode: 0, finishedAt: 0, logPath: '/var/log/pods/default_job_uid-job/main/0.log' });
  t.regex(started.imageRef, /^docker\.io\/library\/nginx@sha256:/);
  await node.sim.advance(5_000);
  const st = okOf(await node.call({ type: 'ContainerStatus', containerId: id }), 'ContainerStatus').status;
  t.like(st, { state: 'CONTAINER_EXITED', exitCode: 3, reason: 'Error' });
  t.is(st.finishedAt - st.startedAt, 5_000);
  node.sim.close();
});

test('exit 0 reads Completed; a second start is refused as containerd refuses it', async (t) => {
  const node = await bootNode();
  const sb = await readySandbox(node, 'job');
  const id = await runningContainer(node, sb, 'main', ['exit', '0', '1']);
  await node.sim.advance(1_000);
  t.like(okOf(await node.call({ type: 'ContainerStatus', containerId: id }), 'ContainerStatus').status, { state: 'CONTAINER_EXITED', exitCode: 0, reason: 'Completed' });
  const err = errOf(await node.call({ type: 'StartContainer', containerId: id }));
  t.is(err.message, `failed to set starting state for container "${id}": container is in CONTAINER_EXITED state`);
  node.sim.close();
});

test('StopContainer: a server that honours SIGTERM exits 0 at once', async (t) => {
  const node = await bootNode();
  const sb = await readySandbox(node, 'web');
  const id = await runningContainer(node, sb, 'nginx', ['serve']);
  const t0 = node.sim.clock.now();
  okOf(await node.call({ type: 'StopContainer', containerId: id, timeout: 30 }), 'StopContainer');
  t.true(node.sim.clock.now() - t0 < 10);
  t.like(okOf(await node.call({ type: 'ContainerStatus', containerId: id }), 'ContainerStatus').status, { state: 'CONTAINER_EXITED', exitCode: 0, reason: 'Completed' });
  node.sim.close();
});

test('StopContainer: SIGTERM ignored, SIGKILL at the timeout, exit 137', async (t) => {
  const node = await bootNode();
  const sb = await readySandbox(node, 'web', { annotations: { 'ignore-sigterm': 'true' } });
  const id = await runningContainer(node, sb, 'nginx', ['serve']);
  const t0 = node.sim.clock.now();
  okOf(await node.call({ type: 'StopContainer', containerId: id, timeout: 10 }), 'StopContainer');
  const took = node.sim.clock.now() - t0;
  t.true(took >= 10_000 && took < 10_010, `took ${took}ms`);
  const st = okOf(await node.call({ type: 'ContainerStatus', containerId: id }), 'ContainerStatus').status;
  t.like(st, { state: 'CONTAINER_EXITED', exitCode: 137, reason: 'Error' });
  const log = okOf(await node.call({ type: 'ReadContainerLog', containerId: id }), 'ReadContainerLog').lines;
  // Stopped before it listened: all it wrote is its word on SIGTERM.
  t.deepEqual(log.map((l) => [l.stream, l.log]), [['stderr', 'ignoring SIGTERM']]);
  node.sim.close();
});

test('ExecSync answers after the command\'s duration, or DeadlineExceeded at its timeout', async (t) => {
  const node = await bootNode();
  const sb = await readySandbox(node, 'web');
  const id = await runningContainer(node, sb, 'nginx', ['serve']);
  t.deepEqual(okOf(await node.call({ type: 'ExecSync', containerId: id, cmd: ['echo', 'hi'], timeout: 1 }), 'ExecSync'), { stdout: 'hi\n', stderr: '', exitCode: 0 });
  const t0 = node.sim.clock.now();
  const err = errOf(await node.call({ type: 'ExecSync', containerId: id, cmd: ['sleep', '5'], timeout: 1 }));
  t.deepEqual(err, { code: 'DeadlineExceeded', message: 'failed to exec in container: timeout 1s exceeded: context deadline exceeded' });
  t.is(node.sim.clock.now() - t0, 1_000);
  const t1 = node.sim.clock.now();
  okOf(await node.call({ type: 'ExecSync', containerId: id, cmd: ['sleep', '2'], timeout: 0 }), 'ExecSync');
  t.is(node.sim.clock.now() - t1, 2_000);
  okOf(await node.call({ type: 'StopContainer', containerId: id, timeout: 0 }), 'StopContainer');
  t.is(errOf(await node.call({ type: 'ExecSync', containerId: id, cmd: ['echo'], timeout: 1 })).message, 'failed to exec in container: container is in CONTAINER_EXITED state');
  node.sim.close();
});

test('http and tcp to a pod IP: refused until the server listens, then answered; other IPs have no route', async (t) => {
  const node = await bootNode();
  const sb = await readySandbox(node, 'web');
  const ip = okOf(await node.call({ type: 'PodSandboxStatus', podSandboxId: sb }), 'PodSandboxStatus').status.network!.ip;
  await runningContainer(node, sb, 'nginx', ['serve']);
  const http = { type: 'PodHttpRequest' as const, ip, port: 80, method: 'GET', path: '/healthz', headers: {}, timeoutMs: 1000 };
  t.like(await node.net(http), { ok: false, failure: 'connection refused' });
  await node.sim.advance(1_000);
  t.like(await node.net(http), { ok: true, status: 200, body: 'hello from /healthz' });
  t.like(await node.net({ ...http, timeoutMs: 2 }), { ok: false, failure: 'timeout' });
  t.like(await node.net({ type: 'PodTcpConnect', ip, port: 80, timeoutMs: 1000 }), { ok: true });
  t.like(await node.net({ type: 'PodTcpConnect', ip, port: 81, timeoutMs: 1000 }), { ok: false, failure: 'connection refused' });
  t.like(await node.net({ ...http, ip: '10.244.1.99' }), { ok: false, failure: 'no route to host' });
  node.sim.close();
});

test('the event stream tells every subscriber CREATED, STARTED, STOPPED, DELETED with the pod\'s statuses', async (t) => {
  const node = await bootNode();
  node.sim.system.send(node.runtime, { type: 'GetContainerEvents', subscriber: node.probe });
  node.sim.system.send(node.runtime, { type: 'GetContainerEvents', subscriber: node.probe });
  const sb = await readySandbox(node, 'job');
  const id = await runningContainer(node, sb, 'main', ['exit', '1', '1']);
  await node.sim.advance(1_000);
  okOf(await node.call({ type: 'RemoveContainer', containerId: id }), 'RemoveContainer');
  okOf(await node.call({ type: 'StopPodSandbox', podSandboxId: sb }), 'StopPodSandbox');
  okOf(await node.call({ type: 'RemovePodSandbox', podSandboxId: sb }), 'RemovePodSandbox');
  const seen = node.events().map((e) => [e.containerId === sb ? 'sandbox' : e.containerId === id ? 'main' : '?', e.containerEventType]);
  t.deepEqual(seen, [
    ['sandbox', 'CONTAINER_CREATED_EVENT'],
    ['sandbox', 'CONTAINER_STARTED_EVENT'],
    ['main', 'CONTAINER_CREATED_EVENT'],
    ['main', 'CONTAINER_STARTED_EVENT'],
    ['main', 'CONTAINER_STOPPED_EVENT'],
    ['main', 'CONTAINER_DELETED_EVENT'],
    ['sandbox', 'CONTAINER_STOPPED_EVENT'],
    ['sandbox', 'CONTAINER_DELETED_EVENT'],
  ]);
  const stopped = node.events()[4]!;
  t.like(stopped.podSandboxStatus, { id: sb, state: 'SANDBOX_READY' });
  t.like(stopped.containersStatuses[0], { id, state: 'CONTAINER_EXITED', exitCode: 1 });
  node.sim.close();
});

test('CreateContainer needs its image on the node and a ready sandbox; names are reserved per attempt', async (t) => {
  const node = await bootNode();
  const sb = await readySandbox(node, 'web');
  const create = (name: string, image = 'nginx', podSandboxId = sb) =>
    node.call({ type: 'CreateContainer', podSandboxId, config: containerConfig(name, ['serve'], { image: { image } }), sandboxConfig: sandboxConfig('web') });
  t.deepEqual(errOf(await create('b', 'busybox')), { code: 'NotFound', message: 'failed to resolve image "busybox": not found' });
  const id = okOf(await create('a'), 'CreateContainer').containerId;
  t.is(errOf(await create('a')).code, 'AlreadyExists');
  t.like(errOf(await create('c', 'nginx', 'f'.repeat(64))), { code: 'NotFound' });
  t.is(okOf(await node.call({ type: 'ListContainers', filter: { state: 'CONTAINER_CREATED' } }), 'ListContainers').containers[0]!.id, id);
  okOf(await node.call({ type: 'StopPodSandbox', podSandboxId: sb }), 'StopPodSandbox');
  t.deepEqual(errOf(await create('d')), { code: 'NotFound', message: 'failed to get sandbox container task: no running task found: not found' });
  t.is(errOf(await node.call({ type: 'StartContainer', containerId: id })).message, `sandbox container "${sb}" is not running`);
  node.sim.close();
});

test('StopPodSandbox kills the running containers with 137; RemovePodSandbox removes them with it', async (t) => {
  const node = await bootNode();
  const sb = await readySandbox(node, 'web');
  const a = await runningContainer(node, sb, 'a', ['serve']);
  const b = await runningContainer(node, sb, 'b', ['serve'], { ports: [{ protocol: 'TCP', containerPort: 8080 }] });
  okOf(await node.call({ type: 'StopPodSandbox', podSandboxId: sb }), 'StopPodSandbox');
  const st = okOf(await node.call({ type: 'PodSandboxStatus', podSandboxId: sb }), 'PodSandboxStatus');
  t.deepEqual(st.containersStatuses.map((c) => [c.id, c.state, c.exitCode]), [[a, 'CONTAINER_EXITED', 137], [b, 'CONTAINER_EXITED', 137]]);
  okOf(await node.call({ type: 'RemovePodSandbox', podSandboxId: sb }), 'RemovePodSandbox');
  t.deepEqual(okOf(await node.call({ type: 'ListContainers' }), 'ListContainers').containers, []);
  t.deepEqual(errOf(await node.call({ type: 'ContainerStatus', containerId: a })), { code: 'NotFound', message: `an error occurred when try to find container "${a}": not found` });
  node.sim.close();
});

test('RemoveContainer of a running container kills it first; removing twice succeeds', async (t) => {
  const node = await bootNode();
  const sb = await readySandbox(node, 'web');
  const id = await runningContainer(node, sb, 'a', ['serve']);
  okOf(await node.call({ type: 'RemoveContainer', containerId: id }), 'RemoveContainer');
  okOf(await node.call({ type: 'RemoveContainer', containerId: id }), 'RemoveContainer');
  t.falsy(node.sim.system.lookup('/node-1/container-runtime/default_web_0/a_0'));
  t.is(errOf(await node.call({ type: 'StopContainer', containerId: id, timeout: 0 })).code, 'NotFound');
  node.sim.close();
});

test('the log keeps what the process wrote, with tailLines', async (t) => {
  const node = await bootNode();
  const sb = await readySandbox(node, 'web');
  const id = await runningContainer(node, sb, 'a', ['log', '5']);
  await node.sim.advance(1);
  const all = okOf(await node.call({ type: 'ReadContainerLog', containerId: id }), 'ReadContainerLog').lines;
  t.deepEqual(all.map((l) => l.log), ['line 0', 'line 1', 'line 2', 'line 3', 'line 4']);
  const tail = okOf(await node.call({ type: 'ReadContainerLog', containerId: id, tailLines: 2 }), 'ReadContainerLog').lines;
  t.deepEqual(tail.map((l) => l.log), ['line 3', 'line 4']);
  node.sim.close();
});

test('a process killed above its memory limit is EXITED 137 OOMKilled', async (t) => {
  const node = await bootNode();
  const sb = await readySandbox(node, 'hog');
  const id = await runningContainer(node, sb, 'hog', ['oom']);
  await node.sim.advance(1_000);
  t.like(okOf(await node.call({ type: 'ContainerStatus', containerId: id }), 'ContainerStatus').status, { state: 'CONTAINER_EXITED', exitCode: 137, reason: 'OOMKilled' });
  node.sim.close();
});

test('every subscriber of the event stream hears every event', async (t) => {
  const node = await bootNode();
  const second: string[] = [];
  const other = node.sim.system.spawn(
    defineActor<ContainerEventResponse, null>({ kind: 'probe', init: () => null, receive: (s, m) => (second.push(`${m.containerEventType}`), s) }),
    { name: 'second-probe' },
  );
  node.sim.system.send(node.runtime, { type: 'GetContainerEvents', subscriber: node.probe });
  node.sim.system.send(node.runtime, { type: 'GetContainerEvents', subscriber: other });
  const sb = await readySandbox(node, 'web');
  await runningContainer(node, sb, 'a', ['serve']);
  await node.sim.advance(1);
  t.deepEqual(node.events().map((e) => e.containerEventType), second);
  t.is(second.length, 4);
  node.sim.close();
});

test('the same seed gives the same ids; another seed, others', async (t) => {
  const ids: string[] = [];
  for (const seed of [7, 7, 8]) {
    const node = await bootNode({ seed });
    ids.push(await readySandbox(node, 'web'));
    node.sim.close();
  }
  t.is(ids[0], ids[1]);
  t.not(ids[0], ids[2]);
});

test('an exec still running when its container is removed is answered, not left waiting', async (t) => {
  const node = await bootNode();
  const sb = await readySandbox(node, 'web');
  const id = await runningContainer(node, sb, 'nginx', ['serve']);
  const exec = node.send({ type: 'ExecSync', containerId: id, cmd: ['sleep', '60'], timeout: 0 });
  await node.sim.advance(10);
  okOf(await node.call({ type: 'RemoveContainer', containerId: id }), 'RemoveContainer');
  const reply = node.got.find((g) => g.type === 'CriReply' && g.reqId === exec);
  t.like(reply, { ok: false, error: { message: 'failed to exec in container: container is in CONTAINER_EXITED state' } });
  node.sim.close();
});

test('the supervisor tree reads as the design draws it: runtime, pod-sandbox, pause-container, container', async (t) => {
  const node = await bootNode();
  const sb = await readySandbox(node, 'web');
  await runningContainer(node, sb, 'nginx', ['serve']);
  type N = { path: string; kind: string; children: N[] };
  const flat = (n: N): [string, string][] => [[n.path, n.kind], ...n.children.flatMap(flat)];
  const rt = (node.sim.system.inspect() as N).children.find((c) => c.path === '/node-1')!.children.find((c) => c.kind === 'container-runtime')!;
  t.deepEqual(flat(rt), [
    ['/node-1/container-runtime', 'container-runtime'],
    ['/node-1/container-runtime/event-monitor', 'event-monitor'],
    ['/node-1/container-runtime/default_web_0', 'pod-sandbox'],
    ['/node-1/container-runtime/default_web_0/pause', 'pause-container'],
    ['/node-1/container-runtime/default_web_0/nginx_0', 'container'],
  ]);
  node.sim.close();
});
