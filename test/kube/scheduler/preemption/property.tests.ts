// Properties over random clusters: a preemption never takes a pod of the preemptor's priority or
// above, its victims all sit on the nominated node, the preemptor then passes every filter there,
// and (resources being monotone) no victim could have been spared.

import test from 'ava';
import fc from 'fast-check';
import type { Pod } from '../../../../protocols/kube/objects.ts';
import { buildNodeInfo } from '../../../../actors/kube-scheduler/framework/nodeinfo.ts';
import type { NodeInfo } from '../../../../actors/kube-scheduler/framework/types.ts';
import { nodePorts } from '../../../../actors/kube-scheduler/plugins/nodeports.ts';
import { podPriority } from '../../../../actors/kube-scheduler/plugins/defaultpreemption/priority.ts';
import { fit, infos, node, pdb, pod, preempt } from './fixtures.ts';
import type { RunnerProfile } from '../../../../actors/kube-scheduler/framework/runner.ts';

const PROFILE: RunnerProfile = { preFilter: [fit, nodePorts], filter: [fit, nodePorts], preScore: [], score: [] };

/** Every PreFilter and Filter of the profile on `info`, as a fresh attempt would run them. */
function passes(p: Pod, all: readonly NodeInfo[], info: NodeInfo): boolean {
  const state = new Map();
  const view = all.map((n) => (n.node.metadata!.name === info.node.metadata!.name ? info : n));
  for (const pl of PROFILE.preFilter) if (!['Success', 'Skip'].includes(pl.preFilter(state, p, view).status.code)) return false;
  return PROFILE.filter.every((pl) => pl.filter(state, p, info).code === 'Success');
}

const PRIORITIES = [-10, 0, 100, 1000];
const podArb = fc.record({
  priority: fc.constantFrom(...PRIORITIES),
  cpu: fc.integer({ min: 0, max: 8 }).map((n) => `${n * 100}m`),
  port: fc.option(fc.constantFrom(80, 443), { nil: undefined }),
  app: fc.constantFrom('a', 'b'),
  start: fc.integer({ min: 0, max: 5 }),
});
const clusterArb = fc.record({
  nodes: fc.array(fc.record({ cpu: fc.integer({ min: 1, max: 10 }), pods: fc.integer({ min: 1, max: 4 }) }), { minLength: 1, maxLength: 4 }),
  pods: fc.array(fc.tuple(fc.nat(), podArb), { maxLength: 10 }),
  preemptor: podArb,
  allowed: fc.integer({ min: 0, max: 2 }),
  offset: fc.nat(),
});

test('property: victims are of lower priority, on the nominated node, and make room there', (t) => {
  let preempted = 0;
  fc.assert(fc.property(clusterArb, (c) => {
    const nodes = c.nodes.map((n, i) => node(`n${i}`, { cpu: `${n.cpu * 100}m`, pods: String(n.pods) }));
    const port = (o: { port?: number }) => (o.port === undefined ? {} : { hostPort: o.port });
    const pods = c.pods.map(([at, o], i) => pod(`v${i}`, { node: `n${at % nodes.length}`, priority: o.priority, req: { cpu: o.cpu }, labels: { app: o.app }, start: o.start, ...port(o) }));
    const o = c.preemptor;
    const preemptor = pod('preemptor', { priority: o.priority, req: { cpu: o.cpu }, ...port(o) });
    const snapshot = infos(nodes, pods);
    if (snapshot.some((n) => passes(preemptor, snapshot, n))) return; // it would just schedule
    const r = preempt(preemptor, { nodes, pods, profile: PROFILE, pdbs: [pdb('a', { app: 'a' }, c.allowed)], pick: (n) => c.offset % n });
    if (r.status.code !== 'Success') {
      t.is(r.status.code, 'Unschedulable');
      t.regex(r.status.reasons[0] ?? '', new RegExp(`^preemption: 0/${nodes.length} nodes are available: `));
      return;
    }
    preempted++;
    const victims = r.victims ?? [];
    t.true(victims.length > 0);
    for (const v of victims) {
      t.true(podPriority(v) < podPriority(preemptor), 'a victim of priority ≥ the preemptor');
      t.is(v.spec?.nodeName, r.nominatedNodeName);
    }
    const target = snapshot.find((n) => n.node.metadata!.name === r.nominatedNodeName)!;
    const left = target.pods.filter((p) => !victims.includes(p));
    t.true(passes(preemptor, snapshot, buildNodeInfo(target.node, left)), 'the preemptor fits once the victims are gone');
    for (const v of victims) {
      t.false(passes(preemptor, snapshot, buildNodeInfo(target.node, [...left, v])), `victim ${v.metadata!.name} could have been spared`);
    }
  }), { numRuns: 200, seed: 42 });
  t.true(preempted > 20, `only ${preempted} runs preempted`);
});
