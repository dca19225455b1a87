// A running cluster: its hosts by role, and handles on what runs there, for scripts and checks.
// Started by `s.cluster(spec)` in a scenario, or `startCluster(system, spec)` in a test.

import { type ActorDef, type ActorRef, host, type Message, type SpawnOptions } from '../../runtime/index.ts';
import type { ActorSystem } from '../../runtime/system/index.ts';
import { type MemberState, memberStateKey } from '../../actors/etcd/member/member.ts';
import { etcdMemberService, type MemberMsg } from '../../protocols/etcd/member.ts';
import { cloudProviderService } from '../../protocols/kube/cloud.ts';
import { cloudHostComponents, componentsOf, etcdMemberSpec } from './components.ts';
import { type ClusterSecurity, clusterSecurity } from './security.ts';
import { type ClusterSpec, resolveClusterSpec, type ResolvedClusterSpec } from './spec.ts';
import { hostName, type Topology, topologyOf } from './topology.ts';

/** How the builder starts a top-level actor: the system's own spawn, or a scenario's traced one. */
export type Spawn = <M extends Message, S>(def: ActorDef<M, S>, options: SpawnOptions) => ActorRef<M>;

/** The etcd cluster inside a cluster: its members by id (the names of their hosts). */
export class EtcdHandle {
  private readonly added: string[] = [];

  constructor(
    private readonly system: ActorSystem,
    private readonly spawn: Spawn,
    private readonly spec: ResolvedClusterSpec,
    private readonly topology: Topology,
  ) {}

  /** Every member started, those added later included (whether or not still in the configuration). */
  get members(): readonly string[] {
    return [...this.topology.etcdMembers, ...this.added];
  }

  ref(id: string): ActorRef<MemberMsg> {
    return etcdMemberService.on(id);
  }

  path(id: string): string {
    return etcdMemberService.pathOn(id);
  }

  /** A running member's state (read it, never change it); undefined while it is down. */
  state(id: string): MemberState | undefined {
    return this.system.stateOf(this.path(id), memberStateKey);
  }

  /** A running member that leads and has not been removed, other than `not`. */
  leader(not?: string): string | undefined {
    return this.members.find((id) => {
      const m = id === not ? undefined : this.state(id);
      return m?.raft.role === 'leader' && !m.removed;
    });
  }

  /**
   * Starts a fresh member on a new etcd host, to join the cluster whose voters are `voters` as a
   * learner (etcd's `member add --learner`): the caller then adds it to the configuration.
   */
  addMember(voters: readonly string[]): string {
    if (this.spec.etcd !== 'external') throw new Error('cluster: a member can be added only to external etcd (stacked members come with control planes)');
    const id = hostName.etcd(this.topology.etcdHosts.length + this.added.length + 1);
    this.added.push(id);
    this.spawn(host({ children: [etcdMemberSpec(this.spec, id, voters, { learner: true })] }), { name: id, restart: 'permanent' });
    return id;
  }
}

export class Cluster {
  readonly spec: ResolvedClusterSpec;
  readonly topology: Topology;
  readonly etcd: EtcdHandle;
  /** Every component's credentials, and the key Secrets are stored under. */
  readonly security: ClusterSecurity;

  constructor(system: ActorSystem, spawn: Spawn, spec: ClusterSpec = {}) {
    this.spec = resolveClusterSpec(spec);
    this.topology = topologyOf(this.spec);
    this.security = clusterSecurity([...this.topology.controlPlanes, ...this.topology.workers], { cloud: this.spec.cloud === true });
    this.etcd = new EtcdHandle(system, spawn, this.spec, this.topology);
    // The cloud comes first: the machines the other hosts are stand in it.
    const cloud = this.topology.cloud;
    if (cloud !== undefined) spawn(host({ children: cloudHostComponents(cloud, this.topology, this.security) }), { name: cloud.host, restart: 'permanent' });
    for (const plan of this.topology.hosts)
      spawn(host({ children: componentsOf(plan, this.topology, this.spec, this.security) }), { name: plan.name, restart: 'permanent' });
  }

  /** The bearer token of a component: 'admin', 'kube-scheduler', 'kube-controller-manager', 'kube-proxy', 'kubelet:<node>', and with a cloud 'cloud-controller-manager'. */
  token(component: string): string {
    if (component === 'cloud-controller-manager' && this.security.cloudControllerManagerToken !== undefined) return this.security.cloudControllerManagerToken;
    const id = this.security.identities.find((i) => i.component === component);
    if (id === undefined) throw new Error(`cluster: no credentials for "${component}" (known: ${this.security.identities.map((i) => i.component).join(', ')})`);
    return id.token;
  }

  /** Every host of the cluster by name, in start order (the cloud's host, when there is one, is not among them: it is no machine of the cluster). */
  get hosts(): readonly string[] {
    return this.topology.hosts.map((h) => h.name);
  }

  /** The cloud provider actor's path (/cloud/cloud-provider), when the cluster has a cloud. */
  get cloudProvider(): string | undefined {
    return this.topology.cloud === undefined ? undefined : cloudProviderService.pathOn(this.topology.cloud.host);
  }
}

/** Starts a cluster on a system directly (tests); scenarios call `s.cluster(spec)`. */
export function startCluster(system: ActorSystem, spec: ClusterSpec = {}): Cluster {
  return new Cluster(system, (def, options) => system.spawn(def, options), spec);
}
