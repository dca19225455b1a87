// The docs' nginx Deployment (3 replicas, RollingUpdate 25%/25%) rolled from nginx:1.14.2 to
// 1.16.1 and back by the path `kubectl rollout undo` takes in 1.32: the client reads the
// ReplicaSet of the previous revision and patches the Deployment's template with it. At no
// moment of either rollout are fewer than replicas − maxUnavailable (3) pods available, or
// more than replicas + maxSurge (4) pods.

import type { KubeObject } from '../../protocols/kube/objects.ts';
import { rollbackPatch } from '../../actors/kube-controller-manager/deployment/index.ts';
import type { Deployment, ReplicaSet } from '../../actors/kube-controller-manager/deployment/types.ts';
import { NGINX_DEPLOYMENT } from '../kube/docs-manifests.ts';
import { defineScenario, type ScenarioContext } from '../scenario.ts';

const REPLICAS = 3;
const MAX_SURGE = 1; // 25% of 3, rounded up
const MAX_UNAVAILABLE = 0; // 25% of 3, rounded down


type Condition = { type: string; status: string };
const live = (p: KubeObject) => p.metadata.deletionTimestamp === undefined && !['Succeeded', 'Failed'].includes((p.status as { phase?: string } | undefined)?.phase ?? '');
const isReady = (p: KubeObject) => ((p.status as { conditions?: Condition[] } | undefined)?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
const imageOf = (p: KubeObject) => (p.spec as { containers: { image: string }[] }).containers[0]!.image;

interface Watcher {
  minAvailable: number;
  maxPods: number;
}

/** Steps second by second until every live pod runs `image` and is Ready, watching the bounds. */
async function rollOut(s: ScenarioContext, image: string, w: Watcher): Promise<boolean> {
  for (let i = 0; i < 180; i++) {
    await s.advance('1s');
    const pods = (await s.kube.list('pods', { namespace: 'default', labelSelector: 'app=nginx' })).items.filter(live);
    w.minAvailable = Math.min(w.minAvailable, pods.filter(isReady).length);
    w.maxPods = Math.max(w.maxPods, pods.length);
    const d = await s.kube.get('deployment', 'nginx-deployment');
    const status = d.status as { updatedReplicas?: number; availableReplicas?: number; replicas?: number; observedGeneration?: number };
    const done = status.observedGeneration === d.metadata.generation && status.updatedReplicas === REPLICAS && status.availableReplicas === REPLICAS && status.replicas === REPLICAS;
    if (done && pods.length === REPLICAS && pods.every((p) => imageOf(p) === image && isReady(p))) return true;
  }
  return false;
}

export default defineScenario({
  name: 'rollout-and-rollback',
  description: "the docs' nginx Deployment from 1.14.2 to 1.16.1 and back by kubectl rollout undo's path; availability never below replicas − maxUnavailable",
  setup: (s) => void s.cluster({ workers: 3 }),
  script: async (s) => {
    await s.advance('10s');
    await s.kube.apply(NGINX_DEPLOYMENT);
    const first: Watcher = { minAvailable: Infinity, maxPods: 0 };
    s.expect('the Deployment comes up: 3 nginx:1.14.2 pods Ready', await rollOut(s, 'nginx:1.14.2', first));

    await s.kube.patch('deployment', 'nginx-deployment', { spec: { template: { spec: { containers: [{ name: 'nginx', image: 'nginx:1.16.1' }] } } } }, { namespace: 'default', type: 'strategic' });
    const update: Watcher = { minAvailable: Infinity, maxPods: 0 };
    const updated = await rollOut(s, 'nginx:1.16.1', update);
    s.expect('kubectl set image nginx=nginx:1.16.1: the rollout completes', updated);
    s.expect(`during the rollout at least ${REPLICAS - MAX_UNAVAILABLE} pods were available and at most ${REPLICAS + MAX_SURGE} existed`, update.minAvailable >= REPLICAS - MAX_UNAVAILABLE && update.maxPods <= REPLICAS + MAX_SURGE, `min available ${update.minAvailable}, max pods ${update.maxPods}`);

    const d = (await s.kube.get('deployment', 'nginx-deployment')) as unknown as Deployment;
    const rss = (await s.kube.list('replicasets', { namespace: 'default' })).items as unknown as ReplicaSet[];
    s.expect('two ReplicaSets, revisions 1 and 2', rss.length === 2 && d.metadata?.annotations?.['deployment.kubernetes.io/revision'] === '2', rss.map((r) => `${r.metadata?.name}:${r.metadata?.annotations?.['deployment.kubernetes.io/revision']}`).join(' '));
    const plan = rollbackPatch(d, rss);
    if (plan.kind !== 'patch') {
      s.expect('kubectl rollout undo finds the previous revision', false, plan.message);
      return;
    }
    await s.kube.patch('deployment', 'nginx-deployment', JSON.parse(plan.patch), { namespace: 'default', type: 'json' });
    const back: Watcher = { minAvailable: Infinity, maxPods: 0 };
    s.expect('kubectl rollout undo: back to nginx:1.14.2', await rollOut(s, 'nginx:1.14.2', back));
    s.expect(`during the rollback at least ${REPLICAS - MAX_UNAVAILABLE} pods were available and at most ${REPLICAS + MAX_SURGE} existed`, back.minAvailable >= REPLICAS - MAX_UNAVAILABLE && back.maxPods <= REPLICAS + MAX_SURGE, `min available ${back.minAvailable}, max pods ${back.maxPods}`);
    const after = (await s.kube.list('replicasets', { namespace: 'default' })).items;
    const revision = (await s.kube.get('deployment', 'nginx-deployment')).metadata.annotations?.['deployment.kubernetes.io/revision'];
    const sizes = after.map((r) => `${r.metadata.name}:${(r.spec as { replicas: number }).replicas}`).join(' ');
    s.expect('the first ReplicaSet is back at 3 replicas as revision 3, the second at 0', revision === '3' && after.length === 2 && after.some((r) => (r.spec as { replicas: number }).replicas === 3) && after.some((r) => (r.spec as { replicas: number }).replicas === 0), `revision ${revision}; ${sizes}`);
  },
});
