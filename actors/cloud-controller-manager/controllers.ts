// The cloud-controller-manager's controllers, each a cloud loop (cloud-loop.ts) named as 1.32's
// --controllers names them, with the client name each is built with (the kube-system service
// account it would write as under --use-service-account-credentials; the two node controllers
// share node-controller, as they do in Kubernetes).

import type { ActorRef } from '../../runtime/index.ts';
import type { CloudRequest } from '../../protocols/kube/cloud.ts';
import type { ApiClientConfig, Notification } from '../client/index.ts';
import type { CloudLoopSpec } from './cloud-loop.ts';
import { reconcileCloudNode } from './node-controller.ts';
import { reconcileNodeLifecycle } from './node-lifecycle.ts';
import { reconcileRoutes, routeKeys } from './route-controller.ts';
import { reconcileService, serviceKeys } from './service-controller.ts';

export interface CloudControllerContext {
  /** The client config a controller writes with, by its service account's name. */
  client(name: string): ApiClientConfig;
  readonly cloud: ActorRef<CloudRequest>;
  readonly epochMs: number;
  readonly clusterCIDRs: readonly string[];
}

export interface CloudControllerDef {
  /** As --controllers names it. */
  readonly name: string;
  /** The kube-system service account it runs as (--use-service-account-credentials). */
  readonly serviceAccount: string;
  readonly spec: (c: CloudControllerContext) => CloudLoopSpec;
}

const nodesInformer = { name: 'nodes', resource: 'nodes' } as const;
const nodeKey = (_i: string, n: Notification) => (n.type === 'delete' ? [] : [n.obj.metadata.name!]);

export const cloudNodeController: CloudControllerDef = {
  name: 'cloud-node-controller',
  serviceAccount: 'node-controller',
  spec: (c) => ({ client: c.client('node-controller'), cloud: c.cloud, informers: [nodesInformer], keysFor: nodeKey, reconcile: reconcileCloudNode, component: 'cloud-node-controller', epochMs: c.epochMs }),
};

export const cloudNodeLifecycleController: CloudControllerDef = {
  name: 'cloud-node-lifecycle-controller',
  serviceAccount: 'node-controller',
  spec: (c) => ({
    client: c.client('node-controller'),
    cloud: c.cloud,
    informers: [nodesInformer],
    keysFor: nodeKey,
    reconcile: reconcileNodeLifecycle,
    component: 'cloud-node-lifecycle-controller',
    epochMs: c.epochMs,
  }),
};

export const serviceController: CloudControllerDef = {
  name: 'service-lb-controller',
  serviceAccount: 'service-controller',
  spec: (c) => ({
    client: c.client('service-controller'),
    cloud: c.cloud,
    informers: [{ name: 'services', resource: 'services' }, nodesInformer],
    keysFor: serviceKeys,
    reconcile: (key, listers, view) => reconcileService(key, listers, view),
    component: 'service-controller',
    epochMs: c.epochMs,
  }),
};

export const routeController: CloudControllerDef = {
  name: 'node-route-controller',
  serviceAccount: 'route-controller',
  spec: (c) => ({
    client: c.client('route-controller'),
    cloud: c.cloud,
    informers: [nodesInformer],
    keysFor: routeKeys,
    reconcile: (_key, listers, view, now) => reconcileRoutes(c.clusterCIDRs, c.epochMs, listers, view, now),
    component: 'route_controller',
    epochMs: c.epochMs,
  }),
};

export const CLOUD_CONTROLLERS: readonly CloudControllerDef[] = [cloudNodeController, cloudNodeLifecycleController, serviceController, routeController];
