// A stand-in kubelet for the batch controllers' tests: it starts pods (Running and Ready), ends
// them with an exit code (Succeeded for 0, Failed otherwise, the container's terminated state
// stamped with the virtual time), and finishes pods being deleted as a kubelet kills them.

import { ControllerLoop } from '../loop.ts';
import { updateCall } from '../../../../actors/client/index.ts';
import type { KubeObject, Pod } from '../../../../protocols/kube/objects.ts';
import { DEFAULT_EPOCH_MS, rfc3339 } from '../../../../protocols/kube/time.ts';

const stamp = (loop: ControllerLoop<any>) => rfc3339(DEFAULT_EPOCH_MS + loop.now);

export const pods = (loop: ControllerLoop<any>, ns = 'default'): Pod[] => loop.list('pods', ns) as Pod[];
export const isActive = (p: Pod) => p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed' && p.metadata?.deletionTimestamp === undefined;
export const activePods = (loop: ControllerLoop<any>, ns = 'default') => pods(loop, ns).filter(isActive);

function setStatus(loop: ControllerLoop<any>, p: Pod, status: Pod['status']): void {
  loop.apply(updateCall({ ...(p as KubeObject), status } as KubeObject, { subresource: 'status' }));
}

/** Binds the pod to node-1 (so its deletion is graceful, waiting for this kubelet) and runs it. */
export function start(loop: ControllerLoop<any>, p: Pod): void {
  const ts = stamp(loop);
  const name = p.metadata!.name!;
  if (!p.spec?.nodeName) {
    loop.apply({ verb: 'create', target: { group: '', version: 'v1', resource: 'pods', subresource: 'binding', namespace: 'default', name }, body: { apiVersion: 'v1', kind: 'Binding', metadata: { name, namespace: 'default' }, target: { kind: 'Node', name: 'node-1' } } });
    p = loop.get('pods', name) as Pod;
  }
  setStatus(loop, p, {
    phase: 'Running',
    startTime: ts,
    conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: ts }],
    containerStatuses: p.spec!.containers.map((c) => ({ name: c.name, image: c.image ?? '', imageID: '', ready: true, restartCount: 0, started: true, state: { running: { startedAt: ts } } })),
  });
}

/** Starts every pod still Pending. */
export function startAll(loop: ControllerLoop<any>, ns = 'default'): void {
  for (const p of pods(loop, ns)) if (isActive(p) && p.status?.phase !== 'Running') start(loop, p);
}

export function exit(loop: ControllerLoop<any>, p: Pod, exitCode: number, conditions: { type: string; status: string }[] = []): void {
  const ts = stamp(loop);
  setStatus(loop, p, {
    phase: exitCode === 0 ? 'Succeeded' : 'Failed',
    startTime: p.status?.startTime ?? ts,
    conditions: [{ type: 'Ready', status: 'False', lastTransitionTime: ts }, ...conditions.map((c) => ({ ...c, lastTransitionTime: ts }))],
    containerStatuses: p.spec!.containers.map((c) => ({
      name: c.name,
      image: c.image ?? '',
      imageID: '',
      ready: false,
      restartCount: 0,
      state: { terminated: { exitCode, reason: exitCode === 0 ? 'Completed' : 'Error', startedAt: p.status?.startTime ?? ts, finishedAt: ts } },
    })),
  });
}

/** Ends the first `n` active pods (by name) with `exitCode`. */
export function exitSome(loop: ControllerLoop<any>, n: number, exitCode: number, ns = 'default'): void {
  for (const p of activePods(loop, ns).slice(0, n)) exit(loop, p, exitCode);
}

/** Pods being deleted are killed: Failed with exit code 137, then deleted for good (grace 0) as a kubelet does. */
export function kill(loop: ControllerLoop<any>, ns = 'default'): void {
  for (const p of pods(loop, ns)) {
    if (p.metadata?.deletionTimestamp === undefined) continue;
    if (p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed') exit(loop, p, 137);
    loop.apply({ verb: 'delete', target: { group: '', version: 'v1', resource: 'pods', namespace: ns, name: p.metadata!.name! }, options: { gracePeriodSeconds: 0 } });
  }
}
