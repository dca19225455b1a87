// The conditions the namespace controller keeps on a terminating namespace, with Kubernetes'
// types, reasons and messages: each of the five is set every pass, to its failing variant when
// that pass found the failure and to its "okay" variant otherwise; the transition time moves only
// when the status does.

import type { Namespace } from '../../../protocols/kube/objects.ts';

export type NamespaceCondition = NonNullable<NonNullable<Namespace['status']>['conditions']>[number];

export const CONDITION_TYPES = [
  'NamespaceDeletionDiscoveryFailure',
  'NamespaceDeletionGroupVersionParsingFailure',
  'NamespaceDeletionContentFailure',
  'NamespaceContentRemaining',
  'NamespaceFinalizersRemaining',
] as const;

const OK: Record<(typeof CONDITION_TYPES)[number], { reason: string; message: string }> = {
  NamespaceDeletionDiscoveryFailure: { reason: 'ResourcesDiscovered', message: 'All resources successfully discovered' },
  NamespaceDeletionGroupVersionParsingFailure: { reason: 'ParsedGroupVersions', message: 'All legacy kube types successfully parsed' },
  NamespaceDeletionContentFailure: { reason: 'ContentDeleted', message: 'All content successfully deleted, may be waiting on finalization' },
  NamespaceContentRemaining: { reason: 'ContentRemoved', message: 'All content successfully removed' },
  NamespaceFinalizersRemaining: { reason: 'ContentRemoved', message: 'All content successfully removed' },
};

type Failing = { type: string; reason: string; message: string };

export const contentFailure = (errors: readonly string[]): Failing => ({
  type: 'NamespaceDeletionContentFailure',
  reason: 'ContentDeletionFailed',
  message: `Failed to delete all resource types, ${errors.length} remaining: ${[...errors].sort().join(', ')}`,
});

/** `<resource>.<group> has N resource instances` (the core group leaves a trailing dot, as Kubernetes prints it). */
export function contentRemaining(byResource: Readonly<Record<string, number>>): Failing | undefined {
  const parts = Object.entries(byResource).filter(([, n]) => n > 0).map(([gr, n]) => `${gr} has ${n} resource instances`).sort();
  return parts.length === 0 ? undefined : { type: 'NamespaceContentRemaining', reason: 'SomeResourcesRemain', message: `Some resources are remaining: ${parts.join(', ')}` };
}

export function finalizersRemaining(byFinalizer: Readonly<Record<string, number>>): Failing | undefined {
  const parts = Object.entries(byFinalizer).filter(([, n]) => n > 0).map(([f, n]) => `${f} in ${n} resource instances`).sort();
  return parts.length === 0 ? undefined : { type: 'NamespaceFinalizersRemaining', reason: 'SomeFinalizerRemain', message: `Some finalizers are remaining: ${parts.join(', ')}` };
}

/** The conditions after a pass that found `failing`; `changed` when a write is due. */
export function updateConditions(old: readonly NamespaceCondition[], failing: readonly Failing[], at: string): { conditions: NamespaceCondition[]; changed: boolean } {
  const conditions = old.map((c) => ({ ...c }));
  let changed = false;
  for (const type of CONDITION_TYPES) {
    const f = failing.find((x) => x.type === type);
    const want = f ? { status: 'True', reason: f.reason, message: f.message } : { status: 'False', ...OK[type] };
    const have = conditions.find((c) => c.type === type);
    if (have === undefined) {
      conditions.push({ type, ...want, lastTransitionTime: at });
      changed = true;
    } else if (have.status !== want.status || have.reason !== want.reason || have.message !== want.message) {
      if (have.status !== want.status) have.lastTransitionTime = at;
      Object.assign(have, want);
      changed = true;
    }
  }
  return { conditions, changed };
}
