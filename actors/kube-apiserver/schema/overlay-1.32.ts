// What the v1.32 API types have that kubernetes-types 1.30 lacks (or no longer has), found by
// comparing each generated type with the Go structs of k8s.io/api v0.32. Fields of alpha features
// are listed too: the apiserver decodes them whatever the feature gates say (a disabled gate
// drops the value later), so they are never unknown fields. `null` removes a field.
//
// Added: LeaseSpec.strategy/preferredHolder (1.31), ContainerStatus.user and
// allocatedResourcesStatus (1.31), NodeRuntimeHandlerFeatures.userNamespaces (1.31),
// NodeStatus.features (1.31), PodResourceClaim.resourceClaimName/resourceClaimTemplateName (1.31,
// replacing `source`), PodSecurityContext.supplementalGroupsPolicy (1.31) and
// seLinuxChangePolicy (1.32), PodSpec.resources (1.32), ResourceClaim.request (1.31),
// Volume.image (1.31), DeleteOptions.ignoreStoreReadErrorWithClusterBreakingPotential (1.32), and
// the x-kubernetes-* extensions of JSONSchemaProps, which kubernetes-types never carried; and the
// whole of apiregistration.k8s.io/v1 (APIService), which kubernetes-types does not have.

export const OVERLAY: Readonly<Record<string, Readonly<Record<string, string | null>>>> = {
  'coordination/v1.LeaseSpec': { strategy: 'string', preferredHolder: 'string' },
  'core/v1.ContainerStatus': { user: 'core/v1.ContainerUser', allocatedResourcesStatus: '[]core/v1.ResourceStatus' },
  'core/v1.ContainerUser': { linux: 'core/v1.LinuxContainerUser' },
  'core/v1.LinuxContainerUser': { uid: 'number', gid: 'number', supplementalGroups: '[]number' },
  'core/v1.ResourceStatus': { name: 'string', resources: '[]core/v1.ResourceHealth' },
  'core/v1.ResourceHealth': { resourceID: 'string', health: 'string' },
  'core/v1.NodeRuntimeHandlerFeatures': { userNamespaces: 'boolean' },
  'core/v1.NodeStatus': { features: 'core/v1.NodeFeatures' },
  'core/v1.NodeFeatures': { supplementalGroupsPolicy: 'boolean' },
  'core/v1.PodResourceClaim': { source: null, resourceClaimName: 'string', resourceClaimTemplateName: 'string' },
  'core/v1.PodSecurityContext': { supplementalGroupsPolicy: 'string', seLinuxChangePolicy: 'string' },
  'core/v1.PodSpec': { resources: 'core/v1.ResourceRequirements' },
  'core/v1.ResourceClaim': { request: 'string' },
  'core/v1.Volume': { image: 'core/v1.ImageVolumeSource' },
  'core/v1.ImageVolumeSource': { reference: 'string', pullPolicy: 'string' },
  'meta/v1.DeleteOptions': { ignoreStoreReadErrorWithClusterBreakingPotential: 'boolean' },
  'apiextensions/v1.JSONSchemaProps': {
    'x-kubernetes-embedded-resource': 'boolean',
    'x-kubernetes-int-or-string': 'boolean',
    'x-kubernetes-list-map-keys': '[]string',
    'x-kubernetes-list-type': 'string',
    'x-kubernetes-map-type': 'string',
    'x-kubernetes-preserve-unknown-fields': 'boolean',
    'x-kubernetes-validations': '[]apiextensions/v1.ValidationRule',
  },
  'apiregistration/v1.APIService': { apiVersion: 'string', kind: 'string', metadata: 'meta/v1.ObjectMeta', spec: 'apiregistration/v1.APIServiceSpec', status: 'apiregistration/v1.APIServiceStatus' },
  'apiregistration/v1.APIServiceSpec': {
    service: 'apiregistration/v1.ServiceReference',
    group: 'string',
    version: 'string',
    insecureSkipTLSVerify: 'boolean',
    caBundle: 'string',
    groupPriorityMinimum: 'number',
    versionPriority: 'number',
  },
  'apiregistration/v1.ServiceReference': { namespace: 'string', name: 'string', port: 'number' },
  'apiregistration/v1.APIServiceStatus': { conditions: '[]apiregistration/v1.APIServiceCondition' },
  'apiregistration/v1.APIServiceCondition': { type: 'string', status: 'string', lastTransitionTime: 'time', reason: 'string', message: 'string' },
  'apiextensions/v1.ValidationRule': { rule: 'string', message: 'string', messageExpression: 'string', reason: 'string', fieldPath: 'string', optionalOldSelf: 'boolean' },
};
