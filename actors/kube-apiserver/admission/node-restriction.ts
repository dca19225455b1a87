// NodeRestriction: a kubelet (user system:node:<name> in group system:nodes) may change only what
// belongs to its node: its own Node (no taints changed, no labels outside the kubelet's set), the
// status of pods bound to it, mirror pods for its static manifests (referencing nothing else in the
// API), deleting and evicting its pods, and its Lease in kube-node-lease. RBAC's system:node role
// says which verbs; this plugin says on which objects.
//
// Not done: TokenRequest, PVC-status and ResourceSlice checks beyond the plain refusals below, and
// the DRA resourceClaimStatuses rule.

import type { KubeObject, Node, Pod } from '../../../protocols/kube/objects.ts';
import { notFound } from '../../../protocols/kube/status.ts';
import { admissionForbidden, q } from './errors.ts';
import { MIRROR_POD_ANNOTATION, podReferences } from '../../../protocols/kube/pod-references.ts';
import type { AdmissionAttributes, AdmissionContext, AdmissionPlugin, UserInfo, Verdict } from './types.ts';

export const NODE_USER_PREFIX = 'system:node:';
export const NODES_GROUP = 'system:nodes';
export const NODE_LEASE_NAMESPACE = 'kube-node-lease';

/** nodeidentifier.NodeIdentity: the node name, or undefined for a user that is not a node. */
export function nodeIdentity(user: UserInfo): string | undefined {
  if (!user.name.startsWith(NODE_USER_PREFIX) || !user.groups.includes(NODES_GROUP)) return undefined;
  return user.name.slice(NODE_USER_PREFIX.length);
}

/** The labels a kubelet may set on its Node (kubeletapis.IsKubeletLabel). */
const KUBELET_LABELS = new Set([
  'kubernetes.io/hostname',
  'topology.kubernetes.io/zone',
  'topology.kubernetes.io/region',
  'failure-domain.beta.kubernetes.io/zone',
  'failure-domain.beta.kubernetes.io/region',
  'beta.kubernetes.io/instance-type',
  'node.kubernetes.io/instance-type',
  'kubernetes.io/os',
  'kubernetes.io/arch',
  'beta.kubernetes.io/os',
  'beta.kubernetes.io/arch',
]);
const KUBELET_LABEL_NAMESPACES = ['kubelet.kubernetes.io', 'node.kubernetes.io'];
const NODE_RESTRICTION_NAMESPACE = 'node-restriction.kubernetes.io';

const labelNamespace = (key: string): string => (key.includes('/') ? key.slice(0, key.indexOf('/')) : '');
const inNamespace = (ns: string, domain: string): boolean => ns === domain || ns.endsWith(`.${domain}`);

export function isKubeletLabel(key: string): boolean {
  if (KUBELET_LABELS.has(key)) return true;
  const ns = labelNamespace(key);
  return KUBELET_LABEL_NAMESPACES.some((d) => inNamespace(ns, d));
}

/** Labels a node may not set: node-restriction ones, and kubernetes.io/k8s.io ones not the kubelet's. */
export function forbiddenNodeLabels(modified: Iterable<string>): string[] {
  const out = new Set<string>();
  for (const key of modified) {
    const ns = labelNamespace(key);
    if (inNamespace(ns, NODE_RESTRICTION_NAMESPACE)) out.add(key);
    if ((inNamespace(ns, 'kubernetes.io') || inNamespace(ns, 'k8s.io')) && !isKubeletLabel(key)) out.add(key);
  }
  return [...out].sort();
}

function modifiedLabels(a: Readonly<Record<string, string>> = {}, b: Readonly<Record<string, string>> = {}): Set<string> {
  const out = new Set<string>();
  for (const [k, v] of Object.entries(a)) if (b[k] !== v) out.add(k);
  for (const [k, v] of Object.entries(b)) if (a[k] !== v) out.add(k);
  return out;
}

const same = (x: unknown, y: unknown): boolean => JSON.stringify(x ?? null) === JSON.stringify(y ?? null);

function admitPodCreate(a: AdmissionAttributes, ctx: AdmissionContext, node: string): Verdict {
  const pod = a.object as unknown as Pod;
  if (pod.metadata?.annotations?.[MIRROR_POD_ANNOTATION] === undefined) {
    return admissionForbidden(a, `pod does not have ${q(MIRROR_POD_ANNOTATION)} annotation, node ${q(node)} can only create mirror pods`);
  }
  if (pod.spec?.nodeName !== node) return admissionForbidden(a, `node ${q(node)} can only create pods with spec.nodeName set to itself`);
  const owners = pod.metadata.ownerReferences ?? [];
  if (owners.length > 1) return admissionForbidden(a, `node ${q(node)} can only create pods with a single owner reference set to itself`);
  const owner = owners[0];
  if (owner !== undefined) {
    if (owner.apiVersion !== 'v1' || owner.kind !== 'Node' || owner.name !== node) {
      return admissionForbidden(a, `node ${q(node)} can only create pods with an owner reference set to itself`);
    }
    if (owner.controller !== true) return admissionForbidden(a, `node ${q(node)} can only create pods with a controller owner reference set to itself`);
    if (owner.blockOwnerDeletion === true) return admissionForbidden(a, `node ${q(node)} must not set blockOwnerDeletion on an owner reference`);
    const stored = ctx.listers.node(node);
    if (stored === undefined) return notFound({ group: '', resource: 'nodes' }, node);
    if (owner.uid !== stored.metadata?.uid) return admissionForbidden(a, `node ${node} UID mismatch: expected ${owner.uid} got ${stored.metadata?.uid ?? ''}`);
  }
  if (pod.spec.serviceAccountName) return admissionForbidden(a, `node ${q(node)} can not create pods that reference a service account`);
  const refs = podReferences(pod);
  if (refs.secrets.length > 0) return admissionForbidden(a, `node ${q(node)} can not create pods that reference secrets`);
  if (refs.configMaps.length > 0) return admissionForbidden(a, `node ${q(node)} can not create pods that reference configmaps`);
  for (const v of pod.spec.volumes ?? []) {
    if (v.persistentVolumeClaim !== undefined) return admissionForbidden(a, `node ${q(node)} can not create pods that reference persistentvolumeclaims`);
  }
  return undefined;
}

function admitPod(a: AdmissionAttributes, ctx: AdmissionContext, node: string): Verdict {
  const sub = a.resource.subresource;
  if (sub === '') {
    if (a.operation === 'CREATE') return admitPodCreate(a, ctx, node);
    if (a.operation === 'DELETE') {
      const existing = ctx.listers.pod(a.namespace, a.name);
      if (existing === undefined) return notFound({ group: '', resource: 'pods' }, a.name);
      if (existing.spec?.nodeName !== node) return admissionForbidden(a, `node ${q(node)} can only delete pods with spec.nodeName set to itself`);
      return undefined;
    }
    return admissionForbidden(a, `unexpected operation ${q(a.operation)}, node ${q(node)} can only create and delete mirror pods`);
  }
  if (sub === 'status') {
    if (a.operation !== 'UPDATE') return admissionForbidden(a, `unexpected operation ${q(a.operation)}`);
    const old = a.oldObject as unknown as Pod | undefined;
    if (old?.spec?.nodeName !== node) return admissionForbidden(a, `node ${q(node)} can only update pod status for pods with spec.nodeName set to itself`);
    if (!same(old.metadata?.labels, a.object?.metadata.labels)) return admissionForbidden(a, `node ${q(node)} cannot update labels through pod status`);
    return undefined;
  }
  if (sub === 'eviction') {
    if (a.operation !== 'CREATE') return admissionForbidden(a, `unexpected operation ${a.operation}`);
    const podName = a.name || (a.object?.metadata.name ?? '');
    if (podName === '') return admissionForbidden(a, 'could not determine pod from request data');
    const existing = ctx.listers.pod(a.namespace, podName);
    if (existing === undefined) return notFound({ group: '', resource: 'pods' }, podName);
    if (existing.spec?.nodeName !== node) return admissionForbidden(a, `node ${node} can only evict pods with spec.nodeName set to itself`);
    return undefined;
  }
  return admissionForbidden(a, `unexpected pod subresource ${q(sub)}, only 'status' and 'eviction' are allowed`);
}

function admitNode(a: AdmissionAttributes, node: string): Verdict {
  const obj = a.object as unknown as Node | undefined;
  if (a.operation === 'CREATE' && obj !== undefined) {
    const forbidden = forbiddenNodeLabels(modifiedLabels(obj.metadata?.labels, undefined));
    if (forbidden.length > 0) return admissionForbidden(a, `node ${q(node)} is not allowed to set the following labels: ${forbidden.join(', ')}`);
  }
  const requested = a.name || (a.operation === 'CREATE' ? (obj?.metadata?.name ?? '') : '');
  if (requested !== node) return admissionForbidden(a, `node ${q(node)} is not allowed to modify node ${q(requested)}`);
  if (a.operation === 'UPDATE' && obj !== undefined) {
    const old = a.oldObject as unknown as Node | undefined;
    if (!same(obj.spec?.taints, old?.spec?.taints)) return admissionForbidden(a, `node ${q(node)} is not allowed to modify taints`);
    const forbidden = forbiddenNodeLabels(modifiedLabels(obj.metadata?.labels, old?.metadata?.labels));
    if (forbidden.length > 0) return admissionForbidden(a, `is not allowed to modify labels: ${forbidden.join(', ')}`);
  }
  return undefined;
}

/** Leases and CSINodes: only the one named after the node; on create the name is the object's. */
function sameNameAsNode(a: AdmissionAttributes, node: string, what: string): Verdict {
  const name = a.operation === 'CREATE' ? ((a.object as KubeObject | undefined)?.metadata.name ?? '') : a.name;
  return name === node ? undefined : admissionForbidden(a, `can only access ${what} with the same name as the requesting node`);
}

function admit(a: AdmissionAttributes, ctx: AdmissionContext): Verdict {
  const node = nodeIdentity(a.user);
  if (node === undefined) return undefined;
  if (node === '') return admissionForbidden(a, `could not determine node from user ${q(a.user.name)}`);
  const gr = `${a.resource.group}/${a.resource.resource}`;
  switch (gr) {
    case '/pods':
      return admitPod(a, ctx, node);
    case '/nodes':
      return admitNode(a, node);
    case '/persistentvolumeclaims':
      return a.resource.subresource === 'status' ? undefined : admissionForbidden(a, 'may only update PVC status');
    case 'coordination.k8s.io/leases':
      if (a.namespace !== NODE_LEASE_NAMESPACE) return admissionForbidden(a, `can only access leases in the ${q(NODE_LEASE_NAMESPACE)} system namespace`);
      return sameNameAsNode(a, node, 'node lease');
    case 'storage.k8s.io/csinodes':
      return sameNameAsNode(a, node, 'CSINode');
    default:
      return undefined;
  }
}

export const nodeRestriction: AdmissionPlugin = { name: 'NodeRestriction', admit };
