// A Status as a thrown error: the apiserver and the cores return Status values, and a client
// throws one of these where its caller awaits a result rather than matching on one.

import type { FailureStatus, StatusReason } from './status.ts';

export class KubeError extends Error {
  override readonly name = 'KubeError';
  constructor(readonly status: FailureStatus) {
    super(status.message);
  }

  get code(): number {
    return this.status.code;
  }

  get reason(): StatusReason {
    return this.status.reason;
  }
}

export const kubeError = (status: FailureStatus): KubeError => new KubeError(status);

/** Whether an error (thrown or held) is the given Status reason: apimachinery's IsNotFound and kin. */
export function hasReason(err: unknown, reason: StatusReason): boolean {
  const status = err instanceof KubeError ? err.status : (err as Partial<FailureStatus> | null);
  return typeof status === 'object' && status !== null && status.kind === 'Status' && status.reason === reason;
}
