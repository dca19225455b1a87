// Which Services a Pod's change concerns (GetPodServiceMemberships and
// GetServicesToUpdateOnPodChange in 1.32), shared by the EndpointSlice and Endpoints
// controllers: an added or deleted pod wakes the services selecting it; an update wakes them
// only when it changed what endpoints show (deletion, readiness, IPs) or what selects it
// (labels, hostname, subdomain) — and then, if only the selection changed, only the services
// it joined or left.

import type { Pod, Service } from '../../../protocols/kube/objects.ts';
import type { Lister, Notification } from '../../client/index.ts';
import { isPodReady, podIPs, selects } from './pods.ts';

function servicesFor(services: Lister, namespace: string, labels: Readonly<Record<string, string>> | undefined): Set<string> {
  const out = new Set<string>();
  for (const s of services.namespace(namespace).list() as Service[]) if (selects(s, labels)) out.add(`${namespace}/${s.metadata!.name}`);
  return out;
}

const sameLabels = (a: Readonly<Record<string, string>> | undefined, b: Readonly<Record<string, string>> | undefined): boolean => {
  const ka = Object.keys(a ?? {});
  return ka.length === Object.keys(b ?? {}).length && ka.every((k) => a![k] === b?.[k]);
};

/** [podChanged, selectionChanged], as podEndpointsChanged decides them. */
function podEndpointsChanged(old: Pod, cur: Pod): [boolean, boolean] {
  const selection = !sameLabels(old.metadata?.labels, cur.metadata?.labels) || old.spec?.hostname !== cur.spec?.hostname || old.spec?.subdomain !== cur.spec?.subdomain;
  if (old.metadata?.deletionTimestamp !== cur.metadata?.deletionTimestamp) return [true, selection];
  if (isPodReady(old) !== isPodReady(cur)) return [true, selection];
  const a = podIPs(old);
  const b = podIPs(cur);
  if (a.length !== b.length || a.some((ip, i) => ip !== b[i])) return [true, selection];
  return [false, selection];
}

/** The service keys (`namespace/name`) a pod notification enqueues. */
export function serviceKeysForPod(services: Lister, n: Notification): string[] {
  const pod = n.obj as Pod;
  const ns = pod.metadata!.namespace!;
  if (n.type !== 'update') return [...servicesFor(services, ns, pod.metadata?.labels)].sort();
  const old = n.old as Pod;
  if (old.metadata?.resourceVersion === pod.metadata?.resourceVersion) return [];
  const [podChanged, selectionChanged] = podEndpointsChanged(old, pod);
  if (!podChanged && !selectionChanged) return [];
  const now = servicesFor(services, ns, pod.metadata?.labels);
  if (!selectionChanged) return [...now].sort();
  const before = servicesFor(services, ns, old.metadata?.labels);
  // Only the labels changed: the services that did not see the pod both before and after.
  const keys = podChanged ? new Set([...now, ...before]) : new Set([...[...now].filter((k) => !before.has(k)), ...[...before].filter((k) => !now.has(k))]);
  return [...keys].sort();
}
