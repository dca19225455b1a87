// The control loops on the kernel. Scheduling end to end as scheduler_perf runs it: Node objects
// (no kubelets) and pods created through the apiserver, bound by kube-scheduler through
// pods/binding, every step through etcd. And a rollout: a 100-replica Deployment on real
// kubelets moved to a new image, measured in virtual seconds from the change to its end.

import { host } from '../../runtime/index.ts';
import { Simulation } from '../../runtime/kernel/index.ts';
import type { KubeObject } from '../../protocols/kube/objects.ts';
import { kubeScheduler } from '../../actors/kube-scheduler/scheduler.ts';
import { ScenarioContext } from '../../scenarios/scenario.ts';
import { startTiming } from './clock.ts';

const node = (i: number): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Node',
  metadata: { name: `node-${i}`, labels: { 'kubernetes.io/hostname': `node-${i}`, 'topology.kubernetes.io/zone': `zone-${i % 3}` } },
  status: { allocatable: { cpu: '32', memory: '128Gi', pods: '110' }, capacity: { cpu: '32', memory: '128Gi', pods: '110' }, conditions: [{ type: 'Ready', status: 'True' }] },
});

const pod = (i: number): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: `pod-${i}`, namespace: 'default' },
  spec: { containers: [{ name: 'c', image: 'registry.k8s.io/pause:3.10', resources: { requests: { cpu: '100m', memory: '500Mi' } } }] },
});

export async function schedulerEndToEnd(nodes = 500, pods = 1000): Promise<{ perWallSec: number }> {
  const sim = new Simulation({ name: 'bench-scheduler', seed: 1 });
  const s = new ScenarioContext(sim);
  const cluster = s.cluster({ controlPlanes: 1, workers: 0, apiserverOnly: true });
  await s.advance('3s');
  const apiservers = cluster.topology.controlPlanes;
  sim.system.spawn(host({ children: [{ id: 'kube-scheduler', actor: kubeScheduler({ host: 'scheduler', apiservers, token: cluster.token('kube-scheduler'), leaderElect: false }) }] }), { name: 'scheduler' });
  // An apiserver alone: the `default` ServiceAccount the service account controller would make.
  await s.kube.create({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: 'default' } });
  for (let i = 0; i < nodes; i++) await s.kube.create(node(i));
  await s.advance('2s');
  let bound = 0;
  const watch = await s.kube.watch('pods', { namespace: 'default' }, (e) => {
    if (e.type === 'MODIFIED' && (e.object.spec as { nodeName?: string }).nodeName) bound++;
  });
  const t0 = startTiming();
  for (let i = 0; i < pods; i++) await s.kube.create(pod(i));
  if (!(await s.until(() => bound >= pods, { within: '10m' }))) throw new Error(`scheduler bench: ${bound} of ${pods} pods bound`);
  const secs = (performance.now() - t0) / 1000;
  watch.stop();
  sim.close();
  return { perWallSec: pods / secs };
}

export async function rolloutVirtualSeconds(replicas = 100): Promise<number> {
  const sim = new Simulation({ name: 'bench-rollout', seed: 1 });
  const s = new ScenarioContext(sim);
  s.cluster({ controlPlanes: 1, workers: 10 });
  await s.advance('10s');
  const deployment = (image: string): KubeObject => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default' },
    spec: { replicas, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image }] } } },
  });
  const complete = async (image: string) => {
    const d = await s.kube.get('deployment', 'web');
    const st = d.status as { updatedReplicas?: number; availableReplicas?: number; replicas?: number; observedGeneration?: number } | undefined;
    const img = (d.spec as { template: { spec: { containers: { image: string }[] } } }).template.spec.containers[0]!.image;
    return img === image && st?.observedGeneration === d.metadata.generation && st?.updatedReplicas === replicas && st.availableReplicas === replicas && st.replicas === replicas;
  };
  await s.kube.create(deployment('nginx:1.14.2'));
  for (let i = 0; i < 600 && !(await complete('nginx:1.14.2')); i++) await s.advance('1s');
  const t0 = s.now();
  await s.kube.patch('deployment', 'web', { spec: { template: { spec: { containers: [{ name: 'web', image: 'nginx:1.16.1' }] } } } }, { namespace: 'default', type: 'strategic' });
  for (let i = 0; i < 1200 && !(await complete('nginx:1.16.1')); i++) await s.advance('1s');
  if (!(await complete('nginx:1.16.1'))) throw new Error('rollout bench: the rollout did not complete in 20 virtual minutes');
  const secs = (s.now() - t0) / 1000;
  sim.close();
  return secs;
}
