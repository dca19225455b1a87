// What runs on each host of a cluster, by its role. The Kubernetes components plug in here:
// each later component adds its child specs for the roles it runs on.

import type { ChildSpec } from '../../runtime/index.ts';
import { etcdMember } from '../../actors/etcd/member/member.ts';
import { kubeApiserver } from '../../actors/kube-apiserver/apiserver.ts';
import { etcdMemberService } from '../../protocols/etcd/member.ts';
import { kubeApiserverService } from '../../protocols/kube/api.ts';
import { cniPlugin } from '../../actors/cni-plugin/plugin.ts';
import { containerRuntime } from '../../actors/container-runtime/runtime.ts';
import { imageCatalog, workloadModel } from '../../actors/container-runtime/workload/index.ts';
import { kubelet } from '../../actors/kubelet/kubelet.ts';
import { kubeControllerManager } from '../../actors/kube-controller-manager/manager.ts';
import { kubeControllerManagerService } from '../../protocols/kube/controller-manager.ts';
import { kubeScheduler } from '../../actors/kube-scheduler/scheduler.ts';
import { kubeSchedulerService } from '../../protocols/kube/scheduler.ts';
import { CLUSTER_CA_CERT } from './pki.ts';
import { cniPluginService } from '../../protocols/kube/cni.ts';
import { containerRuntimeService } from '../../protocols/kube/cri.ts';
import { kubeletService } from '../../protocols/kube/kubelet.ts';
import type { ResolvedClusterSpec } from './spec.ts';
import type { ClusterSecurity } from './security.ts';
import { CLUSTER_POD_CIDRS, type HostPlan, type Topology } from './topology.ts';
import { DEFAULT_SERVICE_CIDRS } from '../../actors/kube-apiserver/allocators/cluster-ip.ts';
import { cloudControllerManager, routeController } from '../../actors/cloud-controller-manager/index.ts';
import { CLUSTER_CLOUD_CONTROLLERS } from './ccm-controllers.ts';
import { cloudProvider } from '../../actors/cloud-provider/index.ts';
import { cloudProviderService } from '../../protocols/kube/cloud.ts';
import { ccmInstaller } from './ccm-installer.ts';
import type { CloudPlan } from './topology.ts';

/** The children of a host, in start order. */
export function componentsOf(plan: HostPlan, topology: Topology, spec: ResolvedClusterSpec, security: ClusterSecurity): ChildSpec[] {
  const children: ChildSpec[] = [];
  if (plan.etcdMember) children.push(etcdMemberSpec(spec, plan.name, topology.etcdMembers));
  if (plan.role === 'control-plane') children.push(...apiserverSpecs(spec, topology, security));
  if (spec.apiserverOnly) return children;
  if (plan.role === 'control-plane') children.push(controllerManagerSpec(spec, plan.name, topology, security), schedulerSpec(spec, plan.name, topology, security));
  if (plan.role === 'control-plane' && topology.cloud !== undefined) children.push(cloudControllerManagerSpec(spec, plan.name, topology, topology.cloud, security));
  if (plan.role !== 'etcd') children.push(...nodeSpecs(spec, plan, topology, security));
  return children;
}

/** The apiserver replicas a control-plane component talks to: its own first. */
const nearestApiservers = (host: string, topology: Topology) => [host, ...topology.controlPlanes.filter((h) => h !== host)];

function controllerManagerSpec(spec: ResolvedClusterSpec, host: string, topology: Topology, security: ClusterSecurity): ChildSpec {
  const token = security.identities.find((i) => i.component === 'kube-controller-manager')!.token;
  const actor = kubeControllerManager({
    host,
    apiservers: nearestApiservers(host, topology),
    token,
    controllerTokens: security.controllerTokens,
    rootCA: CLUSTER_CA_CERT,
    clusterCIDRs: spec.dualStack ? [CLUSTER_POD_CIDRS.ipv4, CLUSTER_POD_CIDRS.ipv6] : [CLUSTER_POD_CIDRS.ipv4],
    serviceCIDRs: spec.dualStack ? [DEFAULT_SERVICE_CIDRS.IPv4, DEFAULT_SERVICE_CIDRS.IPv6] : [DEFAULT_SERVICE_CIDRS.IPv4],
    ...(spec.controlPlane.plant.replicaSetIgnoresExpectations ? { plant: { replicaSetIgnoresExpectations: true } } : {}),
  });
  return { id: kubeControllerManagerService.name, actor };
}

/** The CCM's name in the tree: what the upstream manifests call its DaemonSet and ServiceAccount. */
export const CLOUD_CONTROLLER_MANAGER = 'cloud-controller-manager';

function cloudControllerManagerSpec(spec: ResolvedClusterSpec, host: string, topology: Topology, cloud: CloudPlan, security: ClusterSecurity): ChildSpec {
  const actor = cloudControllerManager({
    host,
    apiservers: nearestApiservers(host, topology),
    token: security.cloudControllerManagerToken!,
    cloudHost: cloud.host,
    clusterCIDRs: spec.dualStack ? [CLUSTER_POD_CIDRS.ipv4, CLUSTER_POD_CIDRS.ipv6] : [CLUSTER_POD_CIDRS.ipv4],
    controllers: spec.cloudRoutes ? [...CLUSTER_CLOUD_CONTROLLERS, routeController] : CLUSTER_CLOUD_CONTROLLERS,
  });
  return { id: CLOUD_CONTROLLER_MANAGER, actor };
}

/**
 * The cloud's host: the cloud provider, whose instances are the node hosts, and the installer of
 * the CCM's RBAC (which talks to every apiserver replica as the admin).
 */
export function cloudHostComponents(cloud: CloudPlan, topology: Topology, security: ClusterSecurity): ChildSpec[] {
  const admin = security.identities.find((i) => i.component === 'admin')!.token;
  return [
    { id: cloudProviderService.name, actor: cloudProvider({ region: cloud.region, zones: cloud.zones, instances: cloud.instances }) },
    { id: 'ccm-installer', actor: ccmInstaller(topology.controlPlanes, admin) },
  ];
}

function schedulerSpec(spec: ResolvedClusterSpec, host: string, topology: Topology, security: ClusterSecurity): ChildSpec {
  const token = security.identities.find((i) => i.component === 'kube-scheduler')!.token;
  const actor = kubeScheduler({
    host, apiservers: nearestApiservers(host, topology), token, ...(spec.schedulerConfig === undefined ? {} : { config: spec.schedulerConfig }),
    ...(spec.controlPlane.plant.schedulerForgetsAssumed ? { plant: { forgetAssumed: true } } : {}),
  });
  return { id: kubeSchedulerService.name, actor };
}

/**
 * What makes a host a Kubernetes node, in start order: its CNI plugin, its container runtime (which
 * calls the plugin), and its kubelet (which calls the runtime and the apiserver replicas, nearest first).
 */
function nodeSpecs(spec: ResolvedClusterSpec, plan: HostPlan, topology: Topology, security: ClusterSecurity): ChildSpec[] {
  const node = plan.name;
  const apiservers = topology.controlPlanes.includes(node) ? nearestApiservers(node, topology) : topology.controlPlanes;
  const machine = {
    cpu: spec.node.cpu,
    memoryBytes: spec.node.memoryBytes,
    ephemeralStorageBytes: spec.node.ephemeralStorageBytes,
    maxPods: spec.node.maxPods,
    addresses: plan.addresses,
    podCIDRs: plan.podCIDRs,
    controlPlane: plan.role === 'control-plane',
  };
  const token = security.identities.find((i) => i.component === `kubelet:${node}`)!.token;
  return [
    { id: cniPluginService.name, actor: cniPlugin({ node, ...(spec.node.plant.cniForgetsOnRestart ? { plant: { forgetOnRestart: true } } : {}) }) },
    {
      id: containerRuntimeService.name,
      actor: containerRuntime({ node, model: workloadModel, catalog: imageCatalog, cni: cniPluginService.on(node), pullBandwidthBytesPerSec: spec.node.pullBandwidthBytesPerSec }),
    },
    { id: kubeletService.name, actor: kubelet({ node, machine, apiservers, token, ...(spec.cloud ? { cloudProvider: 'external' as const } : {}) }) },
  ];
}

/** An etcd member on the host `id`, one of `peers` (or a learner joining them, with `join`). */
export function etcdMemberSpec(spec: ResolvedClusterSpec, id: string, peers: readonly string[], join?: { readonly learner: true }): ChildSpec {
  const actor = etcdMember({ ...spec.etcdMember, id, peers, ...(join ? { learners: [id], join: true } : {}) });
  return { id: etcdMemberService.name, actor };
}

/** A kube-apiserver replica, with the etcd client inside it that talks to every member. */
function apiserverSpecs(spec: ResolvedClusterSpec, topology: Topology, security: ClusterSecurity): ChildSpec[] {
  const options = { auth: security.auth, encryption: security.encryption, ...spec.apiserver, etcd: { members: topology.etcdMembers } };
  return [{ id: kubeApiserverService.name, actor: kubeApiserver(options) }];
}
