// What a create's managedFields are worked out against: a new object of the kind as the apiserver's
// Go types hold it before the request is decoded into it, written as encoding/json writes it
// (k8s.io/api, apiextensions-apiserver and kube-aggregator v0.32). A struct field is there even
// empty (`strategy: {}`), a field without omitempty is there at its zero value (`containers:
// null`, `status.replicas: 0`), a Time is null. What is there already is not "added" by a
// create: its node gets no "." in FieldsV1, and a leaf left at its zero value is owned by nobody.
// Facts read off the Go structs, by group/version/Kind.

import type { Json } from './path-element.ts';

type JsonObject = { readonly [key: string]: Json };

export const ZERO_OBJECTS: Readonly<Record<string, JsonObject>> = {
  '/v1/Binding': { metadata: { creationTimestamp: null }, target: {} },
  '/v1/ConfigMap': { metadata: { creationTimestamp: null } },
  '/v1/Endpoints': { metadata: { creationTimestamp: null } },
  '/v1/Event': { metadata: { creationTimestamp: null }, involvedObject: {}, source: {}, firstTimestamp: null, lastTimestamp: null, eventTime: null, reportingComponent: '', reportingInstance: '' },
  '/v1/LimitRange': { metadata: { creationTimestamp: null }, spec: { limits: null } },
  '/v1/Namespace': { metadata: { creationTimestamp: null }, spec: {}, status: {} },
  '/v1/Node': { metadata: { creationTimestamp: null }, spec: {}, status: { daemonEndpoints: { kubeletEndpoint: { Port: 0 } }, nodeInfo: { machineID: '', systemUUID: '', bootID: '', kernelVersion: '', osImage: '', containerRuntimeVersion: '', kubeletVersion: '', kubeProxyVersion: '', operatingSystem: '', architecture: '' } } },
  '/v1/PersistentVolumeClaim': { metadata: { creationTimestamp: null }, spec: { resources: {} }, status: {} },
  '/v1/PersistentVolume': { metadata: { creationTimestamp: null }, spec: {}, status: {} },
  '/v1/Pod': { metadata: { creationTimestamp: null }, spec: { containers: null }, status: {} },
  '/v1/ReplicationController': { metadata: { creationTimestamp: null }, spec: {}, status: { replicas: 0 } },
  '/v1/ResourceQuota': { metadata: { creationTimestamp: null }, spec: {}, status: {} },
  '/v1/Secret': { metadata: { creationTimestamp: null } },
  '/v1/ServiceAccount': { metadata: { creationTimestamp: null } },
  '/v1/Service': { metadata: { creationTimestamp: null }, spec: {}, status: { loadBalancer: {} } },
  'apiextensions.k8s.io/v1/CustomResourceDefinition': { metadata: { creationTimestamp: null }, spec: { group: '', names: { plural: '', kind: '' }, scope: '', versions: null }, status: { conditions: null, acceptedNames: { plural: '', kind: '' }, storedVersions: null } },
  'apiregistration.k8s.io/v1/APIService': { metadata: { creationTimestamp: null }, spec: { groupPriorityMinimum: 0, versionPriority: 0 }, status: {} },
  'apps/v1/ControllerRevision': { metadata: { creationTimestamp: null }, data: null, revision: 0 },
  'apps/v1/DaemonSet': { metadata: { creationTimestamp: null }, spec: { selector: null, template: { metadata: { creationTimestamp: null }, spec: { containers: null } }, updateStrategy: {} }, status: { currentNumberScheduled: 0, numberMisscheduled: 0, desiredNumberScheduled: 0, numberReady: 0 } },
  'apps/v1/Deployment': { metadata: { creationTimestamp: null }, spec: { selector: null, template: { metadata: { creationTimestamp: null }, spec: { containers: null } }, strategy: {} }, status: {} },
  'apps/v1/ReplicaSet': { metadata: { creationTimestamp: null }, spec: { selector: null, template: { metadata: { creationTimestamp: null }, spec: { containers: null } } }, status: { replicas: 0 } },
  'apps/v1/StatefulSet': { metadata: { creationTimestamp: null }, spec: { selector: null, template: { metadata: { creationTimestamp: null }, spec: { containers: null } }, serviceName: '', updateStrategy: {} }, status: { replicas: 0, availableReplicas: 0 } },
  'autoscaling/v2/HorizontalPodAutoscaler': { metadata: { creationTimestamp: null }, spec: { scaleTargetRef: { kind: '', name: '' }, maxReplicas: 0 }, status: { desiredReplicas: 0, currentMetrics: null } },
  'batch/v1/CronJob': { metadata: { creationTimestamp: null }, spec: { schedule: '', jobTemplate: { metadata: { creationTimestamp: null }, spec: { template: { metadata: { creationTimestamp: null }, spec: { containers: null } } } } }, status: {} },
  'batch/v1/Job': { metadata: { creationTimestamp: null }, spec: { template: { metadata: { creationTimestamp: null }, spec: { containers: null } } }, status: {} },
  'coordination.k8s.io/v1/Lease': { metadata: { creationTimestamp: null }, spec: {} },
  'discovery.k8s.io/v1/EndpointSlice': { metadata: { creationTimestamp: null }, addressType: '', endpoints: null, ports: null },
  'policy/v1/PodDisruptionBudget': { metadata: { creationTimestamp: null }, spec: {}, status: { disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 } },
  'rbac.authorization.k8s.io/v1/ClusterRoleBinding': { metadata: { creationTimestamp: null }, roleRef: { apiGroup: '', kind: '', name: '' } },
  'rbac.authorization.k8s.io/v1/ClusterRole': { metadata: { creationTimestamp: null }, rules: null },
  'rbac.authorization.k8s.io/v1/RoleBinding': { metadata: { creationTimestamp: null }, roleRef: { apiGroup: '', kind: '', name: '' } },
  'rbac.authorization.k8s.io/v1/Role': { metadata: { creationTimestamp: null }, rules: null },
  'scheduling.k8s.io/v1/PriorityClass': { metadata: { creationTimestamp: null }, value: 0 },
  'storage.k8s.io/v1/CSINode': { metadata: { creationTimestamp: null }, spec: { drivers: null } },
  'storage.k8s.io/v1/StorageClass': { metadata: { creationTimestamp: null }, provisioner: '' },
};
