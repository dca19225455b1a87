// Failures as `Status` values, with the codes, reasons, details and wording of apimachinery's
// api/errors constructors, so a client (or a real kubectl behind `kyb serve`) sees what a real
// apiserver would send: `pods "web" not found`, 404, reason NotFound.

import type { StatusCause, StatusDetails } from 'kubernetes-types/meta/v1.d.ts';
import { type FieldErrorList, errorBody, formatFieldErrors } from './field-errors.ts';

export type StatusReason =
  | 'NotFound'
  | 'AlreadyExists'
  | 'Conflict'
  | 'Invalid'
  | 'BadRequest'
  | 'Forbidden'
  | 'Unauthorized'
  | 'Gone'
  | 'Expired'
  | 'MethodNotAllowed'
  | 'TooManyRequests'
  | 'InternalError'
  | 'Timeout'
  | 'ServerTimeout'
  | 'ServiceUnavailable';

/** A failed request's Status, every field the apiserver sets present. */
export interface FailureStatus {
  readonly kind: 'Status';
  readonly apiVersion: 'v1';
  readonly metadata: Record<string, never>;
  readonly status: 'Failure';
  readonly message: string;
  readonly reason: StatusReason;
  readonly details?: StatusDetails;
  readonly code: number;
}

/** The resource a request named: `pods` in the core group, `deployments` in `apps`. */
export interface GroupResource {
  readonly group: string;
  readonly resource: string;
}

/** The kind an object declares: Invalid names objects by kind, the others by resource. */
export interface GroupKind {
  readonly group: string;
  readonly kind: string;
}

/** `pods`, `deployments.apps`: GroupResource.String(). */
export const qualifiedResource = (gr: GroupResource): string => (gr.group === '' ? gr.resource : `${gr.resource}.${gr.group}`);
/** `Pod`, `Deployment.apps`: GroupKind.String(). */
export const qualifiedKind = (gk: GroupKind): string => (gk.group === '' ? gk.kind : `${gk.kind}.${gk.group}`);

/** What a Conflict says when a write's resourceVersion is not the stored one. */
export const OPTIMISTIC_LOCK_MESSAGE = 'the object has been modified; please apply your changes to the latest version and try again';

function failure(code: number, reason: StatusReason, message: string, details?: StatusDetails): FailureStatus {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, ...(details === undefined ? {} : { details }), code };
}

/** Go leaves empty details fields out (omitempty); so do we, so JSON comparisons hold. */
function details(d: { name?: string; group?: string; kind?: string; causes?: StatusCause[]; retryAfterSeconds?: number }): StatusDetails {
  const out: StatusDetails = {};
  if (d.name) out.name = d.name;
  if (d.group) out.group = d.group;
  if (d.kind) out.kind = d.kind;
  if (d.causes && d.causes.length > 0) out.causes = d.causes;
  if (d.retryAfterSeconds) out.retryAfterSeconds = d.retryAfterSeconds;
  return out;
}

const about = (gr: GroupResource, name: string): StatusDetails => details({ name, group: gr.group, kind: gr.resource });

export function notFound(gr: GroupResource, name: string): FailureStatus {
  return failure(404, 'NotFound', `${qualifiedResource(gr)} "${name}" not found`, about(gr, name));
}

export function alreadyExists(gr: GroupResource, name: string): FailureStatus {
  return failure(409, 'AlreadyExists', `${qualifiedResource(gr)} "${name}" already exists`, about(gr, name));
}

export function conflict(gr: GroupResource, name: string, why: string = OPTIMISTIC_LOCK_MESSAGE): FailureStatus {
  return failure(409, 'Conflict', `Operation cannot be fulfilled on ${qualifiedResource(gr)} "${name}": ${why}`, about(gr, name));
}

export function invalid(gk: GroupKind, name: string, errs: FieldErrorList): FailureStatus {
  const causes: StatusCause[] = errs.map((e) => ({ reason: e.type, message: errorBody(e), field: e.field }));
  const all = formatFieldErrors(errs);
  const message = `${qualifiedKind(gk)} "${name}" is invalid${all === '' ? '' : `: ${all}`}`;
  return failure(422, 'Invalid', message, details({ name, group: gk.group, kind: gk.kind, causes }));
}

export function badRequest(message: string): FailureStatus {
  return failure(400, 'BadRequest', message);
}

/** `why` is the authorizer's sentence; see `forbiddenBecause` for RBAC's. */
export function forbidden(gr: GroupResource, name: string, why: string): FailureStatus {
  const message =
    gr.group === '' && gr.resource === ''
      ? `forbidden: ${why}`
      : name === ''
        ? `${qualifiedResource(gr)} is forbidden: ${why}`
        : `${qualifiedResource(gr)} "${name}" is forbidden: ${why}`;
  return failure(403, 'Forbidden', message, about(gr, name));
}

export interface DeniedRequest {
  readonly user: string;
  readonly verb: string;
  readonly group: string;
  readonly resource: string;
  readonly subresource?: string;
  /** '' or absent for a cluster-scoped request. */
  readonly namespace?: string;
  readonly name?: string;
  /** The authorizer's reason, appended after a colon when there is one. */
  readonly reason?: string;
}

/** The apiserver's 403 for a request no authorizer allowed, as its Forbidden response words it. */
export function forbiddenBecause(r: DeniedRequest): FailureStatus {
  const resource = r.subresource ? `${r.resource}/${r.subresource}` : r.resource;
  const where = r.namespace ? `in the namespace "${r.namespace}"` : 'at the cluster scope';
  const sentence = `User "${r.user}" cannot ${r.verb} resource "${resource}" in API group "${r.group}" ${where}`;
  return forbidden({ group: r.group, resource: r.resource }, r.name ?? '', r.reason ? `${sentence}: ${r.reason}` : sentence);
}

export function unauthorized(message = ''): FailureStatus {
  return failure(401, 'Unauthorized', message === '' ? 'not authorized' : message);
}

export function gone(message: string): FailureStatus {
  return failure(410, 'Gone', message);
}

export function expired(message: string): FailureStatus {
  return failure(410, 'Expired', message);
}

/** A watch or list from a revision etcd has compacted away; `oldest` is the oldest still held. */
export function tooOldResourceVersion(requested: number, oldest: number): FailureStatus {
  return expired(`too old resource version: ${requested} (${oldest})`);
}

export function methodNotSupported(gr: GroupResource, action: string): FailureStatus {
  return failure(405, 'MethodNotAllowed', `${action} is not supported on resources of kind "${qualifiedResource(gr)}"`, details({ group: gr.group, kind: gr.resource }));
}

export function tooManyRequests(message: string, retryAfterSeconds: number): FailureStatus {
  return failure(429, 'TooManyRequests', message, details({ retryAfterSeconds }));
}

export function internalError(message: string): FailureStatus {
  return failure(500, 'InternalError', `Internal error occurred: ${message}`, details({ causes: [{ message }] }));
}

export function timeout(message: string, retryAfterSeconds: number): FailureStatus {
  return failure(504, 'Timeout', `Timeout: ${message}`, details({ retryAfterSeconds }));
}

export function serverTimeout(gr: GroupResource, operation: string, retryAfterSeconds: number): FailureStatus {
  return failure(
    500,
    'ServerTimeout',
    `The ${operation} operation against ${qualifiedResource(gr)} could not be completed at this time, please try again.`,
    details({ group: gr.group, kind: gr.resource, name: operation, retryAfterSeconds }),
  );
}

export function serviceUnavailable(message: string): FailureStatus {
  return failure(503, 'ServiceUnavailable', message);
}
