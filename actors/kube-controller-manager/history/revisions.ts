// ControllerRevisions as pkg/controller/history keeps them for StatefulSets and DaemonSets: each
// revision holds the owner's pod template as a patch that replaces spec.template, is named
// `<owner>-<hash>`, numbered in `revision`, and controlled by its owner. Pure helpers: the
// controllers decide what to create, renumber and delete; these build and compare.

import type { ControllerRevision, KubeObject, OwnerReference } from '../../../protocols/kube/objects.ts';
import { stableJson } from './hash.ts';

export const REVISION_HASH_LABEL = 'controller-revision-hash';

type Owner = Pick<KubeObject, 'metadata'>;

/** metav1.NewControllerRef: the owner as the one controller of a dependent, blocking its foreground deletion. */
export function controllerRef(owner: Owner, kind: string, apiVersion = 'apps/v1'): OwnerReference {
  return { apiVersion, kind, name: owner.metadata.name!, uid: owner.metadata.uid!, controller: true, blockOwnerDeletion: true };
}

/** The revision's data: a strategic-merge patch that puts `template` back whole. */
export function templatePatch(template: unknown): Record<string, unknown> {
  return { spec: { template: { ...(template as Record<string, unknown>), $patch: 'replace' } } };
}

/** The pod template a revision restores (its patch without the directive). */
export function revisionTemplate(rev: ControllerRevision): Record<string, unknown> {
  const t = { ...((rev.data as { spec?: { template?: Record<string, unknown> } } | undefined)?.spec?.template ?? {}) };
  delete t.$patch;
  return t;
}

/** history.ControllerRevisionName: the prefix cut so the name stays within 253 characters. */
export function controllerRevisionName(prefix: string, hash: string): string {
  return `${prefix.length > 223 ? prefix.slice(0, 223) : prefix}-${hash}`;
}

export function newControllerRevision(owner: Owner, kind: string, templateLabels: Record<string, string> | undefined, data: unknown, revision: number, hash: string): ControllerRevision {
  return {
    apiVersion: 'apps/v1',
    kind: 'ControllerRevision',
    metadata: {
      name: controllerRevisionName(owner.metadata.name!, hash),
      namespace: owner.metadata.namespace!,
      labels: { ...templateLabels, [REVISION_HASH_LABEL]: hash },
      ...(owner.metadata.annotations ? { annotations: { ...owner.metadata.annotations } } : {}),
      ownerReferences: [controllerRef(owner, kind)],
    },
    data: data as ControllerRevision['data'],
    revision,
  };
}

/** history.SortControllerRevisions: by revision number, then creation, then name. */
export function sortRevisions(revs: readonly ControllerRevision[]): ControllerRevision[] {
  return [...revs].sort((a, b) => {
    if (a.revision !== b.revision) return a.revision - b.revision;
    const ta = a.metadata?.creationTimestamp ?? '';
    const tb = b.metadata?.creationTimestamp ?? '';
    if (ta !== tb) return ta < tb ? -1 : 1;
    const na = a.metadata?.name ?? '';
    const nb = b.metadata?.name ?? '';
    return na < nb ? -1 : na > nb ? 1 : 0;
  });
}

export const equalRevision = (a: ControllerRevision, b: ControllerRevision): boolean => stableJson(a.data) === stableJson(b.data);

export const findEqualRevisions = (revs: readonly ControllerRevision[], needle: ControllerRevision): ControllerRevision[] => revs.filter((r) => equalRevision(r, needle));

/** One past the newest revision's number; 1 for the first. */
export const nextRevision = (sorted: readonly ControllerRevision[]): number => (sorted.length === 0 ? 1 : sorted[sorted.length - 1]!.revision + 1);
