// Builders for the storage controllers' tests: volumes, claims, classes, pods and nodes as a user
// would write them, and a ControllerLoop running the persistent-volume-binder.

import type { KubeObject } from '../../../../protocols/kube/objects.ts';
import { ControllerLoop } from '../loop.ts';
import { BINDER_INFORMERS, binderKeys, reconcileBinder } from '../../../../actors/kube-controller-manager/persistentvolume/controller.ts';
import { DEFAULT_EPOCH_MS } from '../../../../protocols/kube/time.ts';

export const binderLoop = () =>
  new ControllerLoop({ informers: BINDER_INFORMERS, keysFor: binderKeys, reconcile: (k, l, now) => reconcileBinder(k, l, now, DEFAULT_EPOCH_MS) });

export interface PVOpts {
  readonly modes?: readonly string[];
  readonly cls?: string;
  readonly labels?: Record<string, string>;
  readonly claimRef?: { namespace: string; name: string; uid?: string };
  readonly reclaim?: string;
  readonly mode?: string;
  readonly hostname?: string;
}

export const pv = (name: string, size: string, o: PVOpts = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'PersistentVolume',
  metadata: { name, ...(o.labels ? { labels: o.labels } : {}) },
  spec: {
    capacity: { storage: size },
    accessModes: o.modes ?? ['ReadWriteOnce'],
    hostPath: { path: `/data/${name}` },
    ...(o.cls !== undefined ? { storageClassName: o.cls } : {}),
    ...(o.claimRef ? { claimRef: o.claimRef } : {}),
    ...(o.reclaim ? { persistentVolumeReclaimPolicy: o.reclaim } : {}),
    ...(o.mode ? { volumeMode: o.mode } : {}),
    ...(o.hostname
      ? { nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: [o.hostname] }] }] } } }
      : {}),
  },
});

export interface PVCOpts {
  readonly modes?: readonly string[];
  readonly cls?: string | null;
  readonly volumeName?: string;
  readonly selector?: Record<string, unknown>;
  readonly mode?: string;
  readonly annotations?: Record<string, string>;
  readonly namespace?: string;
}

export const pvc = (name: string, size: string, o: PVCOpts = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'PersistentVolumeClaim',
  metadata: { name, namespace: o.namespace ?? 'default', ...(o.annotations ? { annotations: o.annotations } : {}) },
  spec: {
    accessModes: o.modes ?? ['ReadWriteOnce'],
    resources: { requests: { storage: size } },
    ...(o.cls !== undefined && o.cls !== null ? { storageClassName: o.cls } : {}),
    ...(o.volumeName ? { volumeName: o.volumeName } : {}),
    ...(o.selector ? { selector: o.selector } : {}),
    ...(o.mode ? { volumeMode: o.mode } : {}),
  },
});

export const storageClass = (name: string, provisioner: string, o: { mode?: string; reclaim?: string; isDefault?: boolean; mountOptions?: string[] } = {}): KubeObject => ({
  apiVersion: 'storage.k8s.io/v1',
  kind: 'StorageClass',
  metadata: { name, ...(o.isDefault ? { annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } } : {}) },
  provisioner,
  ...(o.mode ? { volumeBindingMode: o.mode } : {}),
  ...(o.reclaim ? { reclaimPolicy: o.reclaim } : {}),
  ...(o.mountOptions ? { mountOptions: o.mountOptions } : {}),
});

export const podUsing = (name: string, claims: string[], nodeName?: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'default' },
  spec: {
    containers: [{ name: 'c', image: 'nginx' }],
    volumes: claims.map((c, i) => ({ name: `v${i}`, persistentVolumeClaim: { claimName: c } })),
    ...(nodeName ? { nodeName } : {}),
  },
});

export const node = (name: string, labels: Record<string, string> = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Node',
  metadata: { name, labels: { 'kubernetes.io/hostname': name, ...labels } },
});

type Any = Record<string, any>;
export const spec = (o: KubeObject | undefined): Any => (o?.spec ?? {}) as Any;
export const status = (o: KubeObject | undefined): Any => (o?.status ?? {}) as Any;
export const annotations = (o: KubeObject | undefined): Record<string, string> => o?.metadata.annotations ?? {};
