// A ControllerLoop over a registry with the dual-stack Service allocators (10.96.0.0/12 and
// fd00:10:96::/108 by default, as the apiserver runs), plus the objects the endpoint tests build:
// namespaces, nodes with zones, Services and pods, and a stand-in kubelet that gives a pod its IPs
// and readiness through the status subresource.

import { DEFAULT_SERVICE_ALLOCATOR_CONFIG, ServiceAllocators } from '../../../../actors/kube-apiserver/allocators/index.ts';
import type { RegistryEnv } from '../../../../actors/kube-apiserver/registry/index.ts';
import type { ControllerMemory, ControllerSpec } from '../../../../actors/client/index.ts';
import { updateCall } from '../../../../actors/client/index.ts';
import type { EndpointSlice, KubeObject } from '../../../../protocols/kube/objects.ts';
import { rfc3339 } from '../../../../protocols/kube/time.ts';
import { Registry } from '../../apiserver/harness.ts';
import { ControllerLoop } from '../loop.ts';

export class ServiceRegistry extends Registry {
  readonly allocators = new ServiceAllocators(DEFAULT_SERVICE_ALLOCATOR_CONFIG, (n) => n - 1);
  override get env(): RegistryEnv {
    return { ...super.env, allocators: this.allocators };
  }
}

export function loopOf<M extends ControllerMemory>(spec: Pick<ControllerSpec<M>, 'informers' | 'keysFor' | 'reconcile' | 'memory' | 'written'>): ControllerLoop<M> {
  const loop = new ControllerLoop<M>(spec, new ServiceRegistry());
  loop.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } });
  return loop;
}

export function node(loop: ControllerLoop<never> | ControllerLoop<any>, name: string, zone?: string): KubeObject {
  return loop.create({ apiVersion: 'v1', kind: 'Node', metadata: { name, ...(zone ? { labels: { 'topology.kubernetes.io/zone': zone } } : {}) } });
}

export function service(loop: ControllerLoop<any>, name: string, spec: Record<string, unknown>, labels?: Record<string, string>): KubeObject {
  return loop.create({ apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'default', ...(labels ? { labels } : {}) }, spec });
}

export interface PodOpts {
  labels?: Record<string, string>;
  node?: string;
  ports?: { name: string; containerPort: number; protocol?: string }[];
  hostname?: string;
  subdomain?: string;
}

export function pod(loop: ControllerLoop<any>, name: string, o: PodOpts = {}): KubeObject {
  return loop.create({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', labels: o.labels ?? { app: 'web' } },
    spec: {
      nodeName: o.node ?? 'n1',
      ...(o.hostname ? { hostname: o.hostname } : {}),
      ...(o.subdomain ? { subdomain: o.subdomain } : {}),
      containers: [{ name: 'c', image: 'nginx', ...(o.ports ? { ports: o.ports } : {}) }],
    },
  });
}

/** The stand-in kubelet: Running with these IPs, Ready or not (the transition at the loop's now). */
export function run(loop: ControllerLoop<any>, name: string, ips: string[], ready = true, phase = 'Running'): KubeObject {
  const cur = loop.get('pods', name, 'default')!;
  const at = rfc3339(loop.registry.nowMs);
  const status = {
    ...(cur.status as object),
    phase,
    podIP: ips[0],
    podIPs: ips.map((ip) => ({ ip })),
    conditions: [{ type: 'Ready', status: ready ? 'True' : 'False', lastTransitionTime: at }],
  };
  return loop.apply(updateCall({ ...cur, status }, { subresource: 'status' }));
}

/** Graceful deletion: the pod stays with a deletionTimestamp (pods have a grace period). */
export function terminate(loop: ControllerLoop<any>, name: string): void {
  loop.apply({ verb: 'delete', target: { group: '', version: 'v1', resource: 'pods', namespace: 'default', name } });
}

export const slices = (loop: ControllerLoop<any>, svc?: string): EndpointSlice[] =>
  (loop.list('endpointslices.discovery.k8s.io', 'default') as unknown as EndpointSlice[]).filter((s) => svc === undefined || s.metadata?.labels?.['kubernetes.io/service-name'] === svc);

/** Every endpoint of a Service's slices: `address` → the endpoint. */
export const endpointsOf = (loop: ControllerLoop<any>, svc: string) =>
  slices(loop, svc).flatMap((s) => (s.endpoints ?? []).map((e) => ({ slice: s.metadata!.name!, addressType: s.addressType, ...e })));
