// The scheduler cache: assumed pods count on their node until confirmed or forgotten, a bound
// pod moves between nodes, NodeInfos follow every change, and the snapshot interleaves zones.

import test from 'ava';
import fc from 'fast-check';
import type { Node, Pod } from '../../../../protocols/kube/objects.ts';
import { assume, emptyCache, forget, isAssumed, removeNode, removePod, setBoundPod, setNode, snapshot } from '../../../../actors/kube-scheduler/cache.ts';

const node = (name: string, zone?: string): Node => ({
  metadata: { name, ...(zone ? { labels: { 'topology.kubernetes.io/zone': zone } } : {}) },
  status: { allocatable: { cpu: '4', memory: '8Gi', pods: '110' } },
});
const pod = (name: string, nodeName?: string, cpu = '1'): Pod => ({
  metadata: { name, namespace: 'default' },
  spec: { ...(nodeName ? { nodeName } : {}), containers: [{ name: 'c', image: 'x', resources: { requests: { cpu } } }] },
});
const cpuOn = (infos: ReturnType<typeof snapshot>, name: string) => infos.find((i) => i.node.metadata!.name === name)?.requested.milliCPU;

test('cache: an assumed pod counts on its node until forgotten', (t) => {
  const c = emptyCache();
  setNode(c, node('a'));
  assume(c, pod('p'), 'a');
  t.true(isAssumed(c, 'default/p'));
  t.is(cpuOn(snapshot(c), 'a'), 1000);
  forget(c, 'default/p');
  t.false(isAssumed(c, 'default/p'));
  t.is(cpuOn(snapshot(c), 'a'), 0);
});

test('cache: the informer confirming a binding replaces the assumed copy (counted once)', (t) => {
  const c = emptyCache();
  setNode(c, node('a'));
  assume(c, pod('p'), 'a');
  setBoundPod(c, pod('p', 'a'));
  t.false(isAssumed(c, 'default/p'));
  t.is(cpuOn(snapshot(c), 'a'), 1000);
  forget(c, 'default/p');
  t.is(cpuOn(snapshot(c), 'a'), 1000, 'forgetting a confirmed pod changes nothing');
  removePod(c, 'default/p');
  t.is(cpuOn(snapshot(c), 'a'), 0);
});

test('cache: pods bound before their node is known count once it arrives; a removed node leaves the snapshot', (t) => {
  const c = emptyCache();
  setBoundPod(c, pod('p', 'late', '2'));
  t.deepEqual(snapshot(c), []);
  setNode(c, node('late'));
  t.is(cpuOn(snapshot(c), 'late'), 2000);
  removeNode(c, 'late');
  t.deepEqual(snapshot(c), []);
});

test('cache: the snapshot takes zones in turn, each in arrival order (the node tree)', (t) => {
  const c = emptyCache();
  for (const [n, z] of [['a1', 'a'], ['a2', 'a'], ['a3', 'a'], ['b1', 'b'], ['c1', 'c'], ['b2', 'b']] as const) setNode(c, node(n, z));
  t.deepEqual(snapshot(c).map((i) => i.node.metadata!.name), ['a1', 'b1', 'c1', 'a2', 'b2', 'a3']);
  setNode(c, node('a1', 'c'));
  t.deepEqual(snapshot(c).map((i) => i.node.metadata!.name), ['a2', 'b1', 'c1', 'a3', 'b2', 'a1']);
});

test('cache: after any sequence of assume/forget/bind/delete, each NodeInfo counts exactly the pods the model places there', (t) => {
  const nodes = ['n1', 'n2', 'n3'];
  const op = fc.oneof(
    fc.record({ k: fc.constant('assume' as const), p: fc.integer({ min: 0, max: 5 }), n: fc.constantFrom(...nodes) }),
    fc.record({ k: fc.constant('forget' as const), p: fc.integer({ min: 0, max: 5 }) }),
    fc.record({ k: fc.constant('bind' as const), p: fc.integer({ min: 0, max: 5 }), n: fc.constantFrom(...nodes) }),
    fc.record({ k: fc.constant('delete' as const), p: fc.integer({ min: 0, max: 5 }) }),
  );
  fc.assert(
    fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
      const c = emptyCache();
      for (const n of nodes) setNode(c, node(n));
      const bound = new Map<number, string>();
      const assumed = new Map<number, string>();
      for (const o of ops) {
        const key = `default/p${o.p}`;
        if (o.k === 'assume') {
          if (bound.has(o.p) || assumed.has(o.p)) continue; // the scheduler assumes only pending pods
          assume(c, pod(`p${o.p}`), o.n);
          assumed.set(o.p, o.n);
        } else if (o.k === 'forget') {
          forget(c, key);
          assumed.delete(o.p);
        } else if (o.k === 'bind') {
          setBoundPod(c, pod(`p${o.p}`, o.n));
          bound.set(o.p, o.n);
          assumed.delete(o.p);
        } else {
          removePod(c, key);
          bound.delete(o.p);
          assumed.delete(o.p);
        }
      }
      const want = new Map<string, number>();
      for (const n of [...bound.values(), ...assumed.values()]) want.set(n, (want.get(n) ?? 0) + 1000);
      for (const info of snapshot(c)) if (info.requested.milliCPU !== (want.get(info.node.metadata!.name!) ?? 0)) return false;
      return true;
    }),
    { numRuns: 300 },
  );
  t.pass();
});
