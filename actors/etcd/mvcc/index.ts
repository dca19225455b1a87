// The etcd v3 MVCC store: a pure core for the etcd-member actor to wrap.

export * from './bytes.ts';
export * from './errors.ts';
export type * from './types.ts';
export { MvccStore, type DeleteOptions, type PutOptions, type RangeOptions, type StoreOptions } from './store.ts';
export type { StoreSnapshot } from './snapshot.ts';
export { hashState } from './snapshot.ts';
export { MAX_LEASE_TTL } from './leases.ts';
export { applyCommand, type StoreCommand, type StoreResult } from './commands.ts';
