// The lease manager's choice (storage/lease-manager.ts), as lease_manager.go makes it: one lease
// reused for a window, a new one after it or past the object cap, granted for TTL plus window.

import test from 'ava';
import { chooseLease, DEFAULT_LEASE_MANAGER_CONFIG, leaseGranted, leaseManagerState, reuseSeconds, type LeaseManagerState } from '../../../actors/kube-apiserver/storage/lease-manager.ts';

const HOUR = 3600;
const at = (s: number) => s * 1000;

test('the window is 5% of the TTL, at most 60 s', (t) => {
  for (const [ttl, window] of [[3600, 60], [600, 30], [100, 5], [10, 0], [19, 0], [20, 1], [1200, 60], [1199, 59]] as const) {
    t.is(reuseSeconds(ttl), window, `ttl ${ttl}`);
  }
});

test('the first write asks for a lease of TTL plus the window', (t) => {
  const c = chooseLease(leaseManagerState(), at(0), HOUR);
  t.is(c.kind, 'grant');
  t.is(c.kind === 'grant' ? c.ttlSeconds : 0, HOUR + 60);
});

// A lease granted at 100 s ends at 100 + 3660 s.
const granted = (): LeaseManagerState => leaseGranted(7, at(100), HOUR + 60);

test('reuse within the window, a new lease after it', (t) => {
  const rows: [number, 'reuse' | 'grant'][] = [
    // At the instant of the grant too (Kubernetes' strict comparison would grant again: see the core).
    [100, 'reuse'],
    [130, 'reuse'],
    [159.999, 'reuse'],
    // now + ttl reaches the lease's end: it would not outlive the TTL.
    [160, 'grant'],
    [1000, 'grant'],
  ];
  for (const [now, kind] of rows) {
    const c = chooseLease(granted(), at(now), HOUR);
    t.is(c.kind, kind, `at ${now} s`);
    if (c.kind === 'reuse') t.is(c.id, 7);
    else t.is(c.ttlSeconds, HOUR + 60);
  }
});

test('a lease that would outlive the TTL by more than the window is not taken (a longer TTL granted it)', (t) => {
  const long = leaseGranted(9, at(0), 2 * HOUR);
  t.is(chooseLease(long, at(10), HOUR).kind, 'grant');
});

test('each choice counts one object; past the cap a new lease, which starts the count again', (t) => {
  const config = { ...DEFAULT_LEASE_MANAGER_CONFIG, maxObjectCount: 3 };
  let s = leaseGranted(7, at(100), HOUR + 60);
  const kinds: string[] = [];
  for (let i = 0; i < 3; i++) {
    const c = chooseLease(s, at(101), HOUR, config);
    kinds.push(c.kind);
    s = c.kind === 'grant' ? leaseGranted(8, at(101), c.ttlSeconds) : c.state;
  }
  // Granted with one; two more make three; the fourth is past the cap.
  t.deepEqual(kinds, ['reuse', 'reuse', 'grant']);
  t.is(s.id, 8);
  t.is(s.attached, 1);
  t.is(chooseLease(s, at(102), HOUR, config).kind, 'reuse');
});

test('the default cap is 1000 objects per lease', (t) => {
  let s = granted();
  for (let i = 2; i <= 1000; i++) {
    const c = chooseLease(s, at(101), HOUR);
    t.is(c.kind, 'reuse');
    s = c.state;
  }
  t.is(s.attached, 1000);
  t.is(chooseLease(s, at(101), HOUR).kind, 'grant');
});
