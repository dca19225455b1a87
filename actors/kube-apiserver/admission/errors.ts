// The errors admission plugins return, worded as k8s.io/apiserver's admission.NewForbidden and
// apimachinery's error aggregate word them, so a rejected write reads as a real apiserver's:
// `pods "web" is forbidden: maximum cpu usage per Container is 500m, but limit is 1`.

import { goQuote } from '../../../protocols/kube/field-errors.ts';
import { type FailureStatus, forbidden } from '../../../protocols/kube/status.ts';
import type { AdmissionAttributes } from './types.ts';

/**
 * The name a forbidden admission names: the request's, else the object's name, else its
 * generateName (names are generated after admission), else "Unknown".
 */
export function admissionName(a: AdmissionAttributes): string {
  if (a.name !== '') return a.name;
  const meta = a.object?.metadata;
  if (meta?.name) return meta.name;
  if (meta?.generateName) return meta.generateName;
  return 'Unknown';
}

/** admission.NewForbidden: 403 on the request's resource and name, `why` after the colon. */
export function admissionForbidden(a: AdmissionAttributes, why: string): FailureStatus {
  return forbidden({ group: a.resource.group, resource: a.resource.resource }, admissionName(a), why);
}

/** utilerrors.NewAggregate(errs).Error(): one message bare, several in brackets. */
export function aggregate(messages: readonly string[]): string {
  const unique = [...new Set(messages)];
  return unique.length === 1 ? unique[0]! : `[${unique.join(', ')}]`;
}

/** Go's %q, for the names messages quote. */
export const q = goQuote;
