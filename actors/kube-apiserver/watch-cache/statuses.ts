// The watch cache's own failures, built on protocols/kube/status.ts's constructors. Two of them
// carry more than those constructors give: the 504 for a resourceVersion the cache has not reached
// names its cause (clients such as client-go's reflector test for it), and the 410 for an expired
// continue token hands back a new token in the Status's ListMeta, as etcd3's store does.

import { type FailureStatus, badRequest, expired, timeout } from '../../../protocols/kube/status.ts';

/** Seconds a client is told to wait before retrying a read the cache could not yet serve. */
export const TOO_LARGE_RETRY_SECONDS = 1;

/** How long a read waits for the cache to reach a resourceVersion before giving up (Kubernetes' blockTimeout). */
export const BLOCK_TIMEOUT_MS = 3000;

/** What the cache answers once it has waited BLOCK_TIMEOUT_MS and is still behind `requested`. */
export function tooLargeResourceVersion(requested: number, current: number): FailureStatus {
  const s = timeout(`Too large resource version: ${requested}, current: ${current}`, TOO_LARGE_RETRY_SECONDS);
  return { ...s, details: { ...s.details, causes: [{ reason: 'ResourceVersionTooLarge', message: 'Too large resource version' }] } };
}

const CONTINUE_EXPIRED =
  'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.';

const INCONSISTENT_CONTINUE =
  'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, ' +
  'or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an ' +
  'inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.';

/** A FailureStatus whose ListMeta may carry a continue token (status.ts types metadata as always empty). */
export type ListFailureStatus = Omit<FailureStatus, 'metadata'> & { readonly metadata: { readonly continue?: string } };

/**
 * A continue token whose revision has left the window. With `inconsistent`, a token to go on
 * from the same key at the latest revision (its rv -1), which the client may accept or not.
 */
export function continueExpired(inconsistent?: string): ListFailureStatus {
  if (inconsistent === undefined) return expired(CONTINUE_EXPIRED);
  return { ...expired(INCONSISTENT_CONTINUE), metadata: { continue: inconsistent } };
}

export const invalidContinue = (why: string): FailureStatus => badRequest(`invalid continue token: ${why}`);

export const continueWithResourceVersion = (): FailureStatus => badRequest('specifying resource version is not allowed when using continue');

/** strconv.ParseUint's complaint, as the apiserver passes it on. */
export const invalidResourceVersion = (rv: string): FailureStatus =>
  badRequest(`invalid resource version: strconv.ParseUint: parsing ${JSON.stringify(rv)}: ${/^[0-9]+$/.test(rv) ? 'value out of range' : 'invalid syntax'}`);
