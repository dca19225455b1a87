// QoS classes with the cases of Kubernetes' qos_test.go, the OOM score policy with policy_test.go's,
// and random pods checked against a per-container oracle.

import test from 'ava';
import fc from 'fast-check';
import type { Pod } from '../../../../protocols/kube/objects.ts';
import { computePodQOS, containerOOMScoreAdjust, getPodQOS, type Container, type QOSClass } from '../../../../actors/kubelet/qos.ts';

type R = Record<string, string>;
const c = (name: string, requests?: R, limits?: R): Container => ({ name, image: 'busybox', resources: { ...(requests ? { requests } : {}), ...(limits ? { limits } : {}) } });
const pod = (containers: Container[], initContainers: Container[] = [], extra: Partial<NonNullable<Pod['spec']>> = {}): Pod => ({ metadata: { name: 'p', namespace: 'default', uid: 'u' }, spec: { containers, initContainers, ...extra } });
const both = (cpu: string, memory: string): R => ({ cpu, memory });

const CASES: [string, Pod, QOSClass][] = [
  ['no requests or limits', pod([c('a'), c('b')]), 'BestEffort'],
  ['zero requests and limits', pod([c('a', both('0', '0'), both('0', '0'))]), 'BestEffort'],
  ['hugepages only', pod([c('a', { 'hugepages-2Mi': '2Mi' }, { 'hugepages-2Mi': '2Mi' })]), 'BestEffort'],
  ['requests equal limits', pod([c('a', both('100m', '100Mi'), both('100m', '100Mi'))]), 'Guaranteed'],
  ['two containers, each requests equal limits', pod([c('a', both('100m', '100Mi'), both('100m', '100Mi')), c('b', both('200m', '1Gi'), both('200m', '1Gi'))]), 'Guaranteed'],
  ['limits only (requests defaulted from them)', pod([c('a', undefined, both('100m', '100Mi'))]), 'Guaranteed'],
  ['equal, written differently', pod([c('a', both('0.1', '1024Mi'), both('100m', '1Gi'))]), 'Guaranteed'],
  ['extended resource beside equal cpu and memory', pod([c('a', { ...both('100m', '100Mi'), 'nvidia.com/gpu': '2' }, { ...both('100m', '100Mi'), 'nvidia.com/gpu': '2' })]), 'Guaranteed'],
  ['best-effort and guaranteed containers', pod([c('a', both('100m', '100Mi'), both('100m', '100Mi')), c('b')]), 'Burstable'],
  ['requests without limits', pod([c('a', both('100m', '100Mi'))]), 'Burstable'],
  ['requests below limits', pod([c('a', both('100m', '100Mi'), both('200m', '200Mi'))]), 'Burstable'],
  ['cpu limit only', pod([c('a', undefined, { cpu: '100m' })]), 'Burstable'],
  ['memory only, requests equal limits', pod([c('a', { memory: '100Mi' }, { memory: '100Mi' })]), 'Burstable'],
  ['burstable and guaranteed containers', pod([c('a', both('100m', '100Mi'), both('100m', '100Mi')), c('b', { cpu: '100m' }, both('200m', '100Mi'))]), 'Burstable'],
  ['guaranteed containers, burstable init container', pod([c('a', both('100m', '100Mi'), both('100m', '100Mi'))], [c('i', { cpu: '100m' })]), 'Burstable'],
  ['guaranteed containers, best-effort init container', pod([c('a', both('100m', '100Mi'), both('100m', '100Mi'))], [c('i')]), 'Burstable'],
  ['guaranteed containers and init containers', pod([c('a', both('100m', '100Mi'), both('100m', '100Mi'))], [c('i', both('1', '1Gi'), both('1', '1Gi'))]), 'Guaranteed'],
  ['best-effort containers, burstable init container', pod([c('a')], [c('i', { memory: '10Mi' })]), 'Burstable'],
];

for (const [name, p, want] of CASES) test(`QoS: ${name}`, (t) => t.is(computePodQOS(p), want));

test('getPodQOS prefers the class the apiserver recorded', (t) => {
  const p = { ...pod([c('a')]), status: { qosClass: 'Guaranteed' } };
  t.is(getPodQOS(p), 'Guaranteed');
  t.is(computePodQOS(p), 'BestEffort');
});

const GiB = 1024 ** 3;
const CAP = 4 * GiB;

test('OOM score: Guaranteed -997, BestEffort 1000, node-critical -997', (t) => {
  const g = pod([c('a', both('1', '1Gi'), both('1', '1Gi'))]);
  t.is(containerOOMScoreAdjust(g, g.spec!.containers[0]!, CAP), -997);
  const be = pod([c('a')]);
  t.is(containerOOMScoreAdjust(be, be.spec!.containers[0]!, CAP), 1000);
  const crit = pod([c('a')], [], { priority: 2_000_001_000, priorityClassName: 'system-node-critical' });
  t.is(containerOOMScoreAdjust(crit, crit.spec!.containers[0]!, CAP), -997);
  const clusterCrit = pod([c('a')], [], { priority: 2_000_000_000, priorityClassName: 'system-cluster-critical' });
  t.is(containerOOMScoreAdjust(clusterCrit, clusterCrit.spec!.containers[0]!, CAP), 1000, 'only node-critical pods are protected');
});

test('OOM score: Burstable is 1000 − 1000 × request ÷ capacity, within [3, 999]', (t) => {
  const score = (memory: string | undefined) => {
    const p = pod([c('a', memory ? { memory } : { cpu: '100m' }), c('b', both('1', '1Gi'), both('1', '1Gi'))]);
    return containerOOMScoreAdjust(p, p.spec!.containers[0]!, CAP);
  };
  t.is(score('1Gi'), 750);
  t.is(score('2Gi'), 500);
  t.is(score('3Gi'), 250);
  t.is(score(undefined), 999, 'no memory request would tie BestEffort');
  t.is(score('4Gi'), 3, 'the whole node would tie Guaranteed');
  t.is(score('1'), 999);
  t.is(score('5Gi'), 3);
  t.is(score('1000Mi'), 1000 - Math.trunc((1000 * 1000 * 1024 * 1024) / CAP));
});

test('OOM score: a sidecar scores no higher than the smallest regular container', (t) => {
  const sidecar: Container = { ...c('log', { memory: '100Mi' }), restartPolicy: 'Always' };
  const p = pod([c('a', { memory: '2Gi' }), c('b', { memory: '1Gi' })], [sidecar]);
  t.is(containerOOMScoreAdjust(p, sidecar, CAP), 750);
  t.is(containerOOMScoreAdjust(p, p.spec!.containers[1]!, CAP), 750);
  t.is(containerOOMScoreAdjust(p, p.spec!.containers[0]!, CAP), 500);
  const plainInit = c('init', { memory: '100Mi' });
  const q = pod([c('a', { memory: '2Gi' })], [plainInit]);
  t.is(containerOOMScoreAdjust(q, plainInit, CAP), 1000 - Math.trunc((1000 * 100 * 1024 * 1024) / CAP));
});

// A valid container: per resource nothing, a request, a limit, or both with request ≤ limit.
const resource = fc.oneof(
  fc.constant({}),
  fc.record({ request: fc.integer({ min: 0, max: 3 }) }),
  fc.record({ limit: fc.integer({ min: 0, max: 3 }) }),
  fc.integer({ min: 0, max: 3 }).chain((limit) => fc.record({ request: fc.integer({ min: 0, max: limit }), limit: fc.constant(limit) })),
);
const container = fc.record({ cpu: resource, memory: resource });

function build(spec: { cpu: { request?: number; limit?: number }; memory: { request?: number; limit?: number } }, i: number): Container {
  const requests: R = {};
  const limits: R = {};
  for (const [name, scale, unit] of [['cpu', 100, 'm'], ['memory', 1, 'Mi']] as const) {
    const r = spec[name];
    if (r.request !== undefined) requests[name] = `${r.request * scale}${unit}`;
    if (r.limit !== undefined) limits[name] = `${r.limit * scale}${unit}`;
  }
  return c(`c${i}`, requests, limits);
}

function oracle(all: Container[]): string {
  const pos = (s: string | undefined) => s !== undefined && !/^0\D*$/.test(s);
  const req = (x: Container, n: string) => x.resources?.requests?.[n] ?? x.resources?.limits?.[n];
  const lim = (x: Container, n: string) => x.resources?.limits?.[n];
  const any = all.some((x) => ['cpu', 'memory'].some((n) => pos(req(x, n)) || pos(lim(x, n))));
  if (!any) return 'BestEffort';
  const guaranteed = all.every((x) => ['cpu', 'memory'].every((n) => pos(lim(x, n)) && req(x, n) === lim(x, n)));
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

test('property: QoS of random valid pods agrees with a per-container oracle', (t) => {
  fc.assert(
    fc.property(fc.array(container, { minLength: 1, maxLength: 4 }), fc.array(container, { maxLength: 2 }), (cs, inits) => {
      const containers = cs.map(build);
      const initContainers = inits.map((x, i) => build(x, i + 10));
      return computePodQOS(pod(containers, initContainers)) === oracle([...containers, ...initContainers]);
    }),
    { numRuns: 500 },
  );
  t.pass();
});
