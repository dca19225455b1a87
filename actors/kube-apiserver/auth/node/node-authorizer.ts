// The Node authorizer (plugin/pkg/auth/authorizer/node) of Kubernetes 1.32, with
// AuthorizeNodeWithSelectors on as it is by default: a kubelet, the user system:node:<name> in
// system:nodes, reads only the secrets, configmaps, PVCs, PVs and service-account tokens of pods
// bound to its node, its own Node and Lease, pods through a spec.nodeName=<name> field selector;
// writes to pods and nodes are allowed here and narrowed by the NodeRestriction admission plugin.
// Any other request is judged by the system:node role's rules. Denials are "no opinion" with
// Kubernetes' reason, so RBAC still gets its say.

import { parseFieldSelector } from '../../../../protocols/kube/validation/index.ts';
import { CLUSTER_ROLES } from '../rbac/cluster-roles.ts';
import { type RequestAttributes, isResourceRequest, ruleAllows } from '../rbac/rule-matching.ts';
import type { PolicyRule } from '../rbac/types.ts';
import { NODES_GROUP, NODE_USER_PREFIX, type UserInfo } from '../user.ts';
import type { NodeGraph, VertexType } from './node-graph.ts';

/** allowed, or no opinion with a reason ('' for none). */
export type NodeDecision = { readonly allowed: true } | { readonly allowed: false; readonly reason: string };

const ALLOW: NodeDecision = { allowed: true };
// Module-level, so that deciding allocates nothing on the common path.
const READ_VERBS: ReadonlySet<string> = new Set(['get', 'list', 'watch']);
const OWN_OBJECT_VERBS: ReadonlySet<string> = new Set(['get', 'create', 'update', 'patch', 'delete']);
const NODE_WRITE_VERBS: ReadonlySet<string> = new Set(['create', 'update', 'patch']);
const pass = (reason = ''): NodeDecision => ({ allowed: false, reason });

/** nodeidentifier.NodeIdentity: the node's name, '' for a node user without one; undefined for other users. */
export function nodeIdentity(user: UserInfo): string | undefined {
  if (!user.name.startsWith(NODE_USER_PREFIX) || !user.groups.includes(NODES_GROUP)) return undefined;
  return user.name.slice(NODE_USER_PREFIX.length);
}

/** The static rules for what the graph does not subdivide: the system:node ClusterRole's. */
const NODE_RULES: readonly PolicyRule[] = CLUSTER_ROLES.find((r) => r.name === 'system:node')!.rules!;

function related(graph: NodeGraph, node: string, type: VertexType, a: RequestAttributes): NodeDecision {
  if (!a.name) return pass('No Object name found');
  return graph.reaches(type, a.namespace ?? '', a.name, node) ? ALLOW : pass(`no relationship found between node '${node}' and this object`);
}

function readNamespaced(graph: NodeGraph, node: string, type: VertexType, a: RequestAttributes): NodeDecision {
  if (!READ_VERBS.has(a.verb)) return pass('can only read resources of this type');
  if (a.subresource) return pass('cannot read subresource');
  if (!a.namespace) return pass('can only read namespaced object of this type');
  return related(graph, node, type, a);
}

function getOnly(graph: NodeGraph, node: string, type: VertexType, a: RequestAttributes): NodeDecision {
  if (a.verb !== 'get') return pass('can only get individual resources of this type');
  if (a.subresource) return pass('cannot get subresource');
  return related(graph, node, type, a);
}

function ownObject(node: string, a: RequestAttributes, what: string, where?: { namespace: string }): NodeDecision {
  if (!OWN_OBJECT_VERBS.has(a.verb)) return pass(`can only get, create, update, patch, or delete a ${what}`);
  if (where && a.namespace !== where.namespace) return pass(`can only access leases in the "${where.namespace}" system namespace`);
  if (!where && a.subresource) return pass('cannot authorize CSINode subresources');
  // On create the name is in the body, which NodeRestriction checks.
  if (a.verb !== 'create' && a.name !== node) return pass(`can only access ${what} with the same name as the requesting node`);
  return ALLOW;
}

function nodeObject(node: string, a: RequestAttributes): NodeDecision {
  const sub = a.subresource ?? '';
  if (sub === '' && NODE_WRITE_VERBS.has(a.verb)) return ALLOW;
  if (sub === '' && READ_VERBS.has(a.verb)) {
    if (a.name === node) return ALLOW;
    return pass(a.name ? `node '${node}' cannot read '${a.name}', only its own Node object` : `node '${node}' cannot read all nodes, only its own Node object`);
  }
  if (sub === 'status' && (a.verb === 'update' || a.verb === 'patch')) return ALLOW;
  return pass();
}

function podObject(graph: NodeGraph, node: string, a: RequestAttributes): NodeDecision {
  const sub = a.subresource ?? '';
  if (sub === '') {
    if (a.verb === 'get') return getOnly(graph, node, 'pod', a);
    if (a.verb === 'list' || a.verb === 'watch') {
      const sel = parseFieldSelector(a.fieldSelector ?? '');
      if (sel.ok && sel.value.terms.some((t) => t.field === 'spec.nodeName' && t.operator === '=' && t.value === node)) return ALLOW;
      if (a.name) return related(graph, node, 'pod', a);
      return pass('can only list/watch pods with spec.nodeName field selector');
    }
    if (a.verb === 'create' || a.verb === 'delete') return ALLOW;
  }
  if (sub === 'status' && (a.verb === 'update' || a.verb === 'patch')) return ALLOW;
  if (sub === 'eviction' && a.verb === 'create') return ALLOW;
  return pass();
}

/** The Node authorizer's decision; `undefined` for a user that is not a node (no opinion, no reason). */
export function nodeAuthorize(a: RequestAttributes, graph: NodeGraph): NodeDecision | undefined {
  const node = nodeIdentity(a.user);
  if (node === undefined) return undefined;
  if (node === '') return pass(`unknown node for user "${a.user.name}"`);
  if (isResourceRequest(a)) {
    const group = a.apiGroup ?? '';
    switch (`${a.resource ?? ''}.${group}`) {
      case 'secrets.':
        return readNamespaced(graph, node, 'secret', a);
      case 'configmaps.':
        return readNamespaced(graph, node, 'configmap', a);
      case 'persistentvolumeclaims.':
        if (a.subresource === 'status') {
          if (a.verb !== 'update' && a.verb !== 'patch') return pass('can only get/update/patch this type');
          return related(graph, node, 'persistentvolumeclaim', a);
        }
        return getOnly(graph, node, 'persistentvolumeclaim', a);
      case 'persistentvolumes.':
        return getOnly(graph, node, 'persistentvolume', a);
      case 'serviceaccounts.':
        if (a.verb !== 'create' || !a.name) return pass('can only create tokens for individual service accounts');
        if (a.subresource !== 'token') return pass('can only create token subresource of serviceaccount');
        return related(graph, node, 'serviceaccount', a);
      case 'leases.coordination.k8s.io':
        return ownObject(node, a, 'node lease', { namespace: 'kube-node-lease' });
      case 'csinodes.storage.k8s.io':
        return ownObject(node, a, 'CSINode');
      case 'nodes.':
        return nodeObject(node, a);
      case 'pods.':
        return podObject(graph, node, a);
    }
  }
  return NODE_RULES.some((r) => ruleAllows(a, r)) ? ALLOW : pass();
}
