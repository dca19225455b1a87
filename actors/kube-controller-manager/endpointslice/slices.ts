// The EndpointSlice objects themselves: a new one for a Service (generateName `<svc>-`, the
// controller's ownerReference, labels mirrored from the Service plus the reserved ones), the
// labels an existing one should carry, and whether it is still the Service's.

import type { EndpointSlice, Service } from '../../../protocols/kube/objects.ts';
import { isServiceIPSet } from './pods.ts';
import type { EndpointPort } from './endpoint-set.ts';
import type { Family } from './pods.ts';

export const LABEL_SERVICE_NAME = 'kubernetes.io/service-name';
export const LABEL_MANAGED_BY = 'endpointslice.kubernetes.io/managed-by';
export const LABEL_HEADLESS = 'service.kubernetes.io/headless';
export const CONTROLLER_NAME = 'endpointslice-controller.k8s.io';
export const LAST_CHANGE_TRIGGER_TIME = 'endpoints.kubernetes.io/last-change-trigger-time';

const reserved = (k: string) => k === LABEL_SERVICE_NAME || k === LABEL_MANAGED_BY || k === LABEL_HEADLESS;

/**
 * setEndpointSliceLabels: the Service's own labels (reserved keys skipped), the headless label
 * when it has no cluster IP, service-name and managed-by; `changed` when the mirrored labels
 * differ from the slice's (the reserved ones alone never cause an update).
 */
export function sliceLabels(slice: EndpointSlice | undefined, svc: Service, controllerName = CONTROLLER_NAME): { labels: Record<string, string>; changed: boolean } {
  const have = Object.entries(slice?.metadata?.labels ?? {}).filter(([k]) => !reserved(k));
  const want = Object.entries(svc.metadata?.labels ?? {}).filter(([k]) => !reserved(k));
  const wantMap = Object.fromEntries(want);
  const changed = have.length !== want.length || have.some(([k, v]) => wantMap[k] !== v);
  const labels: Record<string, string> = { ...wantMap };
  if (!isServiceIPSet(svc)) labels[LABEL_HEADLESS] = '';
  labels[LABEL_SERVICE_NAME] = svc.metadata!.name!;
  labels[LABEL_MANAGED_BY] = controllerName;
  return { labels, changed };
}

/** getEndpointSlicePrefix: `<svc>-`, or the bare name when the dash would make it too long. */
export const slicePrefix = (name: string): string => (name.length + 1 <= 253 ? `${name}-` : name);

export function ownedBy(slice: EndpointSlice, svc: Service): boolean {
  return (slice.metadata?.ownerReferences ?? []).some((o) => o.uid === svc.metadata?.uid && o.kind === 'Service' && o.apiVersion === 'v1');
}

export function newSlice(svc: Service, ports: EndpointPort[], addressType: Family, controllerName = CONTROLLER_NAME): EndpointSlice & { metadata: NonNullable<EndpointSlice['metadata']> } {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: {
      generateName: slicePrefix(svc.metadata!.name!),
      namespace: svc.metadata!.namespace!,
      labels: sliceLabels(undefined, svc, controllerName).labels,
      ownerReferences: [{ apiVersion: 'v1', kind: 'Service', name: svc.metadata!.name!, uid: svc.metadata!.uid!, controller: true, blockOwnerDeletion: true }],
    },
    addressType,
    endpoints: [],
    ports,
  };
}

/** placeholderSliceCompare: namespace, labels, owner references, address type, ports and endpoints (empty and absent alike). */
export function samePlaceholder(a: EndpointSlice, b: EndpointSlice): boolean {
  const labels = (s: EndpointSlice) => JSON.stringify(Object.entries(s.metadata?.labels ?? {}).sort());
  const owners = (s: EndpointSlice) => JSON.stringify((s.metadata?.ownerReferences ?? []).map((o) => [o.apiVersion, o.kind, o.name, o.uid, o.controller ?? null, o.blockOwnerDeletion ?? null]));
  return (
    a.metadata?.namespace === b.metadata?.namespace &&
    labels(a) === labels(b) &&
    owners(a) === owners(b) &&
    a.addressType === b.addressType &&
    (a.ports ?? []).length === 0 &&
    (b.ports ?? []).length === 0 &&
    (a.endpoints ?? []).length === 0 &&
    (b.endpoints ?? []).length === 0
  );
}
