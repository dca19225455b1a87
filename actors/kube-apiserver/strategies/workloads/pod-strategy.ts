// The Pod strategy (pkg/registry/core/pod/strategy.go): defaults, status on create (Pending and
// the QoS class), the status subresource's rules, graceful deletion and the field selector's fields.

import type { KubeObject } from '../../../../protocols/kube/objects.ts';
import { genericStrategy } from '../generic.ts';
import type { Strategy } from '../types.ts';
import { type J, list, rec, str } from './json.ts';
import { defaultPod } from './pod-defaults.ts';
import { validatePodStatusUpdate } from './pod-status-update.ts';
import { validatePodUpdate } from './pod-update.ts';
import { validatePodCreate } from './pod-validation.ts';
import { compareQuantities } from '../../../../protocols/kube/quantity.ts';
import { quantities } from './resources-validation.ts';
import { podWarnings } from './warnings.ts';
import { cloneBody } from '../../registry/body.ts';

const QOS_RESOURCES = ['cpu', 'memory'];

/** qos.ComputePodQOS: Guaranteed when every container limits cpu and memory at their requests, BestEffort when none asks for either. */
export function podQOSClass(spec: J): 'Guaranteed' | 'Burstable' | 'BestEffort' {
  let anyRequestOrLimit = false;
  let guaranteed = true;
  for (const c of [...list(spec.initContainers), ...list(spec.containers)]) {
    const requests = quantities(rec(c.resources).requests);
    const limits = quantities(rec(c.resources).limits);
    for (const r of QOS_RESOURCES) {
      const req = requests.get(r);
      const lim = limits.get(r);
      if ((req !== undefined && req.nanos !== 0n) || (lim !== undefined && lim.nanos !== 0n)) anyRequestOrLimit = true;
      if (lim === undefined || lim.nanos === 0n) guaranteed = false;
      else if (req !== undefined && req.nanos !== 0n && compareQuantities(req, lim) !== 0) guaranteed = false;
    }
  }
  if (!anyRequestOrLimit) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

/**
 * CheckGracefulDelete: the requested period, else the pod's terminationGracePeriodSeconds; 0 for
 * a pod never scheduled or already finished; 1 for a negative one. 0 means delete at once, which
 * the Strategy contract spells `undefined`.
 */
export function podGracePeriod(pod: J, requested: number | undefined): number | undefined {
  const spec = rec(pod.spec);
  let period = requested ?? (typeof spec.terminationGracePeriodSeconds === 'number' ? spec.terminationGracePeriodSeconds : 0);
  if (str(spec.nodeName) === '') period = 0;
  const phase = str(rec(pod.status).phase);
  if (phase === 'Failed' || phase === 'Succeeded') period = 0;
  if (period < 0) period = 1;
  return period === 0 ? undefined : period;
}

/** PodToSelectableFields, beyond metadata.name/namespace. */
export function podSelectableFields(pod: J): Record<string, string> {
  const spec = rec(pod.spec);
  const status = rec(pod.status);
  return {
    'spec.nodeName': str(spec.nodeName),
    'spec.restartPolicy': str(spec.restartPolicy),
    'spec.schedulerName': str(spec.schedulerName),
    'spec.serviceAccountName': str(spec.serviceAccountName),
    'spec.hostNetwork': String(spec.hostNetwork === true),
    'status.phase': str(status.phase),
    'status.podIP': str(list(status.podIPs)[0]?.ip),
    'status.nominatedNodeName': str(status.nominatedNodeName),
  };
}

const SCHEDULING_GATED = { type: 'PodScheduled', status: 'False', reason: 'SchedulingGated', message: 'Scheduling is blocked due to non-empty scheduling gates' };

const base = genericStrategy(true);

export const podStrategy: Strategy = {
  ...base,
  defaults: (obj) => defaultPod(obj) as KubeObject,
  prepareForCreate(obj) {
    const spec = rec(obj.spec);
    const status: J = { phase: 'Pending', qosClass: podQOSClass(spec) };
    if (list(spec.schedulingGates).length > 0) status.conditions = [{ ...SCHEDULING_GATED }];
    obj.status = status;
  },
  prepareForUpdate(obj, old) {
    if (old.status === undefined) delete obj.status;
    else obj.status = cloneBody(old.status);
  },
  validate: (obj) => validatePodCreate(obj),
  validateUpdate: (obj, old) => validatePodUpdate(obj, old),
  status: {
    prepareForUpdate(obj, old, ctx) {
      base.status!.prepareForUpdate(obj, old, ctx);
      const status = rec(obj.status);
      if (str(status.qosClass) === '' && str(rec(old.status).qosClass) !== '') obj.status = { ...status, qosClass: rec(old.status).qosClass };
    },
    validateUpdate: (obj, old) => validatePodStatusUpdate(obj, old),
  },
  gracePeriod: (obj, requested) => podGracePeriod(obj, requested),
  selectableFields: (obj) => podSelectableFields(obj),
  warnings: podWarnings,
};
