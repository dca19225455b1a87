// Which pods a scoped ResourceQuota applies to (spec.scopes and spec.scopeSelector): Terminating
// pods have spec.activeDeadlineSeconds, BestEffort pods request and limit no cpu or memory,
// PriorityClass matches the pod's class name. A quota with any scope applies to pods only.
//
// Not done: the CrossNamespacePodAffinity scope (a quota using it matches nothing here).

import type { KubeObject, Pod, ResourceQuota } from '../objects.ts';

export interface ScopeRequirement {
  readonly scopeName: string;
  readonly operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  readonly values?: readonly string[];
}

/** spec.scopes as Exists requirements, then spec.scopeSelector's expressions. */
export function quotaScopes(quota: ResourceQuota): ScopeRequirement[] {
  const out: ScopeRequirement[] = (quota.spec?.scopes ?? []).map((scopeName) => ({ scopeName, operator: 'Exists' }));
  for (const e of quota.spec?.scopeSelector?.matchExpressions ?? []) {
    out.push({ scopeName: e.scopeName, operator: e.operator as ScopeRequirement['operator'], values: e.values ?? [] });
  }
  return out;
}

function isBestEffort(pod: Pod): boolean {
  const all = [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])];
  const sets = (m: Record<string, unknown> | undefined): boolean => m !== undefined && ('cpu' in m || 'memory' in m);
  return !all.some((c) => sets(c.resources?.requests) || sets(c.resources?.limits));
}

function matchesScope(req: ScopeRequirement, pod: Pod): boolean {
  switch (req.scopeName) {
    case 'Terminating':
      return pod.spec?.activeDeadlineSeconds != null && pod.spec.activeDeadlineSeconds >= 0;
    case 'NotTerminating':
      return pod.spec?.activeDeadlineSeconds == null;
    case 'BestEffort':
      return isBestEffort(pod);
    case 'NotBestEffort':
      return !isBestEffort(pod);
    case 'PriorityClass': {
      const name = pod.spec?.priorityClassName ?? '';
      if (req.operator === 'Exists') return name !== '';
      // Kubernetes matches a label set that always holds the key, so DoesNotExist never matches.
      if (req.operator === 'DoesNotExist') return false;
      const listed = (req.values ?? []).includes(name);
      return req.operator === 'In' ? listed : !listed;
    }
    default:
      return false;
  }
}

/** Whether the quota's scopes let it apply to this object (always, for an unscoped quota). */
export function quotaAppliesTo(quota: ResourceQuota, group: string, resource: string, obj: KubeObject): boolean {
  const scopes = quotaScopes(quota);
  if (scopes.length === 0) return true;
  if (group !== '' || resource !== 'pods') return false;
  return scopes.every((s) => matchesScope(s, obj as unknown as Pod));
}
