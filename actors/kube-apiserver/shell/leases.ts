// Events expire: kube-apiserver's event registry gives every Event a TTL of --event-ttl (1 hour by
// default) on create and on update alike, and its storage attaches the key to an etcd lease of
// that length (storage/lease-manager.ts picks which), so etcd deletes an Event about an hour after
// its last write and every watcher gets the DELETED. Without it Events pile up in etcd, in the
// watch cache and in every snapshot. events.k8s.io Events are the same objects under
// /registry/events; that group is not served here, so core Events are the only ones.

import type { LeaseGrantResponse } from '../../../protocols/etcd/kv.ts';
import type { ResourceInfo } from '../../../protocols/kube/resources.ts';
import type { RegistryEnv } from '../registry/index.ts';
import { etcd } from '../registry/step.ts';
import { chooseLease, leaseGranted } from '../storage/lease-manager.ts';
import type { ApiserverOptions, ApiserverState } from './state.ts';

/** --event-ttl's default. */
export const DEFAULT_EVENT_TTL_MS = 60 * 60_000;

/** The TTL the registry gives an object of `r`, in seconds (0: none): the Events' TTLFunc. */
export function ttlSecondsFor(r: ResourceInfo, eventTtlMs: number): number {
  return r.group === '' && r.resource === 'events' ? Math.floor(eventTtlMs / 1000) : 0;
}

/** The replica's `leaseFor`: its lease manager's choice, and the grant when it needs a new lease. */
export function leaseFor(options: ApiserverOptions, s: ApiserverState): NonNullable<RegistryEnv['leaseFor']> {
  const ttlMs = options.eventTtlMs ?? DEFAULT_EVENT_TTL_MS;
  const plantedUpdates = options.plant?.eventUpdatesWithoutLease === true;
  return (r, nowMs, update, then) => {
    const ttl = ttlSecondsFor(r, ttlMs);
    if (ttl === 0 || (update && plantedUpdates)) return then(0, false);
    const choice = chooseLease(s.leases, nowMs, ttl);
    s.leases = choice.state;
    if (choice.kind === 'reuse') return then(choice.id, false);
    // `now` is the leader's to fill in: the lease counts down on its clock.
    return etcd<LeaseGrantResponse>({ type: 'leaseGrant', ttl: choice.ttlSeconds, now: 0 }, (granted) => {
      s.leases = leaseGranted(granted.id, nowMs, choice.ttlSeconds);
      return then(granted.id, true);
    });
  };
}
