// Sandboxes in the simulated kernel: the pause image pulled on first use, IPs from the CNI
// plugin, the network's readiness, stop releasing the IPs, removal, and containerd's errors.

import test from 'ava';
import { bootNode, errOf, okOf, sandboxConfig } from './harness.ts';

test('Version names containerd 1.7.24 and CRI v1', async (t) => {
  const node = await bootNode();
  t.deepEqual(okOf(await node.call({ type: 'Version' }), 'Version'), { version: '0.1.0', runtimeName: 'containerd', runtimeVersion: '1.7.24', runtimeApiVersion: 'v1' });
  node.sim.close();
});

test('the network is not ready until UpdateRuntimeConfig gives the pod CIDR, and RunPodSandbox fails meanwhile', async (t) => {
  const node = await bootNode({ podCidr: null });
  const before = okOf(await node.call({ type: 'Status' }), 'Status').status.conditions;
  t.deepEqual(before, [
    { type: 'RuntimeReady', status: true, reason: '', message: '' },
    { type: 'NetworkReady', status: false, reason: 'NetworkPluginNotReady', message: 'Network plugin returns error: cni plugin not initialized' },
  ]);
  const err = errOf(await node.call({ type: 'RunPodSandbox', config: sandboxConfig('web'), runtimeHandler: '' }));
  t.regex(err.message, /^failed to setup network for sandbox "[0-9a-f]{64}": cni plugin not initialized$/);
  okOf(await node.call({ type: 'UpdateRuntimeConfig', runtimeConfig: { networkConfig: { podCidr: '10.244.1.0/24' } } }), 'UpdateRuntimeConfig');
  const after = okOf(await node.call({ type: 'Status' }), 'Status').status.conditions;
  t.like(after[1], { type: 'NetworkReady', status: true });
  node.sim.close();
});

test('a sandbox takes its start time (150–450 ms by default, from the seed) before its network is set up', async (t) => {
  const took: number[] = [];
  for (const seed of [1, 2, 3]) {
    const node = await bootNode({ seed, sandboxStartMs: { min: 150, max: 450 } });
    await node.call({ type: 'PullImage', image: { image: 'registry.k8s.io/pause:3.10' } });
    const t0 = node.sim.clock.now();
    okOf(await node.call({ type: 'RunPodSandbox', config: sandboxConfig('web'), runtimeHandler: '' }), 'RunPodSandbox');
    took.push(node.sim.clock.now() - t0);
    node.sim.close();
  }
  t.true(took.every((ms) => ms >= 150 && ms <= 460), took.join(', '));
  t.true(new Set(took.map(Math.round)).size > 1, 'seeds draw different start times');
});

test('RunPodSandbox pulls the pause image first, gets an IP from CNI ADD and answers a 64-hex id', async (t) => {
  const node = await bootNode();
  const t0 = node.sim.clock.now();
  const r = okOf(await node.call({ type: 'RunPodSandbox', config: sandboxConfig('web'), runtimeHandler: '' }), 'RunPodSandbox');
  t.regex(r.podSandboxId, /^[0-9a-f]{64}$/);
  // 0.5 MB at 50 MB/s is 10 ms, plus at most 10% jitter, plus fsyncs.
  const took = node.sim.clock.now() - t0;
  t.true(took >= 10 && took <= 16, `took ${took}ms`);
  const images = okOf(await node.call({ type: 'ListImages' }), 'ListImages').images;
  t.deepEqual(images.map((i) => [i.repoTags, i.pinned]), [[['registry.k8s.io/pause:3.10'], true]]);
  t.deepEqual(node.cni.calls, [{ op: 'CniAdd', containerId: r.podSandboxId }]);
  const st = okOf(await node.call({ type: 'PodSandboxStatus', podSandboxId: r.podSandboxId }), 'PodSandboxStatus');
  t.like(st.status, { id: r.podSandboxId, state: 'SANDBOX_READY', network: { ip: '10.244.1.2', additionalIps: [] }, metadata: { name: 'web', namespace: 'default', attempt: 0 } });
  t.deepEqual(st.containersStatuses, []);
  t.truthy(node.sim.system.lookup('/node-1/container-runtime/default_web_0/pause'));
  node.sim.close();
});

test('a second RunPodSandbox for the same pod and attempt is refused: the name is reserved', async (t) => {
  const node = await bootNode();
  const id = okOf(await node.call({ type: 'RunPodSandbox', config: sandboxConfig('web'), runtimeHandler: '' }), 'RunPodSandbox').podSandboxId;
  const err = errOf(await node.call({ type: 'RunPodSandbox', config: sandboxConfig('web'), runtimeHandler: '' }));
  t.is(err.code, 'AlreadyExists');
  t.is(err.message, `failed to reserve sandbox name "web_default_uid-web_0": name "web_default_uid-web_0" is reserved for "${id}"`);
  okOf(await node.call({ type: 'RunPodSandbox', config: sandboxConfig('web', 1), runtimeHandler: '' }), 'RunPodSandbox');
  node.sim.close();
});

test('a host-network sandbox makes no CNI call and has no pod IP', async (t) => {
  const node = await bootNode();
  const id = okOf(await node.call({ type: 'RunPodSandbox', config: sandboxConfig('h', 0, { hostNetwork: true }), runtimeHandler: '' }), 'RunPodSandbox').podSandboxId;
  t.deepEqual(node.cni.calls, []);
  t.like(okOf(await node.call({ type: 'PodSandboxStatus', podSandboxId: id }), 'PodSandboxStatus').status, { state: 'SANDBOX_READY', network: { ip: '' } });
  node.sim.close();
});

test('a CNI ADD failure fails RunPodSandbox with containerd\'s words and tears the sandbox down', async (t) => {
  const node = await bootNode();
  node.cni.failAdd = 'no IP addresses available in range set: 10.244.1.1-10.244.1.254';
  const err = errOf(await node.call({ type: 'RunPodSandbox', config: sandboxConfig('web'), runtimeHandler: '' }));
  t.regex(err.message, /^failed to setup network for sandbox "[0-9a-f]{64}": plugin type="bridge" failed \(add\): no IP addresses available/);
  await node.sim.advance(10);
  t.deepEqual(node.cni.calls.map((c) => c.op), ['CniAdd', 'CniDel']);
  t.deepEqual(okOf(await node.call({ type: 'ListPodSandbox' }), 'ListPodSandbox').items, []);
  t.falsy(node.sim.system.lookup('/node-1/container-runtime/default_web_0'));
  node.sim.close();
});

test('StopPodSandbox releases the IP by CNI DEL (once, idempotently), RemovePodSandbox forgets it', async (t) => {
  const node = await bootNode();
  const id = okOf(await node.call({ type: 'RunPodSandbox', config: sandboxConfig('web'), runtimeHandler: '' }), 'RunPodSandbox').podSandboxId;
  t.deepEqual([...node.cni.held.keys()], ['10.244.1.2']);
  okOf(await node.call({ type: 'StopPodSandbox', podSandboxId: id }), 'StopPodSandbox');
  t.deepEqual([...node.cni.held.keys()], []);
  t.like(okOf(await node.call({ type: 'PodSandboxStatus', podSandboxId: id }), 'PodSandboxStatus').status, { state: 'SANDBOX_NOTREADY', network: { ip: '' } });
  okOf(await node.call({ type: 'StopPodSandbox', podSandboxId: id }), 'StopPodSandbox');
  t.deepEqual(node.cni.calls.map((c) => c.op), ['CniAdd', 'CniDel']);
  okOf(await node.call({ type: 'RemovePodSandbox', podSandboxId: id }), 'RemovePodSandbox');
  okOf(await node.call({ type: 'RemovePodSandbox', podSandboxId: id }), 'RemovePodSandbox');
  const gone = errOf(await node.call({ type: 'PodSandboxStatus', podSandboxId: id }));
  t.deepEqual(gone, { code: 'NotFound', message: `an error occurred when try to find sandbox "${id}": not found` });
  t.falsy(node.sim.system.lookup('/node-1/container-runtime/default_web_0'));
  node.sim.close();
});

test('RemovePodSandbox of a ready sandbox stops it first, releasing its IP', async (t) => {
  const node = await bootNode();
  const id = okOf(await node.call({ type: 'RunPodSandbox', config: sandboxConfig('web'), runtimeHandler: '' }), 'RunPodSandbox').podSandboxId;
  okOf(await node.call({ type: 'RemovePodSandbox', podSandboxId: id }), 'RemovePodSandbox');
  t.deepEqual(node.cni.calls.map((c) => c.op), ['CniAdd', 'CniDel']);
  t.is(node.cni.held.size, 0);
  t.deepEqual(okOf(await node.call({ type: 'ListPodSandbox' }), 'ListPodSandbox').items, []);
  node.sim.close();
});

test('ListPodSandbox filters by state and labels', async (t) => {
  const node = await bootNode();
  const a = okOf(await node.call({ type: 'RunPodSandbox', config: sandboxConfig('a'), runtimeHandler: '' }), 'RunPodSandbox').podSandboxId;
  const b = okOf(await node.call({ type: 'RunPodSandbox', config: sandboxConfig('b'), runtimeHandler: '' }), 'RunPodSandbox').podSandboxId;
  okOf(await node.call({ type: 'StopPodSandbox', podSandboxId: a }), 'StopPodSandbox');
  const ids = async (filter: object) => okOf(await node.call({ type: 'ListPodSandbox', filter }), 'ListPodSandbox').items.map((i) => i.id);
  t.deepEqual(await ids({}), [a, b]);
  t.deepEqual(await ids({ state: 'SANDBOX_READY' }), [b]);
  t.deepEqual(await ids({ labelSelector: { app: 'a' } }), [a]);
  t.deepEqual(await ids({ id: b.slice(0, 10) }), [b]);
  node.sim.close();
});
