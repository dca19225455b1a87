// Manifests and loops the apps tests share.

import type { KubeObject } from '../../../../protocols/kube/objects.ts';
import { reconcileStatefulSet, statefulSetInformers, statefulSetKeys } from '../../../../actors/kube-controller-manager/statefulset/controller.ts';
import { ControllerLoop } from '../loop.ts';

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

export const statefulSetLoop = () => new ControllerLoop({ informers: statefulSetInformers, keysFor: statefulSetKeys, reconcile: (k, l, now) => reconcileStatefulSet(k, l, now) });
