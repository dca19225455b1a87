// The Endpoints controller (pkg/controller/endpoint, 1.32): one Endpoints object per Service
// with a selector, named as the Service and labelled as it (plus service.kubernetes.io/headless
// for a Service without a cluster IP), written only when its subsets, labels or capacity
// annotation are not what they should be; deleted when its Service goes. Endpoints of Services
// without a selector are someone else's and left alone.

import type { Endpoints, KubeObject, Pod, Service } from '../../../protocols/kube/objects.ts';
import { rfc3339 } from '../../../protocols/kube/time.ts';
import { createCall, deleteCall, type Listers, type Notification, type ReconcileResult, splitKey, updateCall } from '../../client/index.ts';
import type { ControllerDef } from '../context.ts';
import { serviceKeysForPod } from '../endpointslice/pod-keys.ts';
import { isServiceIPSet, selects } from '../endpointslice/pods.ts';
import { LABEL_HEADLESS, LAST_CHANGE_TRIGGER_TIME } from '../endpointslice/slices.ts';
import { lastChangeTriggerTime, type TrackerMemory, trackerMemory, forgetService } from '../endpointslice/trackers.ts';
import { capacityAnnotationCorrect, OVER_CAPACITY, sameSubsets, subsetsFor, TRUNCATED, truncate } from './subsets.ts';

export const ENDPOINT_CONTROLLER = 'endpoint-controller';

export const ENDPOINTS_INFORMERS = [
  { name: 'services', resource: 'services' },
  { name: 'pods', resource: 'pods' },
  { name: 'endpoints', resource: 'endpoints' },
] as const;

/** The annotation of leader-election records kept in Endpoints, which have no Service and must stay. */
export const LEADER_ANNOTATION = 'control-plane.alpha.kubernetes.io/leader';

export type EndpointsMemory = TrackerMemory & {
  /** A sync has run: the Endpoints listed before it were the start's (checkLeftoverEndpoints). */
  started?: boolean;
};

export const endpointsMemory = (): EndpointsMemory => trackerMemory();

/**
 * Services and pods as the EndpointSlice controller maps them; an Endpoints object when deleted
 * (it is put back), and, from the listing before the first sync, every one not holding a leader
 * record, so that Endpoints whose Service went while no controller ran are deleted.
 */
export function endpointsKeys(informer: string, n: Notification, listers: Listers, m: EndpointsMemory): string[] {
  const key = `${n.obj.metadata.namespace}/${n.obj.metadata.name}`;
  if (informer === 'services') return [key];
  if (informer === 'pods') return serviceKeysForPod(listers.services!, n);
  if (informer !== 'endpoints') return [];
  if (n.type === 'delete') return [key];
  return n.type === 'add' && m.started !== true && n.obj.metadata.annotations?.[LEADER_ANNOTATION] === undefined ? [key] : [];
}

const sameLabels = (a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>) =>
  Object.keys(a).length === Object.keys(b).length && Object.entries(a).every(([k, v]) => b[k] === v);

export function syncEndpoints(key: string, listers: Listers, m: EndpointsMemory): ReconcileResult {
  m.started = true;
  const { namespace, name } = splitKey(key);
  const svc = listers.services!.namespace(namespace).get(name) as Service | undefined;
  if (svc === undefined) {
    forgetService(m, key);
    // Deleting what is already gone answers 404: that write fails and the key is retried once, harmlessly.
    return { writes: listers.endpoints!.namespace(namespace).get(name) === undefined ? [] : [deleteCall('endpoints', name, { namespace })] };
  }
  if (svc.spec?.type === 'ExternalName' || svc.spec?.selector === undefined || svc.spec.selector === null) return { writes: [] };
  const pods = (listers.pods!.namespace(namespace).list() as Pod[]).filter((p) => selects(svc, p.metadata?.labels)).sort((a, b) => (a.metadata!.name! < b.metadata!.name! ? -1 : 1));
  const trigger = lastChangeTriggerTime(m, key, svc, pods);
  const subsets = subsetsFor(svc, pods);
  const current = listers.endpoints!.namespace(namespace).get(name) as Endpoints | undefined;
  const svcLabels = svc.metadata?.labels ?? {};
  if (current !== undefined) {
    const { [LABEL_HEADLESS]: _h, ...compare } = current.metadata?.labels ?? {};
    if (sameSubsets(current.subsets, subsets) && sameLabels(compare, svcLabels) && capacityAnnotationCorrect(current)) return { writes: [] };
  }
  const annotations: Record<string, string> = { ...current?.metadata?.annotations };
  if (trigger === undefined) delete annotations[LAST_CHANGE_TRIGGER_TIME];
  else annotations[LAST_CHANGE_TRIGGER_TIME] = rfc3339(trigger);
  const cut = truncate(subsets);
  if (cut === undefined) delete annotations[OVER_CAPACITY];
  else annotations[OVER_CAPACITY] = TRUNCATED;
  const labels: Record<string, string> = { ...svcLabels };
  if (isServiceIPSet(svc)) delete labels[LABEL_HEADLESS];
  else labels[LABEL_HEADLESS] = '';
  const next: KubeObject = {
    ...(current as KubeObject | undefined),
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: { ...current?.metadata, name, namespace, labels, annotations },
    subsets: cut ?? subsets,
  };
  return { writes: [current === undefined ? createCall(next) : updateCall(next)] };
}

export const endpointsController: ControllerDef<EndpointsMemory> = {
  name: ENDPOINT_CONTROLLER,
  spec: (c) => ({
    client: c.client(ENDPOINT_CONTROLLER),
    informers: ENDPOINTS_INFORMERS,
    keysFor: endpointsKeys,
    reconcile: (key, listers, _now, m) => syncEndpoints(key, listers, m),
    memory: endpointsMemory,
    component: ENDPOINT_CONTROLLER,
    epochMs: c.epochMs,
  }),
};
