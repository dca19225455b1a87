// Three control planes. The kube-scheduler and kube-controller-manager leaders stop for good
// while a Deployment scales up (their hosts, and the etcd members on them, keep running: two hosts
// lost would cost etcd its quorum); the other replicas take the Leases over once they expire
// (15 s lease, 2 s retry: within ~15–20 s), and the work finishes: every replica Running, no
// pod bound twice, never more pods than replicas + maxSurge.

import type { KubeObject } from '../../protocols/kube/objects.ts';
import { kubeControllerManagerService } from '../../protocols/kube/controller-manager.ts';
import { kubeSchedulerService } from '../../protocols/kube/scheduler.ts';
import { defineScenario, type ScenarioContext } from '../scenario.ts';

const REPLICAS = 12;

const deployment: KubeObject = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'default' },
  spec: {
    replicas: 2,
    selector: { matchLabels: { app: 'web' } },
    template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.14.2', resources: { requests: { cpu: '100m' } } }] } },
  },
};

const holder = async (s: ScenarioContext, name: string) =>
  ((await s.kube.find('lease', name, { namespace: 'kube-system' }))?.spec as { holderIdentity?: string } | undefined)?.holderIdentity ?? '';
const hostOf = (identity: string) => identity.split('_')[0] ?? '';
const running = (p: KubeObject) => (p.status as { phase?: string } | undefined)?.phase === 'Running';
const live = (p: KubeObject) => p.metadata.deletionTimestamp === undefined;

export default defineScenario({
  name: 'control-plane-failover',
  description: 'the scheduler and controller-manager leaders stop during a scale-up: the Leases change hands within ~15–25 s and the scale-up completes',
  setup: (s) => void s.cluster({ controlPlanes: 3, workers: 3 }),
  script: async (s) => {
    await s.advance('20s');
    await s.kube.create(deployment);
    await s.advance('10s');
    const kcm = await holder(s, 'kube-controller-manager');
    const sched = await holder(s, 'kube-scheduler');
    s.expect('one kube-controller-manager and one kube-scheduler hold their Leases', kcm !== '' && sched !== '', `${kcm}; ${sched}`);
    const stopped = [hostOf(kcm), hostOf(sched)];
    await s.kube.patch('deployment', 'web', { spec: { replicas: REPLICAS } }, { namespace: 'default', type: 'merge' });
    await s.advance('200ms');
    const crashedAt = s.now();
    s.stopActor(kubeControllerManagerService.pathOn(stopped[0]!));
    s.stopActor(kubeSchedulerService.pathOn(stopped[1]!));

    let kcmAt: number | undefined;
    let schedAt: number | undefined;
    const boundTo = new Map<string, string>();
    const twice: string[] = [];
    let maxPods = 0;
    let done = false;
    while (s.now() - crashedAt < 180_000 && !done) {
      await s.advance('1s');
      const k = await holder(s, 'kube-controller-manager');
      const h = await holder(s, 'kube-scheduler');
      if (kcmAt === undefined && k !== kcm && k !== '' && hostOf(k) !== stopped[0]) kcmAt = s.now();
      if (schedAt === undefined && h !== sched && h !== '' && hostOf(h) !== stopped[1]) schedAt = s.now();
      const pods = (await s.kube.list('pods', { namespace: 'default', labelSelector: 'app=web' })).items.filter(live);
      maxPods = Math.max(maxPods, pods.length);
      for (const p of pods) {
        const node = (p.spec as { nodeName?: string }).nodeName;
        if (!node) continue;
        const before = boundTo.get(p.metadata.uid!);
        if (before !== undefined && before !== node) twice.push(`${p.metadata.name}: ${before} then ${node}`);
        boundTo.set(p.metadata.uid!, node);
      }
      done = pods.length === REPLICAS && pods.every(running) && kcmAt !== undefined && schedAt !== undefined;
    }
    const secs = (t: number | undefined) => (t === undefined ? Number.NaN : Math.round((t - crashedAt) / 100) / 10);
    s.expect('a surviving kube-controller-manager takes the Lease over within 25 s', secs(kcmAt) <= 25, `${secs(kcmAt)} s`);
    s.expect('a surviving kube-scheduler takes the Lease over within 25 s', secs(schedAt) <= 25, `${secs(schedAt)} s`);
    s.expect(`the scale-up to ${REPLICAS} completes: every pod Running`, done, `${secs(s.now())} s after the crash`);
    s.expect('no pod was bound to two nodes, and there were never more pods than replicas', twice.length === 0 && maxPods <= REPLICAS, `${twice.join('; ') || 'none rebound'}; at most ${maxPods} pods`);
  },
});
