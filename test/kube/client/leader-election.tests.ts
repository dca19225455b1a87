import test from 'ava';
import fc from 'fast-check';
import { answered, electorState, type ElectorOutput, isLeader, type LeaderElectionConfig, type LeaseSpec, nextTickMs, tick } from '../../../actors/client/leader-election.ts';
import type { ApiCall, ApiResult } from '../../../protocols/kube/api.ts';
import type { KubeObject } from '../../../protocols/kube/objects.ts';
import { alreadyExists, conflict, notFound } from '../../../protocols/kube/status.ts';

const gr = { group: 'coordination.k8s.io', resource: 'leases' };
const cfg = (identity: string): LeaderElectionConfig => ({ namespace: 'kube-system', name: 'kube-controller-manager', identity, epochMs: 0 });

/** A linearizable Lease store: the apiserver's CAS on resourceVersion. */
class LeaseStore {
  lease: KubeObject | null = null;
  rv = 0;
  serve(call: ApiCall): ApiResult {
    if (call.verb === 'get') return this.lease ? { ok: true, code: 200, body: this.lease } : { ok: false, code: 404, body: notFound(gr, 'kcm') };
    if (call.verb === 'create') {
      if (this.lease) return { ok: false, code: 409, body: alreadyExists(gr, 'kcm') };
      return { ok: true, code: 201, body: (this.lease = { ...call.body, metadata: { ...call.body.metadata, resourceVersion: String(++this.rv) } }) };
    }
    if (call.verb === 'update') {
      if (!this.lease || call.body.metadata.resourceVersion !== this.lease.metadata.resourceVersion) return { ok: false, code: 409, body: conflict(gr, 'kcm') };
      return { ok: true, code: 200, body: (this.lease = { ...call.body, metadata: { ...call.body.metadata, resourceVersion: String(++this.rv) } }) };
    }
    throw new Error(call.verb);
  }
}

const callOf = (outs: ElectorOutput[]) => outs.find((o) => o.type === 'call') as Extract<ElectorOutput, { type: 'call' }>;

test('the first candidate creates the Lease with its identity, times in RFC 3339 micro, 0 transitions', (t) => {
  const store = new LeaseStore();
  const s = electorState();
  const get = callOf(tick(s, cfg('a'), 1500));
  const create = callOf(answered(s, cfg('a'), 1500, get.attempt, store.serve(get.call)));
  t.is(create.call.verb, 'create');
  const outs = answered(s, cfg('a'), 1510, create.attempt, store.serve(create.call));
  t.deepEqual(outs, [{ type: 'startedLeading' }, { type: 'deadline', at: 11_500 }]);
  t.deepEqual(store.lease!.spec, { holderIdentity: 'a', leaseDurationSeconds: 15, acquireTime: '1970-01-01T00:00:01.500000Z', renewTime: '1970-01-01T00:00:01.500000Z', leaseTransitions: 0 });
});

/** Runs one candidate's tick and answers each call at once. */
function round(s: ReturnType<typeof electorState>, c: LeaderElectionConfig, store: LeaseStore, now: number): ElectorOutput[] {
  const all: ElectorOutput[] = [];
  let outs = tick(s, c, now);
  for (;;) {
    all.push(...outs);
    const call = outs.find((o) => o.type === 'call') as Extract<ElectorOutput, { type: 'call' }> | undefined;
    if (!call) return all;
    outs = answered(s, c, now, call.attempt, store.serve(call.call));
  }
}

test('a renewal keeps acquireTime and transitions and moves renewTime', (t) => {
  const store = new LeaseStore();
  const a = electorState();
  round(a, cfg('a'), store, 0);
  round(a, cfg('a'), store, 2000);
  t.like(store.lease!.spec, { acquireTime: '1970-01-01T00:00:00.000000Z', renewTime: '1970-01-01T00:00:02.000000Z', leaseTransitions: 0 });
  t.true(isLeader(a, 11_999));
});

test('a leader renews with one update from the Lease its last write returned, no read first (client-go fast path)', (t) => {
  const store = new LeaseStore();
  const a = electorState();
  round(a, cfg('a'), store, 0);
  const outs = tick(a, cfg('a'), 2000);
  t.like(callOf(outs).call, { verb: 'update', body: { metadata: { resourceVersion: '1' } } });
  t.deepEqual(answered(a, cfg('a'), 2001, callOf(outs).attempt, store.serve(callOf(outs).call)), [{ type: 'deadline', at: 12_000 }]);
  t.like(store.lease!.spec, { acquireTime: '1970-01-01T00:00:00.000000Z', renewTime: '1970-01-01T00:00:02.000000Z', leaseTransitions: 0 });
});

test('a refused optimistic update falls back to reading the Lease, then renews from what it read', (t) => {
  const store = new LeaseStore();
  const a = electorState();
  round(a, cfg('a'), store, 0);
  store.lease = { ...store.lease!, metadata: { ...store.lease!.metadata, resourceVersion: String(++store.rv) } }; // someone touched it
  const first = callOf(tick(a, cfg('a'), 2000));
  const fallback = callOf(answered(a, cfg('a'), 2000, first.attempt, store.serve(first.call)));
  t.is(fallback.call.verb, 'get');
  const write = callOf(answered(a, cfg('a'), 2000, fallback.attempt, store.serve(fallback.call)));
  t.like(write.call, { verb: 'update', body: { metadata: { resourceVersion: '2' } } });
  answered(a, cfg('a'), 2000, write.attempt, store.serve(write.call));
  t.true(isLeader(a, 11_999));
});

test('past its observed lease duration a leader reads before it writes', (t) => {
  const store = new LeaseStore();
  const a = electorState();
  round(a, cfg('a'), store, 0);
  a.leadUntil = 20_000; // as if its renewDeadline outlasted the lease (a misconfiguration)
  t.is(callOf(tick(a, cfg('a'), 15_000)).call.verb, 'get');
});

test('another candidate waits a full lease duration from when it saw the record last change, then takes over with transitions + 1', (t) => {
  const store = new LeaseStore();
  const a = electorState();
  const b = electorState();
  round(a, cfg('a'), store, 0);
  round(a, cfg('a'), store, 2000); // a's last renewal; then a goes silent
  round(b, cfg('b'), store, 3000); // b first sees the record at 3 s
  t.false(isLeader(b, 3000));
  t.false(isLeader(a, 12_000), 'a steps down 10 s after its last successful renewal was sent');
  round(b, cfg('b'), store, 17_999);
  t.is((store.lease!.spec as LeaseSpec).holderIdentity, 'a');
  const outs = round(b, cfg('b'), store, 18_000);
  t.true(outs.some((o) => o.type === 'startedLeading'));
  t.like(store.lease!.spec, { holderIdentity: 'b', leaseTransitions: 1, acquireTime: '1970-01-01T00:00:18.000000Z' });
});

test('a leader that cannot renew steps down at its deadline, and says so on the tick', (t) => {
  const store = new LeaseStore();
  const a = electorState();
  round(a, cfg('a'), store, 0);
  t.true(isLeader(a, 9999));
  const outs = tick(a, cfg('a'), 10_000); // the get goes unanswered
  t.deepEqual(outs[0], { type: 'stoppedLeading' });
  t.false(isLeader(a, 10_000));
});

test('of two racing updates one gets a Conflict and does not lead', (t) => {
  const store = new LeaseStore();
  store.lease = { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: 'kcm', namespace: 'kube-system', resourceVersion: '1' }, spec: { holderIdentity: '' } };
  store.rv = 1;
  const a = electorState();
  const b = electorState();
  const ga = callOf(tick(a, cfg('a'), 0));
  const gb = callOf(tick(b, cfg('b'), 0));
  const wa = callOf(answered(a, cfg('a'), 0, ga.attempt, store.serve(ga.call)));
  const wb = callOf(answered(b, cfg('b'), 0, gb.attempt, store.serve(gb.call)));
  answered(a, cfg('a'), 1, wa.attempt, store.serve(wa.call));
  answered(b, cfg('b'), 1, wb.attempt, store.serve(wb.call));
  t.deepEqual([isLeader(a, 1), isLeader(b, 1)], [true, false]);
});

test('a leader ticks every 2 s; a candidate waits 2 s plus up to 2.4 s more', (t) => {
  const s = electorState();
  t.is(nextTickMs(s, cfg('a'), () => 0), 2000);
  t.is(nextTickMs(s, cfg('a'), (n) => n - 1), 4400);
  s.leading = true;
  t.is(nextTickMs(s, cfg('a'), (n) => n - 1), 2000);
});

/** A tiny seeded generator for the simulated network. */
function rng(seed: number) {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 2 ** 32;
  };
}

test('property: under random delays (up to 3 s), losses and partitions, never two leaders at one instant, and someone leads', (t) => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 2 ** 31 }), fc.integer({ min: 2, max: 3 }), fc.double({ min: 0, max: 0.4, noNaN: true }), fc.constantFrom(100, 1500), (seed, n, loss, latency) => {
      const rand = rng(seed);
      const store = new LeaseStore();
      const ids = Array.from({ length: n }, (_, i) => `c${i}`);
      const st = ids.map(() => electorState());
      type Ev = { at: number; seq: number; run: () => void };
      const evs: Ev[] = [];
      let seq = 0;
      const at = (when: number, run: () => void) => evs.push({ at: when, seq: seq++, run });
      let now = 0;
      let everLed = false;
      // Each candidate is cut off once, for up to 30 s: everything it sends or is sent is lost.
      const cut = ids.map(() => {
        const from = rand() * 60_000;
        return { from, to: from + rand() * 30_000 };
      });
      const isolated = (i: number) => now >= cut[i]!.from && now < cut[i]!.to;
      const handle = (i: number, outs: ElectorOutput[]) => {
        for (const o of outs) {
          if (o.type !== 'call') continue;
          if (rand() < loss || isolated(i)) continue; // request lost
          at(now + rand() * latency, () => {
            const r = store.serve(o.call);
            if (rand() < loss || isolated(i)) return; // answer lost
            at(now + rand() * latency, () => handle(i, answered(st[i]!, cfg(ids[i]!), now, o.attempt, r)));
          });
        }
      };
      ids.forEach((_, i) => {
        const start = rand() * 2000;
        for (let k = 0; k < 40; k++) at(start + k * 2000, () => handle(i, tick(st[i]!, cfg(ids[i]!), now)));
      });
      while (evs.length > 0) {
        evs.sort((a, b) => a.at - b.at || a.seq - b.seq);
        const e = evs.shift()!;
        now = e.at;
        e.run();
        const leaders = st.filter((s) => isLeader(s, now)).length;
        if (leaders > 1) return false;
        if (leaders === 1) everLed = true;
      }
      return everLed || loss > 0.2;
    }),
    { numRuns: 200 },
  );
  t.pass();
});
