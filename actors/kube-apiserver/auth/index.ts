// Authentication and authorization for kube-apiserver, as pure functions of plain data.
//
// Authentication (per request):
//   const tokens = parseTokenFile(csvText);                 // --token-auth-file rows token,user,uid,"g1,g2"
//   const r = authenticate({ tokens, serviceAccounts: { key, issuer } }, { token: msg.token }, nowMs);
//     (or { authorization: 'Bearer …' } for an HTTP header)
//   r.ok ? r.user : r.status                                // UserInfo, or the 401 Status ("Unauthorized")
// No Authorization header → system:anonymous in system:unauthenticated (unless anonymous: false);
// a bearer token nobody knows → 401. Every named user joins system:authenticated.
// Service-account tokens: issueServiceAccountToken(config, { namespace, serviceAccount: {name, uid}, nowMs, jti?, pod?, node? })
// (HMAC-SHA256 JWTs; user system:serviceaccount:<ns>:<name>, groups system:serviceaccounts,
// system:serviceaccounts:<ns>, system:authenticated; checked against a ServiceAccountLookup if given).
//
// Identities: componentIdentities(nodeNames, pick) gives admin (system:masters), the scheduler,
// controller manager, kube-proxy and one kubelet per node, each with a seeded token;
// identitiesTokenTable(ids) is the `tokens` above, identitiesTokenFile(ids) its CSV.
//
// Authorization (per request, after authentication):
//   const policy = compilePolicy({ roles, clusterRoles, roleBindings, clusterRoleBindings }); // once per RBAC change
//   const attrs = requestAttributes(user, call.verb, call.target, call.options); // a Watch: verb 'watch'
//   const d = authorize(attrs, policy, { nodeGraph });      // { allowed, reason }
//   if (!d.allowed) reply(forbiddenStatus(attrs, d.reason)); // the 403, in Kubernetes' words
// The chain is kube-apiserver's: system:masters is allowed everything; then, when a nodeGraph is
// given (a NodeGraphPopulator fed each pod and PV event, as the apiserver's caches feed theirs;
// buildNodeGraph(pods, persistentVolumes) makes one from scratch), the Node authorizer, so
// kubelets read only what their pods use; then RBAC. compilePolicy fills the aggregated
// ClusterRoles (admin, edit, view) from their label selectors, as the clusterrole-aggregation
// controller would. A non-resource request has no resource and a `path` ('/healthz'):
// nonResourceAttributes(user, 'get', '/healthz').
//
// Bootstrap: bootstrapPolicy({ bindNodesGroup }) gives the default ClusterRoles,
// ClusterRoleBindings, and kube-system/kube-public Roles and RoleBindings
// (rbac.authorization.k8s.io/v1 objects) to create at first start. Kubernetes leaves the
// system:node binding without subjects, the Node authorizer serving kubelets (the apiserver does
// too); only a cluster without a nodeGraph needs bindNodesGroup: true for kubelets to work.

export * from './user.ts';
export { type TokenTable, type TokenFileResult, parseTokenFile, parseCsv, formatTokenFile } from './token-file.ts';
export * from './service-account-token.ts';
export * from './authenticate.ts';
export * from './request-attributes.ts';
export * from './identities.ts';
export { type RequestAttributes, ruleAllows, isResourceRequest } from './rbac/rule-matching.ts';
export { aggregateClusterRoles } from './rbac/aggregation.ts';
export * from './rbac/authorizer.ts';
export * from './authorize.ts';
export * from './rbac/bootstrap-policy.ts';
export { type NodeGraph, type VertexType, buildNodeGraph, vertexKey } from './node/node-graph.ts';
export { NodeGraphPopulator, type PopulatorOptions } from './node/graph-populator.ts';
export { isMirrorPod, podReferences, pvKubeletSecrets } from './node/references.ts';
export { type NodeDecision, nodeAuthorize, nodeIdentity } from './node/node-authorizer.ts';
export * from './rbac/cloud-controller-manager.ts';
