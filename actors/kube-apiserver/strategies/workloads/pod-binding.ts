// The pods/binding subresource (pkg/registry/core/pod/storage: BindingREST): what a Binding may
// say (ValidatePodBinding) and what it does to the pod it binds (setPodNodeAndMetadata). The
// pipeline reads the pod, applies this, and writes it back with its usual preconditions.

import { type FieldError, fieldError } from '../../../../protocols/kube/field-errors.ts';
import type { KubeObject } from '../../../../protocols/kube/objects.ts';
import { type FailureStatus, badRequest, conflict } from '../../../../protocols/kube/status.ts';
import { type J, list, rec, str } from './json.ts';
import { podCondition, setCondition } from './pod-conditions.ts';
import { cloneBody } from '../../registry/body.ts';

/** ValidatePodBinding. */
export function validatePodBinding(binding: J): FieldError[] {
  const target = rec(binding.target);
  const errs: FieldError[] = [];
  if (str(target.kind) !== '' && target.kind !== 'Node') errs.push(fieldError.notSupported('target.kind', target.kind, ['Node', '<empty>']));
  if (str(target.name) === '') errs.push(fieldError.required('target.name'));
  return errs;
}

export type BindingResult = { readonly ok: true; readonly pod: KubeObject } | { readonly ok: false; readonly status: FailureStatus };

const BINDING = { group: '', resource: 'pods/binding' };

/**
 * The bound pod: spec.nodeName set, the Binding's annotations merged in, PodScheduled True. A pod
 * being deleted, already bound, or still gated cannot be bound (409 on pods/binding, as
 * Kubernetes answers the scheduler). `urlName` is the name in the request's path.
 */
export function bindPod(pod: KubeObject, binding: J, urlName: string, now: string): BindingResult {
  const name = str(pod.metadata.name);
  if (str(rec(binding.metadata).name) !== urlName) return { ok: false, status: badRequest('name in URL does not match name in Binding object') };
  const spec = rec(pod.spec);
  const refuse = (why: string): BindingResult => ({ ok: false, status: conflict(BINDING, name, why) });
  if (pod.metadata.deletionTimestamp) return refuse(`pod ${name} is being deleted, cannot be assigned to a host`);
  if (str(spec.nodeName) !== '') return refuse(`pod ${name} is already assigned to node "${str(spec.nodeName)}"`);
  if (list(spec.schedulingGates).length > 0) return refuse(`pod ${name} has non-empty .spec.schedulingGates`);
  const out = cloneBody(pod);
  out.spec = { ...rec(out.spec), nodeName: str(rec(binding.target).name) };
  const annotations = rec(rec(binding.metadata).annotations);
  if (Object.keys(annotations).length > 0) out.metadata = { ...out.metadata, annotations: { ...rec(out.metadata.annotations), ...annotations } };
  const status = rec(out.status);
  setCondition(status, podCondition({ type: 'PodScheduled', status: 'True' }), now);
  out.status = status;
  return { ok: true, pod: out };
}
