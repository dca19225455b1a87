// Nodes on the kernel: pods bound to 10 worker nodes (spec.nodeName, no scheduler), from create
// to Running, tracing to a file. Images are pulled first (one pod per node), so the latency
// figures are Kubernetes' pod-startup SLI without image pull: create to Running, as a watch sees it.

import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Simulation } from '../../runtime/kernel/index.ts';
import type { KubeObject } from '../../protocols/kube/objects.ts';
import { ScenarioContext } from '../../scenarios/scenario.ts';
import { startTiming } from './clock.ts';

const WORKERS = 10;
const IMAGE = 'nginx:1.14.2';

const pod = (name: string, node: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'default' },
  spec: { nodeName: node, containers: [{ name: 'web', image: IMAGE }] },
});

const running = (o: KubeObject) => (o.status as { phase?: string } | undefined)?.phase === 'Running';

function percentile(xs: readonly number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
}

export async function podStarts(pods = 200): Promise<{ perWallSec: number; p50Ms: number; p99Ms: number }> {
  const file = join(tmpdir(), `kyb-bench-nodes-${process.pid}.trace`);
  const sim = new Simulation({ name: 'bench-nodes', seed: 1, trace: { file } });
  const s = new ScenarioContext(sim);
  const cluster = s.cluster({ controlPlanes: 1, workers: WORKERS });
  await s.advance('10s');
  const nodes = cluster.topology.workers;
  const createdAt = new Map<string, number>();
  const runningAt = new Map<string, number>();
  const watch = await s.kube.watch('pods', { namespace: 'default' }, (e) => {
    if (e.type === 'ERROR') return;
    const name = e.object.metadata.name!;
    if (running(e.object) && !runningAt.has(name)) runningAt.set(name, s.now());
  });
  // Warm-up: each node pulls the image once.
  for (const node of nodes) await s.kube.create(pod(`warm-${node}`, node));
  if (!(await s.until(() => nodes.every((n) => runningAt.has(`warm-${n}`)), { within: '5m' }))) throw new Error('node bench: the warm-up pods did not all run');
  const t0 = startTiming();
  for (let i = 0; i < pods; i++) {
    const name = `pod-${i}`;
    await s.kube.create(pod(name, nodes[i % nodes.length]!));
    createdAt.set(name, s.now());
  }
  if (!(await s.until(() => [...createdAt.keys()].every((n) => runningAt.has(n)), { within: '30m' }))) throw new Error('node bench: the pods did not all run');
  const secs = (performance.now() - t0) / 1000;
  watch.stop();
  sim.close();
  rmSync(file, { force: true });
  const latencies = [...createdAt].map(([n, t]) => runningAt.get(n)! - t);
  return { perWallSec: pods / secs, p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99) };
}
