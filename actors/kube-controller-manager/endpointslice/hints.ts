// Topology hints from a Service's trafficDistribution (1.32: PreferClose, beta and on): every
// ready endpoint with a zone gets the hint "for its own zone", so kube-proxy prefers endpoints in
// the client's zone. Any other Service has its hints removed. Slices the reconciler was leaving
// alone are rewritten only when their hints are wrong. (topologycache's proportional hints for
// service.kubernetes.io/topology-mode: Auto are not built here: such Services get no hints.)

import type { EndpointSlice, Service } from '../../../protocols/kube/objects.ts';
import type { Endpoint } from './endpoint-set.ts';

export const PREFER_CLOSE = 'PreferClose';
export const TOPOLOGY_MODE = 'service.kubernetes.io/topology-mode';
export const TOPOLOGY_AWARE_HINTS = 'service.kubernetes.io/topology-aware-hints';

/** hintsEnabled: the deprecated annotation wins over topology-mode; "Auto" or "auto". */
export function hintsEnabled(annotations: Readonly<Record<string, string>> | undefined): boolean {
  const v = annotations?.[TOPOLOGY_AWARE_HINTS] ?? annotations?.[TOPOLOGY_MODE];
  return v === 'Auto' || v === 'auto';
}

const preferClose = (svc: Service) => (svc.spec as { trafficDistribution?: string } | undefined)?.trafficDistribution === PREFER_CLOSE && !hintsEnabled(svc.metadata?.annotations);
const ready = (e: Endpoint) => e.conditions?.ready === true;

function wrongHint(e: Endpoint, close: boolean): boolean {
  if (!close) return e.hints !== undefined;
  if (!ready(e)) return false;
  const zones = e.hints?.forZones ?? [];
  return e.zone !== undefined ? zones.length !== 1 || zones[0]!.name !== e.zone : zones.length > 0;
}

function setHints(s: EndpointSlice, close: boolean): void {
  s.endpoints = (s.endpoints ?? []).map((e) => {
    if (close && !ready(e)) return e;
    const { hints: _old, ...rest } = e;
    return close && e.zone !== undefined ? { ...rest, hints: { forZones: [{ name: e.zone }] } } : rest;
  });
}

/** ReconcileHints / RemoveHintsFromSlices: hints set on what is written; unchanged slices with wrong hints join the updates. */
export function reconcileHints(svc: Service, create: EndpointSlice[], update: EndpointSlice[], unchanged: readonly EndpointSlice[]): EndpointSlice[] {
  const close = preferClose(svc);
  const updates = [...update, ...unchanged.filter((s) => (s.endpoints ?? []).some((e) => wrongHint(e, close))).map((s) => structuredClone(s))];
  for (const s of [...create, ...updates]) setHints(s, close);
  return updates;
}
