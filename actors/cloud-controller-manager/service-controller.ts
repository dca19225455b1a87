// The service controller: a Service of type LoadBalancer gets the finalizer
// service.kubernetes.io/load-balancer-cleanup, then a cloud load balancer (EnsureLoadBalancer, its
// backends every node that is not being deleted, excluded by label or tainted for deletion by the
// cluster autoscaler) and status.loadBalancer.ingress from it. When the node set changes the
// backends are updated; when the Service is deleted or stops being a LoadBalancer, the balancer
// is deleted and then the finalizer removed. Events as Kubernetes words them.

import type { LoadBalancerPort } from '../../protocols/kube/cloud.ts';
import { loadBalancerName } from '../../protocols/kube/cloud.ts';
import type { KubeObject, Node, Service } from '../../protocols/kube/objects.ts';
import { type Listers, type Notification, referenceTo, updateCall } from '../client/index.ts';
import type { CloudAction, CloudReconcileResult } from './cloud-loop.ts';
import type { CloudView } from './view.ts';

export const LB_FINALIZER = 'service.kubernetes.io/load-balancer-cleanup';
export const EXCLUDE_BALANCER_LABEL = 'node.kubernetes.io/exclude-from-external-load-balancers';
export const TO_BE_DELETED_TAINT = 'ToBeDeletedByClusterAutoscaler';

type ServiceObject = Service & KubeObject;

/** A LoadBalancer Service, unless its loadBalancerClass hands it to another implementation. */
const wantsLB = (s: Service) => s.spec?.type === 'LoadBalancer' && s.spec.loadBalancerClass === undefined;
const hasFinalizer = (s: Service) => (s.metadata?.finalizers ?? []).includes(LB_FINALIZER);

/** Whether a node may be a backend: the stable node set (readiness does not count). */
export function isBackend(n: Node): boolean {
  if (n.metadata?.deletionTimestamp) return false;
  const excluded = n.metadata?.labels?.[EXCLUDE_BALANCER_LABEL];
  // Go's ParseBool: anything but a false value (or an unparsable one) excludes.
  if (excluded !== undefined && !['0', 'f', 'F', 'false', 'FALSE', 'False'].includes(excluded)) return false;
  return !(n.spec?.taints ?? []).some((t) => t.key === TO_BE_DELETED_TAINT);
}

export const backendNodes = (listers: Listers): string[] =>
  (listers.nodes!.list() as Node[])
    .filter(isBackend)
    .map((n) => n.metadata!.name!)
    .sort();

export const portsOf = (s: Service): LoadBalancerPort[] =>
  (s.spec?.ports ?? []).map((p) => ({ ...(p.name ? { name: p.name } : {}), protocol: p.protocol ?? 'TCP', port: p.port, nodePort: p.nodePort ?? 0 }));

/** At most 20 names, then how many more, as the controller logs them. */
const loggableNames = (sorted: readonly string[]) => (sorted.length > 20 ? [...sorted.slice(0, 20), `<${sorted.length - 20} more>`] : [...sorted]);

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The services a change concerns: a LoadBalancer Service (or one still holding the finalizer); every such Service when a node comes or goes. */
export function serviceKeys(informer: string, n: Notification, listers: Listers): string[] {
  if (informer === 'services') {
    const s = n.obj as Service;
    return wantsLB(s) || hasFinalizer(s) || (n.type === 'update' && wantsLB(n.old as Service)) ? [`${s.metadata!.namespace}/${s.metadata!.name}`] : [];
  }
  if (n.type === 'update' && isBackend(n.old as Node) === isBackend(n.obj as Node) && (n.old as Node).spec?.providerID === (n.obj as Node).spec?.providerID) return [];
  return (listers.services!.list() as Service[]).filter((s) => wantsLB(s) || hasFinalizer(s)).map((s) => `${s.metadata!.namespace}/${s.metadata!.name}`);
}

const withFinalizers = (s: ServiceObject, finalizers: string[]): ServiceObject => {
  const metadata = { ...s.metadata };
  if (finalizers.length === 0) delete metadata.finalizers;
  else metadata.finalizers = finalizers;
  return { ...s, metadata };
};

const withIngress = (s: ServiceObject, ingress: readonly { ip: string }[]): ServiceObject => ({
  ...s,
  status: { ...s.status, loadBalancer: ingress.length === 0 ? {} : { ingress: ingress.map((i) => ({ ip: i.ip })) } },
});

const ingressIPs = (s: Service) => (s.status?.loadBalancer?.ingress ?? []).map((i) => i.ip ?? '');

function cleanup(svc: ServiceObject, name: string, view: CloudView): CloudReconcileResult {
  const ref = referenceTo(svc);
  const lb = view.loadBalancers[name];
  if (lb === undefined) return { writes: [], cloud: [{ call: { type: 'GetLoadBalancer', name } }] };
  if (lb.exists) {
    return {
      writes: [],
      events: [{ ref, type: 'Normal', reason: 'DeletingLoadBalancer', message: 'Deleting load balancer' }],
      cloud: [{ call: { type: 'EnsureLoadBalancerDeleted', name }, ref, onFailure: { type: 'Warning', reason: 'SyncLoadBalancerFailed', message: 'Error syncing load balancer: failed to delete load balancer: ' } }],
    };
  }
  // A Service that stays (type changed) has its status cleared first; one being deleted needs no status.
  if (!svc.metadata.deletionTimestamp && ingressIPs(svc).length > 0) return { writes: [updateCall(withIngress(svc, []), { subresource: 'status' })] };
  return {
    writes: [updateCall(withFinalizers(svc, (svc.metadata.finalizers ?? []).filter((f) => f !== LB_FINALIZER)))],
    events: [{ ref, type: 'Normal', reason: 'DeletedLoadBalancer', message: 'Deleted load balancer' }],
  };
}

export function reconcileService(key: string, listers: Listers, view: CloudView): CloudReconcileResult {
  const svc = listers.services!.get(key) as ServiceObject | undefined;
  if (svc === undefined) return { writes: [] };
  const name = loadBalancerName(svc.metadata.uid ?? key);
  if (!wantsLB(svc) || svc.metadata.deletionTimestamp) return hasFinalizer(svc) ? cleanup(svc, name, view) : { writes: [] };
  if (!hasFinalizer(svc)) return { writes: [updateCall(withFinalizers(svc, [...(svc.metadata.finalizers ?? []), LB_FINALIZER]))] };

  const ref = referenceTo(svc);
  const nodes = backendNodes(listers);
  const ports = portsOf(svc);
  const noNodes = nodes.length === 0 ? [{ ref, type: 'Warning' as const, reason: 'UnAvailableLoadBalancer', message: 'There are no available nodes for LoadBalancer' }] : [];
  const lb = view.loadBalancers[name];
  const requested = svc.spec?.loadBalancerIP || undefined;
  const ipMoved = requested !== undefined && lb?.ingress[0]?.ip !== requested;
  if (lb === undefined || !lb.exists || lb.ports === undefined || !same(lb.ports, ports) || ipMoved) {
    const ensure: CloudAction = {
      call: { type: 'EnsureLoadBalancer', name, service: key, ports, nodes, ...(requested ? { loadBalancerIP: requested } : {}) },
      ref,
      onSuccess: [{ type: 'Normal', reason: 'EnsuredLoadBalancer', message: 'Ensured load balancer' }],
      onFailure: { type: 'Warning', reason: 'SyncLoadBalancerFailed', message: 'Error syncing load balancer: failed to ensure load balancer: ' },
    };
    return { writes: [], events: [{ ref, type: 'Normal', reason: 'EnsuringLoadBalancer', message: 'Ensuring load balancer' }, ...noNodes], cloud: [ensure] };
  }
  if (!same(lb.nodes, nodes)) {
    const update: CloudAction = {
      call: { type: 'UpdateLoadBalancer', name, nodes },
      ref,
      onSuccess: noNodes.length > 0 ? [noNodes[0]!] : [{ type: 'Normal', reason: 'UpdatedLoadBalancer', message: 'Updated load balancer with new hosts' }],
      onFailure: {
        type: 'Warning',
        reason: 'UpdateLoadBalancerFailed',
        message: `Error updating load balancer with new hosts [${loggableNames(nodes).join(' ')}] [node names limited, total number of nodes: ${nodes.length}], error: `,
      },
    };
    return { writes: [], cloud: [update] };
  }
  const want = lb.ingress.map((i) => i.ip);
  if (!same(ingressIPs(svc), want)) return { writes: [updateCall(withIngress(svc, lb.ingress), { subresource: 'status' })] };
  return { writes: [] };
}
