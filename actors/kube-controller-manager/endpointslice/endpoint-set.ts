// Endpoint identity and equality as the EndpointSlice reconciler uses them: an endpoint is the
// same endpoint while its addresses, hostname and target pod are (its hash); it needs rewriting
// when anything beyond that changed (node, zone, conditions, target uid). Slices are grouped by
// their port set, compared independent of order.

import type { EndpointSlice } from '../../../protocols/kube/objects.ts';

export type Endpoint = NonNullable<EndpointSlice['endpoints']>[number];
export type EndpointPort = NonNullable<EndpointSlice['ports']>[number];

/** JSON with object keys sorted and undefined fields dropped: equal values, equal strings. */
export function canonical(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined);
  entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${canonical(x)}`).join(',')}}`;
}

/** hashEndpoint: sorted addresses, hostname, target namespace and name. */
export function endpointHash(ep: Endpoint): string {
  return canonical({ a: [...ep.addresses].sort(), h: ep.hostname ?? '', ns: ep.targetRef?.namespace ?? '', n: ep.targetRef?.name ?? '' });
}

/** NewPortMapKey: the port set, order-free; no ports and an empty list are one key. */
export function portMapKey(ports: readonly EndpointPort[] | undefined): string {
  const each = (ports ?? []).map((p) => canonical({ name: p.name ?? '', port: p.port, protocol: p.protocol ?? 'TCP', appProtocol: p.appProtocol }));
  return `[${each.sort().join(',')}]`;
}

const differs = <T>(a: T | undefined, b: T | undefined): boolean => (a ?? null) !== (b ?? null);

/** EndpointsEqualBeyondHash (a targetRef's resourceVersion is ignored). */
export function endpointsEqualBeyondHash(a: Endpoint, b: Endpoint): boolean {
  if (differs(a.nodeName, b.nodeName) || differs(a.zone, b.zone)) return false;
  const ca = a.conditions ?? {};
  const cb = b.conditions ?? {};
  if (differs(ca.ready, cb.ready) || differs(ca.serving, cb.serving) || differs(ca.terminating, cb.terminating)) return false;
  const ref = (e: Endpoint) => (e.targetRef === undefined ? null : canonical({ ...e.targetRef, resourceVersion: undefined }));
  return ref(a) === ref(b);
}

/** A desired set: endpoints by hash, popped in insertion order (so runs repeat exactly). */
export class EndpointSet {
  private readonly items = new Map<string, Endpoint>();
  insert(ep: Endpoint): void {
    this.items.set(endpointHash(ep), ep);
  }
  get(ep: Endpoint): Endpoint | undefined {
    return this.items.get(endpointHash(ep));
  }
  delete(ep: Endpoint): void {
    this.items.delete(endpointHash(ep));
  }
  get size(): number {
    return this.items.size;
  }
  pop(): Endpoint | undefined {
    const first = this.items.entries().next();
    if (first.done) return undefined;
    this.items.delete(first.value[0]);
    return first.value[1];
  }
}
