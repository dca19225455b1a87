// The EndpointSlice controller's invariant over random pod populations and changes: after it
// settles, the Service's slices hold exactly one endpoint for every selected pod with an IP that
// is not Succeeded or Failed (terminating ones included), nothing else, none twice, and no slice
// holds more than 100 — in the IPv4 slices and in the IPv6 slices of a dual-stack Service alike.

import test from 'ava';
import fc from 'fast-check';
import type { ControllerLoop } from '../loop.ts';
import { node, pod, run, service, slices, terminate } from './harness.ts';
import { sliceLoop } from './slice-loop.ts';

const MAX = 220;
const ip = (i: number) => `10.244.${Math.floor(i / 250)}.${(i % 250) + 1}`;
const ips = (i: number) => [ip(i), `fd00:10:244::${(i + 1).toString(16)}`];

interface Flags {
  selected: boolean;
  hasIP: boolean;
  ready: boolean;
  terminal: boolean;
  terminating: boolean;
}
// Independent bit pairs: selected, with an IP and not terminal three times in four; ready one in two; terminating one in four.
const flagsOf = (b: number): Flags => ({ selected: (b & 3) !== 3, hasIP: (b & 12) !== 12, ready: (b & 16) === 0, terminal: (b & 96) === 96, terminating: (b & 384) === 384 });

type Op = { op: 'delete' | 'flip' | 'add'; i: number };

function add(loop: ControllerLoop<any>, i: number, f: Flags): void {
  pod(loop, `p${i}`, { labels: { app: f.selected ? 'web' : 'other' } });
  if (f.hasIP) run(loop, `p${i}`, ips(i), f.ready, f.terminal ? 'Succeeded' : 'Running');
  if (f.terminating) terminate(loop, `p${i}`);
}

function check(loop: ControllerLoop<any>): string | undefined {
  const want = loop
    .list('pods', 'default')
    .filter((p) => (p.metadata.labels ?? {}).app === 'web')
    .filter((p) => {
      const st = p.status as { podIP?: string; phase?: string };
      return st.podIP !== undefined && st.phase !== 'Succeeded' && st.phase !== 'Failed';
    })
    .map((p) => p.metadata.name!)
    .sort();
  const all = slices(loop, 'web');
  const big = all.find((s) => (s.endpoints ?? []).length > 100);
  if (big) return `${big.metadata!.name} holds ${big.endpoints!.length}`;
  for (const family of ['IPv4', 'IPv6']) {
    const mine = all.filter((s) => s.addressType === family);
    if (mine.length === 0) return `no ${family} slice`;
    const got = mine.flatMap((s) => (s.endpoints ?? []).map((e) => e.targetRef!.name!));
    if (new Set(got).size !== got.length) return `an ${family} endpoint appears twice: ${got.sort().join(',')}`;
    const addresses = mine.flatMap((s) => (s.endpoints ?? []).flatMap((e) => e.addresses));
    if (new Set(addresses).size !== addresses.length) return `an ${family} address appears twice`;
    const sorted = [...got].sort();
    if (sorted.join() !== want.join()) return `${family} endpoints ${sorted.join(',')} but pods ${want.join(',')}`;
  }
  return undefined;
}

test('property: after settling, each family\'s slices hold exactly the selected pods with IPs, once each, at most 100 a slice', (t) => {
  t.notThrows(() =>
  fc.assert(
    fc.property(
      // Mostly populations large enough to need two or three slices, sometimes small ones.
      fc.oneof({ arbitrary: fc.integer({ min: 0, max: 40 }), weight: 1 }, { arbitrary: fc.integer({ min: 190, max: MAX }), weight: 3 }),
      fc.array(fc.nat(511), { minLength: MAX + 40, maxLength: MAX + 40 }),
      fc.array(fc.record({ op: fc.constantFrom<Op['op']>('delete', 'flip', 'add'), i: fc.nat(MAX + 39) }), { maxLength: 40 }),
      (count, bits, ops) => {
        const loop = sliceLoop();
        node(loop, 'n1');
        service(loop, 'web', { selector: { app: 'web' }, ipFamilyPolicy: 'RequireDualStack', ports: [{ name: 'http', port: 80 }] });
        for (let i = 0; i < count; i++) add(loop, i, flagsOf(bits[i]!));
        loop.settle();
        const first = check(loop);
        if (first) throw new Error(first);
        // Two batches of changes, each settled and checked.
        for (const batch of [ops.slice(0, ops.length >> 1), ops.slice(ops.length >> 1)]) {
          loop.advance(1000);
          for (const { op, i } of batch) {
            const exists = loop.get('pods', `p${i}`, 'default') !== undefined;
            if (op === 'add' && !exists) add(loop, i, flagsOf(bits[i]!));
            else if (op === 'delete' && exists) loop.apply({ verb: 'delete', target: { group: '', version: 'v1', resource: 'pods', namespace: 'default', name: `p${i}` }, options: { gracePeriodSeconds: 0 } });
            else if (op === 'flip' && exists) {
              const cur = loop.get('pods', `p${i}`, 'default')!;
              const ready = ((cur.status as { conditions?: { status: string }[] }).conditions ?? [])[0]?.status === 'True';
              run(loop, `p${i}`, ips(i), !ready);
            }
          }
          loop.settle();
          const err = check(loop);
          if (err) throw new Error(err);
        }
      },
    ),
    { numRuns: 3, seed: 1 },
  ));
});
