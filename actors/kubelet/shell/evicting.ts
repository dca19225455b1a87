// The kubelet's eviction manager, every 10 s: the runtime's container stats give the node's
// memory working set; the eviction core decides the pressure conditions and at most one pod to
// evict (the memory.available<100Mi threshold, the kubelet's ranking); the pod is killed with the
// core's grace period and fails with reason Evicted.

import { CONTAINER_NAME_LABEL, POD_UID_LABEL } from '../sync/labels.ts';
import { evictionPass } from '../eviction/manager.ts';
import type { PodMemoryStats } from '../eviction/rank.ts';
import { DEFAULT_THRESHOLDS, EVICTION_MONITORING_INTERVAL_MS, memoryObservation } from '../eviction/thresholds.ts';
import type { ContainerStats } from '../../../protocols/kube/cri.ts';
import type { CriOutcome } from './cri.ts';
import { requestSync } from './pod-sync.ts';
import type { PodWorker } from './pod-worker.ts';
import type { KubeletShell } from './types.ts';

export function onEvictionTick(k: KubeletShell): void {
  k.cri({ type: 'ListContainerStats' }, { for: 'node', what: 'stats' });
  k.parts.ctx.timers.once('eviction', EVICTION_MONITORING_INTERVAL_MS, { type: 'EvictionTick' });
}

const active = (w: PodWorker) => w.admission === 'admitted' && !w.gone && w.evicted === null && w.pod.metadata.deletionTimestamp === undefined && !['Succeeded', 'Failed'].includes(w.reported?.phase ?? w.pod.status?.phase ?? '');

export function statsListed(k: KubeletShell, outcome: CriOutcome): void {
  if (!outcome.ok) return;
  const { s, options } = k.parts;
  const stats = (outcome.reply.response as { stats: readonly ContainerStats[] }).stats;
  const byPod = new Map<string, { name: string; workingSetBytes: number }[]>();
  let used = 0;
  for (const c of stats) {
    const uid = c.attributes.labels[POD_UID_LABEL];
    used += c.memory.workingSetBytes.value;
    if (uid !== undefined) (byPod.get(uid) ?? byPod.set(uid, []).get(uid)!).push({ name: c.attributes.labels[CONTAINER_NAME_LABEL] ?? c.attributes.metadata.name, workingSetBytes: c.memory.workingSetBytes.value });
  }
  const statsOf = (pod: { metadata?: { uid?: string } }): PodMemoryStats | undefined => {
    const containers = byPod.get(pod.metadata?.uid ?? '');
    return containers === undefined ? undefined : { containers };
  };
  const workers = Object.values(s.workers).filter(active);
  const pass = evictionPass(s.eviction, { thresholds: DEFAULT_THRESHOLDS }, { 'memory.available': memoryObservation(options.machine.memoryBytes, used) }, workers.map((w) => w.pod), statsOf, k.now());
  s.eviction = pass.state;
  const e = pass.evicted;
  if (e === undefined) return;
  const w = workers.find((x) => x.uid === e.pod.metadata?.uid);
  if (w === undefined) return;
  w.evicted = { reason: e.status.reason, message: e.status.message, gracePeriodSeconds: e.gracePeriodSeconds };
  k.event(w.pod, e.event.type, e.event.reason, e.event.message);
  requestSync(k, w);
}
