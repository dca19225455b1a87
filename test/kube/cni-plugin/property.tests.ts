// Long random runs of ADD and DEL on a dual-stack node with small ranges (so they fill up, empty
// and wrap around), with restarts that reload the store from what was written: no address is ever
// held by two live containers, each live container holds exactly one address per family inside
// its range, nothing leaks, and an ADD fails only when the container already has its addresses or
// a family's range is really full, so freed addresses are handed out again.

import test from 'ava';
import fc from 'fast-check';
import { decide, type PluginConfig } from '../../../actors/cni-plugin/core.ts';
import { parseAddr } from '../../../actors/cni-plugin/ipam/addr.ts';
import { canonicalRange, rangeContains, type Range } from '../../../actors/cni-plugin/ipam/range.ts';
import { emptyStore, type IpamRecord, type IpamStore, replay } from '../../../actors/cni-plugin/ipam/store.ts';
import { add, del } from './fixtures.ts';

const CFG: PluginConfig = { bridge: 'cni0', cniVersion: '1.0.0' };

type Op = { kind: 'add' | 'del'; c: number } | { kind: 'restart' };

const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('add' as const), c: fc.integer({ min: 0, max: 24 }) }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('del' as const), c: fc.integer({ min: 0, max: 24 }) }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'restart' as const }) },
);

/** Allocatable addresses: the range minus its gateway. */
const capacity = (r: Range) => Number(r.end - r.start + 1n) - (r.gateway >= r.start && r.gateway <= r.end ? 1 : 0);

test('random ADD/DEL/restart runs never share an address and hand freed ones out again', (t) => {
  t.notThrows(() => fc.assert(
    fc.property(fc.integer({ min: 27, max: 30 }), fc.integer({ min: 123, max: 126 }), fc.array(op, { minLength: 150, maxLength: 250 }), (p4, p6, ops) => {
      const ranges = [[{ subnet: `10.244.1.0/${p4}` }], [{ subnet: `fd00:10:244:1::/${p6}` }]];
      const families = ranges.map(([r]) => canonicalRange(r!) as Range);
      let log: IpamRecord[] = [];
      let store: IpamStore = emptyStore();
      /** The model: each live container's addresses, as its ADD answered them. */
      const live = new Map<number, string[]>();
      for (const o of ops) {
        if (o.kind === 'restart') {
          const reloaded = replay(log);
          if (JSON.stringify(reloaded) !== JSON.stringify(store)) return false;
          store = reloaded;
          continue;
        }
        const id = `c${o.c}`;
        const d = decide(store, CFG, (o.kind === 'add' ? add : del)({ containerId: id, ranges }));
        log = [...log, ...d.records];
        store = replay(d.records, store);
        if (o.kind === 'del') {
          if (!d.reply.ok) return false;
          live.delete(o.c);
        } else if (d.reply.ok && d.reply.op === 'ADD') {
          if (live.has(o.c)) return false; // a second ADD must be refused
          const ips = d.reply.result.ips.map((i) => i.address.split('/')[0]!);
          // Each address in its family's range, never the gateway, never held by another.
          for (const [i, ip] of ips.entries()) {
            const a = parseAddr(ip)!;
            if (!rangeContains(families[i]!, a) || a.value === families[i]!.gateway) return false;
          }
          for (const other of live.values()) if (other.some((ip) => ips.includes(ip))) return false;
          live.set(o.c, ips);
        } else {
          const full = families.some((r) => live.size >= capacity(r));
          if (!live.has(o.c) && !full) return false; // refused while an address was free
        }
        // The store holds exactly what the live containers were given: nothing leaked, nothing lost.
        const expected = Object.fromEntries([...live].flatMap(([c, ips]) => ips.map((ip) => [ip, `c${c}`])));
        const held = Object.fromEntries(Object.entries(store.owners).map(([ip, o]) => [ip, o.containerId]));
        if (JSON.stringify(Object.entries(expected).sort()) !== JSON.stringify(Object.entries(held).sort())) return false;
        for (const ips of live.values()) if (ips.length !== 2) return false;
      }
      return true;
    }),
    { numRuns: 60, seed: 10 },
  ));
});

test('after a wraparound the walk reuses freed addresses in round-robin order', (t) => {
  const ranges = [[{ subnet: '10.0.0.0/29' }]];
  let store = emptyStore();
  const got: string[] = [];
  const addr = (id: string) => {
    const d = decide(store, CFG, add({ containerId: id, ranges }));
    store = replay(d.records, store);
    return d.reply.ok && d.reply.op === 'ADD' ? d.reply.result.ips[0]!.address : d.reply.ok ? '' : d.reply.error.msg;
  };
  for (const id of ['a', 'b', 'c', 'd', 'e']) got.push(addr(id));
  store = replay(decide(store, CFG, del({ containerId: 'b', ranges })).records, store);
  store = replay(decide(store, CFG, del({ containerId: 'd', ranges })).records, store);
  got.push(addr('f'), addr('g'), addr('h'));
  t.deepEqual(got, [
    '10.0.0.2/29', '10.0.0.3/29', '10.0.0.4/29', '10.0.0.5/29', '10.0.0.6/29',
    '10.0.0.3/29', '10.0.0.5/29', 'failed to allocate for range 0: no IP addresses available in range set: 10.0.0.1-10.0.0.6',
  ]);
});
