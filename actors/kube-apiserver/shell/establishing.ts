// The apiextensions apiserver's naming and establishing controllers, in one: a new CRD gets its
// accepted names and the NamesAccepted and Established conditions, after which its resources are
// served. Every replica may try; the write is a status update, so one wins and the rest find
// nothing to do.

import { rfc3339 } from '../../../protocols/kube/time.ts';
import type { CustomResourceDefinition, KubeObject } from '../../../protocols/kube/objects.ts';
import { isEstablished } from '../../../protocols/kube/crd-resources.ts';
import { handleCall } from '../registry/index.ts';
import { runStep } from './etcd.ts';
import type { Shell } from './state.ts';

const CRDS = { group: 'apiextensions.k8s.io', version: 'v1', resource: 'customresourcedefinitions' };
const CRDS_KEY = `${CRDS.group}/${CRDS.resource}`;

/**
 * Runs after every etcd watch event, so it looks at the CRDs only when there can be something new
 * to do: the CRD cache changed, or an attempt ended (a failed one is tried again), since it last did.
 */
export function establishNew(sh: Shell, establishing: Set<string>): void {
  const scan = sh.s.crdScan;
  const at = sh.s.caches.changedAt(CRDS_KEY);
  if (at === scan.at && !scan.ended) return;
  scan.at = at;
  scan.ended = false;
  for (const obj of sh.s.caches.items(CRDS.group, CRDS.resource)) {
    const crd = obj as unknown as CustomResourceDefinition;
    const uid = crd.metadata?.uid ?? '';
    if (isEstablished(crd) || crd.metadata?.deletionTimestamp !== undefined || establishing.has(uid)) continue;
    establishing.add(uid);
    const now = rfc3339(sh.env.nowMs);
    const storage = crd.spec.versions.find((v) => v.storage)?.name;
    const status = {
      ...crd.status,
      acceptedNames: crd.spec.names,
      storedVersions: [...new Set([...(crd.status?.storedVersions ?? []), ...(storage ? [storage] : [])])],
      conditions: [
        { type: 'NamesAccepted', status: 'True', lastTransitionTime: now, reason: 'NoConflicts', message: 'no conflicts found' },
        { type: 'Established', status: 'True', lastTransitionTime: now, reason: 'InitialNamesAccepted', message: 'the initial names have been accepted' },
      ],
    };
    const body = { ...(crd as unknown as KubeObject), status };
    const call = { verb: 'update' as const, target: { ...CRDS, name: crd.metadata?.name ?? '', subresource: 'status' }, body };
    runStep(sh, handleCall(call, sh.env), () => {
      establishing.delete(uid);
      scan.ended = true;
    });
  }
}
