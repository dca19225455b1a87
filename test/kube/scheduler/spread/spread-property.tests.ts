// The promise DoNotSchedule makes: whichever node the Filter admits, once the pod is placed there
// the skew of that constraint (its domain's matching pods − the global minimum) is ≤ maxSkew.

import test from 'ava';
import fc from 'fast-check';
import { computeFilterState, filterNode } from '../../../../actors/kube-scheduler/plugins/podtopologyspread/filtering.ts';
import type { Pod } from '../../../../protocols/kube/objects.ts';
import { info, node, pod, spread } from './fixtures.ts';

const HOST = 'kubernetes.io/hostname';

const clusterArb = fc.record({
  nodes: fc.array(fc.record({ zone: fc.integer({ min: 0, max: 3 }), matching: fc.nat(6), other: fc.nat(3) }), { minLength: 1, maxLength: 8 }),
  key: fc.constantFrom('zone', HOST),
  maxSkew: fc.integer({ min: 1, max: 3 }),
});

test('spread property: after placing the pod on a node the Filter admits, skew ≤ maxSkew', (t) => {
  t.notThrows(() => fc.assert(
    fc.property(clusterArb, ({ nodes, key, maxSkew }) => {
      const infos = nodes.map((n, i) => {
        const pods: Pod[] = [
          ...Array.from({ length: n.matching }, (_, k) => pod(`m-${i}-${k}`, { app: 'web' })),
          ...Array.from({ length: n.other }, (_, k) => pod(`o-${i}-${k}`, { app: 'db' })),
        ];
        return info(node(`node-${i}`, { zone: `zone-${n.zone}` }), pods);
      });
      const incoming = pod('p', { app: 'web' }, { topologySpreadConstraints: [spread(key, maxSkew, { app: 'web' })] });
      const state = computeFilterState(incoming, infos);
      const domainOf = (i: number): string => infos[i]!.node.metadata!.labels![key]!;
      let admitted = 0;
      infos.forEach((candidate, i) => {
        if (!filterNode(state, incoming, candidate).ok) return;
        admitted++;
        const counts = new Map<string, number>();
        infos.forEach((n, j) => counts.set(domainOf(j), (counts.get(domainOf(j)) ?? 0) + n.pods.filter((p) => p.metadata!.labels!.app === 'web').length));
        counts.set(domainOf(i), counts.get(domainOf(i))! + 1);
        const skew = counts.get(domainOf(i))! - Math.min(...counts.values());
        if (skew > maxSkew) throw new Error(`node-${i}: skew ${skew} > ${maxSkew}`);
      });
      // Some domain always holds the minimum, so at least its nodes are admitted.
      return admitted > 0;
    }),
    { numRuns: 300, seed: 11 },
  ));
});
