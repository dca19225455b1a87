// What a cluster is made of, as a scenario asks for it: how many control-plane and worker hosts,
// and where etcd runs. Every option has a default; bad ones are refused with the field named.

import type { MemberOptions } from '../../actors/etcd/member/member.ts';
import type { ApiserverOptions } from '../../actors/kube-apiserver/apiserver.ts';
import { quantityValue, tryParseQuantity } from '../../protocols/kube/quantity.ts';
import { readSchedulerConfiguration } from '../../actors/kube-scheduler/framework/config.ts';

export type EtcdTopology = 'stacked' | 'external';

/** Tuning applied to every etcd member: timing, snapshots, store options, bugs planted for tests. */
export type EtcdMemberTuning = Omit<MemberOptions, 'id' | 'peers' | 'learners' | 'join'>;

/** Tuning applied to every kube-apiserver replica: its calendar, bugs planted for tests. */
export type ApiserverTuning = Omit<ApiserverOptions, 'etcd'>;

export interface ClusterSpec {
  /** Control-plane hosts, control-plane-1..n; default 1. 0 makes a cluster of etcd alone (external etcd). */
  readonly controlPlanes?: number;
  /** Worker hosts, worker-1..n; default 2. */
  readonly workers?: number;
  /**
   * 'stacked' (default, as kubeadm sets up): one etcd member on each control-plane host.
   * 'external': etcd members alone on hosts etcd-1..n.
   */
  readonly etcd?: EtcdTopology;
  /** etcd members: with stacked etcd, the number of control planes (the only value allowed); external, default 3. */
  readonly etcdMembers?: number;
  readonly etcdMember?: EtcdMemberTuning;
  readonly apiserver?: ApiserverTuning;
  /** IPv4 and IPv6 for nodes and pods (default: IPv4 only, as kubeadm). */
  readonly dualStack?: boolean;
  /**
   * Control planes run etcd and kube-apiserver only: no kube-controller-manager, and no node
   * components (kubelet, container runtime, CNI plugin) anywhere. For scenarios about the
   * apiserver alone; default false.
   */
  readonly apiserverOnly?: boolean;
  /** The machine every node is, and its components' tuning. */
  readonly node?: NodeTuning;
  /** kube-scheduler's KubeSchedulerConfiguration (YAML), e.g. a MostAllocated profile; the defaults when absent. */
  readonly schedulerConfig?: string;
  /**
   * A simulated cloud under the cluster (default false): a host `cloud` running the cloud provider,
   * with one instance per node spread over zone-a/b/c of region-1; a cloud-controller-manager on
   * every control plane; kubelets started with --cloud-provider=external. `{ routes: true }` also
   * runs the CCM with --allocate-node-cidrs and --configure-cloud-routes, so its route controller
   * makes a cloud route for each node's pod CIDR (1.32's default leaves both off).
   */
  readonly cloud?: boolean | { readonly routes?: boolean };
  /** The control-plane components' tuning. */
  readonly controlPlane?: ControlPlaneTuning;
}

export interface ControlPlaneTuning {
  /** Bugs planted in kube-scheduler and kube-controller-manager, for the fault tests that must catch them. */
  readonly plant?: ControlPlanePlant;
}

export interface ControlPlanePlant {
  /** kube-scheduler does not assume a pod on the node it chose, so pods scheduled back to back can overcommit a node. */
  readonly schedulerForgetsAssumed?: boolean;
  /** The ReplicaSet controller ignores its expectations, so a lagging cache makes it create pods again. */
  readonly replicaSetIgnoresExpectations?: boolean;
}

/** A node's machine, as the kubelet reports it in the Node's capacity. */
export interface NodeTuning {
  /** Cores; default 4. */
  readonly cpu?: number;
  /** Default '16Gi'. */
  readonly memory?: string;
  /** Default '100Gi'. */
  readonly ephemeralStorage?: string;
  /** Default 110. */
  readonly maxPods?: number;
  /** How fast images come from the registry, bytes per second as a quantity; default '50Mi'. */
  readonly pullBandwidth?: string;
  /** Bugs planted in the node components, for the fault tests that must catch them. */
  readonly plant?: NodePlant;
}

export interface NodePlant {
  /** Every CNI plugin, once restarted, forgets the addresses it handed out. */
  readonly cniForgetsOnRestart?: boolean;
}

export interface ResolvedClusterSpec {
  readonly controlPlanes: number;
  readonly workers: number;
  readonly etcd: EtcdTopology;
  readonly etcdMembers: number;
  readonly etcdMember: EtcdMemberTuning;
  readonly apiserver: ApiserverTuning;
  readonly dualStack: boolean;
  readonly apiserverOnly: boolean;
  readonly node: ResolvedNodeTuning;
  readonly schedulerConfig?: string;
  readonly controlPlane: { readonly plant: ControlPlanePlant };
  /** Present (true) only with a cloud, so a cloud-less spec reads as it always did. */
  readonly cloud?: true;
  /** Present (true) only when the cloud's route controller runs. */
  readonly cloudRoutes?: true;
}

export interface ResolvedNodeTuning {
  readonly cpu: number;
  readonly memoryBytes: number;
  readonly ephemeralStorageBytes: number;
  readonly maxPods: number;
  readonly pullBandwidthBytesPerSec: number;
  readonly plant: NodePlant;
}

export class ClusterSpecError extends Error {
  override name = 'ClusterSpecError';
}

/** etcd alone, for the etcd scenarios and tests: members on hosts etcd-1..n, no control plane, no worker. */
export function etcdOnly(members = 3, tuning: EtcdMemberTuning = {}): ClusterSpec {
  return { controlPlanes: 0, workers: 0, etcd: 'external', etcdMembers: members, etcdMember: tuning };
}

const KNOWN = ['controlPlanes', 'workers', 'etcd', 'etcdMembers', 'etcdMember', 'apiserver', 'dualStack', 'apiserverOnly', 'node', 'schedulerConfig', 'cloud', 'controlPlane'];
const PLANT_KNOWN = ['schedulerForgetsAssumed', 'replicaSetIgnoresExpectations'];
const NODE_KNOWN = ['cpu', 'memory', 'ephemeralStorage', 'maxPods', 'pullBandwidth', 'plant'];

/** The spec with every default filled in; throws naming the first bad field. */
export function resolveClusterSpec(spec: ClusterSpec = {}): ResolvedClusterSpec {
  const bad = (field: string, value: unknown, must: string) =>
    new ClusterSpecError(`cluster: ${field}: Invalid value: ${JSON.stringify(value)}: ${must}`);
  if (typeof spec !== 'object' || spec === null) throw new ClusterSpecError(`cluster: Invalid value: ${JSON.stringify(spec)}: must be an object`);
  for (const key of Object.keys(spec)) if (!KNOWN.includes(key)) throw new ClusterSpecError(`cluster: unknown field "${key}"`);
  const count = (field: string, value: unknown, min: number) => {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min) throw bad(field, value, `must be a whole number greater than or equal to ${min}`);
    return value;
  };
  const etcd = spec.etcd ?? 'stacked';
  if (etcd !== 'stacked' && etcd !== 'external') throw bad('etcd', etcd, 'must be "stacked" or "external"');
  const controlPlanes = count('controlPlanes', spec.controlPlanes ?? 1, etcd === 'stacked' ? 1 : 0);
  const workers = count('workers', spec.workers ?? 2, 0);
  const etcdMembers = count('etcdMembers', spec.etcdMembers ?? (etcd === 'stacked' ? controlPlanes : 3), 1);
  if (etcd === 'stacked' && etcdMembers !== controlPlanes)
    throw bad('etcdMembers', etcdMembers, `must equal controlPlanes (${controlPlanes}) with stacked etcd: one member on each control-plane host`);
  const flag = (field: string, value: unknown, dflt: boolean) => {
    if (value === undefined) return dflt;
    if (typeof value !== 'boolean') throw bad(field, value, 'must be true or false');
    return value;
  };
  const dualStack = flag('dualStack', spec.dualStack, false);
  const apiserverOnly = flag('apiserverOnly', spec.apiserverOnly, false);
  const { cloud, routes: cloudRoutes } = cloudOf(spec.cloud, flag, bad);
  // The cloud-controller-manager runs on control planes and serves nodes: without either the cloud would serve nobody.
  if (cloud && apiserverOnly) throw bad('cloud', cloud, 'must be false with apiserverOnly: there are no nodes and no cloud-controller-manager');
  if (cloud && controlPlanes === 0) throw bad('cloud', cloud, 'needs at least one control plane to run the cloud-controller-manager');
  const n = spec.node ?? {};
  if (typeof n !== 'object' || n === null) throw bad('node', n, 'must be an object');
  for (const key of Object.keys(n)) if (!NODE_KNOWN.includes(key)) throw new ClusterSpecError(`cluster: node: unknown field "${key}"`);
  const quantity = (field: string, value: unknown, dflt: string) => {
    const text = value ?? dflt;
    const bytes = typeof text === 'string' ? bytesOf(text) : undefined;
    if (bytes === undefined || bytes <= 0) throw bad(`node.${field}`, value, "must be a positive quantity such as '16Gi'");
    return bytes;
  };
  const cpu = n.cpu ?? 4;
  if (typeof cpu !== 'number' || !(cpu > 0)) throw bad('node.cpu', cpu, 'must be a positive number of cores');
  const node: ResolvedNodeTuning = {
    cpu,
    memoryBytes: quantity('memory', n.memory, '16Gi'),
    ephemeralStorageBytes: quantity('ephemeralStorage', n.ephemeralStorage, '100Gi'),
    maxPods: count('node.maxPods', n.maxPods ?? 110, 1),
    pullBandwidthBytesPerSec: quantity('pullBandwidth', n.pullBandwidth, '50Mi'),
    plant: n.plant ?? {},
  };
  const schedulerConfig = spec.schedulerConfig;
  if (schedulerConfig !== undefined) {
    const read = typeof schedulerConfig === 'string' ? readSchedulerConfiguration(schedulerConfig) : { errors: ['must be a KubeSchedulerConfiguration document (text)'] };
    if ('errors' in read) throw new ClusterSpecError(`cluster: schedulerConfig: ${read.errors.join('; ')}`);
  }
  const controlPlane = { plant: controlPlanePlant(spec.controlPlane, bad) };
  return {
    controlPlane,
    controlPlanes, workers, etcd, etcdMembers, etcdMember: spec.etcdMember ?? {}, apiserver: spec.apiserver ?? {}, dualStack, apiserverOnly, node,
    ...(cloud ? { cloud: true as const } : {}),
    ...(cloudRoutes ? { cloudRoutes: true as const } : {}),
    ...(schedulerConfig === undefined ? {} : { schedulerConfig }),
  };
}

function cloudOf(
  c: unknown,
  flag: (field: string, value: unknown, dflt: boolean) => boolean,
  bad: (field: string, value: unknown, must: string) => ClusterSpecError,
): { cloud: boolean; routes: boolean } {
  if (typeof c !== 'object' || c === null) return { cloud: flag('cloud', c, false), routes: false };
  if (Array.isArray(c)) throw bad('cloud', c, 'must be true, false or an object such as { routes: true }');
  for (const key of Object.keys(c)) if (key !== 'routes') throw new ClusterSpecError(`cluster: cloud: unknown field "${key}"`);
  return { cloud: true, routes: flag('cloud.routes', (c as { routes?: unknown }).routes, false) };
}

function controlPlanePlant(c: unknown, bad: (field: string, value: unknown, must: string) => ClusterSpecError): ControlPlanePlant {
  if (c === undefined) return {};
  if (typeof c !== 'object' || c === null) throw bad('controlPlane', c, 'must be an object');
  for (const key of Object.keys(c)) if (key !== 'plant') throw new ClusterSpecError(`cluster: controlPlane: unknown field "${key}"`);
  const plant = (c as ControlPlaneTuning).plant ?? {};
  if (typeof plant !== 'object' || plant === null) throw bad('controlPlane.plant', plant, 'must be an object');
  for (const [key, value] of Object.entries(plant)) {
    if (!PLANT_KNOWN.includes(key)) throw new ClusterSpecError(`cluster: controlPlane.plant: unknown field "${key}"`);
    if (typeof value !== 'boolean') throw bad(`controlPlane.plant.${key}`, value, 'must be true or false');
  }
  return plant;
}

function bytesOf(text: string): number | undefined {
  const q = tryParseQuantity(text);
  return q === undefined ? undefined : quantityValue(q);
}
