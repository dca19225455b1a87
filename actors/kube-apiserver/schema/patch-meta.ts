// The patch metadata of the built-in kinds: how strategic merge patch and server-side apply treat
// each list, map and struct. These are facts from the Kubernetes v1.32 API types (their struct
// tags and `+listType`/`+listMapKey`/`+mapType`/`+structType` markers, which the published
// OpenAPI carries as x-kubernetes-patch-strategy, x-kubernetes-patch-merge-key,
// x-kubernetes-list-type, x-kubernetes-list-map-keys and x-kubernetes-map-type). A field absent
// here has no metadata: strategic merge patch replaces such a list whole, and apply treats it as
// atomic. Types are named `<group path>/<version>.<Type>` as kubernetes-types' files are
// (`core/v1.PodSpec`, `meta/v1.ObjectMeta`); fields inlined from embedded Go structs are listed
// under the type that embeds them, as they appear on the wire.

import { type KindRef, readType, rootTypeOf, typeAtPath } from './field-schema.ts';

export type ListType = 'atomic' | 'set' | 'map';
export type MapType = 'atomic' | 'granular';

export interface FieldPatchMeta {
  /** x-kubernetes-patch-strategy: `merge`, `replace`, `retainKeys` or `merge,retainKeys`. */
  readonly patchStrategy?: string;
  readonly patchMergeKey?: string;
  readonly listType?: ListType;
  readonly listMapKeys?: readonly string[];
  /** For a map field (and, as Kubernetes also publishes it, a struct field): atomic or granular. */
  readonly mapType?: MapType;
  readonly structType?: MapType;
}

/** `'.'` holds the metadata of the type itself (LabelSelector is an atomic struct). */
export type TypePatchMeta = Readonly<Record<string, FieldPatchMeta>>;

const ATOMIC_LIST: FieldPatchMeta = { listType: 'atomic' };
const SET: FieldPatchMeta = { listType: 'set' };
const MERGED_SET: FieldPatchMeta = { patchStrategy: 'merge', listType: 'set' };
const ATOMIC_MAP: FieldPatchMeta = { mapType: 'atomic' };
const ATOMIC_STRUCT: FieldPatchMeta = { structType: 'atomic' };
const byKey = (key: string, ...more: string[]): FieldPatchMeta => ({ patchStrategy: 'merge', patchMergeKey: key, listType: 'map', listMapKeys: [key, ...more] });
const byKeyRetain = (key: string, ...more: string[]): FieldPatchMeta => ({ ...byKey(key, ...more), patchStrategy: 'merge,retainKeys' });
const listMap = (...keys: string[]): FieldPatchMeta => ({ listType: 'map', listMapKeys: keys });

export const PATCH_META: Readonly<Record<string, TypePatchMeta>> = {
  'apiextensions/v1.ConversionRequest': { objects: ATOMIC_LIST },
  'apiextensions/v1.ConversionResponse': { convertedObjects: ATOMIC_LIST },
  'apiextensions/v1.CustomResourceDefinitionNames': { categories: ATOMIC_LIST, shortNames: ATOMIC_LIST },
  'apiextensions/v1.CustomResourceDefinitionSpec': { versions: ATOMIC_LIST },
  'apiextensions/v1.CustomResourceDefinitionStatus': { conditions: listMap('type'), storedVersions: ATOMIC_LIST },
  'apiextensions/v1.CustomResourceDefinitionVersion': { additionalPrinterColumns: ATOMIC_LIST, selectableFields: ATOMIC_LIST },
  'apiextensions/v1.WebhookConversion': { conversionReviewVersions: ATOMIC_LIST },
  'apps/v1.DaemonSetStatus': { conditions: byKey('type') },
  'apps/v1.DeploymentSpec': { strategy: { patchStrategy: 'retainKeys' } },
  'apps/v1.DeploymentStatus': { conditions: byKey('type') },
  'apps/v1.ReplicaSetStatus': { conditions: byKey('type') },
  'apps/v1.StatefulSetSpec': { volumeClaimTemplates: ATOMIC_LIST },
  'apps/v1.StatefulSetStatus': { conditions: byKey('type') },
  'autoscaling/v1.CrossVersionObjectReference': { '.': ATOMIC_STRUCT },
  'autoscaling/v2.HPAScalingRules': { policies: ATOMIC_LIST },
  'autoscaling/v2.HorizontalPodAutoscalerSpec': { metrics: ATOMIC_LIST },
  'autoscaling/v2.HorizontalPodAutoscalerStatus': { conditions: byKey('type'), currentMetrics: ATOMIC_LIST },
  'batch/v1.CronJobStatus': { active: ATOMIC_LIST },
  'batch/v1.JobStatus': { conditions: { listType: 'atomic', patchMergeKey: 'type', patchStrategy: 'merge' } },
  'batch/v1.PodFailurePolicy': { rules: ATOMIC_LIST },
  'batch/v1.PodFailurePolicyOnExitCodesRequirement': { values: SET },
  'batch/v1.PodFailurePolicyRule': { onPodConditions: ATOMIC_LIST },
  'batch/v1.SuccessPolicy': { rules: ATOMIC_LIST },
  'batch/v1.UncountedTerminatedPods': { failed: SET, succeeded: SET },
  'core/v1.AvoidPods': { preferAvoidPods: ATOMIC_LIST },
  'core/v1.Capabilities': { add: ATOMIC_LIST, drop: ATOMIC_LIST },
  'core/v1.CephFSPersistentVolumeSource': { monitors: ATOMIC_LIST },
  'core/v1.CephFSVolumeSource': { monitors: ATOMIC_LIST },
  'core/v1.ComponentStatus': { conditions: byKey('type') },
  'core/v1.ConfigMapKeySelector': { '.': ATOMIC_STRUCT },
  'core/v1.ConfigMapProjection': { items: ATOMIC_LIST },
  'core/v1.ConfigMapVolumeSource': { items: ATOMIC_LIST },
  'core/v1.Container': { args: ATOMIC_LIST, command: ATOMIC_LIST, env: byKey('name'), envFrom: ATOMIC_LIST, ports: byKey('containerPort', 'protocol'), resizePolicy: ATOMIC_LIST, volumeDevices: byKey('devicePath'), volumeMounts: byKey('mountPath') },
  'core/v1.ContainerImage': { names: ATOMIC_LIST },
  'core/v1.ContainerStatus': { allocatedResourcesStatus: byKey('name'), volumeMounts: byKey('mountPath') },
  'core/v1.DownwardAPIProjection': { items: ATOMIC_LIST },
  'core/v1.DownwardAPIVolumeSource': { items: ATOMIC_LIST },
  'core/v1.EndpointAddress': { '.': ATOMIC_STRUCT },
  'core/v1.EndpointPort': { '.': ATOMIC_STRUCT },
  'core/v1.EndpointSubset': { addresses: ATOMIC_LIST, notReadyAddresses: ATOMIC_LIST, ports: ATOMIC_LIST },
  'core/v1.Endpoints': { subsets: ATOMIC_LIST },
  'core/v1.EphemeralContainer': { args: ATOMIC_LIST, command: ATOMIC_LIST, env: byKey('name'), envFrom: ATOMIC_LIST, ports: byKey('containerPort', 'protocol'), resizePolicy: ATOMIC_LIST, volumeDevices: byKey('devicePath'), volumeMounts: byKey('mountPath') },
  'core/v1.EphemeralContainerCommon': { args: ATOMIC_LIST, command: ATOMIC_LIST, env: byKey('name'), envFrom: ATOMIC_LIST, ports: byKey('containerPort', 'protocol'), resizePolicy: ATOMIC_LIST, volumeDevices: byKey('devicePath'), volumeMounts: byKey('mountPath') },
  'core/v1.ExecAction': { command: ATOMIC_LIST },
  'core/v1.FCVolumeSource': { targetWWNs: ATOMIC_LIST, wwids: ATOMIC_LIST },
  'core/v1.HTTPGetAction': { httpHeaders: ATOMIC_LIST },
  'core/v1.HostAlias': { hostnames: ATOMIC_LIST },
  'core/v1.ISCSIPersistentVolumeSource': { portals: ATOMIC_LIST },
  'core/v1.ISCSIVolumeSource': { portals: ATOMIC_LIST },
  'core/v1.LimitRangeSpec': { limits: ATOMIC_LIST },
  'core/v1.LinuxContainerUser': { supplementalGroups: ATOMIC_LIST },
  'core/v1.LoadBalancerIngress': { ports: ATOMIC_LIST },
  'core/v1.LoadBalancerStatus': { ingress: ATOMIC_LIST },
  'core/v1.LocalObjectReference': { '.': ATOMIC_STRUCT },
  'core/v1.NamespaceSpec': { finalizers: ATOMIC_LIST },
  'core/v1.NamespaceStatus': { conditions: byKey('type') },
  'core/v1.NodeAffinity': { preferredDuringSchedulingIgnoredDuringExecution: ATOMIC_LIST },
  'core/v1.NodeSelector': { '.': ATOMIC_STRUCT, nodeSelectorTerms: ATOMIC_LIST },
  'core/v1.NodeSelectorRequirement': { values: ATOMIC_LIST },
  'core/v1.NodeSelectorTerm': { '.': ATOMIC_STRUCT, matchExpressions: ATOMIC_LIST, matchFields: ATOMIC_LIST },
  'core/v1.NodeSpec': { podCIDRs: MERGED_SET, taints: ATOMIC_LIST },
  'core/v1.NodeStatus': { addresses: byKey('type'), conditions: byKey('type'), images: ATOMIC_LIST, runtimeHandlers: ATOMIC_LIST, volumesAttached: ATOMIC_LIST, volumesInUse: ATOMIC_LIST },
  'core/v1.ObjectFieldSelector': { '.': ATOMIC_STRUCT },
  'core/v1.ObjectReference': { '.': ATOMIC_STRUCT },
  'core/v1.PersistentVolumeClaimSpec': { accessModes: ATOMIC_LIST },
  'core/v1.PersistentVolumeClaimStatus': { accessModes: ATOMIC_LIST, allocatedResourceStatuses: { mapType: 'granular' }, conditions: byKey('type') },
  'core/v1.PersistentVolumeSpec': { accessModes: ATOMIC_LIST, claimRef: { structType: 'granular' }, mountOptions: ATOMIC_LIST },
  'core/v1.PodAffinity': { preferredDuringSchedulingIgnoredDuringExecution: ATOMIC_LIST, requiredDuringSchedulingIgnoredDuringExecution: ATOMIC_LIST },
  'core/v1.PodAffinityTerm': { matchLabelKeys: ATOMIC_LIST, mismatchLabelKeys: ATOMIC_LIST, namespaces: ATOMIC_LIST },
  'core/v1.PodAntiAffinity': { preferredDuringSchedulingIgnoredDuringExecution: ATOMIC_LIST, requiredDuringSchedulingIgnoredDuringExecution: ATOMIC_LIST },
  'core/v1.PodDNSConfig': { nameservers: ATOMIC_LIST, options: ATOMIC_LIST, searches: ATOMIC_LIST },
  'core/v1.PodExecOptions': { command: ATOMIC_LIST },
  'core/v1.PodPortForwardOptions': { ports: ATOMIC_LIST },
  'core/v1.PodSecurityContext': { supplementalGroups: ATOMIC_LIST, sysctls: ATOMIC_LIST },
  'core/v1.PodSpec': { containers: byKey('name'), ephemeralContainers: byKey('name'), hostAliases: byKey('ip'), imagePullSecrets: byKey('name'), initContainers: byKey('name'), nodeSelector: ATOMIC_MAP, readinessGates: ATOMIC_LIST, resourceClaims: byKeyRetain('name'), schedulingGates: byKey('name'), tolerations: ATOMIC_LIST, topologySpreadConstraints: byKey('topologyKey', 'whenUnsatisfiable'), volumes: byKeyRetain('name') },
  'core/v1.PodStatus': { conditions: byKey('type'), containerStatuses: ATOMIC_LIST, ephemeralContainerStatuses: ATOMIC_LIST, hostIPs: { listType: 'atomic', patchMergeKey: 'ip', patchStrategy: 'merge' }, initContainerStatuses: ATOMIC_LIST, podIPs: byKey('ip'), resourceClaimStatuses: byKeyRetain('name') },
  'core/v1.ProjectedVolumeSource': { sources: ATOMIC_LIST },
  'core/v1.RBDPersistentVolumeSource': { monitors: ATOMIC_LIST },
  'core/v1.RBDVolumeSource': { monitors: ATOMIC_LIST },
  'core/v1.ReplicationControllerSpec': { selector: ATOMIC_MAP },
  'core/v1.ReplicationControllerStatus': { conditions: byKey('type') },
  'core/v1.ResourceFieldSelector': { '.': ATOMIC_STRUCT },
  'core/v1.ResourceQuotaSpec': { scopes: ATOMIC_LIST },
  'core/v1.ResourceRequirements': { claims: listMap('name') },
  'core/v1.ResourceStatus': { resources: listMap('resourceID') },
  'core/v1.ScopeSelector': { '.': ATOMIC_STRUCT, matchExpressions: ATOMIC_LIST },
  'core/v1.ScopedResourceSelectorRequirement': { values: ATOMIC_LIST },
  'core/v1.SecretKeySelector': { '.': ATOMIC_STRUCT },
  'core/v1.SecretProjection': { items: ATOMIC_LIST },
  'core/v1.SecretReference': { '.': ATOMIC_STRUCT },
  'core/v1.SecretVolumeSource': { items: ATOMIC_LIST },
  'core/v1.ServiceAccount': { imagePullSecrets: ATOMIC_LIST, secrets: byKey('name') },
  'core/v1.ServiceSpec': { clusterIPs: ATOMIC_LIST, externalIPs: ATOMIC_LIST, ipFamilies: ATOMIC_LIST, loadBalancerSourceRanges: ATOMIC_LIST, ports: byKey('port', 'protocol'), selector: ATOMIC_MAP },
  'core/v1.ServiceStatus': { conditions: byKey('type') },
  'core/v1.TopologySelectorLabelRequirement': { values: ATOMIC_LIST },
  'core/v1.TopologySelectorTerm': { '.': ATOMIC_STRUCT, matchLabelExpressions: ATOMIC_LIST },
  'core/v1.TopologySpreadConstraint': { matchLabelKeys: ATOMIC_LIST },
  'core/v1.TypedLocalObjectReference': { '.': ATOMIC_STRUCT },
  'discovery/v1.Endpoint': { addresses: SET },
  'discovery/v1.EndpointHints': { forZones: ATOMIC_LIST },
  'discovery/v1.EndpointPort': { '.': ATOMIC_STRUCT },
  'discovery/v1.EndpointSlice': { endpoints: ATOMIC_LIST, ports: ATOMIC_LIST },
  'meta/v1.APIGroup': { serverAddressByClientCIDRs: ATOMIC_LIST, versions: ATOMIC_LIST },
  'meta/v1.APIGroupList': { groups: ATOMIC_LIST },
  'meta/v1.APIResource': { categories: ATOMIC_LIST, shortNames: ATOMIC_LIST },
  'meta/v1.APIResourceList': { resources: ATOMIC_LIST },
  'meta/v1.APIVersions': { serverAddressByClientCIDRs: ATOMIC_LIST, versions: ATOMIC_LIST },
  'meta/v1.ApplyOptions': { dryRun: ATOMIC_LIST },
  'meta/v1.CreateOptions': { dryRun: ATOMIC_LIST },
  'meta/v1.DeleteOptions': { dryRun: ATOMIC_LIST },
  'meta/v1.FieldSelectorRequirement': { values: ATOMIC_LIST },
  'meta/v1.LabelSelector': { '.': ATOMIC_STRUCT, matchExpressions: ATOMIC_LIST },
  'meta/v1.LabelSelectorRequirement': { values: ATOMIC_LIST },
  'meta/v1.ObjectMeta': { finalizers: MERGED_SET, managedFields: ATOMIC_LIST, ownerReferences: byKey('uid') },
  'meta/v1.OwnerReference': { '.': ATOMIC_STRUCT },
  'meta/v1.PatchOptions': { dryRun: ATOMIC_LIST },
  'meta/v1.RootPaths': { paths: ATOMIC_LIST },
  'meta/v1.Status': { details: ATOMIC_LIST },
  'meta/v1.StatusDetails': { causes: ATOMIC_LIST },
  'meta/v1.Table': { columnDefinitions: ATOMIC_LIST, rows: ATOMIC_LIST },
  'meta/v1.TableRow': { cells: ATOMIC_LIST, conditions: ATOMIC_LIST },
  'meta/v1.UpdateOptions': { dryRun: ATOMIC_LIST },
  'policy/v1.PodDisruptionBudgetSpec': { selector: { patchStrategy: 'replace' } },
  'policy/v1.PodDisruptionBudgetStatus': { conditions: byKey('type') },
  'rbac/v1.AggregationRule': { clusterRoleSelectors: ATOMIC_LIST },
  'rbac/v1.ClusterRole': { rules: ATOMIC_LIST },
  'rbac/v1.ClusterRoleBinding': { subjects: ATOMIC_LIST },
  'rbac/v1.PolicyRule': { apiGroups: ATOMIC_LIST, nonResourceURLs: ATOMIC_LIST, resourceNames: ATOMIC_LIST, resources: ATOMIC_LIST, verbs: ATOMIC_LIST },
  'rbac/v1.Role': { rules: ATOMIC_LIST },
  'rbac/v1.RoleBinding': { subjects: ATOMIC_LIST },
  'rbac/v1.RoleRef': { '.': ATOMIC_STRUCT },
  'rbac/v1.Subject': { '.': ATOMIC_STRUCT },
  'storage/v1.CSIDriverSpec': { tokenRequests: ATOMIC_LIST, volumeLifecycleModes: SET },
  'storage/v1.CSINodeDriver': { topologyKeys: ATOMIC_LIST },
  'storage/v1.CSINodeSpec': { drivers: byKey('name') },
  'storage/v1.StorageClass': { allowedTopologies: ATOMIC_LIST, mountOptions: ATOMIC_LIST },
};

/** The metadata of one field of a type; undefined when the field has none. */
export function fieldPatchMeta(typeName: string, field: string): FieldPatchMeta | undefined {
  return PATCH_META[typeName]?.[field];
}

/** The metadata of a type as a whole (`structType: 'atomic'` for LabelSelector and the like). */
export function typePatchMeta(typeName: string): FieldPatchMeta | undefined {
  return PATCH_META[typeName]?.['.'];
}

/** The strategies strategic merge patch reads from a patchStrategy value (`merge,retainKeys`). */
export function patchStrategies(meta: FieldPatchMeta | undefined): readonly string[] {
  return meta?.patchStrategy ? meta.patchStrategy.split(',') : [];
}

/**
 * The metadata of the field a path ends at, in an object of a served kind
 * (`['spec', 'template', 'spec', 'containers']` of a Deployment → PodSpec.containers). List
 * indices are numbers; undefined when the path leaves the schema or the field has none.
 */
export function patchMetaAt(ref: KindRef, path: readonly (string | number)[]): FieldPatchMeta | undefined {
  const root = rootTypeOf(ref);
  const last = path[path.length - 1];
  if (root === undefined || typeof last !== 'string') return undefined;
  const parent = typeAtPath(root, path.slice(0, -1));
  if (parent === undefined) return undefined;
  const t = readType(parent);
  return t.type === 'object' ? fieldPatchMeta(t.name, last) : undefined;
}
