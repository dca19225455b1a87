// The EndpointSlice controller (pkg/controller/endpointslice, 1.32): for every Service with a
// selector (ExternalName ones aside), the slices the reconciler plans, written as creates, then
// updates, then deletes, each carrying the last-change trigger time. Slices of a deleted Service
// are left to the garbage collector through their ownerReference, as the real controller leaves
// them. Nodes are read for zones only: a zone label appearing later reaches slices at the
// Service's next sync, as in Kubernetes without topology hints.

import type { ApiCall, ApiResult } from '../../../protocols/kube/api.ts';
import type { EndpointSlice, KubeObject, Node, Pod, Service } from '../../../protocols/kube/objects.ts';
import { rfc3339 } from '../../../protocols/kube/time.ts';
import { createCall, deleteCall, type Listers, type Notification, type ReconcileResult, referenceTo, splitKey, updateCall } from '../../client/index.ts';
import type { ControllerDef } from '../context.ts';
import { serviceKeysForPod } from './pod-keys.ts';
import { selects } from './pods.ts';
import { planSlices } from './reconciler.ts';
import { CONTROLLER_NAME, LABEL_MANAGED_BY, LABEL_SERVICE_NAME, LAST_CHANGE_TRIGGER_TIME } from './slices.ts';
import { DELETION_EXPECTED, forgetService, handleDeletion, lastChangeTriggerTime, shouldSync, staleSlices, type TrackerMemory, trackerMemory, trackWrite } from './trackers.ts';

export const ENDPOINTSLICE_CONTROLLER = 'endpointslice-controller';
/** endpointSliceChangeMinSyncDelay: how soon a Service is looked at again when its cache was stale. */
export const STALE_RETRY_MS = 1000;

export const ENDPOINTSLICE_INFORMERS = [
  { name: 'services', resource: 'services' },
  { name: 'pods', resource: 'pods' },
  { name: 'endpointslices', resource: 'endpointslices.discovery.k8s.io' },
  { name: 'nodes', resource: 'nodes' },
] as const;

const managed = (s: EndpointSlice) => s.metadata?.labels?.[LABEL_MANAGED_BY] === CONTROLLER_NAME;
const serviceKeyOf = (s: EndpointSlice): string | undefined => {
  const name = s.metadata?.labels?.[LABEL_SERVICE_NAME];
  return name ? `${s.metadata!.namespace}/${name}` : undefined;
};

export function endpointSliceKeys(informer: string, n: Notification, listers: Listers, m: TrackerMemory): string[] {
  if (informer === 'services') return [`${n.obj.metadata.namespace}/${n.obj.metadata.name}`];
  if (informer === 'pods') return serviceKeysForPod(listers.services!, n);
  if (informer !== 'endpointslices') return [];
  const s = n.obj as unknown as EndpointSlice;
  const key = serviceKeyOf(s);
  if (n.type === 'add') return key !== undefined && managed(s) && shouldSync(m, key, s) ? [key] : [];
  if (n.type === 'delete') return key !== undefined && managed(s) && handleDeletion(m, key, s) ? [key] : [];
  const old = n.old as unknown as EndpointSlice;
  const oldKey = serviceKeyOf(old);
  if (key !== oldKey) return [key, oldKey].filter((k): k is string => k !== undefined);
  if (key === undefined) return [];
  return managed(old) !== managed(s) || (managed(s) && shouldSync(m, key, s)) ? [key] : [];
}

export function syncService(key: string, listers: Listers, m: TrackerMemory): ReconcileResult {
  const { namespace, name } = splitKey(key);
  const svc = listers.services!.namespace(namespace).get(name) as Service | undefined;
  if (svc === undefined) {
    forgetService(m, key);
    return { writes: [] };
  }
  if (svc.spec?.type === 'ExternalName' || svc.spec?.selector === undefined || svc.spec.selector === null) return { writes: [] };
  const pods = (listers.pods!.namespace(namespace).list() as Pod[])
    .filter((p) => selects(svc, p.metadata?.labels))
    .sort((a, b) => (a.metadata!.name! < b.metadata!.name! ? -1 : 1));
  const slices = (listers.endpointslices!.namespace(namespace).list(`${LABEL_SERVICE_NAME}=${name},${LABEL_MANAGED_BY}=${CONTROLLER_NAME}`) as unknown as EndpointSlice[]).filter(
    (s) => s.metadata?.deletionTimestamp === undefined,
  );
  if (staleSlices(m, key, slices)) return { writes: [], requeueAfter: STALE_RETRY_MS };
  const trigger = lastChangeTriggerTime(m, key, svc, pods);
  const plan = planSlices({ service: svc, pods, existing: slices, nodeOf: (n) => listers.nodes!.get(n) as Node | undefined });
  const stamp = (s: EndpointSlice): KubeObject => {
    const annotations = { ...s.metadata?.annotations };
    if (trigger === undefined) delete annotations[LAST_CHANGE_TRIGGER_TIME];
    else annotations[LAST_CHANGE_TRIGGER_TIME] = rfc3339(trigger);
    return { ...s, metadata: { ...s.metadata, annotations } } as KubeObject;
  };
  const writes: ApiCall[] = [];
  // No new slices for a Service being deleted: the garbage collector would race them.
  if (svc.metadata?.deletionTimestamp === undefined) for (const s of plan.create) writes.push(createCall(stamp(s)));
  for (const s of plan.update) writes.push(updateCall(stamp(s)));
  for (const s of plan.delete) writes.push(deleteCall('endpointslices.discovery.k8s.io', s.metadata!.name!, { namespace }));
  if (plan.errors.length === 0) return { writes };
  const ref = referenceTo({ ...(svc as KubeObject), apiVersion: 'v1', kind: 'Service' });
  // utilerrors.NewAggregate's wording: one error as it is, several in brackets.
  const why = plan.errors.length === 1 ? plan.errors[0] : `[${plan.errors.join(', ')}]`;
  const message = `Error updating Endpoint Slices for Service ${key}: ${why}`;
  return { writes, requeueAfter: STALE_RETRY_MS, events: [{ ref, type: 'Warning', reason: 'FailedToUpdateEndpointSlices', message }] };
}

/** Records what this controller wrote, for the slice tracker. */
export function endpointSliceWritten(key: string, call: ApiCall, result: ApiResult, m: TrackerMemory): void {
  if (call.target.resource !== 'endpointslices') return;
  if (call.verb === 'delete') {
    if (result.ok || result.code === 404) trackWrite(m, key, call.target.name!, DELETION_EXPECTED);
    return;
  }
  if (!result.ok) return;
  const body = result.body as KubeObject;
  trackWrite(m, key, body.metadata.name!, Number(body.metadata.resourceVersion ?? 0));
}

export const endpointSliceController: ControllerDef<TrackerMemory> = {
  name: ENDPOINTSLICE_CONTROLLER,
  spec: (c) => ({
    client: c.client(ENDPOINTSLICE_CONTROLLER),
    informers: ENDPOINTSLICE_INFORMERS,
    keysFor: endpointSliceKeys,
    reconcile: (key, listers, _now, m) => syncService(key, listers, m),
    memory: trackerMemory,
    written: endpointSliceWritten,
    component: ENDPOINTSLICE_CONTROLLER,
    epochMs: c.epochMs,
  }),
};
