// What a cloud controller knows of the cloud: the answers to its own past requests, each with the
// virtual time it came, folded in by `absorb`. Reconcile cores decide from the view alone (asking
// the cloud again when an entry is missing or too old), so they stay pure while the cloud is an
// actor; the view is the controller's memory and is lost with it on a restart, as a restarted
// cloud-controller-manager starts with no knowledge of the cloud.

import type { CloudCall, CloudResult, InstanceMetadata, LoadBalancerIngress, LoadBalancerPort, Route } from '../../protocols/kube/cloud.ts';

export interface LoadBalancerView {
  readonly at: number;
  readonly exists: boolean;
  readonly ingress: readonly LoadBalancerIngress[];
  /** What this controller last ensured; absent when only looked up. */
  readonly ports?: readonly LoadBalancerPort[];
  readonly nodes?: readonly string[];
}

export interface CloudView {
  /** By node name; `metadata: null` means the cloud has no such instance. */
  instances: Record<string, { readonly at: number; readonly metadata: InstanceMetadata | null }>;
  loadBalancers: Record<string, LoadBalancerView>;
  routes: { readonly at: number; readonly list: readonly Route[] } | null;
}

export const emptyView = (): CloudView => ({ instances: {}, loadBalancers: {}, routes: null });

/** Folds a successful answer to `call` into the view. */
export function absorb(v: CloudView, call: CloudCall, result: CloudResult, now: number): void {
  switch (call.type) {
    case 'InstanceMetadata':
      if (result.kind === 'Instance') v.instances[call.nodeName] = { at: now, metadata: result.metadata };
      return;
    case 'GetLoadBalancer':
      if (result.kind === 'LoadBalancer') v.loadBalancers[call.name] = { at: now, exists: result.exists, ingress: result.ingress };
      return;
    case 'EnsureLoadBalancer':
      if (result.kind === 'LoadBalancer') v.loadBalancers[call.name] = { at: now, exists: true, ingress: result.ingress, ports: call.ports, nodes: [...call.nodes].sort() };
      return;
    case 'UpdateLoadBalancer': {
      const lb = v.loadBalancers[call.name];
      if (lb !== undefined) v.loadBalancers[call.name] = { ...lb, at: now, nodes: [...call.nodes].sort() };
      return;
    }
    case 'EnsureLoadBalancerDeleted':
      v.loadBalancers[call.name] = { at: now, exists: false, ingress: [] };
      return;
    case 'ListRoutes':
      if (result.kind === 'Routes') v.routes = { at: now, list: result.routes };
      return;
    case 'CreateRoute':
      if (result.kind === 'Route' && v.routes !== null) v.routes = { at: v.routes.at, list: [...v.routes.list.filter((r) => r.name !== result.route.name), result.route] };
      return;
    case 'DeleteRoute':
      if (v.routes !== null) v.routes = { at: v.routes.at, list: v.routes.list.filter((r) => r.name !== call.name) };
      return;
    default:
      return;
  }
}

/** After a failed call what the view said may be wrong: forget it, so the next reconcile asks again. */
export function forgetOnFailure(v: CloudView, call: CloudCall): void {
  if (call.type === 'InstanceMetadata') delete v.instances[call.nodeName];
  else if (call.type === 'GetLoadBalancer' || call.type === 'EnsureLoadBalancer' || call.type === 'UpdateLoadBalancer' || call.type === 'EnsureLoadBalancerDeleted') delete v.loadBalancers[call.name];
  else if (call.type === 'ListRoutes' || call.type === 'CreateRoute' || call.type === 'DeleteRoute') v.routes = null;
}
