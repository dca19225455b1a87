// core/v1 Event (legacyValidateEvent of pkg/apis/core/validation/events.go): old-style events
// (no eventTime) need only a namespace that matches the involved object's; new-style ones need
// the reporting fields. A PUT may create an Event; field selectors as ToSelectableFields.

import { type FieldError, fieldError } from '../../../../protocols/kube/field-errors.ts';
import type { Event, KubeObject } from '../../../../protocols/kube/objects.ts';
import { nameIsDNSSubdomain } from '../../../../protocols/kube/validation/index.ts';
import { genericStrategy } from '../generic.ts';
import type { Strategy } from '../types.ts';
import { dns1123Subdomain, qualifiedName, view } from './fields.ts';

const LIMITS = { reportingInstance: 128, action: 128, reason: 128, message: 1024 } as const;

function lengthCapped(field: keyof typeof LIMITS, value: string | undefined, required: boolean): FieldError[] {
  const v = value ?? '';
  const errs: FieldError[] = [];
  if (required && v.length === 0) errs.push(fieldError.required(field));
  // Kubernetes passes "" as the value here, so the message does not echo a long field.
  if (v.length > LIMITS[field]) errs.push(fieldError.invalid(field, '', `can have at most ${LIMITS[field]} characters`));
  return errs;
}

export function validateEvent(obj: KubeObject): FieldError[] {
  const e = view<Event>(obj);
  const ns = obj.metadata.namespace ?? '';
  const involvedNs = e.involvedObject?.namespace ?? '';
  const errs: FieldError[] = [];
  const mismatch = () => fieldError.invalid('involvedObject.namespace', involvedNs, 'does not match event.namespace');
  if (e.eventTime === undefined || e.eventTime === null) {
    if (involvedNs === '' ? ns !== '' && ns !== 'default' : ns !== involvedNs) errs.push(mismatch());
  } else {
    if (involvedNs === '' && ns !== 'default' && ns !== 'kube-system') errs.push(mismatch());
    if ((e.reportingComponent ?? '') === '') errs.push(fieldError.required('reportingComponent'));
    errs.push(...qualifiedName('reportingComponent', e.reportingComponent ?? ''));
    errs.push(...lengthCapped('reportingInstance', e.reportingInstance, true));
    errs.push(...lengthCapped('action', e.action, true));
    errs.push(...lengthCapped('reason', e.reason, true));
    errs.push(...lengthCapped('message', e.message, false));
  }
  errs.push(...dns1123Subdomain('namespace', ns));
  return errs;
}

export function eventFields(obj: KubeObject): Record<string, string> {
  const e = view<Event>(obj);
  const io = e.involvedObject ?? {};
  const source = (e.source?.component ?? '') !== '' ? e.source!.component! : (e.reportingComponent ?? '');
  return {
    'involvedObject.kind': io.kind ?? '',
    'involvedObject.namespace': io.namespace ?? '',
    'involvedObject.name': io.name ?? '',
    'involvedObject.uid': io.uid ?? '',
    'involvedObject.apiVersion': io.apiVersion ?? '',
    'involvedObject.resourceVersion': io.resourceVersion ?? '',
    'involvedObject.fieldPath': io.fieldPath ?? '',
    reason: e.reason ?? '',
    reportingComponent: e.reportingComponent ?? '',
    source,
    type: e.type ?? '',
  };
}

export const eventStrategy: Strategy = {
  ...genericStrategy(false),
  nameValidator: nameIsDNSSubdomain,
  validate: validateEvent,
  validateUpdate: validateEvent,
  allowCreateOnUpdate: true,
  selectableFields: eventFields,
};
