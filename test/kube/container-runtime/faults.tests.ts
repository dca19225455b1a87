// Failures of the actors under the runtime, crashed through the kernel's fault API, and what the
// CRI answers after them: the kubelet must see the truth to recreate what died.

import test from 'ava';
import type { CriReply } from '../../../protocols/kube/cri.ts';
import { bootNode, errOf, okOf, readySandbox, runningContainer, sandboxConfig } from './harness.ts';

const RT = '/node-1/container-runtime';

test('a crashed container actor is a dead process: EXITED 255 (a dead shim\'s exit), its sandbox and siblings untouched', async (t) => {
  const node = await bootNode();
  const sb = await readySandbox(node, 'web');
  const a = await runningContainer(node, sb, 'a', ['serve']);
  const b = await runningContainer(node, sb, 'b', ['serve'], { ports: [{ protocol: 'TCP', containerPort: 8080 }] });
  node.sim.crashActor(`${RT}/default_web_0/a_0`);
  await node.sim.advance(10);
  t.like(okOf(await node.call({ type: 'ContainerStatus', containerId: a }), 'ContainerStatus').status, { state: 'CONTAINER_EXITED', exitCode: 255, reason: 'Error' });
  t.like(okOf(await node.call({ type: 'ContainerStatus', containerId: b }), 'ContainerStatus').status, { state: 'CONTAINER_RUNNING' });
  t.like(okOf(await node.call({ type: 'PodSandboxStatus', podSandboxId: sb }), 'PodSandboxStatus').status, { state: 'SANDBOX_READY' });
  // Nothing restarts it: the kubelet creates the container again.
  await node.sim.advance(5_000);
  t.falsy(node.sim.system.lookup(`${RT}/default_web_0/a_0`));
  // A StopContainer waiting on it is answered.
  okOf(await node.call({ type: 'StopContainer', containerId: a, timeout: 30 }), 'StopContainer');
  node.sim.close();
});

test('a crashed pause container kills the sandbox: NOTREADY, containers EXITED 137, the IP kept until StopPodSandbox', async (t) => {
  const node = await bootNode();
  const sb = await readySandbox(node, 'web');
  const a = await runningContainer(node, sb, 'a', ['serve']);
  node.sim.crashActor(`${RT}/default_web_0/pause`);
  await node.sim.advance(10);
  const st = okOf(await node.call({ type: 'PodSandboxStatus', podSandboxId: sb }), 'PodSandboxStatus');
  t.like(st.status, { state: 'SANDBOX_NOTREADY', network: { ip: '10.244.1.2' } });
  t.like(st.containersStatuses[0], { id: a, state: 'CONTAINER_EXITED', exitCode: 137 });
  t.deepEqual([...node.cni.held.keys()], ['10.244.1.2']);
  t.like(await node.net({ type: 'PodTcpConnect', ip: '10.244.1.2', port: 80, timeoutMs: 100 }), { ok: false, failure: 'no route to host' });
  okOf(await node.call({ type: 'StopPodSandbox', podSandboxId: sb }), 'StopPodSandbox');
  t.deepEqual([...node.cni.held.keys()], []);
  okOf(await node.call({ type: 'RemovePodSandbox', podSandboxId: sb }), 'RemovePodSandbox');
  t.falsy(node.sim.system.lookup(`${RT}/default_web_0`));
  node.sim.close();
});

test('a crashed pod-sandbox (the pod\'s shim) takes its containers: NOTREADY, EXITED 255; stop and remove still work', async (t) => {
  const node = await bootNode();
  const sb = await readySandbox(node, 'web');
  const a = await runningContainer(node, sb, 'a', ['serve']);
  node.sim.crashActor(`${RT}/default_web_0`);
  await node.sim.advance(10);
  t.falsy(node.sim.system.lookup(`${RT}/default_web_0`));
  const st = okOf(await node.call({ type: 'PodSandboxStatus', podSandboxId: sb }), 'PodSandboxStatus');
  t.like(st.status, { state: 'SANDBOX_NOTREADY' });
  t.like(st.containersStatuses[0], { id: a, state: 'CONTAINER_EXITED', exitCode: 255 });
  okOf(await node.call({ type: 'StopPodSandbox', podSandboxId: sb }), 'StopPodSandbox');
  t.is(node.cni.held.size, 0);
  okOf(await node.call({ type: 'RemovePodSandbox', podSandboxId: sb }), 'RemovePodSandbox');
  t.deepEqual(okOf(await node.call({ type: 'ListContainers' }), 'ListContainers').containers, []);
  // The kubelet's next sandbox for the pod gets a fresh shim under the same name.
  const again = await readySandbox(node, 'web');
  t.not(again, sb);
  t.truthy(node.sim.system.lookup(`${RT}/default_web_0/pause`));
  node.sim.close();
});

async function afterRestart(t: import('ava').ExecutionContext, restart: (node: Awaited<ReturnType<typeof bootNode>>) => void) {
  const node = await bootNode();
  const sb = await readySandbox(node, 'web');
  const a = await runningContainer(node, sb, 'a', ['serve']);
  const images = okOf(await node.call({ type: 'ListImages' }), 'ListImages').images;
  restart(node);
  await node.sim.advance(1_000);
  t.falsy(node.sim.system.lookup(`${RT}/default_web_0`));
  const st = okOf(await node.call({ type: 'PodSandboxStatus', podSandboxId: sb }), 'PodSandboxStatus');
  t.like(st.status, { state: 'SANDBOX_NOTREADY', network: { ip: '10.244.1.2' } });
  t.like(st.containersStatuses[0], { id: a, state: 'CONTAINER_EXITED', exitCode: 255, reason: 'Unknown' });
  t.deepEqual(okOf(await node.call({ type: 'ListImages' }), 'ListImages').images, images);
  t.like(okOf(await node.call({ type: 'Status' }), 'Status').status.conditions[1], { type: 'NetworkReady', status: true });
  okOf(await node.call({ type: 'StopPodSandbox', podSandboxId: sb }), 'StopPodSandbox');
  t.is(node.cni.held.size, 0);
  okOf(await node.call({ type: 'RemovePodSandbox', podSandboxId: sb }), 'RemovePodSandbox');
  const again = await readySandbox(node, 'web');
  t.like(okOf(await node.call({ type: 'PodSandboxStatus', podSandboxId: again }), 'PodSandboxStatus').status, { state: 'SANDBOX_READY', network: { ip: '10.244.1.2' } });
  node.sim.close();
}

test('a restarted container-runtime reads its records back: sandboxes NOTREADY, containers EXITED Unknown, images and IPs kept', async (t) => {
  await afterRestart(t, (node) => node.sim.crashActor(RT));
});

test('a host reboot gives the same from the disk: what the runtime fsynced survives', async (t) => {
  await afterRestart(t, (node) => {
    node.sim.crashHost('node-1');
    node.sim.restartHost('node-1');
    // The CNI plugin's own disk is its business; the fake one keeps its map in memory.
  });
});

test('a shim that dies while CNI ADD is on its way fails RunPodSandbox and tears the network down: no IP is left behind', async (t) => {
  const node = await bootNode();
  await node.call({ type: 'PullImage', image: { image: 'registry.k8s.io/pause:3.10' } });
  node.cni.addDelayMs = 500;
  const req = node.send({ type: 'RunPodSandbox', config: sandboxConfig('web'), runtimeHandler: '' });
  await node.sim.advance(100);
  t.is(node.cni.held.size, 1);
  node.sim.crashActor(`${RT}/default_web_0`);
  await node.sim.advance(1_000);
  const reply = node.got.find((g) => g.type === 'CriReply' && g.reqId === req) as CriReply;
  t.regex(errOf(reply).message, /^failed to setup network for sandbox "[0-9a-f]{64}": shim of the sandbox exited$/);
  t.deepEqual(node.cni.calls.map((c) => c.op), ['CniAdd', 'CniDel']);
  t.is(node.cni.held.size, 0);
  t.deepEqual(okOf(await node.call({ type: 'ListPodSandbox' }), 'ListPodSandbox').items, []);
  node.sim.close();
});

test('a runtime that restarts while CNI ADD is on its way keeps the sandbox NOTREADY, so StopPodSandbox can release its IP', async (t) => {
  const node = await bootNode();
  await node.call({ type: 'PullImage', image: { image: 'registry.k8s.io/pause:3.10' } });
  node.cni.addDelayMs = 500;
  node.send({ type: 'RunPodSandbox', config: sandboxConfig('web'), runtimeHandler: '' });
  await node.sim.advance(100);
  node.sim.crashActor(RT);
  await node.sim.advance(1_000);
  const items = okOf(await node.call({ type: 'ListPodSandbox' }), 'ListPodSandbox').items;
  t.deepEqual(items.map((i) => i.state), ['SANDBOX_NOTREADY']);
  t.is(node.cni.held.size, 1);
  okOf(await node.call({ type: 'StopPodSandbox', podSandboxId: items[0]!.id }), 'StopPodSandbox');
  t.is(node.cni.held.size, 0);
  node.sim.close();
});

test('a restarted event monitor is told of every actor again: a later crash is still seen', async (t) => {
  const node = await bootNode();
  const sb = await readySandbox(node, 'web');
  const a = await runningContainer(node, sb, 'a', ['serve']);
  node.sim.crashActor(`${RT}/event-monitor`);
  await node.sim.advance(1_000);
  t.truthy(node.sim.system.lookup(`${RT}/event-monitor`));
  node.sim.crashActor(`${RT}/default_web_0/a_0`);
  await node.sim.advance(10);
  t.like(okOf(await node.call({ type: 'ContainerStatus', containerId: a }), 'ContainerStatus').status, { state: 'CONTAINER_EXITED', exitCode: 255 });
  node.sim.crashActor(`${RT}/default_web_0/pause`);
  await node.sim.advance(10);
  t.like(okOf(await node.call({ type: 'PodSandboxStatus', podSandboxId: sb }), 'PodSandboxStatus').status, { state: 'SANDBOX_NOTREADY' });
  node.sim.close();
});

test('the journal on disk is rewritten as the live records once outgrown: 150 pods run and removed leave it small, and a restart reads it back', async (t) => {
  const node = await bootNode();
  for (let i = 0; i < 150; i++) {
    const sb = await readySandbox(node, `job-${i}`);
    okOf(await node.call({ type: 'RemovePodSandbox', podSandboxId: sb }), 'RemovePodSandbox');
  }
  const kept = await readySandbox(node, 'kept');
  await node.sim.advance(100);
  const journal = node.sim.diskOf('node-1')!.records('container-runtime/journal');
  // Was a record per change of each of the 150 sandboxes (over 600); now at most the floor.
  t.true(journal.length <= 256, `${journal.length} records`);
  node.sim.crashActor(RT);
  await node.sim.advance(1_000);
  const items = okOf(await node.call({ type: 'ListPodSandbox' }), 'ListPodSandbox').items;
  // The one sandbox left, read back from the rewritten journal (NOTREADY: its shim died with the runtime).
  t.deepEqual(items.map((i) => [i.id, i.state]), [[kept, 'SANDBOX_NOTREADY']]);
  node.sim.close();
});
