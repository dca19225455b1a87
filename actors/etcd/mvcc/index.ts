// The etcd v3 MVCC store: a deterministic core (no I/O) for the etcd-member actor to wrap. Its
// requests and responses are the messages of protocols/etcd/kv.ts.

export * from './bytes.ts';
export * from './errors.ts';
export type * from '../../../protocols/etcd/kv.ts';
export { MvccStore, type DeleteOptions, type PutOptions, type RangeOptions, type StoreOptions } from './store.ts';
export type { StoreSnapshot } from './snapshot.ts';
export { hashState } from './snapshot.ts';
export { MAX_LEASE_TTL } from './leases.ts';
export { applyCommand } from './commands.ts';
