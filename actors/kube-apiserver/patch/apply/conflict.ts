// The 409 an apply gets when it would change fields other managers own, worded as
// k8s.io/apimachinery's managedfields conflict error: one cause of type FieldManagerConflict per
// field, and a message that lists the fields under each manager, managers in sorted order.

import type { StatusCause } from 'kubernetes-types/meta/v1.d.ts';
import { paths } from './field-set.ts';
import { compareStrings, pathString } from './path-element.ts';
import { printManager } from './managed-fields.ts';
import type { Conflict } from './updater.ts';
import type { FailureStatus } from '../../../../protocols/kube/status.ts';

/** The conflicting (manager, field) pairs, managers sorted, each manager's fields in set order. */
export function conflictList(conflicts: readonly Conflict[]): { manager: string; path: string }[] {
  return [...conflicts]
    .sort((a, b) => compareStrings(a.manager, b.manager))
    .flatMap((c) => paths(c.set).map((p) => ({ manager: c.manager, path: pathString(p) })));
}

export function conflictMessage(conflicts: readonly Conflict[]): string {
  const list = conflictList(conflicts);
  if (list.length === 1) return `Apply failed with 1 conflict: conflict with ${printManager(list[0]!.manager)}: ${list[0]!.path}`;
  const lines: string[] = [];
  let current: string | undefined;
  for (const c of list) {
    if (c.manager !== current) {
      lines.push(`conflicts with ${printManager(c.manager)}:`);
      current = c.manager;
    }
    lines.push(`- ${c.path}`);
  }
  return `Apply failed with ${list.length} conflicts: ${lines.join('\n')}`;
}

/** apimachinery's NewApplyConflict: no name or kind in the details, only the causes. */
export function applyConflict(conflicts: readonly Conflict[]): FailureStatus {
  const causes: StatusCause[] = conflictList(conflicts).map((c) => ({ reason: 'FieldManagerConflict', message: `conflict with ${printManager(c.manager)}`, field: c.path }));
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: conflictMessage(conflicts), reason: 'Conflict', details: { causes }, code: 409 };
}
