// The route controller: one cloud route per node pod CIDR (to the node's instance), and routes in
// the cluster CIDRs that no node's pod CIDR accounts for deleted. The whole cluster is one key,
// looked at every routeReconciliationPeriod (10 s) on a fresh ListRoutes and on node changes.
// A node whose routes all exist gets NetworkUnavailable False, reason RouteCreated; a node the
// cloud routes to but that has no pod CIDR gets it True, reason NoRouteCreated.

import ipaddr from 'ipaddr.js';
import type { Node } from '../../protocols/kube/objects.ts';
import type { Route } from '../../protocols/kube/cloud.ts';
import { type Listers, type Notification, rfc3339, updateCall } from '../client/index.ts';
import type { CloudAction, CloudReconcileResult } from './cloud-loop.ts';
import { type NodeCondition, type NodeObject, withCondition } from './nodes.ts';
import type { CloudView } from './view.ts';

export const ROUTE_RECONCILIATION_PERIOD_MS = 10_000;
export const ROUTES_KEY = 'routes';

export const routeKeys = (_informer: string, n: Notification): string[] =>
  n.type !== 'update' || JSON.stringify((n.old as Node).spec?.podCIDRs) !== JSON.stringify((n.obj as Node).spec?.podCIDRs) ? [ROUTES_KEY] : [];

/** Whether a route's destination lies in one of the cluster CIDRs (routes elsewhere are not ours). */
export function isResponsible(clusterCIDRs: readonly string[], destination: string): boolean {
  if (!ipaddr.isValidCIDR(destination)) return false;
  const [addr] = ipaddr.parseCIDR(destination);
  return clusterCIDRs.some((c) => {
    const range = ipaddr.parseCIDR(c);
    return range[0].kind() === addr.kind() && addr.match(range);
  });
}

const podCIDRsOf = (n: Node) => n.spec?.podCIDRs ?? (n.spec?.podCIDR ? [n.spec.podCIDR] : []);

function condition(routesCreated: boolean, at: string): NodeCondition {
  return routesCreated
    ? { type: 'NetworkUnavailable', status: 'False', reason: 'RouteCreated', message: 'RouteController created a route', lastTransitionTime: at, lastHeartbeatTime: at }
    : { type: 'NetworkUnavailable', status: 'True', reason: 'NoRouteCreated', message: 'RouteController failed to create a route', lastTransitionTime: at, lastHeartbeatTime: at };
}

function alreadySet(n: Node, routesCreated: boolean): boolean {
  const c = n.status?.conditions?.find((x) => x.type === 'NetworkUnavailable');
  return c !== undefined && (routesCreated ? c.status === 'False' && c.reason === 'RouteCreated' : c.status === 'True' && c.reason === 'NoRouteCreated');
}

export function reconcileRoutes(clusterCIDRs: readonly string[], epochMs: number, listers: Listers, view: CloudView, now: number): CloudReconcileResult {
  if (view.routes === null || now - view.routes.at >= ROUTE_RECONCILIATION_PERIOD_MS) return { writes: [], cloud: [{ call: { type: 'ListRoutes' } }], requeueAfter: ROUTE_RECONCILIATION_PERIOD_MS };
  const requeueAfter = ROUTE_RECONCILIATION_PERIOD_MS - (now - view.routes.at);
  const nodes = (listers.nodes!.list() as NodeObject[]).slice().sort((a, b) => (a.metadata.name! < b.metadata.name! ? -1 : 1));
  const routes = view.routes.list;
  const wanted = new Set(nodes.flatMap((n) => podCIDRsOf(n).map((c) => `${n.metadata.name}|${c}`)));
  const cloud: CloudAction[] = [];
  for (const r of routes) if (isResponsible(clusterCIDRs, r.destinationCIDR) && !wanted.has(`${r.targetNode}|${r.destinationCIDR}`)) cloud.push({ call: { type: 'DeleteRoute', name: r.name } });

  const has = (r: readonly Route[], node: string, cidr: string) => r.some((x) => x.targetNode === node && x.destinationCIDR === cidr);
  const writes = [];
  const at = rfc3339(epochMs + now);
  for (const n of nodes) {
    const name = n.metadata.name!;
    const cidrs = podCIDRsOf(n);
    const ref = { apiVersion: 'v1', kind: 'Node', name, ...(n.metadata.uid ? { uid: n.metadata.uid } : {}) };
    const missing = cidrs.filter((c) => !has(routes, name, c));
    for (const cidr of missing) {
      const hint = n.metadata.uid ?? name;
      cloud.push({
        call: { type: 'CreateRoute', nameHint: hint, targetNode: name, destinationCIDR: cidr },
        ref,
        onFailure: { type: 'Warning', reason: 'FailedToCreateRoute', message: `Could not create route ${hint} ${cidr} for node ${name} after 0s: ` },
      });
    }
    // Nodes whose routes are being created are looked at again once the cloud has answered.
    if (missing.length > 0) continue;
    const routed = cidrs.length > 0;
    if (!routed && !routes.some((r) => r.targetNode === name)) continue;
    if (!alreadySet(n, routed)) writes.push(updateCall(withCondition(n, condition(routed, at)), { subresource: 'status' }));
  }
  return { writes, cloud, requeueAfter };
}
