// Property: whatever volumes and claims exist (sizes, classes, access modes, pre-bindings both
// ways, a provisioning class), once the binder has settled no volume is bound to two claims, no
// claim to two volumes, and every Bound claim's volume points back at it.

import test from 'ava';
import fc from 'fast-check';
import { binderLoop, pv, pvc, spec, status, storageClass } from './fixtures.ts';

const volumeArb = fc.record({
  size: fc.constantFrom('1Gi', '2Gi', '5Gi'),
  cls: fc.constantFrom('', 'gold', 'dyn'),
  modes: fc.constantFrom(['ReadWriteOnce'], ['ReadWriteOnce', 'ReadOnlyMany'], ['ReadWriteMany']),
  preBoundTo: fc.option(fc.nat(3), { nil: undefined }),
});
const claimArb = fc.record({
  size: fc.constantFrom('1Gi', '2Gi', '3Gi'),
  cls: fc.constantFrom('', 'gold', 'dyn'),
  modes: fc.constantFrom(['ReadWriteOnce'], ['ReadOnlyMany'], ['ReadWriteMany']),
  wants: fc.option(fc.nat(4), { nil: undefined }),
});

test('binder property: after settling, bindings are one-to-one and point both ways', (t) => {
  fc.assert(
    fc.property(fc.array(volumeArb, { maxLength: 5 }), fc.array(claimArb, { minLength: 1, maxLength: 4 }), (volumes, claims) => {
      const loop = binderLoop();
      loop.create(storageClass('dyn', 'kybernetes.io/host-path'));
      volumes.forEach((v, i) =>
        loop.create(pv(`pv${i}`, v.size, { cls: v.cls, modes: v.modes, ...(v.preBoundTo === undefined ? {} : { claimRef: { namespace: 'default', name: `c${v.preBoundTo}` } }) })),
      );
      claims.forEach((c, i) => loop.create(pvc(`c${i}`, c.size, { cls: c.cls, modes: c.modes, ...(c.wants === undefined ? {} : { volumeName: `pv${c.wants}` }) })));
      for (let i = 0; i < 4; i++) {
        loop.settle();
        loop.advance(15_000);
      }
      loop.settle();
      const pvs = loop.list('pv');
      const pvcs = loop.list('pvc', 'default');
      for (const c of pvcs) {
        const pointing = pvs.filter((v) => spec(v).claimRef?.uid === c.metadata.uid);
        if (pointing.length > 1) return false;
        if (status(c).phase === 'Bound') {
          const v = pvs.find((x) => x.metadata.name === spec(c).volumeName);
          if (v === undefined || spec(v).claimRef?.uid !== c.metadata.uid || status(v).phase !== 'Bound') return false;
        }
      }
      for (const v of pvs.filter((x) => status(x).phase === 'Bound')) {
        const holders = pvcs.filter((c) => spec(c).volumeName === v.metadata.name && status(c).phase === 'Bound');
        if (holders.length !== 1) return false;
      }
      return true;
    }),
    { numRuns: 20, seed: 42 },
  );
  t.pass();
});
