// The lease a write attaches its key to, as store.go's ttlOpts asks the lease manager for one when
// the registry gives the object a TTL (Events: --event-ttl), on create and on every update alike:
// a put without a lease detaches the key from the one it had, so an update that left it out would
// make the object live for ever.

import type { RequestOp } from '../../../protocols/etcd/kv.ts';
import type { ResourceInfo } from '../../../protocols/kube/resources.ts';
import type { RegistryEnv } from './env.ts';
import type { Step } from './step.ts';

/** Runs `then` with the lease for a write of `r`'s object (0: none), and whether a grant came first. */
export function withLease(env: RegistryEnv, r: ResourceInfo, update: boolean, then: (lease: number, granted: boolean) => Step): Step {
  return env.leaseFor === undefined ? then(0, false) : env.leaseFor(r, env.nowMs, update, then);
}

/** A put of `value` at `key`, attached to `lease` if there is one (the same op as before leases, else). */
export function putOp(key: string, value: string, lease: number): RequestOp {
  return lease === 0 ? { type: 'put', key, value } : { type: 'put', key, value, lease };
}
