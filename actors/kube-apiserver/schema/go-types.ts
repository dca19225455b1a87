// The Go type of each field of the served kinds, as Go's reflect names it (`int32`,
// `v1.RestartPolicy`, `[]v1.Container`, `v1.ResourceList`), for the decoding errors the apiserver
// returns (`json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of
// type int32`). Facts from the k8s.io/api v0.32 structs (pointers dropped, as the decoder reports
// the pointed-to type). Only fields whose Go name is not the one the schema implies are listed,
// and every number field, since JSON does not tell int32 from int64 or float64. The schema
// implies `string`, `bool`, `intstr.IntOrString`, `resource.Quantity`, `v1.Time`, `<version>.<Type>`
// for an object type, `[]X` and `map[string]X`.

import { readType } from './field-schema.ts';

export const GO_TYPES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  'apiextensions/v1.CustomResourceColumnDefinition': { priority: 'int32' },
  'apiextensions/v1.CustomResourceConversion': { strategy: 'v1.ConversionStrategyType' },
  'apiextensions/v1.CustomResourceDefinitionCondition': { status: 'v1.ConditionStatus', type: 'v1.CustomResourceDefinitionConditionType' },
  'apiextensions/v1.CustomResourceDefinitionSpec': { scope: 'v1.ResourceScope' },
  'apiextensions/v1.CustomResourceSubresources': { status: 'v1.CustomResourceSubresourceStatus' },
  'apiextensions/v1.JSONSchemaProps': { $schema: 'v1.JSONSchemaURL', additionalItems: 'v1.JSONSchemaPropsOrBool', additionalProperties: 'v1.JSONSchemaPropsOrBool', default: 'v1.JSON', definitions: 'v1.JSONSchemaDefinitions', dependencies: 'v1.JSONSchemaDependencies', enum: '[]v1.JSON', example: 'v1.JSON', items: 'v1.JSONSchemaPropsOrArray', maxItems: 'int64', maxLength: 'int64', maxProperties: 'int64', maximum: 'float64', minItems: 'int64', minLength: 'int64', minProperties: 'int64', minimum: 'float64', multipleOf: 'float64', 'x-kubernetes-validations': 'v1.ValidationRules' },
  'apiextensions/v1.ServiceReference': { port: 'int32' },
  'apiextensions/v1.ValidationRule': { reason: 'v1.FieldValueErrorReason' },
  'apiextensions/v1.WebhookClientConfig': { caBundle: '[]uint8' },
  'apiregistration/v1.APIServiceCondition': { status: 'v1.ConditionStatus', type: 'v1.APIServiceConditionType' },
  'apiregistration/v1.APIServiceSpec': { caBundle: '[]uint8', groupPriorityMinimum: 'int32', versionPriority: 'int32' },
  'apiregistration/v1.ServiceReference': { port: 'int32' },
  'apps/v1.ControllerRevision': { data: 'runtime.RawExtension', revision: 'int64' },
  'apps/v1.DaemonSetCondition': { status: 'v1.ConditionStatus', type: 'v1.DaemonSetConditionType' },
  'apps/v1.DaemonSetSpec': { minReadySeconds: 'int32', revisionHistoryLimit: 'int32' },
  'apps/v1.DaemonSetStatus': { collisionCount: 'int32', currentNumberScheduled: 'int32', desiredNumberScheduled: 'int32', numberAvailable: 'int32', numberMisscheduled: 'int32', numberReady: 'int32', numberUnavailable: 'int32', observedGeneration: 'int64', updatedNumberScheduled: 'int32' },
  'apps/v1.DaemonSetUpdateStrategy': { type: 'v1.DaemonSetUpdateStrategyType' },
  'apps/v1.DeploymentCondition': { status: 'v1.ConditionStatus', type: 'v1.DeploymentConditionType' },
  'apps/v1.DeploymentSpec': { minReadySeconds: 'int32', progressDeadlineSeconds: 'int32', replicas: 'int32', revisionHistoryLimit: 'int32' },
  'apps/v1.DeploymentStatus': { availableReplicas: 'int32', collisionCount: 'int32', observedGeneration: 'int64', readyReplicas: 'int32', replicas: 'int32', unavailableReplicas: 'int32', updatedReplicas: 'int32' },
  'apps/v1.DeploymentStrategy': { type: 'v1.DeploymentStrategyType' },
  'apps/v1.ReplicaSetCondition': { status: 'v1.ConditionStatus', type: 'v1.ReplicaSetConditionType' },
  'apps/v1.ReplicaSetSpec': { minReadySeconds: 'int32', replicas: 'int32' },
  'apps/v1.ReplicaSetStatus': { availableReplicas: 'int32', fullyLabeledReplicas: 'int32', observedGeneration: 'int64', readyReplicas: 'int32', replicas: 'int32' },
  'apps/v1.RollingUpdateStatefulSetStrategy': { partition: 'int32' },
  'apps/v1.StatefulSetCondition': { status: 'v1.ConditionStatus', type: 'v1.StatefulSetConditionType' },
  'apps/v1.StatefulSetOrdinals': { start: 'int32' },
  'apps/v1.StatefulSetPersistentVolumeClaimRetentionPolicy': { whenDeleted: 'v1.PersistentVolumeClaimRetentionPolicyType', whenScaled: 'v1.PersistentVolumeClaimRetentionPolicyType' },
  'apps/v1.StatefulSetSpec': { minReadySeconds: 'int32', podManagementPolicy: 'v1.PodManagementPolicyType', replicas: 'int32', revisionHistoryLimit: 'int32' },
  'apps/v1.StatefulSetStatus': { availableReplicas: 'int32', collisionCount: 'int32', currentReplicas: 'int32', observedGeneration: 'int64', readyReplicas: 'int32', replicas: 'int32', updatedReplicas: 'int32' },
  'apps/v1.StatefulSetUpdateStrategy': { type: 'v1.StatefulSetUpdateStrategyType' },
  'authentication/v1.BoundObjectReference': { uid: 'types.UID' },
  'authentication/v1.TokenRequestSpec': { expirationSeconds: 'int64' },
  'autoscaling/v1.ScaleSpec': { replicas: 'int32' },
  'autoscaling/v1.ScaleStatus': { replicas: 'int32' },
  'autoscaling/v2.ContainerResourceMetricSource': { name: 'v1.ResourceName' },
  'autoscaling/v2.ContainerResourceMetricStatus': { name: 'v1.ResourceName' },
  'autoscaling/v2.HPAScalingPolicy': { periodSeconds: 'int32', type: 'v2.HPAScalingPolicyType', value: 'int32' },
  'autoscaling/v2.HPAScalingRules': { selectPolicy: 'v2.ScalingPolicySelect', stabilizationWindowSeconds: 'int32' },
  'autoscaling/v2.HorizontalPodAutoscalerCondition': { status: 'v1.ConditionStatus', type: 'v2.HorizontalPodAutoscalerConditionType' },
  'autoscaling/v2.HorizontalPodAutoscalerSpec': { maxReplicas: 'int32', minReplicas: 'int32' },
  'autoscaling/v2.HorizontalPodAutoscalerStatus': { currentReplicas: 'int32', desiredReplicas: 'int32', observedGeneration: 'int64' },
  'autoscaling/v2.MetricSpec': { type: 'v2.MetricSourceType' },
  'autoscaling/v2.MetricStatus': { type: 'v2.MetricSourceType' },
  'autoscaling/v2.MetricTarget': { averageUtilization: 'int32', type: 'v2.MetricTargetType' },
  'autoscaling/v2.MetricValueStatus': { averageUtilization: 'int32' },
  'autoscaling/v2.ResourceMetricSource': { name: 'v1.ResourceName' },
  'autoscaling/v2.ResourceMetricStatus': { name: 'v1.ResourceName' },
  'batch/v1.CronJobSpec': { concurrencyPolicy: 'v1.ConcurrencyPolicy', failedJobsHistoryLimit: 'int32', startingDeadlineSeconds: 'int64', successfulJobsHistoryLimit: 'int32' },
  'batch/v1.JobCondition': { status: 'v1.ConditionStatus', type: 'v1.JobConditionType' },
  'batch/v1.JobSpec': { activeDeadlineSeconds: 'int64', backoffLimit: 'int32', backoffLimitPerIndex: 'int32', completionMode: 'v1.CompletionMode', completions: 'int32', maxFailedIndexes: 'int32', parallelism: 'int32', podReplacementPolicy: 'v1.PodReplacementPolicy', ttlSecondsAfterFinished: 'int32' },
  'batch/v1.JobStatus': { active: 'int32', failed: 'int32', ready: 'int32', succeeded: 'int32', terminating: 'int32' },
  'batch/v1.PodFailurePolicyOnExitCodesRequirement': { operator: 'v1.PodFailurePolicyOnExitCodesOperator', values: '[]int32' },
  'batch/v1.PodFailurePolicyOnPodConditionsPattern': { status: 'v1.ConditionStatus', type: 'v1.PodConditionType' },
  'batch/v1.PodFailurePolicyRule': { action: 'v1.PodFailurePolicyAction' },
  'batch/v1.SuccessPolicyRule': { succeededCount: 'int32' },
  'batch/v1.UncountedTerminatedPods': { failed: '[]types.UID', succeeded: '[]types.UID' },
  'coordination/v1.LeaseSpec': { acquireTime: 'v1.MicroTime', leaseDurationSeconds: 'int32', leaseTransitions: 'int32', renewTime: 'v1.MicroTime', strategy: 'v1.CoordinatedLeaseStrategy' },
  'core/v1.AWSElasticBlockStoreVolumeSource': { partition: 'int32' },
  'core/v1.AppArmorProfile': { type: 'v1.AppArmorProfileType' },
  'core/v1.AttachedVolume': { name: 'v1.UniqueVolumeName' },
  'core/v1.AzureDiskVolumeSource': { cachingMode: 'v1.AzureDataDiskCachingMode', kind: 'v1.AzureDataDiskKind' },
  'core/v1.Capabilities': { add: '[]v1.Capability', drop: '[]v1.Capability' },
  'core/v1.ClientIPConfig': { timeoutSeconds: 'int32' },
  'core/v1.ConfigMap': { binaryData: 'map[string][]uint8' },
  'core/v1.ConfigMapNodeConfigSource': { uid: 'types.UID' },
  'core/v1.ConfigMapVolumeSource': { defaultMode: 'int32' },
  'core/v1.Container': { imagePullPolicy: 'v1.PullPolicy', restartPolicy: 'v1.ContainerRestartPolicy', terminationMessagePolicy: 'v1.TerminationMessagePolicy' },
  'core/v1.ContainerImage': { sizeBytes: 'int64' },
  'core/v1.ContainerPort': { containerPort: 'int32', hostPort: 'int32', protocol: 'v1.Protocol' },
  'core/v1.ContainerResizePolicy': { resourceName: 'v1.ResourceName', restartPolicy: 'v1.ResourceResizeRestartPolicy' },
  'core/v1.ContainerStateTerminated': { exitCode: 'int32', signal: 'int32' },
  'core/v1.ContainerStatus': { allocatedResources: 'v1.ResourceList', restartCount: 'int32' },
  'core/v1.DaemonEndpoint': { Port: 'int32' },
  'core/v1.DownwardAPIVolumeFile': { mode: 'int32' },
  'core/v1.DownwardAPIVolumeSource': { defaultMode: 'int32' },
  'core/v1.EmptyDirVolumeSource': { medium: 'v1.StorageMedium' },
  'core/v1.EndpointPort': { port: 'int32', protocol: 'v1.Protocol' },
  'core/v1.EphemeralContainer': { imagePullPolicy: 'v1.PullPolicy', restartPolicy: 'v1.ContainerRestartPolicy', terminationMessagePolicy: 'v1.TerminationMessagePolicy' },
  'core/v1.Event': { count: 'int32', eventTime: 'v1.MicroTime' },
  'core/v1.EventSeries': { count: 'int32', lastObservedTime: 'v1.MicroTime' },
  'core/v1.FCVolumeSource': { lun: 'int32' },
  'core/v1.GCEPersistentDiskVolumeSource': { partition: 'int32' },
  'core/v1.GRPCAction': { port: 'int32' },
  'core/v1.HTTPGetAction': { scheme: 'v1.URIScheme' },
  'core/v1.HostPathVolumeSource': { type: 'v1.HostPathType' },
  'core/v1.ISCSIPersistentVolumeSource': { lun: 'int32' },
  'core/v1.ISCSIVolumeSource': { lun: 'int32' },
  'core/v1.ImageVolumeSource': { pullPolicy: 'v1.PullPolicy' },
  'core/v1.KeyToPath': { mode: 'int32' },
  'core/v1.LimitRangeItem': { default: 'v1.ResourceList', defaultRequest: 'v1.ResourceList', max: 'v1.ResourceList', maxLimitRequestRatio: 'v1.ResourceList', min: 'v1.ResourceList', type: 'v1.LimitType' },
  'core/v1.LinuxContainerUser': { gid: 'int64', supplementalGroups: '[]int64', uid: 'int64' },
  'core/v1.LoadBalancerIngress': { ipMode: 'v1.LoadBalancerIPMode' },
  'core/v1.ModifyVolumeStatus': { status: 'v1.PersistentVolumeClaimModifyVolumeStatus' },
  'core/v1.NamespaceCondition': { status: 'v1.ConditionStatus', type: 'v1.NamespaceConditionType' },
  'core/v1.NamespaceSpec': { finalizers: '[]v1.FinalizerName' },
  'core/v1.NamespaceStatus': { phase: 'v1.NamespacePhase' },
  'core/v1.NodeAddress': { type: 'v1.NodeAddressType' },
  'core/v1.NodeCondition': { status: 'v1.ConditionStatus', type: 'v1.NodeConditionType' },
  'core/v1.NodeSelectorRequirement': { operator: 'v1.NodeSelectorOperator' },
  'core/v1.NodeStatus': { allocatable: 'v1.ResourceList', capacity: 'v1.ResourceList', phase: 'v1.NodePhase', volumesInUse: '[]v1.UniqueVolumeName' },
  'core/v1.ObjectReference': { uid: 'types.UID' },
  'core/v1.PersistentVolumeClaimCondition': { status: 'v1.ConditionStatus', type: 'v1.PersistentVolumeClaimConditionType' },
  'core/v1.PersistentVolumeClaimSpec': { accessModes: '[]v1.PersistentVolumeAccessMode', volumeMode: 'v1.PersistentVolumeMode' },
  'core/v1.PersistentVolumeClaimStatus': { accessModes: '[]v1.PersistentVolumeAccessMode', allocatedResourceStatuses: 'map[v1.ResourceName]v1.ClaimResourceStatus', allocatedResources: 'v1.ResourceList', capacity: 'v1.ResourceList', phase: 'v1.PersistentVolumeClaimPhase' },
  'core/v1.PersistentVolumeSpec': { accessModes: '[]v1.PersistentVolumeAccessMode', capacity: 'v1.ResourceList', persistentVolumeReclaimPolicy: 'v1.PersistentVolumeReclaimPolicy', volumeMode: 'v1.PersistentVolumeMode' },
  'core/v1.PersistentVolumeStatus': { phase: 'v1.PersistentVolumePhase' },
  'core/v1.PodCondition': { status: 'v1.ConditionStatus', type: 'v1.PodConditionType' },
  'core/v1.PodOS': { name: 'v1.OSName' },
  'core/v1.PodReadinessGate': { conditionType: 'v1.PodConditionType' },
  'core/v1.PodSecurityContext': { fsGroup: 'int64', fsGroupChangePolicy: 'v1.PodFSGroupChangePolicy', runAsGroup: 'int64', runAsUser: 'int64', seLinuxChangePolicy: 'v1.PodSELinuxChangePolicy', supplementalGroups: '[]int64', supplementalGroupsPolicy: 'v1.SupplementalGroupsPolicy' },
  'core/v1.PodSpec': { activeDeadlineSeconds: 'int64', dnsPolicy: 'v1.DNSPolicy', overhead: 'v1.ResourceList', preemptionPolicy: 'v1.PreemptionPolicy', priority: 'int32', restartPolicy: 'v1.RestartPolicy', terminationGracePeriodSeconds: 'int64' },
  'core/v1.PodStatus': { phase: 'v1.PodPhase', qosClass: 'v1.PodQOSClass', resize: 'v1.PodResizeStatus' },
  'core/v1.PortStatus': { port: 'int32', protocol: 'v1.Protocol' },
  'core/v1.PreferredSchedulingTerm': { weight: 'int32' },
  'core/v1.Probe': { failureThreshold: 'int32', initialDelaySeconds: 'int32', periodSeconds: 'int32', successThreshold: 'int32', terminationGracePeriodSeconds: 'int64', timeoutSeconds: 'int32' },
  'core/v1.ProjectedVolumeSource': { defaultMode: 'int32' },
  'core/v1.ReplicationControllerCondition': { status: 'v1.ConditionStatus', type: 'v1.ReplicationControllerConditionType' },
  'core/v1.ReplicationControllerSpec': { minReadySeconds: 'int32', replicas: 'int32' },
  'core/v1.ReplicationControllerStatus': { availableReplicas: 'int32', fullyLabeledReplicas: 'int32', observedGeneration: 'int64', readyReplicas: 'int32', replicas: 'int32' },
  'core/v1.ResourceHealth': { health: 'v1.ResourceHealthStatus', resourceID: 'v1.ResourceID' },
  'core/v1.ResourceQuotaSpec': { hard: 'v1.ResourceList', scopes: '[]v1.ResourceQuotaScope' },
  'core/v1.ResourceQuotaStatus': { hard: 'v1.ResourceList', used: 'v1.ResourceList' },
  'core/v1.ResourceRequirements': { limits: 'v1.ResourceList', requests: 'v1.ResourceList' },
  'core/v1.ResourceStatus': { name: 'v1.ResourceName' },
  'core/v1.ScopedResourceSelectorRequirement': { operator: 'v1.ScopeSelectorOperator', scopeName: 'v1.ResourceQuotaScope' },
  'core/v1.SeccompProfile': { type: 'v1.SeccompProfileType' },
  'core/v1.Secret': { data: 'map[string][]uint8', type: 'v1.SecretType' },
  'core/v1.SecretVolumeSource': { defaultMode: 'int32' },
  'core/v1.SecurityContext': { procMount: 'v1.ProcMountType', runAsGroup: 'int64', runAsUser: 'int64' },
  'core/v1.ServiceAccountTokenProjection': { expirationSeconds: 'int64' },
  'core/v1.ServicePort': { nodePort: 'int32', port: 'int32', protocol: 'v1.Protocol' },
  'core/v1.ServiceSpec': { externalTrafficPolicy: 'v1.ServiceExternalTrafficPolicy', healthCheckNodePort: 'int32', internalTrafficPolicy: 'v1.ServiceInternalTrafficPolicy', ipFamilies: '[]v1.IPFamily', ipFamilyPolicy: 'v1.IPFamilyPolicy', sessionAffinity: 'v1.ServiceAffinity', type: 'v1.ServiceType' },
  'core/v1.SleepAction': { seconds: 'int64' },
  'core/v1.Taint': { effect: 'v1.TaintEffect' },
  'core/v1.Toleration': { effect: 'v1.TaintEffect', operator: 'v1.TolerationOperator', tolerationSeconds: 'int64' },
  'core/v1.TopologySpreadConstraint': { maxSkew: 'int32', minDomains: 'int32', nodeAffinityPolicy: 'v1.NodeInclusionPolicy', nodeTaintsPolicy: 'v1.NodeInclusionPolicy', whenUnsatisfiable: 'v1.UnsatisfiableConstraintAction' },
  'core/v1.VolumeMount': { mountPropagation: 'v1.MountPropagationMode', recursiveReadOnly: 'v1.RecursiveReadOnlyMode' },
  'core/v1.VolumeMountStatus': { recursiveReadOnly: 'v1.RecursiveReadOnlyMode' },
  'core/v1.VolumeResourceRequirements': { limits: 'v1.ResourceList', requests: 'v1.ResourceList' },
  'core/v1.WeightedPodAffinityTerm': { weight: 'int32' },
  'discovery/v1.EndpointPort': { port: 'int32', protocol: 'v1.Protocol' },
  'discovery/v1.EndpointSlice': { addressType: 'v1.AddressType' },
  'meta/v1.Condition': { observedGeneration: 'int64', status: 'v1.ConditionStatus' },
  'meta/v1.DeleteOptions': { gracePeriodSeconds: 'int64', propagationPolicy: 'v1.DeletionPropagation' },
  'meta/v1.LabelSelectorRequirement': { operator: 'v1.LabelSelectorOperator' },
  'meta/v1.ManagedFieldsEntry': { fieldsV1: 'v1.FieldsV1', operation: 'v1.ManagedFieldsOperationType' },
  'meta/v1.ObjectMeta': { deletionGracePeriodSeconds: 'int64', generation: 'int64', uid: 'types.UID' },
  'meta/v1.OwnerReference': { uid: 'types.UID' },
  'meta/v1.Preconditions': { uid: 'types.UID' },
  'policy/v1.PodDisruptionBudgetSpec': { unhealthyPodEvictionPolicy: 'v1.UnhealthyPodEvictionPolicyType' },
  'policy/v1.PodDisruptionBudgetStatus': { currentHealthy: 'int32', desiredHealthy: 'int32', disruptionsAllowed: 'int32', expectedPods: 'int32', observedGeneration: 'int64' },
  'scheduling/v1.PriorityClass': { preemptionPolicy: 'v1.PreemptionPolicy', value: 'int32' },
  'storage/v1.StorageClass': { reclaimPolicy: 'v1.PersistentVolumeReclaimPolicy', volumeBindingMode: 'v1.VolumeBindingMode' },
  'storage/v1.VolumeNodeResources': { count: 'int32' },
};

const implied = new Map<string, string>();

/** The Go type the schema expression implies, when the table has nothing for the field (a number's width it cannot imply: those are all in the table). */
export function impliedGoType(expr: string): string {
  let t = implied.get(expr);
  if (t === undefined) implied.set(expr, (t = goTypeFor(expr)));
  return t;
}

function goTypeFor(expr: string): string {
  if (expr.startsWith('[]')) return `[]${impliedGoType(expr.slice(2))}`;
  if (expr.startsWith('{}')) return `map[string]${impliedGoType(expr.slice(2))}`;
  const t = readType(expr);
  if (t.type === 'object') return `${t.name.slice(t.name.indexOf('/') + 1)}`;
  switch (expr) {
    case 'boolean':
      return 'bool';
    case 'int-or-string':
      return 'intstr.IntOrString';
    case 'quantity':
      return 'resource.Quantity';
    case 'time':
      return 'v1.Time';
    case 'json':
      return 'interface {}';
    default:
      return expr;
  }
}

/** The Go type of a field of an object type whose schema expression is `expr`. */
export const goTypeOf = (typeName: string, field: string, expr: string): string => GO_TYPES[typeName]?.[field] ?? impliedGoType(expr);
