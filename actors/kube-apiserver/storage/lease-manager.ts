// Which etcd lease a write with a TTL attaches to (k8s.io/apiserver storage/etcd3/lease_manager.go).
// A grant is a Raft write, so the apiserver does not grant one per object: it keeps the last lease
// it granted and attaches every write to it while that lease ends within a reuse window of where a
// fresh one would, up to a number of objects per lease. The lease is granted for the TTL plus that
// window, so an object lives between its TTL and its TTL plus the window past its last write.
// Pure: the replica's shell keeps the state and does the granting (shell/leases.ts).

export interface LeaseManagerConfig {
  /** LeaseReuseDurationSeconds: the reuse window's cap, in seconds (default 60). */
  readonly reuseDurationSeconds: number;
  /** The window as a share of the TTL, when that is smaller (5%). */
  readonly reuseDurationPercent: number;
  /** LeaseMaxObjectCount: objects attached to one lease at most (default 1000). */
  readonly maxObjectCount: number;
}

export const DEFAULT_LEASE_MANAGER_CONFIG: LeaseManagerConfig = { reuseDurationSeconds: 60, reuseDurationPercent: 0.05, maxObjectCount: 1000 };

export interface LeaseManagerState {
  /** The last lease granted; 0 before the first. */
  readonly id: number;
  /** When it expires as this replica reckons it (its clock at asking, plus the TTL asked for), ms. */
  readonly expiresAtMs: number;
  /** Writes that asked for a lease since it was granted, whether or not they went through. */
  readonly attached: number;
}

export const leaseManagerState = (): LeaseManagerState => ({ id: 0, expiresAtMs: 0, attached: 0 });

export type LeaseChoice =
  | { readonly kind: 'reuse'; readonly id: number; readonly state: LeaseManagerState }
  /** Grant a lease of `ttlSeconds` (the TTL plus the window), then record it with `leaseGranted`. */
  | { readonly kind: 'grant'; readonly ttlSeconds: number; readonly state: LeaseManagerState };

/** The reuse window for a TTL: the smaller of the percentage of it and the cap, whole seconds. */
export function reuseSeconds(ttlSeconds: number, config: LeaseManagerConfig = DEFAULT_LEASE_MANAGER_CONFIG): number {
  return Math.min(Math.floor(config.reuseDurationPercent * ttlSeconds), config.reuseDurationSeconds);
}

/**
 * The lease for one write with `ttlSeconds` at `nowMs`: the last one if it outlives the TTL from
 * now but by no more than the window, and has room for another object; else a new one.
 */
export function chooseLease(state: LeaseManagerState, nowMs: number, ttlSeconds: number, config: LeaseManagerConfig = DEFAULT_LEASE_MANAGER_CONFIG): LeaseChoice {
  const reuse = reuseSeconds(ttlSeconds, config);
  const valid = nowMs + ttlSeconds * 1000 < state.expiresAtMs;
  // Kubernetes asks for strictly after; on a virtual clock writes share the instant of the grant,
  // when strictly after would grant again for each of them.
  const sufficient = nowMs + (ttlSeconds + reuse) * 1000 >= state.expiresAtMs;
  // Counted before the check, as Kubernetes counts every call on the lease.
  const attached = state.attached + 1;
  const next = { ...state, attached };
  if (state.id !== 0 && valid && sufficient && attached <= config.maxObjectCount) return { kind: 'reuse', id: state.id, state: next };
  return { kind: 'grant', ttlSeconds: ttlSeconds + reuse, state: next };
}

/** The state once etcd granted `id` for `ttlSeconds`, asked for at `nowMs`: one object on it. */
export function leaseGranted(id: number, nowMs: number, ttlSeconds: number): LeaseManagerState {
  return { id, expiresAtMs: nowMs + ttlSeconds * 1000, attached: 1 };
}
