// The Service strategy: defaults, the ClusterIP/ClusterIPs reconciliation, allocation of
// clusterIPs and NodePorts through StrategyContext.allocate, and ValidateService(Update).
// Allocation runs in prepareForCreate/prepareForUpdate (where the registry allocates, before
// validation); a refusal is held for the same object's validate, which then reports only it, as
// the registry's allocation error comes back alone. The pipeline must therefore validate the very
// object it prepared, and roll back the allocations of a write that fails.

import type { FieldError } from '../../../../../protocols/kube/field-errors.ts';
import type { KubeObject, Service } from '../../../../../protocols/kube/objects.ts';
import { nameIsDNS1035Label } from '../../../../../protocols/kube/validation/index.ts';
import { genericStrategy } from '../../generic.ts';
import type { Strategy } from '../../types.ts';
import { allocateService } from './allocation.ts';
import { type ServiceSpec, defaultService, dropTypeDependentFields, normalizeClusterIPs, patchAllocatedValues } from './defaults.ts';
import { validateService, validateServiceStatus, validateServiceUpdate } from './validation.ts';

const allocationErrors = new WeakMap<object, FieldError[]>();

const base = genericStrategy(true);

export const serviceStrategy: Strategy = {
  ...base,
  nameValidator: nameIsDNS1035Label,
  defaults: (obj) => defaultService(obj as unknown as Service) as unknown as KubeObject,
  prepareForCreate(obj, ctx) {
    delete obj.status;
    const svc = obj as unknown as Service;
    normalizeClusterIPs((svc.spec ??= {}) as ServiceSpec, undefined);
    allocationErrors.set(obj, allocateService(svc, undefined, ctx.allocate));
  },
  prepareForUpdate(obj, old, ctx) {
    if (old.status === undefined) delete obj.status;
    else obj.status = old.status;
    const svc = obj as unknown as Service;
    const was = old as unknown as Service;
    const spec = (svc.spec ??= {}) as ServiceSpec;
    const oldSpec = (was.spec ?? {}) as ServiceSpec;
    patchAllocatedValues(spec, oldSpec);
    normalizeClusterIPs(spec, oldSpec);
    dropTypeDependentFields(spec, oldSpec);
    allocationErrors.set(obj, allocateService(svc, was, ctx.allocate));
  },
  validate(obj) {
    const pending = allocationErrors.get(obj) ?? [];
    return pending.length > 0 ? pending : validateService(obj as unknown as Service);
  },
  validateUpdate(obj, old) {
    const pending = allocationErrors.get(obj) ?? [];
    return pending.length > 0 ? pending : validateServiceUpdate(obj as unknown as Service, old as unknown as Service);
  },
  allowCreateOnUpdate: false,
  allowUnconditionalUpdate: true,
  status: {
    prepareForUpdate: base.status!.prepareForUpdate,
    validateUpdate: (obj) => validateServiceStatus(obj as unknown as Service),
  },
};
