// Manifests and loops the apps tests share.

import type { KubeObject } from '../../../../protocols/kube/objects.ts';
import { reconcileStatefulSet, statefulSetInformers, statefulSetKeys } from '../../../../actors/kube-controller-manager/statefulset/controller.ts';
import { patchCall } from '../../../../actors/client/index.ts';
import { daemonSetInformers, daemonSetKeys, daemonSetWritten, reconcileDaemonSet } from '../../../../actors/kube-controller-manager/daemonset/controller.ts';
import { type DaemonSetMemory, daemonSetMemory } from '../../../../actors/kube-controller-manager/daemonset/memory.ts';
import { type StatefulSetMemory, statefulSetMemory, statefulSetWritten } from '../../../../actors/kube-controller-manager/statefulset/events.ts';
import { ControllerLoop } from '../loop.ts';
import { bindAll, kubelet } from './stand-ins.ts';

export function statefulSet(name: string, spec: Record<string, unknown> = {}, image = 'nginx:1.27'): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name, namespace: 'default' },
    spec: {
      serviceName: name,
      replicas: 3,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image }] } },
      ...spec,
    },
  } as KubeObject;
}

export const www = { metadata: { name: 'www' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } };

export const statefulSetLoop = () =>
  new ControllerLoop<StatefulSetMemory>({
    informers: statefulSetInformers,
    keysFor: statefulSetKeys,
    reconcile: (k, l, now, m) => reconcileStatefulSet(k, l, now, m),
    written: statefulSetWritten,
    memory: statefulSetMemory,
  });

/** A merge patch on a workload, as `kubectl patch --type merge` sends it. */
export function patch(loop: ControllerLoop<any>, kind: string, name: string, body: unknown): void {
  loop.apply(patchCall(kind, name, 'merge', JSON.stringify(body), { namespace: 'default' }));
}

export function daemonSet(name: string, spec: Record<string, unknown> = {}, podSpec: Record<string, unknown> = {}, image = 'fluentd:1'): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name, namespace: 'default' },
    spec: {
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image }], ...podSpec } },
      ...spec,
    },
  } as KubeObject;
}

export const daemonSetLoop = () =>
  new ControllerLoop<DaemonSetMemory>({
    informers: daemonSetInformers,
    keysFor: daemonSetKeys,
    reconcile: (k, l, now, m) => reconcileDaemonSet(k, l, now, m),
    written: daemonSetWritten,
    memory: daemonSetMemory,
  });

/** Rounds of controller, binder and kubelet until nothing changes (or `max` rounds). */
export function converge(loop: ControllerLoop<any>, max = 20): void {
  for (let i = 0; i < max; i++) {
    const writes = loop.settle().reduce((n, r) => n + r.writes.length, 0);
    const before = loop.registry.revision;
    bindAll(loop);
    kubelet(loop);
    if (writes === 0 && loop.registry.revision === before) return;
  }
}
