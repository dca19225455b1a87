// Leases (lease/lessor.go, etcdserver/apply.go LeaseGrant/LeaseRevoke, v3rpc/lease.go).

import test from 'ava';
import { MAX_LEASE_TTL } from '../../../actors/etcd/mvcc/index.ts';
import { eventsOf, kv, responses, store, throwsEtcd } from './helpers.ts';

test('grant answers the id and TTL and does not bump the revision; ids are chosen deterministically', (t) => {
  // apply.go LeaseGrant: ID, TTL and the current revision in the header; etcd picks random ids, this store the next free one.
  const s = store();
  s.put('a', '1');
  t.deepEqual(s.grant({ ttl: 10 }, 0), { header: { revision: 2 }, id: 1, ttl: 10, error: '' });
  t.deepEqual(s.grant({ ttl: 10, id: 2 }, 0).id, 2);
  t.is(s.grant({ ttl: 10 }, 0).id, 3, 'the next free id');
  t.is(s.revision, 2);
  const again = store();
  again.put('a', '1');
  t.deepEqual([1, 2, 3].map(() => again.grant({ ttl: 5 }, 0).id), [1, 2, 3]);
});

test('a TTL below the minimum is raised to it (2 s with etcd defaults); above MaxLeaseTTL is refused', (t) => {
  // lessor.Grant: ttl < minLeaseTTL → minLeaseTTL; ttl > MaxLeaseTTL → ErrLeaseTTLTooLarge.
  const s = store();
  t.is(s.grant({ ttl: 1 }, 0).ttl, 2);
  t.is(s.grant({ ttl: 0 }, 0).ttl, 2);
  t.is(store({ minLeaseTtl: 5 }).grant({ ttl: 3 }, 0).ttl, 5);
  t.is(s.grant({ ttl: MAX_LEASE_TTL }, 0).ttl, MAX_LEASE_TTL);
  throwsEtcd(t, () => s.grant({ ttl: MAX_LEASE_TTL + 1 }, 0), 'etcdserver: too large lease TTL');
});

test('granting an id that exists fails', (t) => {
  // lessor.Grant: ErrLeaseExists → 'etcdserver: lease already exists'.
  const s = store();
  s.grant({ ttl: 10, id: 7 }, 0);
  throwsEtcd(t, () => s.grant({ ttl: 10, id: 7 }, 0), 'etcdserver: lease already exists');
});

test('keys put with a lease attach to it; a put without one detaches; a delete detaches', (t) => {
  // kvstore_txn.go put: Detach the old lease, Attach the new; delete: Detach.
  const s = store();
  const { id } = s.grant({ ttl: 10 }, 0);
  s.put('a', '1', { lease: id });
  s.put('b', '1', { lease: id });
  s.put('c', '1', { lease: id });
  t.deepEqual(s.range('a').kvs, [kv('a', '1', 2, 2, 1, id)]);
  s.put('b', '2');
  s.deleteRange('c');
  t.deepEqual(s.timeToLive(id, 0, true).keys, ['a']);
  t.is(s.range('b').kvs[0]!.lease, 0);
});

test('a key moves from one lease to another', (t) => {
  // kvstore_txn.go put detaches the key from its previous lease before attaching the new one.
  const s = store();
  const one = s.grant({ ttl: 10 }, 0).id;
  const two = s.grant({ ttl: 10 }, 0).id;
  s.put('a', '1', { lease: one });
  s.put('a', '2', { lease: two });
  t.deepEqual(s.timeToLive(one, 0, true).keys, []);
  t.deepEqual(s.timeToLive(two, 0, true).keys, ['a']);
  s.revoke(one);
  t.is(s.range('a').count, 1, 'revoking the old lease leaves the key');
});

test('revoke deletes all attached keys in one revision, in key order, and answers the new revision', (t) => {
  // lessor.Revoke: sorts the keys, deletes each in one txn, removes the lease.
  const s = store();
  const { id } = s.grant({ ttl: 10 }, 0);
  s.put('c', '1', { lease: id }); // 2
  s.put('a', '1', { lease: id }); // 3
  s.put('b', '1'); // 4
  s.watch({ key: '\0', rangeEnd: '\0' });
  responses(s);
  t.deepEqual(s.revoke(id), { header: { revision: 5 } });
  t.deepEqual(s.range('\0', '\0').kvs.map((k) => k.key), ['b']);
  t.deepEqual(eventsOf(responses(s)), [[0, 5, [['DELETE', 'a', 5], ['DELETE', 'c', 5]]]]);
  t.deepEqual(s.leases().leases, []);
  throwsEtcd(t, () => s.revoke(id), 'etcdserver: requested lease not found');
});

test('revoking a lease with no keys writes nothing', (t) => {
  // lessor.Revoke runs a write txn that changes nothing, so the revision stays.
  const s = store();
  const { id } = s.grant({ ttl: 10 }, 0);
  t.deepEqual(s.revoke(id), { header: { revision: 1 } });
  t.is(s.revision, 1);
});

test('time-to-live: remaining whole seconds, truncated; -1 for an unknown lease', (t) => {
  // v3_server.go LeaseTimeToLive: TTL = int64(Remaining().Seconds()); v3rpc: TTL -1 when not found.
  const s = store();
  const { id } = s.grant({ ttl: 10 }, 1_000);
  t.deepEqual(s.timeToLive(id, 1_000), { header: { revision: 1 }, id, ttl: 10, grantedTtl: 10, keys: [] });
  t.is(s.timeToLive(id, 4_500).ttl, 6);
  t.is(s.timeToLive(id, 10_999).ttl, 0);
  t.deepEqual(s.timeToLive(99, 0), { header: { revision: 1 }, id: 99, ttl: -1, grantedTtl: 0, keys: [] });
});

test('keep-alive renews to the full TTL; an unknown or already expired lease answers TTL 0', (t) => {
  // v3rpc/lease.go leaseKeepAlive: ErrLeaseNotFound becomes TTL 0; lessor.Renew waits out an
  // expired lease's revoke, which then makes it not found.
  const s = store();
  const { id } = s.grant({ ttl: 10 }, 0);
  t.deepEqual(s.keepAlive(id, 6_000), { header: { revision: 1 }, id, ttl: 10 });
  t.is(s.timeToLive(id, 6_000).ttl, 10);
  t.deepEqual(s.expire(15_999), []);
  t.deepEqual(s.keepAlive(id, 16_000), { header: { revision: 1 }, id, ttl: 0 });
  t.deepEqual(s.keepAlive(42, 0), { header: { revision: 1 }, id: 42, ttl: 0 });
});

test('expire lists the leases whose time is up, soonest first, and revoking them is a separate write', (t) => {
  // lessor.revokeExpiredLeases only reports expired leases; the server proposes LeaseRevoke through Raft.
  const s = store();
  const a = s.grant({ ttl: 30 }, 0).id;
  const b = s.grant({ ttl: 10 }, 0).id;
  const c = s.grant({ ttl: 10 }, 0).id;
  s.put('k', 'v', { lease: b });
  t.deepEqual(s.expire(9_999), []);
  t.deepEqual(s.expire(10_000), [b, c]);
  t.deepEqual(s.expire(10_000), [b, c], 'expire does not change anything');
  t.is(s.range('k').count, 1);
  s.revoke(b);
  s.revoke(c);
  t.deepEqual(s.expire(40_000), [a]);
  t.is(s.range('k').count, 0);
});

test('promote restarts every lease from now; demote stops expiry on this member', (t) => {
  // lessor.Promote refreshes every lease (TTL + extend); Demote sets them to forever.
  const s = store();
  const { id } = s.grant({ ttl: 10 }, 0);
  s.demote();
  t.deepEqual(s.expire(1e12), []);
  t.is(s.timeToLive(id, 0).ttl, 9_223_372_036, "etcd's forever: MaxInt64 nanoseconds in seconds");
  s.promote(100_000, 1_000);
  t.deepEqual(s.expire(110_999), []);
  t.deepEqual(s.expire(111_000), [id]);
});

test('leases lists the ids in ascending order', (t) => {
  // LeaseLeases lists every lease; ascending order is this store's choice (etcd's is a map's).
  const s = store();
  s.grant({ ttl: 10, id: 9 }, 0);
  s.grant({ ttl: 10, id: 3 }, 0);
  t.deepEqual(s.leases(), { header: { revision: 1 }, leases: [{ id: 3 }, { id: 9 }] });
});

test('a put in a txn attaches to the lease; a txn that fails half-way changes no attachment', (t) => {
  // Attachments change with the txn's puts and deletes, and a refused txn must leave none behind.
  const s = store();
  const one = s.grant({ ttl: 10 }, 0).id;
  const two = s.grant({ ttl: 10 }, 0).id;
  s.txn({ success: [{ type: 'put', key: 'a', value: '1', lease: one }] });
  s.put('b', '1');
  t.deepEqual(s.timeToLive(one, 0, true).keys, ['a']);
  // The put of c attaches it to `two`, the delete from "a" on detaches a, b and c, then the
  // ignore_value put finds b gone and the whole txn is refused.
  t.throws(() =>
    s.txn({
      success: [
        { type: 'put', key: 'c', value: '1', lease: two },
        { type: 'deleteRange', key: 'a', rangeEnd: '\0' },
        { type: 'put', key: 'b', ignoreValue: true },
      ],
    }),
  );
  t.deepEqual(s.timeToLive(one, 0, true).keys, ['a']);
  t.deepEqual(s.timeToLive(two, 0, true).keys, []);
  t.deepEqual(s.range('\0', '\0').kvs.map((k) => k.key), ['a', 'b']);
});
