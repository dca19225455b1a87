// Pods that fit nowhere, each for another reason, and the FailedScheduling messages exactly as
// Kubernetes words them; the pod that matched no node is placed once a node gets its label; a
// high-priority pod preempts a low-priority one; a
// placed pod carries the scheduler's per-plugin verdicts and scores for its attempt.

import type { KubeObject } from '../../protocols/kube/objects.ts';
import { defineScenario, type ScenarioContext } from '../scenario.ts';

const WORKERS = 3;
const TAINT = '1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }';
const ALL = `0/${WORKERS + 1} nodes are available`;
/** DefaultPreemption's words: no lower-priority pod to evict on the workers, nothing to gain on the tainted control plane. */
const NO_VICTIMS = `preemption: ${ALL}: 1 Preemption is not helpful for scheduling, ${WORKERS} No preemption victims found for incoming pod.`;

const pod = (name: string, spec: Record<string, unknown>, container: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'default' },
  spec: { containers: [{ name: 'web', image: 'nginx:1.14.2', ...container }], ...spec },
});

type Condition = { type: string; status: string; reason?: string; message?: string };
const scheduled = (o: KubeObject) => ((o.status as { conditions?: Condition[] } | undefined)?.conditions ?? []).find((c) => c.type === 'PodScheduled');
const nodeOf = (o: KubeObject) => (o.spec as { nodeName?: string }).nodeName ?? '';

async function failedScheduling(s: ScenarioContext, name: string): Promise<string | undefined> {
  const events = (await s.kube.list('events', { namespace: 'default', fieldSelector: `involvedObject.name=${name}` })).items as unknown as { reason: string; message: string }[];
  return events.filter((e) => e.reason === 'FailedScheduling').at(-1)?.message;
}

/**
 * Every worker filled by a low-priority pod; a high-priority pod that fits nowhere preempts one of
 * them: the victim is marked DisruptionTarget and deleted, the preemptor nominated and bound there.
 */
async function preemption(s: ScenarioContext) {
  await s.kube.create({ apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'high' }, value: 1000 } as KubeObject);
  for (let i = 1; i <= WORKERS; i++) await s.kube.create(pod(`filler-${i}`, {}, { resources: { requests: { cpu: '3' } } }));
  await s.advance('5s');
  const fillers = await Promise.all(Array.from({ length: WORKERS }, (_, i) => s.kube.get('pod', `filler-${i + 1}`)));
  s.expect('three 3-CPU filler pods, one per 4-CPU worker', new Set(fillers.map(nodeOf).filter((n) => n !== '')).size === WORKERS, fillers.map(nodeOf).join(' '));
  await s.kube.create(pod('important', { priorityClassName: 'high' }, { resources: { requests: { cpu: '3' } } }));
  const placed = await s.kube.waitFor('pod', 'important', (o) => nodeOf(o) !== '', { within: 60_000 });
  const node = nodeOf(placed);
  const events = (await s.kube.list('events', { namespace: 'default' })).items as unknown as { reason: string; message: string; involvedObject: { name: string } }[];
  const preempted = events.filter((e) => e.reason === 'Preempted');
  const victim = preempted[0]?.involvedObject.name ?? '';
  const victimNode = fillers.find((f) => f.metadata.name === victim);
  s.expect(
    `a high-priority pod preempts one filler: "Preempted by pod <uid> on node ${node}", bound where its victim ran`,
    preempted.length === 1 && preempted[0]!.message === `Preempted by pod ${placed.metadata.uid} on node ${node}` && victimNode !== undefined && nodeOf(victimNode) === node,
    `${preempted.map((e) => `${e.involvedObject.name}: ${e.message}`).join('; ')}; bound to ${node}`,
  );
}

export default defineScenario({
  name: 'scheduling-explained',
  description: 'unschedulable pods with each reason, the FailedScheduling messages as Kubernetes words them (preemption included), a pod placed once a node gets its label, a lower-priority pod preempted, and the per-plugin results on a placed pod',
  setup: (s) => void s.cluster({ workers: WORKERS }),
  script: async (s) => {
    await s.advance('10s');
    await s.kube.create(pod('too-big', {}, { resources: { requests: { cpu: '6' } } }));
    await s.kube.create(pod('wants-ssd', { nodeSelector: { disktype: 'ssd' } }));
    for (let i = 0; i <= WORKERS; i++) await s.kube.create(pod(`port-${i}`, {}, { ports: [{ containerPort: 80, hostPort: 8080 }] }));
    await s.advance('5s');
    const cases: [string, string][] = [
      ['too-big', `${ALL}: ${TAINT}, ${WORKERS} Insufficient cpu. ${NO_VICTIMS}`],
      ['wants-ssd', `${ALL}: ${TAINT}, ${WORKERS} node(s) didn't match Pod's node affinity/selector. preemption: ${ALL}: ${WORKERS + 1} Preemption is not helpful for scheduling.`],
    ];
    for (const [name, want] of cases) {
      const got = await failedScheduling(s, name);
      const cond = scheduled(await s.kube.get('pod', name));
      s.expect(`${name}: FailedScheduling "${want}"`, got === want && cond?.reason === 'Unschedulable' && cond.message === want, `event: ${got}; condition: ${JSON.stringify(cond)}`);
    }
    const ports = await Promise.all(Array.from({ length: WORKERS + 1 }, (_, i) => s.kube.get('pod', `port-${i}`)));
    const pending = ports.filter((p) => nodeOf(p) === '');
    const bound = new Set(ports.map(nodeOf).filter((n) => n !== ''));
    const portMsg = pending.length === 1 ? await failedScheduling(s, pending[0]!.metadata.name!) : undefined;
    const wantPorts = `${ALL}: ${TAINT}, ${WORKERS} node(s) didn't have free ports for the requested pod ports. ${NO_VICTIMS}`;
    s.expect(`hostPort 8080: one pod per worker, the fourth pending with "${wantPorts}"`, bound.size === WORKERS && portMsg === wantPorts, `${bound.size} workers used; ${portMsg}`);

    await s.kube.patch('node', 'worker-2', { metadata: { labels: { disktype: 'ssd' } } }, { type: 'merge' });
    const ssd = await s.kube.waitFor('pod', 'wants-ssd', (o) => nodeOf(o) !== '', { within: 30_000 });
    s.expect('labelling worker-2 disktype=ssd moves wants-ssd back to the active queue and onto worker-2', nodeOf(ssd) === 'worker-2', nodeOf(ssd));

    await preemption(s);

    const annotations = ssd.metadata.annotations ?? {};
    const filter = JSON.parse(annotations['kube-scheduler-simulator.sigs.k8s.io/filter-result'] ?? '{}') as Record<string, Record<string, string>>;
    // One feasible node is taken without scoring, as Kubernetes does: the verdicts explain it.
    s.expect(
      "the placed pod carries its attempt: every node's filter verdicts (worker-1 rejected by NodeAffinity, worker-2 passing every filter) and the selected node",
      filter['worker-1']?.NodeAffinity === "node(s) didn't match Pod's node affinity/selector" &&
        Object.values(filter['worker-2'] ?? { none: '' }).every((v) => v === 'passed') &&
        annotations['kube-scheduler-simulator.sigs.k8s.io/selected-node'] === 'worker-2',
      JSON.stringify({ worker1: filter['worker-1'], worker2: filter['worker-2'] }),
    );
  },
});
