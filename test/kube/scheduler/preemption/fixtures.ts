// Nodes, pods and budgets in the shapes of Kubernetes' preemption tests (st.MakePod/MakeNode), and
// one scheduling attempt followed by DefaultPreemption over the real NodeResourcesFit plugin.

import type { Node, Pod, PodDisruptionBudget } from '../../../../protocols/kube/objects.ts';
import { buildNodeInfo } from '../../../../actors/kube-scheduler/framework/nodeinfo.ts';
import { type RunnerProfile, scheduleOne } from '../../../../actors/kube-scheduler/framework/runner.ts';
import { CLUSTER_STATE_KEY, type ClusterObjects, type CycleState, type NodeInfo, type PluginStatus } from '../../../../actors/kube-scheduler/framework/types.ts';
import { createFit } from '../../../../actors/kube-scheduler/plugins/noderesources/fit.ts';
import { defaultPreemption, type PostFilterResult } from '../../../../actors/kube-scheduler/plugins/defaultpreemption/plugin.ts';
import { rfc3339 } from '../../../../protocols/kube/time.ts';

export const NEG = -100;
export const LOW = 0;
export const MID = 100;
export const HIGH = 1000;
export const VERY_HIGH = 10000;

type Res = Readonly<Record<string, string>>;
export const SMALL: Res = { cpu: '100m', memory: '100' };
export const MEDIUM: Res = { cpu: '200m', memory: '200' };
export const LARGE: Res = { cpu: '300m', memory: '300' };
export const VERY_LARGE: Res = { cpu: '500m', memory: '500' };
export const ONE_POD: Res = { pods: '1' };
export const NODE_RES: Res = { cpu: '200m', memory: '400' };

/** st.MakeNode().Capacity(res): 32 pods unless the list says otherwise. */
export const node = (name: string, res: Res, labels: Record<string, string> = {}): Node => {
  const alloc = { pods: '32', ...res };
  return { metadata: { name, labels: { 'kubernetes.io/hostname': name, ...labels } }, status: { allocatable: alloc, capacity: alloc } };
};

export interface PodOpts {
  readonly priority?: number;
  readonly req?: Res;
  readonly node?: string;
  /** Seconds after the epoch the pod started (status.startTime). */
  readonly start?: number;
  readonly labels?: Record<string, string>;
  readonly namespace?: string;
  readonly preemptionPolicy?: string;
  readonly nominated?: string;
  readonly terminatingByPreemption?: boolean;
  readonly hostPort?: number;
  /** More of the spec (affinity, spread constraints). */
  readonly spec?: Partial<NonNullable<Pod['spec']>>;
}

export const pod = (name: string, o: PodOpts = {}): Pod => ({
  metadata: {
    name, namespace: o.namespace ?? 'default', uid: name,
    ...(o.labels ? { labels: o.labels } : {}),
    ...(o.terminatingByPreemption ? { deletionTimestamp: rfc3339(0) } : {}),
  },
  spec: {
    containers: [{
      name: 'c', image: 'img', resources: o.req ? { requests: { ...o.req } } : {},
      ...(o.hostPort ? { ports: [{ containerPort: o.hostPort, hostPort: o.hostPort }] } : {}),
    }],
    ...(o.node ? { nodeName: o.node } : {}),
    ...(o.priority === undefined ? {} : { priority: o.priority }),
    ...(o.preemptionPolicy ? { preemptionPolicy: o.preemptionPolicy } : {}),
    ...o.spec,
  },
  status: {
    ...(o.start === undefined ? {} : { startTime: rfc3339(o.start * 1000) }),
    ...(o.nominated ? { nominatedNodeName: o.nominated } : {}),
    ...(o.terminatingByPreemption ? { conditions: [{ type: 'DisruptionTarget', status: 'True', reason: 'PreemptionByScheduler' }] } : {}),
  },
});

/** A budget in `default` selecting app=<app> (or the given label), with disruptionsAllowed as given. */
export const pdb = (name: string, match: Record<string, string>, allowed: number, disrupted: string[] = []): PodDisruptionBudget => ({
  metadata: { name, namespace: 'default' },
  spec: { selector: { matchLabels: match } },
  status: {
    disruptionsAllowed: allowed, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0,
    ...(disrupted.length ? { disruptedPods: Object.fromEntries(disrupted.map((p) => [p, rfc3339(0)])) } : {}),
  },
});

export const infos = (nodes: readonly Node[], pods: readonly Pod[]): NodeInfo[] =>
  nodes.map((n) => buildNodeInfo(n, pods.filter((p) => p.spec?.nodeName === n.metadata!.name)));

export const fit = createFit();
export const FIT_PROFILE: RunnerProfile = { preFilter: [fit], filter: [fit], preScore: [], score: [] };

export function clusterWith(pdbs: readonly PodDisruptionBudget[]): ClusterObjects {
  return {
    persistentVolumeClaim: () => undefined,
    persistentVolumes: () => [],
    storageClass: () => undefined,
    podDisruptionBudgets: (ns) => pdbs.filter((b) => b.metadata?.namespace === ns),
  };
}

export interface Attempt {
  readonly nodes: readonly Node[];
  readonly pods: readonly Pod[];
  readonly pdbs?: readonly PodDisruptionBudget[];
  readonly profile?: RunnerProfile;
  /** The filters' verdicts per node; when absent, a real attempt gives them. */
  readonly filtered?: Readonly<Record<string, PluginStatus>>;
  readonly pick?: (n: number) => number;
  readonly args?: Readonly<Record<string, unknown>>;
}

/** Schedules `preemptor` (it must fit nowhere), then runs DefaultPreemption as the shell would. */
export function preempt(preemptor: Pod, a: Attempt): PostFilterResult {
  const profile = a.profile ?? FIT_PROFILE;
  const snapshot = infos(a.nodes, a.pods);
  const state: CycleState = new Map();
  state.set(CLUSTER_STATE_KEY, clusterWith(a.pdbs ?? []));
  let filtered = a.filtered;
  if (filtered === undefined) {
    const out = scheduleOne({ profile, pod: preemptor, nodes: snapshot, startIndex: 0, pick: () => 0, state });
    if (out.kind !== 'unschedulable') throw new Error(`the preemptor did not fail to schedule: ${out.kind}`);
    filtered = out.diagnosis.nodeToStatus;
  }
  const plugin = defaultPreemption(a.args ?? {}, { profile: () => profile, pick: a.pick ?? (() => 0) });
  return plugin.postFilter(state, preemptor, snapshot, filtered);
}

export const names = (pods: readonly Pod[] | undefined): string[] => (pods ?? []).map((p) => p.metadata!.name!);
export const unschedulable = (): PluginStatus => ({ code: 'Unschedulable', reasons: [] });
export const unresolvable = (): PluginStatus => ({ code: 'UnschedulableAndUnresolvable', reasons: [] });
