// The ImageService in the simulated kernel: pull time from size and bandwidth, one pull per
// reference, containerd's pull errors, ImageStatus/ListImages/RemoveImage, and durability.

import test from 'ava';
import type { CriReply } from '../../../protocols/kube/cri.ts';
import { containerRuntimeKey } from '../../../actors/container-runtime/runtime.ts';
import { bootNode, errOf, MB, okOf, sandboxConfig } from './harness.ts';

test('a pull takes size ÷ bandwidth, plus at most 10% seeded jitter, and the same on the same seed', async (t) => {
  const times: number[] = [];
  for (const seed of [1, 1, 2]) {
    const node = await bootNode({ seed, bandwidth: 10 * MB });
    const t0 = node.sim.clock.now();
    const r = okOf(await node.call({ type: 'PullImage', image: { image: 'nginx' } }), 'PullImage');
    t.regex(r.imageRef, /^sha256:/);
    times.push(node.sim.clock.now() - t0);
    node.sim.close();
  }
  // 70 MB at 10 MB/s: 7 s, up to 7.7 s, and the fsync's millisecond.
  for (const ms of times) t.true(ms >= 7_000 && ms <= 7_701, `${ms}`);
  t.is(times[0], times[1]);
});

test('two pulls of one image share one download; a present image answers at once', async (t) => {
  const node = await bootNode();
  const t0 = node.sim.clock.now();
  const first = node.send({ type: 'PullImage', image: { image: 'nginx' } });
  node.send({ type: 'PullImage', image: { image: 'nginx' } });
  await node.sim.advance(1);
  const pulls = node.sim.system.stateOf('/node-1/container-runtime', containerRuntimeKey)!.pulls;
  t.deepEqual(Object.entries(pulls).map(([ref, w]) => [ref, w.length]), [['docker.io/library/nginx:latest', 2]]);
  const b = await node.call({ type: 'PullImage', image: { image: 'docker.io/library/nginx:latest' } });
  const a = node.got.find((g) => g.type === 'CriReply' && g.reqId === first);
  t.is(okOf(a as CriReply, 'PullImage').imageRef, okOf(b, 'PullImage').imageRef);
  t.true(node.sim.clock.now() - t0 < 1_600);
  const t1 = node.sim.clock.now();
  okOf(await node.call({ type: 'PullImage', image: { image: 'nginx' } }), 'PullImage');
  t.is(node.sim.clock.now() - t1, 0);
  t.is(okOf(await node.call({ type: 'ListImages' }), 'ListImages').images.length, 1);
  node.sim.close();
});

test('pull failures in containerd\'s words: an image the registry lacks, a reference that does not parse', async (t) => {
  const node = await bootNode();
  t.deepEqual(errOf(await node.call({ type: 'PullImage', image: { image: 'nginx:nonexistent' } })), {
    code: 'NotFound',
    message:
      'failed to pull and unpack image "docker.io/library/nginx:nonexistent": failed to resolve reference "docker.io/library/nginx:nonexistent": docker.io/library/nginx:nonexistent: not found',
  });
  t.deepEqual(errOf(await node.call({ type: 'PullImage', image: { image: 'NGINX' } })), { code: 'Unknown', message: 'failed to parse image reference "NGINX": invalid reference format' });
  t.deepEqual(okOf(await node.call({ type: 'ListImages' }), 'ListImages').images, []);
  node.sim.close();
});

test('ImageStatus answers no image until pulled; RemoveImage removes it, and removing again succeeds', async (t) => {
  const node = await bootNode();
  t.deepEqual(okOf(await node.call({ type: 'ImageStatus', image: { image: 'busybox' } }), 'ImageStatus'), {});
  await node.call({ type: 'PullImage', image: { image: 'busybox' } });
  const img = okOf(await node.call({ type: 'ImageStatus', image: { image: 'busybox' } }), 'ImageStatus').image!;
  t.like(img, { repoTags: ['docker.io/library/busybox:latest'], size: 2 * MB, pinned: false });
  t.deepEqual(img.repoDigests, [`docker.io/library/busybox@${img.id}`]);
  t.deepEqual(okOf(await node.call({ type: 'ImageStatus', image: { image: img.id } }), 'ImageStatus').image, img);
  okOf(await node.call({ type: 'RemoveImage', image: { image: 'busybox' } }), 'RemoveImage');
  okOf(await node.call({ type: 'RemoveImage', image: { image: 'busybox' } }), 'RemoveImage');
  t.deepEqual(okOf(await node.call({ type: 'ImageStatus', image: { image: 'busybox' } }), 'ImageStatus'), {});
  node.sim.close();
});

test('what a reply promised survives a host crash right after it, on every seed tried', async (t) => {
  for (const seed of [1, 2, 3, 4, 5]) {
    const node = await bootNode({ seed });
    await node.call({ type: 'PullImage', image: { image: 'busybox' } });
    const id = okOf(await node.call({ type: 'RunPodSandbox', config: sandboxConfig('web'), runtimeHandler: '' }), 'RunPodSandbox').podSandboxId;
    node.sim.crashHost('node-1');
    node.sim.restartHost('node-1');
    await node.sim.advance(1);
    const items = okOf(await node.call({ type: 'ListPodSandbox' }), 'ListPodSandbox').items;
    t.deepEqual(items.map((i) => [i.id, i.state]), [[id, 'SANDBOX_NOTREADY']], `seed ${seed}`);
    const tags = okOf(await node.call({ type: 'ListImages' }), 'ListImages').images.flatMap((i) => i.repoTags).sort();
    t.deepEqual(tags, ['docker.io/library/busybox:latest', 'registry.k8s.io/pause:3.10'], `seed ${seed}`);
    node.sim.close();
  }
});

test('a failed pull of the sandbox image fails RunPodSandbox, naming the image', async (t) => {
  const node = await bootNode({ sandboxImage: 'registry.k8s.io/pause:nonexistent' });
  t.deepEqual(errOf(await node.call({ type: 'RunPodSandbox', config: sandboxConfig('web'), runtimeHandler: '' })), {
    code: 'Unknown',
    message:
      'failed to get sandbox image "registry.k8s.io/pause:nonexistent": failed to pull and unpack image "registry.k8s.io/pause:nonexistent": failed to resolve reference "registry.k8s.io/pause:nonexistent": registry.k8s.io/pause:nonexistent: not found',
  });
  t.deepEqual(node.cni.calls, []);
  node.sim.close();
});
