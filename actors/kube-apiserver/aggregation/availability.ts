// Whether each APIService is available (kube-aggregator's availability controllers, 1.32): a local
// one always is; one served elsewhere needs its Service, listening on its port, with endpoints
// that have an address on that port's name, and then a discovery GET that answers 2xx. The
// verdicts are plain data; the shell looks the objects up and runs the discovery check.

import type { KubeObject } from '../../../protocols/kube/objects.ts';
import type { APIServiceSpec } from '../strategies/core/apiservice.ts';

export interface APIServiceCondition {
  readonly type: 'Available';
  readonly status: 'True' | 'False' | 'Unknown';
  readonly lastTransitionTime: string;
  readonly reason: string;
  readonly message: string;
}

type Found = Omit<APIServiceCondition, 'type' | 'lastTransitionTime'>;

export type Verdict =
  /** Decided on what the caches hold. */
  | { readonly kind: 'decided'; readonly found: Found }
  /** The Service and endpoints are there: the server must answer a discovery GET at `url`. */
  | { readonly kind: 'discover'; readonly url: string };

const LOCAL: Found = { status: 'True', reason: 'Local', message: 'Local APIServices are always available' };
const PASSED: Found = { status: 'True', reason: 'Passed', message: 'all checks passed' };
const unavailable = (reason: string, message: string): Found => ({ status: 'False', reason, message });

interface ServicePort {
  readonly name?: string;
  readonly port?: number;
}
interface EndpointSubset {
  readonly addresses?: readonly unknown[];
  readonly ports?: readonly { readonly name?: string }[];
}

/** The APIService's verdict, given its Service and Endpoints (undefined: not found). */
export function availability(apiService: KubeObject, service: KubeObject | undefined, endpoints: KubeObject | undefined): Verdict {
  const spec = (apiService.spec ?? {}) as APIServiceSpec;
  const ref = spec.service;
  if (ref === undefined) return { kind: 'decided', found: LOCAL };
  const name = ref.name ?? '';
  const ns = ref.namespace ?? '';
  const port = ref.port ?? 443;
  if (service === undefined) return { kind: 'decided', found: unavailable('ServiceNotFound', `service/${name} in "${ns}" is not present`) };
  const svc = (service.spec ?? {}) as { type?: string; clusterIP?: string; externalName?: string; ports?: readonly ServicePort[] };
  if ((svc.type ?? 'ClusterIP') === 'ClusterIP') {
    const listening = (svc.ports ?? []).find((p) => p.port === port);
    if (listening === undefined) return { kind: 'decided', found: unavailable('ServicePortError', `service/${name} in "${ns}" is not listening on port ${port}`) };
    const portName = listening.name ?? '';
    if (endpoints === undefined) return { kind: 'decided', found: unavailable('EndpointsNotFound', `cannot find endpoints for service/${name} in "${ns}"`) };
    const subsets = ((endpoints as { subsets?: readonly EndpointSubset[] }).subsets ?? []);
    const active = subsets.some((s) => (s.addresses ?? []).length > 0 && (s.ports ?? []).some((p) => (p.name ?? '') === portName));
    if (!active) return { kind: 'decided', found: unavailable('MissingEndpoints', `endpoints for service/${name} in "${ns}" have no addresses with port name "${portName}"`) };
  }
  return { kind: 'discover', url: discoveryURL(apiService, svc, port) };
}

/** Where the aggregator's GET goes: the Service's cluster IP (or external name) and port, the group/version's discovery path. */
function discoveryURL(apiService: KubeObject, svc: { type?: string; clusterIP?: string; externalName?: string }, port: number): string {
  const spec = (apiService.spec ?? {}) as APIServiceSpec;
  const host = svc.type === 'ExternalName' ? (svc.externalName ?? '') : (svc.clusterIP ?? '');
  const hostPort = host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
  const path = apiService.metadata.name === 'v1.' ? `/api/${spec.version ?? ''}` : `/apis/${spec.group ?? ''}/${spec.version ?? ''}`;
  return `https://${hostPort}${path}`;
}

/** How the discovery GET went: an answer's code, refused (no server behind the Service), or no answer in time. */
export type Discovery = { readonly code: number } | { readonly refused: true } | { readonly timedOut: true };

export function discovered(url: string, d: Discovery): Found {
  if ('code' in d && d.code >= 200 && d.code < 300) return PASSED;
  const hostPort = url.slice('https://'.length).split('/')[0]!;
  const why =
    'code' in d
      ? `bad status from ${url}: ${d.code}`
      : 'refused' in d
        ? `Get "${url}": dial tcp ${hostPort}: connect: connection refused`
        : `Get "${url}": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`;
  return unavailable('FailedDiscoveryCheck', `failing or missing response from ${url}: ${why}`);
}

/**
 * The APIService with its Available condition set to `found` (SetAPIServiceCondition: the
 * transition time moves only with the status), or undefined when its status would not change.
 */
export function withAvailable(apiService: KubeObject, found: Found, now: string): KubeObject | undefined {
  const status = (apiService.status ?? {}) as { conditions?: readonly APIServiceCondition[] };
  const conditions = status.conditions ?? [];
  const old = conditions.find((c) => c.type === 'Available');
  if (old !== undefined && old.status === found.status && old.reason === found.reason && old.message === found.message) return undefined;
  const next: APIServiceCondition = { type: 'Available', status: found.status, lastTransitionTime: old !== undefined && old.status === found.status ? old.lastTransitionTime : now, reason: found.reason, message: found.message };
  const merged = old === undefined ? [...conditions, next] : conditions.map((c) => (c === old ? next : c));
  return { ...apiService, status: { ...status, conditions: merged } };
}
