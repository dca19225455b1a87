// What the scheduler does with each change its informers deliver (eventhandlers.go): bound pods
// go to the cache, pending pods this scheduler is responsible for go to the queue, and changes
// that may make rejected pods schedulable are passed to the queue as cluster events.

import type { Node, Pod } from '../../../protocols/kube/objects.ts';
import type { Notification } from '../../client/index.ts';
import { removeNode, removePod, setBoundPod, setNode } from '../cache.ts';
import { addPod, done, onClusterEvent, updatePod } from '../framework/queue.ts';
import type { Runtime, SchedulerState } from './state.ts';

const keyOf = (p: Pod): string => `${p.metadata?.namespace ?? ''}/${p.metadata?.name ?? ''}`;
const assigned = (p: Pod): boolean => (p.spec?.nodeName ?? '') !== '';
const finished = (p: Pod): boolean => p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed';

/** Whether a queued or in-flight pod is known to the queue. */
function queued(s: SchedulerState, key: string): boolean {
  const q = s.queue;
  return key in q.inFlight || q.active.some((p) => p.key === key) || q.backoff.some((p) => p.key === key) || q.unschedulable.some((p) => p.key === key);
}

const event = (s: SchedulerState, rt: Runtime, name: string, now: number) => {
  s.queue = onClusterEvent(s.queue, name, now, rt.queueConfig);
};

function onPod(s: SchedulerState, rt: Runtime, n: Notification, now: number): void {
  const pod = n.obj as Pod;
  const key = keyOf(pod);
  if (n.type === 'delete' || finished(pod)) {
    const wasBound = s.cache.podNode[key] !== undefined || s.cache.assumed[key] !== undefined;
    removePod(s.cache, key);
    if (queued(s, key)) s.queue = done(s.queue, key);
    if (wasBound) event(s, rt, 'Pod/Delete', now);
    return;
  }
  if (assigned(pod)) {
    const known = s.cache.podNode[key] !== undefined;
    setBoundPod(s.cache, pod);
    if (queued(s, key)) s.queue = done(s.queue, key);
    event(s, rt, known ? 'Pod/Update' : 'Pod/Add', now);
    return;
  }
  // Pending: this scheduler's if one of its profiles carries the pod's schedulerName.
  if (!rt.profiles.has(pod.spec?.schedulerName ?? 'default-scheduler')) return;
  if (pod.metadata?.deletionTimestamp !== undefined) {
    if (queued(s, key)) s.queue = done(s.queue, key);
    return;
  }
  if (s.binding[key] !== undefined) return;
  if (queued(s, key)) s.queue = updatePod(s.queue, key, pod, now, rt.queueConfig);
  else s.queue = addPod(s.queue, key, pod, now, rt.queueConfig);
}

function onNode(s: SchedulerState, rt: Runtime, n: Notification, now: number): void {
  const node = n.obj as Node;
  if (n.type === 'delete') {
    removeNode(s.cache, node.metadata!.name!);
    event(s, rt, 'Node/Delete', now);
    return;
  }
  setNode(s.cache, node);
  event(s, rt, n.type === 'add' ? 'Node/Add' : 'Node/Update', now);
}

const STORAGE_KINDS: Readonly<Record<string, string>> = { pvcs: 'PersistentVolumeClaim', pvs: 'PersistentVolume', storageclasses: 'StorageClass', csinodes: 'CSINode' };

/** The Deliver the kit calls for every informer's notifications. */
export function deliver(s: SchedulerState, rt: Runtime, now: () => number) {
  return (informer: string, n: Notification): void => {
    if (informer === 'pods') onPod(s, rt, n, now());
    else if (informer === 'nodes') onNode(s, rt, n, now());
    else if (STORAGE_KINDS[informer] !== undefined && n.type !== 'delete') event(s, rt, `${STORAGE_KINDS[informer]}/${n.type === 'add' ? 'Add' : 'Update'}`, now());
  };
}
