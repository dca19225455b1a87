// PodGC as a controller: one key, `gc`, worked every 20 s (gcCheckPeriod) from the first
// notification after start, as wait.Until runs it; it does not react to changes otherwise.
// Marking a pod Failed and deleting it are two writes Kubernetes makes one after the other; the
// delete must not overtake the status patch, so the delete waits for the cache to show the pod
// Failed, under its own key `pod/<namespace>/<name>`.

import type { ApiCall } from '../../../protocols/kube/api.ts';
import type { Node, Pod } from '../../../protocols/kube/objects.ts';
import { rfc3339 } from '../../../protocols/kube/time.ts';
import { deleteCall, type Listers, type Notification, patchCall, type ReconcileResult } from '../../client/index.ts';
import { collect, GC_CHECK_PERIOD_MS, isTerminated, TERMINATED_POD_GC_THRESHOLD } from './collect.ts';

export const GC_KEY = 'gc';
const POD_PREFIX = 'pod/';

export type PodGCMemory = {
  /** Whether the periodic key has been queued in this incarnation. */
  started: boolean;
  /** Missing nodes and when their quarantine ends (virtual ms). */
  quarantine: Record<string, number>;
  /** Pods marked Failed whose force delete waits for the cache to show it. */
  marked: Record<string, true>;
};

export const emptyPodGCMemory = (): PodGCMemory => ({ started: false, quarantine: {}, marked: {} });

const podKey = (p: { readonly metadata?: { readonly namespace?: string; readonly name?: string } }) => `${p.metadata?.namespace}/${p.metadata?.name}`;

export function podGCKeys(informer: string, n: Notification, _listers: Listers, m: PodGCMemory): readonly string[] {
  const keys: string[] = [];
  if (!m.started) {
    m.started = true;
    keys.push(GC_KEY);
  }
  if (informer === 'pods' && m.marked[podKey(n.obj)]) {
    if (n.type === 'delete') delete m.marked[podKey(n.obj)];
    else if (isTerminated(n.obj as Pod)) keys.push(POD_PREFIX + podKey(n.obj));
  }
  return keys;
}

const forceDelete = (p: Pod): ApiCall => deleteCall('pods', p.metadata!.name!, { namespace: p.metadata!.namespace! }, { gracePeriodSeconds: 0 });

/** The status patch markFailedAndDeletePod makes: phase Failed, and for orphans the DisruptionTarget condition; the pod's uid guards it. */
function markFailed(p: Pod, orphaned: boolean, nowMs: number): ApiCall {
  const condition = { type: 'DisruptionTarget', status: 'True', reason: 'DeletionByPodGC', message: 'PodGC: node no longer exists', lastTransitionTime: rfc3339(nowMs) };
  const patch = { metadata: { uid: p.metadata!.uid }, status: { phase: 'Failed', ...(orphaned ? { conditions: [condition] } : {}) } };
  return patchCall('pods', p.metadata!.name!, 'strategic', JSON.stringify(patch), { namespace: p.metadata!.namespace!, subresource: 'status' });
}

export function reconcilePodGC(key: string, listers: Listers, now: number, m: PodGCMemory, epochMs: number, threshold = TERMINATED_POD_GC_THRESHOLD): ReconcileResult {
  if (key.startsWith(POD_PREFIX)) {
    const k = key.slice(POD_PREFIX.length);
    const pod = listers.pods!.get(k) as Pod | undefined;
    if (pod === undefined || !isTerminated(pod)) return { writes: [] };
    delete m.marked[k];
    return { writes: [forceDelete(pod)] };
  }
  const pods = listers.pods!.list() as Pod[];
  const nodes = listers.nodes!.list() as Node[];
  const writes: ApiCall[] = [];
  for (const v of collect(pods, nodes, m.quarantine, now, threshold)) {
    if (isTerminated(v.pod)) {
      writes.push(forceDelete(v.pod));
      continue;
    }
    m.marked[podKey(v.pod)] = true;
    writes.push(markFailed(v.pod, v.orphaned, epochMs + now));
  }
  return { writes, requeueAfter: GC_CHECK_PERIOD_MS };
}
