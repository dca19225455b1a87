// The clusterrole-aggregation controller's effect, as a function: a ClusterRole with an
// aggregationRule gets, as its rules, the rules of every other ClusterRole its selectors match
// (visited by name, selector by selector, each distinct rule once). Aggregated roles that match
// other aggregated roles (admin ← edit ← view) settle after a few rounds; the controller reaches
// the same point by re-queueing, so this iterates to the fixed point.

import type { ClusterRole, PolicyRule } from './types.ts';
import { compareBytes, labelSelectorAsSelector, matchesLabels } from '../../../../protocols/kube/validation/index.ts';

/** Rules compare as the controller's ruleExists does: field by field, order-sensitive. */
function sameRule(a: PolicyRule, b: PolicyRule): boolean {
  const eq = (x: readonly string[] | undefined, y: readonly string[] | undefined) => {
    const xs = x ?? [];
    const ys = y ?? [];
    return xs.length === ys.length && xs.every((v, i) => v === ys[i]);
  };
  return eq(a.verbs, b.verbs) && eq(a.apiGroups, b.apiGroups) && eq(a.resources, b.resources) && eq(a.resourceNames, b.resourceNames) && eq(a.nonResourceURLs, b.nonResourceURLs);
}

/** Undefined when a selector does not parse: the controller then leaves the role as it is. */
function aggregatedRules(role: ClusterRole, all: readonly ClusterRole[]): PolicyRule[] | undefined {
  const rules: PolicyRule[] = [];
  const byName = [...all].sort((x, y) => compareBytes(x.metadata?.name ?? '', y.metadata?.name ?? ''));
  for (const sel of role.aggregationRule?.clusterRoleSelectors ?? []) {
    const selector = labelSelectorAsSelector(sel);
    if (!selector.ok) return undefined;
    for (const other of byName) {
      if (other.metadata?.name === role.metadata?.name) continue;
      if (!matchesLabels(selector.value, other.metadata?.labels ?? {})) continue;
      for (const rule of other.rules ?? []) if (!rules.some((r) => sameRule(r, rule))) rules.push(rule);
    }
  }
  return rules;
}

const sameRules = (a: readonly PolicyRule[] | undefined, b: readonly PolicyRule[]): boolean =>
  (a ?? []).length === b.length && b.every((r, i) => sameRule(a![i]!, r));

/** The ClusterRoles with every aggregated role's rules filled in; roles without an aggregationRule are returned as they are. */
export function aggregateClusterRoles(roles: readonly ClusterRole[]): ClusterRole[] {
  let current = [...roles];
  // Each round settles at least one more level of nesting; more rounds than roles cannot be needed.
  for (let round = 0; round <= current.length; round++) {
    let changed = false;
    current = current.map((role) => {
      if (!role.aggregationRule) return role;
      const rules = aggregatedRules(role, current);
      if (rules === undefined || sameRules(role.rules, rules)) return role;
      changed = true;
      return { ...role, rules };
    });
    if (!changed) break;
  }
  return current;
}
