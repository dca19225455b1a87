// The DaemonSet's history (constructHistory, cleanupHistory): the revision whose data is the live
// template is current; none means a new one, `<set>-<hash>`, numbered one past the newest; an older
// equal one is renumbered to the newest (a rollback); duplicates are folded into the newest (their
// pods relabelled first). The pods' controller-revision-hash is the current revision's hash label.
// Old revisions beyond revisionHistoryLimit go oldest first, unless a pod still runs them.

import type { ApiCall } from '../../../protocols/kube/api.ts';
import type { ControllerRevision, DaemonSet, KubeObject, Pod } from '../../../protocols/kube/objects.ts';
import { createCall, deleteCall, patchCall, updateCall } from '../../client/index.ts';
import { computeTemplateHash, stableJson } from '../history/hash.ts';
import { newControllerRevision, REVISION_HASH_LABEL, templatePatch } from '../history/revisions.ts';

export type DaemonHistory =
  | { readonly collision: false; readonly hash: string; readonly old: ControllerRevision[]; readonly writes: ApiCall[] }
  | { readonly collision: true; readonly collisionCount: number };

const asObj = (r: ControllerRevision) => r as unknown as KubeObject;

/** `revisions`: those the set controls, oldest first. */
export function constructHistory(ds: DaemonSet, revisions: readonly ControllerRevision[], pods: readonly Pod[]): DaemonHistory {
  const collisionCount = ds.status?.collisionCount ?? 0;
  const data = templatePatch(ds.spec!.template);
  const text = stableJson(data);
  const current = revisions.filter((r) => stableJson(r.data) === text);
  const old = revisions.filter((r) => stableJson(r.data) !== text);
  const next = Math.max(0, ...old.map((r) => r.revision)) + 1;
  const writes: ApiCall[] = [];
  if (current.length === 0) {
    const hash = computeTemplateHash(ds.spec!.template, ds.status?.collisionCount);
    const fresh = newControllerRevision(ds as KubeObject, 'DaemonSet', ds.spec!.template.metadata?.labels, data, next, hash);
    if (old.some((r) => r.metadata?.name === fresh.metadata!.name)) return { collision: true, collisionCount: collisionCount + 1 };
    return { collision: false, hash, old, writes: [createCall(asObj(fresh))] };
  }
  const keep = current.reduce((a, b) => (b.revision >= a.revision ? b : a));
  const hash = keep.metadata?.labels?.[REVISION_HASH_LABEL] ?? keep.metadata!.name!;
  for (const dup of current) {
    if (dup === keep) continue;
    const dupHash = dup.metadata?.labels?.[REVISION_HASH_LABEL];
    for (const p of pods) {
      if (dupHash === undefined || p.metadata?.labels?.[REVISION_HASH_LABEL] !== dupHash) continue;
      writes.push(patchCall('pods', p.metadata!.name!, 'strategic', JSON.stringify({ metadata: { labels: { [REVISION_HASH_LABEL]: hash } } }), { namespace: p.metadata!.namespace! }));
    }
    writes.push(deleteCall('controllerrevisions', dup.metadata!.name!, { namespace: dup.metadata!.namespace! }));
  }
  if (keep.revision < next) writes.push(updateCall(asObj({ ...keep, revision: next })));
  return { collision: false, hash, old, writes };
}

export function cleanupHistory(ds: DaemonSet, old: readonly ControllerRevision[], pods: readonly Pod[]): ApiCall[] {
  let toKill = old.length - (ds.spec?.revisionHistoryLimit ?? 10);
  if (toKill <= 0) return [];
  const liveHashes = new Set(pods.map((p) => p.metadata?.labels?.[REVISION_HASH_LABEL]).filter((h) => h !== undefined && h !== ''));
  const out: ApiCall[] = [];
  for (const r of [...old].sort((a, b) => a.revision - b.revision)) {
    if (toKill <= 0) break;
    if (liveHashes.has(r.metadata?.labels?.[REVISION_HASH_LABEL])) continue;
    out.push(deleteCall('controllerrevisions', r.metadata!.name!, { namespace: r.metadata!.namespace! }));
    toKill--;
  }
  return out;
}
