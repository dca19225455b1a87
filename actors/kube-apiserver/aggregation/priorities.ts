// The APIServices kube-apiserver registers for itself (kube-aggregator's autoregister controller):
// one per built-in group/version it serves, with the discovery priorities of its table
// (cmd/kube-apiserver's and the generic control plane's, 1.32), kept from start-up; and one per
// group/version a CRD serves, at CRD priority, kept while the CRD serves it.

import type { CustomResourceDefinition, KubeObject } from '../../../protocols/kube/objects.ts';
import type { ResourceInfo } from '../../../protocols/kube/resources.ts';

export const AUTOMANAGED_LABEL = 'kube-aggregator.kubernetes.io/automanaged';
/** Registered once at start-up (a built-in group/version). */
const ON_START = 'onstart';
/** Kept in line with what serves it (a CRD's group/version). */
export const CONTINUOUSLY = 'true';

/** [group, version] → [groupPriorityMinimum, versionPriority], for the group/versions served here. */
const PRIORITIES: Readonly<Record<string, readonly [number, number]>> = {
  '/v1': [18000, 1],
  'events.k8s.io/v1': [17750, 15],
  'apps/v1': [17800, 15],
  'authentication.k8s.io/v1': [17700, 15],
  'authorization.k8s.io/v1': [17600, 15],
  'autoscaling/v1': [17500, 15],
  'autoscaling/v2': [17500, 30],
  'batch/v1': [17400, 15],
  'certificates.k8s.io/v1': [17300, 15],
  'networking.k8s.io/v1': [17200, 15],
  'policy/v1': [17100, 15],
  'rbac.authorization.k8s.io/v1': [17000, 15],
  'storage.k8s.io/v1': [16800, 15],
  'apiextensions.k8s.io/v1': [16700, 15],
  'admissionregistration.k8s.io/v1': [16700, 15],
  'scheduling.k8s.io/v1': [16600, 15],
  'coordination.k8s.io/v1': [16500, 15],
  'node.k8s.io/v1': [16300, 15],
  'discovery.k8s.io/v1': [16200, 15],
  'flowcontrol.apiserver.k8s.io/v1': [16100, 21],
};

/** CRDs' group/versions sort after every built-in one. */
const CRD_PRIORITY: readonly [number, number] = [1000, 100];

const apiService = (group: string, version: string, [groupPriorityMinimum, versionPriority]: readonly [number, number], managed: string): KubeObject => ({
  apiVersion: 'apiregistration.k8s.io/v1',
  kind: 'APIService',
  metadata: { name: `${version}.${group}`, labels: { [AUTOMANAGED_LABEL]: managed } },
  spec: { group, version, groupPriorityMinimum, versionPriority },
});

/** The APIServices of the built-in group/versions among `resources` (those the table ranks), in its order. */
export function builtinAPIServices(resources: readonly ResourceInfo[]): KubeObject[] {
  const served = new Set(resources.filter((r) => !r.custom).map((r) => `${r.group}/${r.version}`));
  return Object.entries(PRIORITIES)
    .filter(([gv]) => served.has(gv))
    .map(([gv, priority]) => {
      const [group, version] = gv.split('/') as [string, string];
      return apiService(group, version, priority, ON_START);
    });
}

/** The APIServices the CRDs' served versions want, by name (a group/version two CRDs share is one). */
export function crdAPIServices(crds: readonly CustomResourceDefinition[]): Map<string, KubeObject> {
  const out = new Map<string, KubeObject>();
  for (const crd of crds) {
    for (const v of crd.spec.versions) {
      if (!v.served) continue;
      const obj = apiService(crd.spec.group, v.name, CRD_PRIORITY, CONTINUOUSLY);
      if (!out.has(obj.metadata.name!)) out.set(obj.metadata.name!, obj);
    }
  }
  return out;
}
