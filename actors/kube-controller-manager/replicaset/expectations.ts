// The ReplicaSet controller's expectations (UIDTrackingControllerExpectations): how many creates
// and which deletes a ReplicaSet still waits to see through its informer. While any are
// outstanding the controller does not manage replicas, so a cache that has not yet heard of the
// pods it made never makes it make them again. Expectations older than five minutes are treated
// as met, as Kubernetes does, so a lost watch event cannot stall a ReplicaSet for ever.
// Plain data, kept in the controller's memory (lost on a restart, as the real controller's are).

/** ExpectationsTimeout. */
export const EXPECTATIONS_TIMEOUT_MS = 5 * 60 * 1000;

export interface Expectation {
  add: number;
  del: number;
  /** Keys (`namespace/name`) of the pods whose deletion is awaited. */
  deleting: Record<string, true>;
  /** Virtual ms when set, for the timeout. */
  at: number;
}

export type Expectations = Record<string, Expectation>;

/** SatisfiedExpectations: none recorded, all observed, or expired. */
export function satisfied(e: Expectations, key: string, now: number): boolean {
  const x = e[key];
  if (x === undefined) return true;
  if (x.add <= 0 && x.del <= 0) return true;
  return now - x.at > EXPECTATIONS_TIMEOUT_MS;
}

/** ExpectCreations: replaces what was expected (the deletions awaited by key stay, as in Kubernetes). */
export function expectCreations(e: Expectations, key: string, n: number, now: number): void {
  e[key] = { add: n, del: 0, deleting: e[key]?.deleting ?? {}, at: now };
}

export function expectDeletions(e: Expectations, key: string, podKeys: readonly string[], now: number): void {
  e[key] = { add: 0, del: podKeys.length, deleting: Object.fromEntries(podKeys.map((k) => [k, true] as const)), at: now };
}

/** CreationObserved: one create seen (or given up on). */
export function creationObserved(e: Expectations, key: string): void {
  const x = e[key];
  if (x !== undefined) x.add--;
}

/** DeletionObserved: counts only for a pod this ReplicaSet was waiting to see go, and only once. */
export function deletionObserved(e: Expectations, key: string, podKey: string): void {
  const x = e[key];
  if (x === undefined || !x.deleting[podKey]) return;
  delete x.deleting[podKey];
  x.del--;
}

export function deleteExpectations(e: Expectations, key: string): void {
  delete e[key];
}
