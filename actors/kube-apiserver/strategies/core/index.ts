// Strategies of the other built-in kinds (namespaces, nodes, services, config, RBAC, storage,
// coordination, discovery, CRDs), keyed `<group>/<resource>`.

import { crdStrategy } from '../../crd/definition.ts';
import type { Strategy } from '../types.ts';
import { apiServiceStrategy } from './apiservice.ts';
import { configMapStrategy, secretStrategy, serviceAccountStrategy } from './config.ts';
import { csiNodeStrategy } from './csinode.ts';
import { endpointSliceStrategy, endpointsStrategy } from './endpoints.ts';
import { eventStrategy } from './event.ts';
import { namespaceStrategy } from './namespace.ts';
import { nodeStrategy } from './node.ts';
import { limitRangeStrategy, resourceQuotaStrategy } from './quota.ts';
import { clusterRoleBindingStrategy, clusterRoleStrategy, roleBindingStrategy, roleStrategy } from './rbac.ts';
import { leaseStrategy, priorityClassStrategy } from './scheduling.ts';
import { serviceStrategy } from './service/index.ts';
import { persistentVolumeClaimStrategy, persistentVolumeStrategy, storageClassStrategy } from './storage.ts';

export const CORE_STRATEGIES: Readonly<Record<string, Strategy>> = {
  '/services': serviceStrategy,
  'apiregistration.k8s.io/apiservices': apiServiceStrategy,
  '/namespaces': namespaceStrategy,
  '/nodes': nodeStrategy,
  '/endpoints': endpointsStrategy,
  '/configmaps': configMapStrategy,
  '/secrets': secretStrategy,
  '/serviceaccounts': serviceAccountStrategy,
  '/events': eventStrategy,
  '/persistentvolumes': persistentVolumeStrategy,
  '/persistentvolumeclaims': persistentVolumeClaimStrategy,
  '/limitranges': limitRangeStrategy,
  '/resourcequotas': resourceQuotaStrategy,
  'discovery.k8s.io/endpointslices': endpointSliceStrategy,
  'coordination.k8s.io/leases': leaseStrategy,
  'storage.k8s.io/storageclasses': storageClassStrategy,
  'storage.k8s.io/csinodes': csiNodeStrategy,
  'scheduling.k8s.io/priorityclasses': priorityClassStrategy,
  'rbac.authorization.k8s.io/roles': roleStrategy,
  'rbac.authorization.k8s.io/clusterroles': clusterRoleStrategy,
  'rbac.authorization.k8s.io/rolebindings': roleBindingStrategy,
  'rbac.authorization.k8s.io/clusterrolebindings': clusterRoleBindingStrategy,
  'apiextensions.k8s.io/customresourcedefinitions': crdStrategy,
};
