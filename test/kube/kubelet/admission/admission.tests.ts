// The kubelet's predicate admission, with the cases of lifecycle/predicate_test (general
// predicates, OS label and field), nodeaffinity's and the resource helper's (sidecar init
// containers), and a property: resource fit is monotone in the other pods and in the request.

import test from 'ava';
import fc from 'fast-check';
import type { Container, Node, Pod } from 'kubernetes-types/core/v1.d.ts';
import { admitPod, insufficientResources, podRequests, rejectedPodStatus, requiredNodeAffinityMatches, toleratesTaint } from '../../../../actors/kubelet/admission.ts';

const node = (allocatable: Record<string, string>, extra: Partial<Node> = {}): Node => ({
  apiVersion: 'v1',
  kind: 'Node',
  metadata: { name: 'machine1', labels: { 'kubernetes.io/os': 'linux', zone: 'a', gpus: '4' } },
  spec: {},
  status: { allocatable },
  ...extra,
});
const ctr = (requests: Record<string, string> = {}, more: Partial<Container> = {}): Container => ({ name: 'c', image: 'i', resources: { requests }, ...more });
const pod = (containers: Container[], spec: Partial<Pod['spec']> = {}, meta: Pod['metadata'] = {}): Pod => ({ metadata: { name: 'p', ...meta }, spec: { containers, ...spec } });

const big = node({ cpu: '10', memory: '20', pods: '32', 'ephemeral-storage': '5' });

test('no resources, ports or node name requested: admitted', (t) => {
  t.deepEqual(admitPod(pod([ctr()]), big, []), { admit: true });
});

test('not enough cpu and memory: OutOfcpu first, with requested, used and capacity in milli-cpu', (t) => {
  const r = admitPod(pod([ctr({ cpu: '8', memory: '10' })]), big, [pod([ctr({ cpu: '5', memory: '19' })])]);
  t.deepEqual(r, { admit: false, reason: 'OutOfcpu', message: "Node didn't have enough resource: cpu, requested: 8000, used: 5000, capacity: 10000" });
  t.deepEqual(insufficientResources(pod([ctr({ cpu: '8', memory: '10' })]), big, [pod([ctr({ cpu: '5', memory: '19' })])]).map((i) => i.name), ['cpu', 'memory']);
});

test('the brief example: 2 cpu asked, 1.5 used, 1.9 allocatable', (t) => {
  const r = admitPod(pod([ctr({ cpu: '2' })]), node({ cpu: '1900m', memory: '1Gi', pods: '110' }), [pod([ctr({ cpu: '1500m' })])]);
  t.is(r.admit ? '' : r.message, "Node didn't have enough resource: cpu, requested: 2000, used: 1500, capacity: 1900");
});

test('memory, ephemeral-storage, pods and hugepages have their own OutOf reasons', (t) => {
  const reason = (p: Pod, n: Node, others: Pod[] = []) => { const r = admitPod(p, n, others); return r.admit ? 'admitted' : r.reason; };
  t.is(reason(pod([ctr({ memory: '21' })]), big), 'OutOfmemory');
  t.is(reason(pod([ctr({ 'ephemeral-storage': '6' })]), big), 'OutOfephemeral-storage');
  t.is(reason(pod([ctr()]), node({ cpu: '1', memory: '1', pods: '1' }), [pod([ctr()])]), 'OutOfpods');
  t.is(reason(pod([ctr({ 'hugepages-2Mi': '2Mi' })]), big), 'OutOfhugepages-2Mi');
  t.is(reason(pod([ctr({ 'example.com/gpu': '1' })]), big), 'admitted', 'extended resources the node does not know are cluster-level, not checked');
  t.is(reason(pod([ctr({ 'example.com/gpu': '2' })]), node({ cpu: '1', memory: '1', pods: '3', 'example.com/gpu': '1' })), 'OutOfexample.com/gpu');
  const pods = admitPod(pod([ctr()]), node({ cpu: '1', memory: '1', pods: '1' }), [pod([ctr()])]);
  t.is(pods.admit ? '' : pods.message, "Node didn't have enough resource: pods, requested: 1, used: 1, capacity: 1");
});

test('effective requests: max of containers and init containers, sidecars adding to both, plus overhead', (t) => {
  const cpu = (p: Pod) => Number(podRequests(p).get('cpu') ?? 0n) / 1e6;
  t.is(cpu(pod([ctr({ cpu: '1' })], { initContainers: [ctr({ cpu: '2' })] })), 2000);
  t.is(cpu(pod([ctr({ cpu: '1' })], { initContainers: [ctr({ cpu: '1' }, { restartPolicy: 'Always' })] })), 2000);
  t.is(cpu(pod([ctr({ cpu: '1' })], { initContainers: [ctr({ cpu: '5' }), ctr({ cpu: '1' }, { restartPolicy: 'Always' }), ctr({ cpu: '2' }, { restartPolicy: 'Always' }), ctr({ cpu: '3' })] })), 6000);
  t.is(cpu(pod([ctr({ cpu: '1' })], { initContainers: [ctr({ cpu: '2' }, { restartPolicy: 'Always' }), ctr({ cpu: '1' })] })), 3000);
  t.is(cpu(pod([ctr({ cpu: '100m' })], { overhead: { cpu: '250m' } })), 350);
});

test('node name, node selector and affinity, host ports: the scheduler predicates the kubelet rechecks', (t) => {
  t.deepEqual(admitPod(pod([ctr()], { nodeName: 'machine2' }), big, []), { admit: false, reason: 'NodeName', message: "Predicate NodeName failed: node(s) didn't match the requested node name" });
  t.deepEqual(admitPod(pod([ctr()], { nodeSelector: { zone: 'b' } }), big, []), { admit: false, reason: 'NodeAffinity', message: "Predicate NodeAffinity failed: node(s) didn't match Pod's node affinity/selector" });
  const withPort = (hostPort: number, hostIP?: string, protocol?: string) => pod([ctr({}, { ports: [{ containerPort: 80, hostPort, hostIP, protocol }] })]);
  t.is((admitPod(withPort(8080), big, [withPort(8080)]) as { reason: string }).reason, 'NodePorts');
  t.true(admitPod(withPort(8080, undefined, 'UDP'), big, [withPort(8080)]).admit);
  t.true(admitPod(withPort(8080, '10.0.0.1'), big, [withPort(8080, '10.0.0.2')]).admit);
  t.false(admitPod(withPort(8080, '10.0.0.1'), big, [withPort(8080)]).admit);
});

test('required node affinity operators and terms', (t) => {
  const n = big;
  const aff = (...terms: object[]) => pod([ctr()], { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: terms as never } } } });
  const expr = (key: string, operator: string, values?: string[]) => ({ matchExpressions: [{ key, operator, values }] });
  const table: [object[], boolean][] = [
    [[expr('zone', 'In', ['a', 'b'])], true],
    [[expr('zone', 'In', ['b'])], false],
    [[expr('zone', 'NotIn', ['b'])], true],
    [[expr('missing', 'NotIn', ['b'])], true],
    [[expr('zone', 'Exists')], true],
    [[expr('zone', 'DoesNotExist')], false],
    [[expr('gpus', 'Gt', ['3'])], true],
    [[expr('gpus', 'Lt', ['4'])], false],
    [[expr('zone', 'Gt', ['3'])], false],
    [[{}], false],
    [[expr('zone', 'In', ['b']), expr('zone', 'In', ['a'])], true],
    [[{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['machine1'] }] }], true],
    [[{ matchFields: [{ key: 'metadata.name', operator: 'NotIn', values: ['machine1'] }] }], false],
  ];
  for (const [terms, want] of table) t.is(requiredNodeAffinityMatches(aff(...terms), n), want, JSON.stringify(terms));
});

test('only untolerated NoExecute taints reject, and never a static pod', (t) => {
  const tainted = node({ cpu: '1', memory: '1', pods: '10' }, { spec: { taints: [{ key: 'dedicated', value: 'db', effect: 'NoExecute' }, { key: 'x', effect: 'NoSchedule' }] } });
  t.deepEqual(admitPod(pod([ctr()]), tainted, []), { admit: false, reason: 'TaintToleration', message: "Predicate TaintToleration failed: node(s) had taints that the pod didn't tolerate" });
  t.true(admitPod(pod([ctr()], { tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'db' }] }), tainted, []).admit);
  t.true(admitPod(pod([ctr()], { tolerations: [{ operator: 'Exists' }] }), tainted, []).admit);
  t.true(admitPod(pod([ctr()], {}, { annotations: { 'kubernetes.io/config.source': 'file' } }), tainted, []).admit);
  t.false(toleratesTaint({ key: 'dedicated', value: 'db', effect: 'NoSchedule' }, { key: 'dedicated', value: 'db', effect: 'NoExecute' }));
  t.false(toleratesTaint({ key: 'dedicated', value: 'web' }, { key: 'dedicated', value: 'db', effect: 'NoExecute' }));
});

test('OS label and OS field', (t) => {
  t.true(admitPod(pod([ctr()], {}, { labels: { 'kubernetes.io/os': 'linux' } }), big, []).admit);
  t.like(admitPod(pod([ctr()], {}, { labels: { 'kubernetes.io/os': 'windows' } }), big, []), { reason: 'PodOSSelectorNodeLabelDoesNotMatch' });
  t.like(admitPod(pod([ctr()], { os: { name: 'windows' } }), big, []), { reason: 'PodOSNotSupported', message: "Failed to admit pod as the OS field doesn't match node OS" });
});

test('a rejected pod fails with the prefixed message', (t) => {
  t.deepEqual(rejectedPodStatus('OutOfcpu', 'x', 'Burstable'), { phase: 'Failed', reason: 'OutOfcpu', message: 'Pod was rejected: x', qosClass: 'Burstable' });
});

test('property: fit is monotone — fewer other pods or a smaller request never turns admission into rejection', (t) => {
  const milli = fc.integer({ min: 0, max: 4000 });
  const podOf = (cpu: number, mem: number) => pod([ctr({ cpu: `${cpu}m`, memory: `${mem}Mi` })]);
  fc.assert(
    fc.property(milli, milli, fc.array(fc.tuple(milli, milli), { maxLength: 8 }), fc.nat(8), fc.nat(4000), (cpu, mem, others, drop, less) => {
      const n = node({ cpu: '6', memory: '6000Mi', pods: '6' });
      const otherPods = others.map(([c, m]) => podOf(c, m));
      if (!admitPod(podOf(cpu, mem), n, otherPods).admit) return true;
      return admitPod(podOf(Math.max(0, cpu - less), mem), n, otherPods).admit && admitPod(podOf(cpu, mem), n, otherPods.slice(drop)).admit;
    }),
  );
  t.pass();
});
