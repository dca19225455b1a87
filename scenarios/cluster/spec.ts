// What a cluster is made of, as a scenario asks for it: how many control-plane and worker hosts,
// and where etcd runs. Every option has a default; bad ones are refused with the field named.

import type { MemberOptions } from '../../actors/etcd/member/member.ts';
import type { ApiserverOptions } from '../../actors/kube-apiserver/apiserver.ts';

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
}

export interface ResolvedClusterSpec {
  readonly controlPlanes: number;
  readonly workers: number;
  readonly etcd: EtcdTopology;
  readonly etcdMembers: number;
  readonly etcdMember: EtcdMemberTuning;
  readonly apiserver: ApiserverTuning;
}

export class ClusterSpecError extends Error {
  override name = 'ClusterSpecError';
}

/** etcd alone, for the etcd scenarios and tests: members on hosts etcd-1..n, no control plane, no worker. */
export function etcdOnly(members = 3, tuning: EtcdMemberTuning = {}): ClusterSpec {
  return { controlPlanes: 0, workers: 0, etcd: 'external', etcdMembers: members, etcdMember: tuning };
}

const KNOWN = ['controlPlanes', 'workers', 'etcd', 'etcdMembers', 'etcdMember', 'apiserver'];

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
  return { controlPlanes, workers, etcd, etcdMembers, etcdMember: spec.etcdMember ?? {}, apiserver: spec.apiserver ?? {} };
}
