// What runs on each host of a cluster, by its role. The Kubernetes components plug in here:
// each later component adds its child specs for the roles it runs on.

import type { ChildSpec } from '../../runtime/index.ts';
import { etcdClient } from '../../actors/etcd/member/client.ts';
import { etcdMember } from '../../actors/etcd/member/member.ts';
import { kubeApiserver } from '../../actors/kube-apiserver/apiserver.ts';
import { etcdClientService } from '../../protocols/etcd/client.ts';
import { etcdMemberService } from '../../protocols/etcd/member.ts';
import { kubeApiserverService } from '../../protocols/kube/api.ts';
import type { ResolvedClusterSpec } from './spec.ts';
import type { ClusterSecurity } from './security.ts';
import type { HostPlan, Topology } from './topology.ts';

/** The children of a host, in start order. */
export function componentsOf(plan: HostPlan, topology: Topology, spec: ResolvedClusterSpec, security: ClusterSecurity): ChildSpec[] {
  const children: ChildSpec[] = [];
  if (plan.etcdMember) children.push(etcdMemberSpec(spec, plan.name, topology.etcdMembers));
  if (plan.role === 'control-plane') children.push(...apiserverSpecs(spec, plan.name, topology, security));
  return children;
}

/** An etcd member on the host `id`, one of `peers` (or a learner joining them, with `join`). */
export function etcdMemberSpec(spec: ResolvedClusterSpec, id: string, peers: readonly string[], join?: { readonly learner: true }): ChildSpec {
  const actor = etcdMember({ ...spec.etcdMember, id, peers, ...(join ? { learners: [id], join: true } : {}) });
  return { id: etcdMemberService.name, actor };
}

/** A kube-apiserver replica and the etcd client it stores through, which talks to every member. */
function apiserverSpecs(spec: ResolvedClusterSpec, hostName: string, topology: Topology, security: ClusterSecurity): ChildSpec[] {
  const options = { auth: security.auth, encryption: security.encryption, ...spec.apiserver, etcd: etcdClientService.on(hostName) };
  return [
    { id: etcdClientService.name, actor: etcdClient({ members: topology.etcdMembers }) },
    { id: kubeApiserverService.name, actor: kubeApiserver(options) },
  ];
}
