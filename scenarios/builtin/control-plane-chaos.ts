// A control-plane fault run: three control planes, three workers, and work going on all along —
// a Deployment rolled between two images and scaled up and down, a StatefulSet (3 replicas,
// OrderedReady), a Job (6 completions, 2 at a time), and a second Deployment deleted mid-run for
// the garbage collector to clean up after. Faults drawn from the seed hit the
// kube-controller-manager or kube-scheduler leader: its actor crashed (its supervisor restarts
// it as a candidate), its host crashed and restarted 20–40 s later, or its host cut off from
// every other for 20–40 s and healed. One fault at a time, so at most one control plane (and one
// etcd member) is ever down and etcd keeps its quorum. After every step that moved etcd on, the
// invariants of control-plane-invariants.ts are checked on what etcd holds (and, after every
// step of a worker's container runtime, that no StatefulSet ordinal runs twice); at the end the
// new leaders have finished the work.

import { Rng } from '../../runtime/index.ts';
import type { KubeObject } from '../../protocols/kube/objects.ts';
import { kubeControllerManagerService } from '../../protocols/kube/controller-manager.ts';
import { kubeSchedulerService } from '../../protocols/kube/scheduler.ts';
import { containerRuntimeService } from '../../protocols/kube/cri.ts';
import { containerRuntimeKey } from '../../actors/container-runtime/runtime.ts';
import { isLive, isReady } from '../checks/control-plane-invariants.ts';
import { watchControlPlaneInvariants } from '../checks/control-plane-watch.ts';
import type { ControlPlanePlant } from '../cluster/spec.ts';
import { defineScenario, type ScenarioContext } from '../scenario.ts';

export const IMAGES = ['nginx:1.14.2', 'nginx:1.16.1'] as const;

/**
 * Requests sized so that the workers (2 cores each) fill up: two web pods and three small ones
 * fill a worker, and at a rollout's peak (five replicas and two surge pods) a web pod waits for
 * room. Pods that become schedulable together are then placed back to back onto nearly full
 * nodes, so a scheduler that overcommits shows.
 */
const WEB = { requests: { cpu: '700m', memory: '64Mi' } };
const SMALL = { requests: { cpu: '200m', memory: '64Mi' } };

const deployment = (name: string, replicas: number, image: string, resources: typeof WEB): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace: 'default' },
  spec: {
    replicas,
    selector: { matchLabels: { app: name } },
    strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
    template: { metadata: { labels: { app: name } }, spec: { containers: [{ name, image, resources }] } },
  },
});

const statefulSet = (): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'StatefulSet',
  metadata: { name: 'db', namespace: 'default' },
  spec: {
    replicas: 3,
    serviceName: 'db',
    podManagementPolicy: 'OrderedReady',
    selector: { matchLabels: { app: 'db' } },
    template: { metadata: { labels: { app: 'db' } }, spec: { containers: [{ name: 'db', image: 'nginx:1.14.2', resources: SMALL }] } },
  },
});

const batchJob = (): KubeObject => ({
  apiVersion: 'batch/v1',
  kind: 'Job',
  metadata: { name: 'batch', namespace: 'default' },
  spec: {
    completions: 6,
    parallelism: 2,
    template: { spec: { restartPolicy: 'Never', containers: [{ name: 'work', image: 'busybox:1.36', command: ['sh', '-c', 'sleep 20'], resources: SMALL }] } },
  },
});

export interface ControlPlaneChaosOptions {
  readonly name: string;
  readonly plant?: ControlPlanePlant;
  /** Faults drawn; default 5. */
  readonly faults?: number;
}

const LEASES = { 'kube-controller-manager': kubeControllerManagerService, 'kube-scheduler': kubeSchedulerService } as const;
type Component = keyof typeof LEASES;
const FAULTS = ['crash', 'host', 'partition'] as const;

const holderHost = async (s: ScenarioContext, lease: Component) =>
  (((await s.kube.find('lease', lease, { namespace: 'kube-system' }))?.spec as { holderIdentity?: string } | undefined)?.holderIdentity ?? '').split('_')[0] ?? '';

/** One fault on the current leader of `component`; resolves once it is over (host back, partition healed). */
async function fault(s: ScenarioContext, rng: Rng, component: Component): Promise<string> {
  const host = await holderHost(s, component);
  if (host === '') return `${component}: no leader to hit`;
  const kind = FAULTS[rng.int(FAULTS.length)]!;
  if (kind === 'crash') {
    s.crashActor(LEASES[component].pathOn(host), `injected ${component} crash`);
    await s.advance(`${10 + rng.int(20)}s`);
    return `crash ${component} on ${host}`;
  }
  const outage = 20 + rng.int(21);
  if (kind === 'host') s.crashHost(host);
  else s.partition([host]);
  await s.advance(`${outage}s`);
  if (kind === 'host') s.restartHost(host);
  else s.heal();
  return `${kind === 'host' ? 'crash' : 'partition'} ${host} (${component} leader) for ${outage} s`;
}

/** Changes the work under way: a new image or a new scale for the Deployment. */
async function work(s: ScenarioContext, rng: Rng, state: { image: number; replicas: number }): Promise<string> {
  if (rng.int(2) === 0) {
    state.image = 1 - state.image;
    await s.kube.patch('deployment', 'web', { spec: { template: { spec: { containers: [{ name: 'web', image: IMAGES[state.image] }] } } } }, { namespace: 'default', type: 'strategic' });
    return `image ${IMAGES[state.image]}`;
  }
  state.replicas = 3 + ((state.replicas - 3 + 1 + rng.int(2)) % 3);
  await s.kube.patch('deployment', 'web', { spec: { replicas: state.replicas } }, { namespace: 'default', type: 'merge' });
  return `scale to ${state.replicas}`;
}

type Status = Record<string, unknown> & { conditions?: { type: string; status: string }[] };
const statusOf = (o: KubeObject | undefined) => (o?.status ?? {}) as Status;
const imageOf = (p: KubeObject) => (p.spec as { containers: { image: string }[] }).containers[0]!.image;

/** Whether the work is finished, and what is still missing if not. */
async function finished(s: ScenarioContext, image: string, replicas: number): Promise<string[]> {
  const missing: string[] = [];
  const pods = (await s.kube.list('pods', { namespace: 'default' })).items.filter(isLive);
  const d = await s.kube.find('deployment', 'web', { namespace: 'default' });
  const ds = statusOf(d);
  const web = pods.filter((p) => p.metadata.labels?.app === 'web');
  const rolled = ds.observedGeneration === d?.metadata.generation && ds.updatedReplicas === replicas && ds.availableReplicas === replicas && ds.replicas === replicas;
  if (!rolled || web.length !== replicas || !web.every((p) => imageOf(p) === image && isReady(p))) missing.push(`web: ${web.filter(isReady).length}/${replicas} Ready (${[...new Set(web.map(imageOf))].join(', ')})`);
  const db = pods.filter((p) => p.metadata.labels?.app === 'db');
  if (statusOf(await s.kube.find('statefulset', 'db', { namespace: 'default' })).readyReplicas !== 3 || db.filter(isReady).length !== 3) missing.push(`db: ${db.filter(isReady).length}/3 Ready`);
  const job = statusOf(await s.kube.find('job', 'batch', { namespace: 'default' }));
  if (!(job.conditions ?? []).some((c) => c.type === 'Complete' && c.status === 'True')) missing.push(`batch: ${String(job.succeeded ?? 0)}/6 succeeded`);
  const orphans = [...(await s.kube.list('replicasets', { namespace: 'default', labelSelector: 'app=scratch' })).items, ...pods.filter((p) => p.metadata.labels?.app === 'scratch')];
  if (orphans.length > 0) missing.push(`scratch's dependents left: ${orphans.map((o) => o.metadata.name).join(', ')}`);
  return missing;
}

export function controlPlaneChaos(options: ControlPlaneChaosOptions) {
  return defineScenario({
    name: options.name,
    description: 'controller-manager and scheduler leaders crashed and cut off during rollouts and scale-ups; invariants checked after every step on what etcd holds, and the work completes',
    setup: (s) => void s.cluster({ controlPlanes: 3, workers: 3, node: { cpu: 2 }, ...(options.plant ? { controlPlane: { plant: options.plant } } : {}) }),
    script: async (s) => {
      const cluster = s.cluster();
      const workers = cluster.topology.workers;
      const runtimes = {
        paths: new Map(workers.map((w) => [containerRuntimeService.pathOn(w), w] as const)),
        sandboxes: (node: string) => Object.values(s.system.stateOf(containerRuntimeService.pathOn(node), containerRuntimeKey)?.records.sandboxes ?? {}),
      };
      const invariants = watchControlPlaneInvariants(s.sim, cluster.etcd, runtimes);
      const rng = Rng.stream(s.sim.seed, 'control-plane-chaos');
      const state = { image: 0, replicas: 3 };
      await s.advance('20s');
      await s.kube.create(deployment('web', state.replicas, IMAGES[0]!, WEB));
      // Deleted during the faults, so that the garbage collector has owners gone to act on.
      await s.kube.create(deployment('scratch', 1, IMAGES[0]!, SMALL));
      await s.kube.create(statefulSet());
      await s.kube.create(batchJob());
      const up = await s.until(() => (invariants.view.deployments.get('web')?.status as Status | undefined)?.availableReplicas === state.replicas, { within: '60s' });
      s.expect('the Deployment comes up before the faults', up);

      const done: string[] = [];
      for (let i = 0; i < (options.faults ?? 5) && invariants.violation === null; i++) {
        if (i === 1) {
          await s.kube.delete('deployment', 'scratch', { namespace: 'default' });
          done.push('delete deployment scratch');
        }
        done.push(await work(s, rng, state));
        await s.advance(`${rng.int(3)}s`);
        done.push(await fault(s, rng, rng.int(2) === 0 ? 'kube-controller-manager' : 'kube-scheduler'));
        await s.advance(`${2 + rng.int(5)}s`);
      }

      const image = IMAGES[state.image]!;
      let missing = await finished(s, image, state.replicas);
      for (let waited = 0; missing.length > 0 && waited < 180 && invariants.violation === null; waited += 2) {
        await s.advance('2s');
        missing = await finished(s, image, state.replicas);
      }
      s.expect(`the work completes: web at ${image} with ${state.replicas} replicas available, db all Ready, batch Complete, scratch's ReplicaSet and pods collected`, missing.length === 0, `${done.join('; ')} → ${missing.join('; ') || 'done'}`);
      const v = invariants.violation;
      s.expect(
        'after every step: pods within replicas + maxSurge and available ≥ replicas − maxUnavailable, one pod per ordinal, Job active ≤ parallelism, no pod bound twice, no node overcommitted, no owned object deleted while its owner lives',
        v === null,
        v === null ? `${invariants.checks} revisions checked` : `at ${Math.round(v.at)} ms (revision ${v.revision}): ${v.message}`,
      );
    },
  });
}

export default controlPlaneChaos({ name: 'control-plane-chaos' });
