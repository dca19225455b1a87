// Resource names as kubectl accepts them on its command line, resolved against the resource
// table: a plural, singular, short name or kind, any case (`Pod`, `pods`, `po`), optionally
// qualified by a group (`deployments.apps`, `deploy.apps`, `Deployment.apps`) or by a version and
// a group (`deployments.v1.apps`). The first dot separates the name; what follows is read both as
// a group and, when it has a dot, as `version.group`, as kubectl's ParseResourceArg does.

import { RESOURCES, type ResourceInfo } from './resources.ts';

export type Resolution = { readonly ok: true; readonly resource: ResourceInfo } | { readonly ok: false; readonly message: string };

interface Query {
  readonly name: string;
  readonly group?: string;
  readonly version?: string;
}

function queriesOf(arg: string): Query[] {
  const lower = arg.toLowerCase();
  const dot = lower.indexOf('.');
  if (dot < 0) return [{ name: lower }];
  const name = lower.slice(0, dot);
  const rest = lower.slice(dot + 1);
  const out: Query[] = [];
  const second = rest.indexOf('.');
  // `deployments.v1.apps` names a version; `roles.rbac.authorization.k8s.io` does not, so both
  // readings are tried, the fully specified one first as kubectl does.
  if (second > 0) out.push({ name, version: rest.slice(0, second), group: rest.slice(second + 1) });
  out.push({ name, group: rest });
  return out;
}

const answersTo = (r: ResourceInfo, name: string): boolean =>
  r.resource === name || r.singular === name || r.kind.toLowerCase() === name || r.shortNames.includes(name);

/**
 * Table order breaks ties, and the table lists the core group first, as kubectl prefers it.
 * `among`: the resources to look in (the built-in table by default; a client adds discovered ones).
 */
export function resolveResource(arg: string, among: readonly ResourceInfo[] = RESOURCES): Resolution {
  for (const q of queriesOf(arg)) {
    const hit = among.find(
      (r) => answersTo(r, q.name) && (q.group === undefined || r.group === q.group) && (q.version === undefined || r.version === q.version),
    );
    if (hit) return { ok: true, resource: hit };
  }
  const dot = arg.indexOf('.');
  return { ok: false, message: `the server doesn't have a resource type "${dot < 0 ? arg : arg.slice(0, dot)}"` };
}
