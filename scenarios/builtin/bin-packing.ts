// Bin packing by scoring profile: one cluster, two scheduler profiles. The default profile
// (NodeResourcesFit LeastAllocated) spreads 40 one-CPU pods over every worker; a second profile
// with MostAllocated packs the same 40 pods onto the fewest nodes that hold them.

import type { KubeObject } from '../../protocols/kube/objects.ts';
import { defineScenario, type ScenarioContext } from '../scenario.ts';

const WORKERS = 8;
const CPUS = 8;
const PODS = 40;

const CONFIG = `apiVersion: kubescheduler.config.k8s.io/v1
kind: KubeSchedulerConfiguration
profiles:
  - schedulerName: default-scheduler
  - schedulerName: bin-packing-scheduler
    pluginConfig:
      - name: NodeResourcesFit
        args:
          scoringStrategy:
            type: MostAllocated
            resources:
              - name: cpu
                weight: 1
              - name: memory
                weight: 1
`;

const pod = (name: string, schedulerName: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'default', labels: { batch: schedulerName } },
  spec: { schedulerName, containers: [{ name: 'web', image: 'nginx:1.14.2', resources: { requests: { cpu: '1', memory: '256Mi' } } }] },
});

const nodeOf = (p: KubeObject) => (p.spec as { nodeName?: string }).nodeName ?? '';

/** Creates the batch, waits until every pod is bound, and returns pods per node. */
async function place(s: ScenarioContext, prefix: string, schedulerName: string): Promise<Map<string, number>> {
  for (let i = 0; i < PODS; i++) await s.kube.create(pod(`${prefix}-${i}`, schedulerName));
  let pods: readonly KubeObject[] = [];
  for (let tries = 0; tries < 120; tries++) {
    pods = (await s.kube.list('pods', { namespace: 'default', labelSelector: `batch=${schedulerName}` })).items;
    if (pods.length === PODS && pods.every((p) => nodeOf(p) !== '')) break;
    await s.advance('1s');
  }
  const perNode = new Map<string, number>();
  for (const p of pods) if (nodeOf(p) !== '') perNode.set(nodeOf(p), (perNode.get(nodeOf(p)) ?? 0) + 1);
  return perNode;
}

const show = (m: Map<string, number>) => [...m.entries()].sort().map(([n, c]) => `${n}:${c}`).join(' ');

export default defineScenario({
  name: 'bin-packing',
  description: `${PODS} one-CPU pods on ${WORKERS} ${CPUS}-CPU workers: LeastAllocated spreads them over every worker, MostAllocated packs them onto the fewest`,
  setup: (s) => void s.cluster({ workers: WORKERS, node: { cpu: CPUS }, schedulerConfig: CONFIG }),
  script: async (s) => {
    await s.advance('10s');
    const spread = await place(s, 'spread', 'default-scheduler');
    const spreadPods = [...spread.values()].reduce((a, b) => a + b, 0);
    s.expect(`LeastAllocated: all ${PODS} pods bound, ${PODS / WORKERS} on each of the ${WORKERS} workers`, spreadPods === PODS && spread.size === WORKERS && [...spread.values()].every((c) => c === PODS / WORKERS), show(spread));
    await s.kube.call({ verb: 'deletecollection', target: { group: '', version: 'v1', resource: 'pods', namespace: 'default' }, options: { labelSelector: 'batch=default-scheduler', gracePeriodSeconds: 0 } });
    const packed = await place(s, 'packed', 'bin-packing-scheduler');
    const packedPods = [...packed.values()].reduce((a, b) => a + b, 0);
    const fewest = Math.ceil(PODS / CPUS);
    s.expect(`MostAllocated: all ${PODS} pods bound on the fewest nodes that hold them (${fewest}), each full`, packedPods === PODS && packed.size === fewest && [...packed.values()].every((c) => c === CPUS), show(packed));
    s.expect('MostAllocated used fewer nodes than LeastAllocated', packed.size < spread.size, `${packed.size} < ${spread.size}`);
  },
});
