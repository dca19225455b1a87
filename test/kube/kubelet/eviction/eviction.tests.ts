// Node-pressure eviction: thresholds and the memory signal, the MemoryPressure condition with its
// transition period, the ranking (helpers_test's rankMemoryPressure cases) and what an evicted pod
// is told.

import test from 'ava';
import fc from 'fast-check';
import type { Pod } from '../../../../protocols/kube/objects.ts';
import { parseQuantity } from '../../../../protocols/kube/quantity.ts';
import { DEFAULT_THRESHOLDS, memoryObservation, parseThreshold, thresholdMet, thresholdQuantity, type Observations } from '../../../../actors/kubelet/eviction/thresholds.ts';
import { podMemoryRequest, rankMemoryPressure, type PodMemoryStats } from '../../../../actors/kubelet/eviction/rank.ts';
import { INITIAL_EVICTION_STATE, admitUnderPressure, evictionPass, type EvictionState } from '../../../../actors/kubelet/eviction/manager.ts';
import { computePodQOS } from '../../../../actors/kubelet/qos.ts';

const Mi = 1024 * 1024;
const Gi = 1024 * Mi;

interface P {
  name: string;
  request?: string;
  limit?: string;
  usedMi?: number;
  priority?: number;
  priorityClassName?: string;
}
function mk(p: P): Pod {
  const resources: Record<string, Record<string, string>> = {};
  if (p.request) resources.requests = { memory: p.request, cpu: '100m' };
  if (p.limit) resources.limits = { memory: p.limit, cpu: '100m' };
  return {
    metadata: { name: p.name, namespace: 'default', uid: `uid-${p.name}` },
    spec: { containers: [{ name: 'app', image: 'nginx', resources }], ...(p.priority !== undefined ? { priority: p.priority } : {}), ...(p.priorityClassName ? { priorityClassName: p.priorityClassName } : {}) },
  };
}
const statsOf = (specs: P[]) => (pod: Pod): PodMemoryStats | undefined => {
  const s = specs.find((x) => x.name === pod.metadata!.name);
  return s?.usedMi === undefined ? undefined : { containers: [{ name: 'app', workingSetBytes: s.usedMi * Mi }] };
};
const names = (pods: Pod[]) => pods.map((p) => p.metadata!.name);

test('default hard thresholds', (t) => {
  t.deepEqual(
    DEFAULT_THRESHOLDS.map((x) => [x.signal, 'quantity' in x.value ? x.value.quantity.text : `${Math.round(x.value.percentage * 100)}%`]),
    [['memory.available', '100Mi'], ['nodefs.available', '10%'], ['nodefs.inodesFree', '5%'], ['imagefs.available', '15%'], ['imagefs.inodesFree', '5%']],
  );
  t.true(DEFAULT_THRESHOLDS.every((x) => x.gracePeriodMs === 0));
  t.throws(() => parseThreshold('cpu.available<1'), { message: 'unsupported eviction signal cpu.available' });
});

test('memory.available = capacity − working set; the threshold holds strictly below 100Mi', (t) => {
  const mem = parseThreshold('memory.available<100Mi');
  const obs = (ws: number): Observations => ({ 'memory.available': memoryObservation(4 * Gi, ws) });
  t.is(memoryObservation(4 * Gi, 3 * Gi).available.nanos, BigInt(Gi) * 1_000_000_000n);
  t.is(memoryObservation(Gi, 2 * Gi).available.nanos, 0n);
  t.false(thresholdMet(mem, obs(4 * Gi - 100 * Mi), false));
  t.true(thresholdMet(mem, obs(4 * Gi - 100 * Mi + 1), false));
  t.false(thresholdMet(mem, {}, false), 'no observation, no pressure');
  t.is(thresholdQuantity({ percentage: 0.1 }, parseQuantity('1000')).nanos, 100_000_000_000n);
  const withReclaim = { ...mem, minReclaim: { quantity: parseQuantity('50Mi') } };
  t.true(thresholdMet(withReclaim, obs(4 * Gi - 120 * Mi), true));
  t.false(thresholdMet(withReclaim, obs(4 * Gi - 150 * Mi), true));
});

test('rankMemoryPressure: exceeding requests, then priority, then usage above requests', (t) => {
  const specs: P[] = [
    { name: 'guaranteed', request: '200Mi', limit: '200Mi', usedMi: 150 },
    { name: 'burstable-under', request: '100Mi', usedMi: 80 },
    { name: 'burstable-over', request: '100Mi', usedMi: 130 },
    { name: 'besteffort', usedMi: 50 },
  ];
  const pods = specs.map(mk);
  t.deepEqual(pods.map(computePodQOS), ['Guaranteed', 'Burstable', 'Burstable', 'BestEffort']);
  t.deepEqual(names(rankMemoryPressure(pods, statsOf(specs))), ['besteffort', 'burstable-over', 'burstable-under', 'guaranteed']);
});

test('rankMemoryPressure is not strictly by class: a Burstable far over its request goes before a small BestEffort', (t) => {
  const specs: P[] = [
    { name: 'besteffort', usedMi: 10 },
    { name: 'burstable-hog', request: '100Mi', usedMi: 600 },
  ];
  t.deepEqual(names(rankMemoryPressure(specs.map(mk), statsOf(specs))), ['burstable-hog', 'besteffort']);
});

test('rankMemoryPressure: priority splits pods that exceed alike; pods without stats come first', (t) => {
  const specs: P[] = [
    { name: 'important-be', usedMi: 500, priority: 1000 },
    { name: 'plain-be', usedMi: 10 },
    { name: 'under', request: '1Gi', usedMi: 100, priority: -5 },
    { name: 'no-stats' },
  ];
  t.deepEqual(names(rankMemoryPressure(specs.map(mk), statsOf(specs))), ['no-stats', 'plain-be', 'important-be', 'under']);
});

test('a pod\'s memory request: containers summed, the largest init container if larger, overhead on top', (t) => {
  const p = mk({ name: 'p', request: '100Mi' });
  p.spec!.containers.push({ name: 'b', image: 'x', resources: { requests: { memory: '50Mi' } } });
  t.is(podMemoryRequest(p), 150 * Mi);
  p.spec!.initContainers = [{ name: 'i', image: 'x', resources: { requests: { memory: '200Mi' } } }];
  t.is(podMemoryRequest(p), 200 * Mi);
  p.spec!.overhead = { memory: '10Mi' };
  t.is(podMemoryRequest(p), 210 * Mi);
  const be = mk({ name: 'be' });
  be.spec!.overhead = { memory: '10Mi' };
  t.is(podMemoryRequest(be), 0, 'no overhead on a pod that requests nothing');
});

const CONFIG = { thresholds: DEFAULT_THRESHOLDS };
const pressed = (workingSet: number): Observations => ({ 'memory.available': memoryObservation(2 * Gi, workingSet) });

test('one pod per pass, with the kubelet\'s status, condition and message', (t) => {
  const specs: P[] = [
    { name: 'guaranteed', request: '200Mi', limit: '200Mi', usedMi: 150 },
    { name: 'big', request: '100Mi', usedMi: 300 },
    { name: 'besteffort', usedMi: 50 },
  ];
  // 2Gi capacity, 50Mi available
  const pass = evictionPass(INITIAL_EVICTION_STATE, CONFIG, pressed(2 * Gi - 50 * Mi), specs.map(mk), statsOf(specs), 60_000);
  t.deepEqual(pass.state.conditions, ['MemoryPressure']);
  t.deepEqual(pass.nodeEvent, { type: 'Warning', reason: 'EvictionThresholdMet', message: 'Attempting to reclaim memory' });
  const e = pass.evicted!;
  t.is(e.pod.metadata!.name, 'big');
  t.is(e.gracePeriodSeconds, 1);
  const message = 'The node was low on resource: memory. Threshold quantity: 100Mi, available: 50Mi. Container app was using 300Mi, request is 100Mi, has larger consumption of memory. ';
  t.deepEqual(e.status, { phase: 'Failed', reason: 'Evicted', message, condition: { type: 'DisruptionTarget', status: 'True', reason: 'TerminationByKubelet', message } });
  t.deepEqual(e.event, { type: 'Warning', reason: 'Evicted', message, annotations: { offending_containers: 'app', offending_containers_usage: '300Mi', starved_resource: 'memory' } });
});

test('a BestEffort pod is told its request is 0; a pod within its request gets no container sentence', (t) => {
  const be: P[] = [{ name: 'besteffort', usedMi: 50 }];
  const a = evictionPass(INITIAL_EVICTION_STATE, CONFIG, pressed(2 * Gi - 90 * Mi), be.map(mk), statsOf(be), 0).evicted!;
  t.is(a.status.message, 'The node was low on resource: memory. Threshold quantity: 100Mi, available: 90Mi. Container app was using 50Mi, request is 0, has larger consumption of memory. ');
  const g: P[] = [{ name: 'g', request: '200Mi', limit: '200Mi', usedMi: 150 }];
  const b = evictionPass(INITIAL_EVICTION_STATE, CONFIG, pressed(2 * Gi - 90 * Mi), g.map(mk), statsOf(g), 0).evicted!;
  t.is(b.status.message, 'The node was low on resource: memory. Threshold quantity: 100Mi, available: 90Mi. ');
  t.deepEqual(b.event.annotations, { offending_containers: '', offending_containers_usage: '', starved_resource: 'memory' });
});

test('a sidecar over its request is named too', (t) => {
  const p = mk({ name: 'web', request: '100Mi' });
  p.spec!.initContainers = [{ name: 'log', image: 'fluent-bit', restartPolicy: 'Always', resources: { requests: { memory: '10Mi' } } }];
  const stats = () => ({ containers: [{ name: 'app', workingSetBytes: 50 * Mi }, { name: 'log', workingSetBytes: 64 * Mi }] });
  const e = evictionPass(INITIAL_EVICTION_STATE, CONFIG, pressed(2 * Gi - 90 * Mi), [p], stats, 0).evicted!;
  t.is(e.status.message, 'The node was low on resource: memory. Threshold quantity: 100Mi, available: 90Mi. Container log was using 64Mi, request is 10Mi, has larger consumption of memory. ');
  t.is(e.event.annotations.offending_containers, 'log');
});

test('critical pods are passed over', (t) => {
  const specs: P[] = [
    { name: 'coredns', usedMi: 900, priority: 2_000_000_000, priorityClassName: 'system-cluster-critical' },
    { name: 'web', request: '100Mi', usedMi: 120 },
  ];
  const pass = evictionPass(INITIAL_EVICTION_STATE, CONFIG, pressed(2 * Gi - 10 * Mi), specs.map(mk), statsOf(specs), 0);
  t.is(pass.evicted?.pod.metadata!.name, 'web');
  const only = evictionPass(INITIAL_EVICTION_STATE, CONFIG, pressed(2 * Gi - 10 * Mi), [mk(specs[0]!)], statsOf(specs), 0);
  t.is(only.evicted, undefined);
  t.deepEqual(only.state.conditions, ['MemoryPressure']);
});

test('MemoryPressure stays for the 5 minute transition period after the pressure ends', (t) => {
  const specs: P[] = [{ name: 'x', usedMi: 10 }];
  let state: EvictionState = INITIAL_EVICTION_STATE;
  const run = (ws: number, now: number) => {
    const p = evictionPass(state, CONFIG, pressed(ws), specs.map(mk), statsOf(specs), now);
    state = p.state;
    return p;
  };
  t.deepEqual(run(Gi, 0).state.conditions, []);
  t.truthy(run(2 * Gi - 10 * Mi, 10_000).evicted);
  const relieved = run(Gi, 20_000);
  t.deepEqual(relieved.state.conditions, ['MemoryPressure']);
  t.is(relieved.evicted, undefined, 'no eviction without a threshold met');
  t.deepEqual(run(Gi, 10_000 + 299_999).state.conditions, ['MemoryPressure']);
  t.deepEqual(run(Gi, 10_000 + 300_000).state.conditions, []);
});

test('a soft threshold acts only after its grace period; minReclaim keeps a threshold until reclaimed', (t) => {
  const soft = { thresholds: [parseThreshold('memory.available<500Mi', 60_000)], maxPodGracePeriodSeconds: 20 };
  const specs: P[] = [{ name: 'x', usedMi: 10 }];
  const first = evictionPass(INITIAL_EVICTION_STATE, soft, pressed(2 * Gi - 400 * Mi), specs.map(mk), statsOf(specs), 0);
  t.deepEqual(first.state.conditions, ['MemoryPressure']);
  t.is(first.evicted, undefined);
  const later = evictionPass(first.state, soft, pressed(2 * Gi - 400 * Mi), specs.map(mk), statsOf(specs), 60_000);
  t.is(later.evicted?.gracePeriodSeconds, 20);
  const withReclaim = { thresholds: [{ ...parseThreshold('memory.available<100Mi'), minReclaim: { quantity: parseQuantity('200Mi') } }] };
  const hit = evictionPass(INITIAL_EVICTION_STATE, withReclaim, pressed(2 * Gi - 90 * Mi), specs.map(mk), statsOf(specs), 0);
  const notYet = evictionPass(hit.state, withReclaim, pressed(2 * Gi - 250 * Mi), specs.map(mk), statsOf(specs), 10_000);
  t.truthy(notYet.evicted, '250Mi free is still short of 100Mi + 200Mi');
  const done = evictionPass(notYet.state, withReclaim, pressed(2 * Gi - 301 * Mi), specs.map(mk), statsOf(specs), 20_000);
  t.is(done.evicted, undefined);
});

test('admission under memory pressure turns BestEffort pods away', (t) => {
  t.deepEqual(admitUnderPressure(mk({ name: 'be' }), ['MemoryPressure']), { admit: false, reason: 'Evicted', message: 'The node had condition: [MemoryPressure]. ' });
  t.deepEqual(admitUnderPressure(mk({ name: 'b', request: '10Mi' }), ['MemoryPressure']), { admit: true });
  t.deepEqual(admitUnderPressure(mk({ name: 'be' }), []), { admit: true });
  const tolerant = mk({ name: 'be' });
  tolerant.spec!.tolerations = [{ key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' }];
  t.deepEqual(admitUnderPressure(tolerant, ['MemoryPressure']), { admit: true });
  t.deepEqual(admitUnderPressure(mk({ name: 'b', request: '10Mi' }), ['MemoryPressure', 'DiskPressure']), { admit: false, reason: 'Evicted', message: 'The node had condition: [MemoryPressure DiskPressure]. ' });
});

const podSpec = fc.record({
  kind: fc.constantFrom('besteffort', 'burstable', 'guaranteed'),
  requestMi: fc.integer({ min: 1, max: 500 }),
  usedMi: fc.integer({ min: 1, max: 1000 }),
});

test('property: at equal priority, a pod over its request always ranks before a Guaranteed pod', (t) => {
  fc.assert(
    fc.property(fc.array(podSpec, { minLength: 1, maxLength: 8 }), (xs) => {
      const specs: P[] = xs.map((x, i) =>
        x.kind === 'besteffort'
          ? { name: `p${i}`, usedMi: x.usedMi }
          : x.kind === 'burstable'
            ? { name: `p${i}`, request: `${x.requestMi}Mi`, usedMi: x.usedMi }
            : { name: `p${i}`, request: `${x.requestMi}Mi`, limit: `${x.requestMi}Mi`, usedMi: Math.min(x.usedMi, x.requestMi) },
      );
      const ranked = names(rankMemoryPressure(specs.map(mk), statsOf(specs)));
      const pos = (n: string) => ranked.indexOf(n);
      const over = specs.filter((s) => (s.usedMi ?? 0) > (s.request ? parseInt(s.request, 10) : 0));
      const guaranteed = specs.filter((s) => s.limit);
      const pass = evictionPass(INITIAL_EVICTION_STATE, CONFIG, pressed(2 * Gi - 10 * Mi), specs.map(mk), statsOf(specs), 0);
      return over.every((o) => guaranteed.every((g) => pos(o.name) < pos(g.name))) && pass.evicted?.pod.metadata!.name === ranked[0];
    }),
  );
  t.pass();
});
