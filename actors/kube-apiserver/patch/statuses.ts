// The failures of a patch request that protocols/kube/status.ts has no constructor for, shaped
// as the apiserver sends them.

import type { FailureStatus, StatusReason } from '../../../protocols/kube/status.ts';

const failure = (code: number, reason: string, message: string, details?: Record<string, never>): FailureStatus =>
  ({
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    // An empty reason is StatusReasonUnknown, which Go leaves out of the JSON (omitempty).
    ...(reason === '' ? {} : { reason: reason as StatusReason }),
    ...(details === undefined ? {} : { details }),
    code,
  }) as FailureStatus;

/**
 * NewGenericServerResponse(422, ...) without a cause: what a JSON patch that does not apply, a
 * list of lists in a strategic merge patch, or patch content outside its $retainKeys gets. The
 * underlying error is not sent; the details are present but empty.
 */
export const rejectedPatch = (): FailureStatus => failure(422, 'Invalid', 'the server rejected our request due to an error in our request', {});

/** A plain Go error reaching the handler: 500 with no reason and the error's text. */
export const unknownServerError = (message: string): FailureStatus => failure(500, '', message);

/** NewRequestEntityTooLargeError. */
export const requestEntityTooLarge = (message: string): FailureStatus => failure(413, 'RequestEntityTooLarge', `Request entity too large: ${message}`);

/** negotiation's errUnsupportedMediaType: a patch type the resource does not take. */
export const unsupportedMediaType = (message: string): FailureStatus => failure(415, 'UnsupportedMediaType', message);
