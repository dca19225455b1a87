// A worker's host crashes. Its Lease stops; the node lifecycle controller marks it Unknown after
// the 50 s grace period and taints it unreachable; pods are evicted when their toleration of
// the taint runs out (300 s by default, 60 s for a pod that asks for 60 s), and the ReplicaSet
// replaces its pods on the other workers.

import type { KubeObject } from '../../protocols/kube/objects.ts';
import { defineScenario, type ScenarioContext } from '../scenario.ts';

const VICTIM = 'worker-1';
const REPLICAS = 6;

const container = { name: 'web', image: 'nginx:1.14.2', resources: { requests: { cpu: '100m' } } };

const replicaSet: KubeObject = {
  apiVersion: 'apps/v1',
  kind: 'ReplicaSet',
  metadata: { name: 'web', namespace: 'default' },
  spec: { replicas: REPLICAS, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [container] } } },
};

const quickPod: KubeObject = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'quick', namespace: 'default' },
  spec: {
    nodeName: VICTIM,
    containers: [container],
    tolerations: [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 60 }],
  },
};

type Condition = { type: string; status: string; reason?: string };
const ready = (o: KubeObject) => ((o.status as { conditions?: Condition[] } | undefined)?.conditions ?? []).find((c) => c.type === 'Ready');
const nodeOf = (o: KubeObject) => (o.spec as { nodeName?: string }).nodeName ?? '';
const taints = (o: KubeObject) => ((o.spec as { taints?: { key: string; effect: string }[] }).taints ?? []).map((t) => `${t.key}:${t.effect}`);
const running = (o: KubeObject) => (o.status as { phase?: string } | undefined)?.phase === 'Running';

async function webPods(s: ScenarioContext) {
  return (await s.kube.list('pods', { namespace: 'default', labelSelector: 'app=web' })).items;
}

export default defineScenario({
  name: 'node-failure-eviction',
  description: "a worker's host crashes: NotReady (Unknown) after 50 s, its pods evicted at ~300 s (a pod tolerating 60 s at ~60 s) and replaced on the other workers",
  setup: (s) => void s.cluster({ workers: 3 }),
  script: async (s) => {
    await s.advance('10s');
    await s.kube.create(replicaSet);
    await s.kube.create(quickPod);
    for (let i = 0; i < 90; i++) {
      const pods = await webPods(s);
      if (pods.length === REPLICAS && pods.every(running)) break;
      await s.advance('1s');
    }
    const before = await webPods(s);
    const onVictim = before.filter((p) => nodeOf(p) === VICTIM).map((p) => p.metadata.name!);
    s.expect(`the ReplicaSet's ${REPLICAS} pods run, some of them on ${VICTIM}`, before.length === REPLICAS && before.every(running) && onVictim.length > 0, `${onVictim.length} on ${VICTIM}`);

    const crashedAt = s.now();
    s.crashHost(VICTIM);
    let unknownAt: number | undefined;
    let taintedAt: number | undefined;
    const deletedAt = new Map<string, number>();
    const watched = [...onVictim, 'quick'];
    while (s.now() - crashedAt < 420_000 && deletedAt.size < watched.length) {
      await s.advance('1s');
      const node = await s.kube.get('node', VICTIM);
      if (unknownAt === undefined && ready(node)?.status === 'Unknown') unknownAt = s.now();
      if (taintedAt === undefined && taints(node).includes('node.kubernetes.io/unreachable:NoExecute')) taintedAt = s.now();
      for (const name of watched) {
        if (deletedAt.has(name)) continue;
        const pod = await s.kube.find('pod', name, { namespace: 'default' });
        if (pod === undefined || pod.metadata.deletionTimestamp !== undefined) deletedAt.set(name, s.now());
      }
    }
    const secs = (t: number | undefined) => (t === undefined ? Number.NaN : Math.round((t - crashedAt) / 1000));
    // The Lease was last renewed up to 10 s before the crash; the controller looks every 5 s.
    s.expect(`${VICTIM} goes Unknown 40–65 s after its host crashed, and is tainted unreachable:NoExecute`, secs(unknownAt) >= 40 && secs(unknownAt) <= 65 && taintedAt !== undefined, `Unknown at ${secs(unknownAt)} s, tainted at ${secs(taintedAt)} s`);
    const quick = secs(deletedAt.get('quick')) - secs(taintedAt);
    s.expect('the pod tolerating unreachable for 60 s is evicted ~60 s after the taint', quick >= 59 && quick <= 62, `${quick} s after the taint`);
    const defaults = onVictim.map((n) => secs(deletedAt.get(n)) - secs(taintedAt));
    s.expect("the ReplicaSet's pods there (default toleration 300 s) are evicted ~300 s after the taint", defaults.every((d) => d >= 299 && d <= 302), defaults.join(', '));

    for (let i = 0; i < 90; i++) {
      const pods = (await webPods(s)).filter((p) => p.metadata.deletionTimestamp === undefined);
      if (pods.length === REPLICAS && pods.every((p) => running(p) && nodeOf(p) !== VICTIM)) break;
      await s.advance('1s');
    }
    const after = (await webPods(s)).filter((p) => p.metadata.deletionTimestamp === undefined);
    s.expect(`the ReplicaSet is back to ${REPLICAS} Running pods, none on ${VICTIM}`, after.length === REPLICAS && after.every((p) => running(p) && nodeOf(p) !== VICTIM), after.map((p) => `${p.metadata.name}@${nodeOf(p)}`).join(' '));
  },
});
