// A node fault run: pods on two workers, then faults drawn from the seed — the kubelet, the
// container runtime, a pod sandbox, a pause container, a container or the CNI plugin crashed,
// or a worker host crashed and restarted. After every step no IP is held twice, no pod has two
// ready sandboxes, no container of a pod runs twice; once the faults are over, every pod is back
// Running and Ready with one address from its node's range, and no pod's restartCount or phase
// ever went back.

import { Rng } from '../../runtime/index.ts';
import type { InspectNode } from '../../runtime/system/inspect.ts';
import type { KubeObject } from '../../protocols/kube/objects.ts';
import { containerRuntimeService } from '../../protocols/kube/cri.ts';
import { cniPluginService } from '../../protocols/kube/cni.ts';
import { kubeletService } from '../../protocols/kube/kubelet.ts';
import { containerRuntimeKey } from '../../actors/container-runtime/runtime.ts';
import { watchNodeInvariants } from '../checks/node/node-invariants.ts';
import type { NodePlant } from '../cluster/spec.ts';
import { parseDuration } from '../duration.ts';
import { defineScenario, type ScenarioContext } from '../scenario.ts';

const PODS_PER_WORKER = 3;
const KINDS = ['kubelet', 'container-runtime', 'pod-sandbox', 'pause-container', 'container', 'cni-plugin', 'host'] as const;

type PodStatusLike = { phase?: string; podIP?: string; conditions?: { type: string; status: string }[]; containerStatuses?: { name: string; restartCount: number }[] };
const statusOf = (o: KubeObject) => (o.status ?? {}) as PodStatusLike;
const ready = (o: KubeObject) => statusOf(o).conditions?.some((c) => c.type === 'Ready' && c.status === 'True') === true;

function actorsOfKind(tree: InspectNode, host: string, kind: string): string[] {
  const out: string[] = [];
  const walk = (n: InspectNode) => {
    if (n.kind === kind && n.status === 'running') out.push(n.path);
    n.children.forEach(walk);
  };
  tree.children.filter((h) => h.name === host).forEach(walk);
  return out;
}

const pickOne = <T,>(rng: Rng, xs: readonly T[]): T | undefined => (xs.length === 0 ? undefined : xs[rng.int(xs.length)]);

/** One fault from the seed; returns what it did, or undefined when its target was not running. */
function fault(s: ScenarioContext, rng: Rng, workers: readonly string[]): string | undefined {
  const node = workers[rng.int(workers.length)]!;
  const kind = KINDS[rng.int(KINDS.length)]!;
  if (kind === 'host') {
    s.crashHost(node);
    return `crash and restart ${node}`;
  }
  const path =
    kind === 'kubelet'
      ? kubeletService.pathOn(node)
      : kind === 'container-runtime'
        ? containerRuntimeService.pathOn(node)
        : kind === 'cni-plugin'
          ? cniPluginService.pathOn(node)
          : pickOne(rng, actorsOfKind(s.inspect(), node, kind));
  if (path === undefined) return undefined;
  s.crashActor(path, `injected ${kind} crash`);
  return `crash ${path}`;
}

/** Watches every pod's status for steps back: a restartCount that fell, a terminal phase left. */
function watchHonesty(s: ScenarioContext) {
  const problems: string[] = [];
  const last = new Map<string, { phase?: string; restarts: Record<string, number> }>();
  const onPod = (o: KubeObject) => {
    const uid = o.metadata.uid!;
    const st = statusOf(o);
    const before = last.get(uid);
    const restarts = Object.fromEntries((st.containerStatuses ?? []).map((c) => [c.name, c.restartCount]));
    if (before !== undefined) {
      for (const [name, n] of Object.entries(before.restarts)) if ((restarts[name] ?? n) < n) problems.push(`${o.metadata.name}/${name}: restartCount ${n} → ${restarts[name]}`);
      if ((before.phase === 'Succeeded' || before.phase === 'Failed') && st.phase !== before.phase) problems.push(`${o.metadata.name}: phase ${before.phase} → ${st.phase}`);
    }
    last.set(uid, { ...(st.phase ? { phase: st.phase } : {}), restarts: { ...before?.restarts, ...restarts } });
  };
  return { problems, onPod };
}

export interface NodeChaosOptions {
  readonly name: string;
  readonly plant?: NodePlant;
  /** Faults drawn; default 8. */
  readonly faults?: number;
}

export function nodeComponentsChaos(options: NodeChaosOptions) {
  return defineScenario({
    name: options.name,
    description: 'crashes of every node component and of worker hosts, from the seed; pods come back, no IP held twice, no container run twice',
    setup: (s) => void s.cluster({ workers: 2, ...(options.plant ? { node: { plant: options.plant } } : {}) }),
    script: async (s) => {
      const cluster = s.cluster();
      const workers = cluster.topology.workers;
      const invariants = watchNodeInvariants(s.sim, workers, (node) => s.system.stateOf(containerRuntimeService.pathOn(node), containerRuntimeKey)?.records);
      const honesty = watchHonesty(s);
      const watch = await s.kube.watch('pods', { namespace: 'default' }, (e) => {
        if (e.type !== 'ERROR' && e.type !== 'BOOKMARK') honesty.onPod(e.object);
      });
      await s.advance('5s');
      for (const node of workers)
        for (let i = 0; i < PODS_PER_WORKER; i++)
          await s.kube.create({
            apiVersion: 'v1',
            kind: 'Pod',
            metadata: { name: `web-${node}-${i}`, namespace: 'default' },
            spec: {
              nodeName: node,
              containers: [{ name: 'web', image: 'nginx:1.14.2', ports: [{ containerPort: 80 }], readinessProbe: { httpGet: { path: '/', port: 80 }, periodSeconds: 5 } }],
            },
          });
      const want = workers.length * PODS_PER_WORKER;
      const allReady = async (within: string) => {
        const deadline = s.now() + parseDuration(within);
        for (;;) {
          const pods = (await s.kube.list('pods', { namespace: 'default' })).items;
          const ok = pods.length === want && pods.every((p) => statusOf(p).phase === 'Running' && ready(p));
          if (ok || s.now() >= deadline) return { ok, pods };
          await s.advance('2s');
        }
      };
      const first = await allReady('3m');
      s.expect(`all ${want} pods run and are Ready before the faults`, first.ok, `${first.pods.filter(ready).length} Ready`);

      const rng = Rng.stream(s.sim.seed, 'node-components-chaos');
      const done: string[] = [];
      for (let i = 0; i < (options.faults ?? 8); i++) {
        await s.advance(`${5 + rng.int(20)}s`);
        const what = fault(s, rng, workers);
        if (what !== undefined) done.push(what);
        if (what?.startsWith('crash and restart ')) {
          await s.advance(`${1 + rng.int(10)}s`);
          s.restartHost(what.slice('crash and restart '.length));
        }
      }
      const after = await allReady('5m');
      watch.stop();
      s.expect('every pod is back Running and Ready within 5 minutes of the last fault', after.ok, `${done.join('; ')} → ${after.pods.filter(ready).length}/${want} Ready`);
      const ips = after.pods.map((p) => statusOf(p).podIP ?? '');
      const wrongRange = after.pods.filter((p) => {
        const node = cluster.topology.hosts.find((h) => h.name === (p.spec as { nodeName: string }).nodeName)!;
        return !(statusOf(p).podIP ?? '').startsWith(node.podCIDRs[0]!.replace(/0\/24$/, ''));
      });
      s.expect('each pod has an address from its node\'s range, none shared', new Set(ips).size === ips.length && wrongRange.length === 0, ips.join(', '));
      s.expect('after every step: no IP held twice, no pod with two ready sandboxes, no container running twice', invariants.violation === null, invariants.violation ? `${invariants.violation.node} at ${invariants.violation.at}ms: ${invariants.violation.message}` : `${invariants.steps} steps checked`);
      s.expect('no restartCount went down and no finished pod came back', honesty.problems.length === 0, honesty.problems.slice(0, 3).join('; '));
    },
  });
}

export default nodeComponentsChaos({ name: 'node-components-chaos' });
