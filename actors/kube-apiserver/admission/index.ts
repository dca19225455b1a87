// The admission chain's public face: the chain runner, its plugins and its data types.

export { type AdmissionOutcome, DEFAULT_PLUGINS, type Phase, admitPhase, runAdmission, validatePhase, withObjectCopy } from './chain.ts';
export { defaultStorageClass, defaultStorageClassPlugin } from './default-storage-class.ts';
export { defaultTolerationSeconds } from './default-toleration-seconds.ts';
export { admissionForbidden, admissionName } from './errors.ts';
export { LIMIT_RANGER_ANNOTATION, limitRanger } from './limit-ranger.ts';
export { IMMORTAL_NAMESPACES, namespaceLifecycle } from './namespace-lifecycle.ts';
export { nodeIdentity, nodeRestriction } from './node-restriction.ts';
export { SYSTEM_PRIORITY_CLASSES, priority } from './priority.ts';
export { evaluatorFor, objectCountName } from '../../../protocols/kube/quota/quota-usage.ts';
export { prettyPrint, resourceQuota } from './resource-quota.ts';
export { serviceAccount } from './service-account.ts';
export type {
  AdmissionAttributes,
  AdmissionContext,
  AdmissionEffect,
  AdmissionListers,
  AdmissionPlugin,
  AdmissionResource,
  Operation,
  QuotaStatusUpdate,
  UserInfo,
  Verdict,
} from './types.ts';
export { isFailure } from './types.ts';
