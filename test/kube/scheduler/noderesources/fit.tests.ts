// Cases from Kubernetes' fit_test (enoughRequestsTests, notEnoughPodsTests, storage tests): a node
// of 10m cpu, 20 bytes memory, 32 pods, 5 example.com/aaa, 20 ephemeral-storage, 5 hugepages-2Mi.
import test from 'ava';
import { buildNodeInfo } from '../../../../actors/kube-scheduler/framework/nodeinfo.ts';
import type { Pod } from '../../../../protocols/kube/objects.ts';
import { createFit, type FitArgs } from '../../../../actors/kube-scheduler/plugins/noderesources/fit.ts';
import { container, node, pod, podWith } from './fixtures.ts';

const ALLOC = { cpu: '10m', memory: 20, pods: 32, 'example.com/aaa': 5, 'ephemeral-storage': 20, 'hugepages-2Mi': 5 };
const r = (cpu: number, memory: number, extra: Record<string, number> = {}) => ({ cpu: `${cpu}m`, memory, ...extra });

function filter(p: Pod, existing: Pod[], alloc: Record<string, string | number> = ALLOC, args: FitArgs = {}) {
  const fit = createFit(args);
  const state = new Map<string, unknown>();
  fit.preFilter(state, p, []);
  return fit.filter(state, p, buildNodeInfo(node('n', alloc), existing));
}

const cases: [string, Pod, Pod[], string[]][] = [
  ['no resources requested always fits', podWith({}), [podWith(r(10, 20))], []],
  ['too many resources fails', podWith(r(1, 1)), [podWith(r(10, 20))], ['Insufficient cpu', 'Insufficient memory']],
  ['too many resources fails due to init container cpu', pod([container(r(1, 1))], [container(r(3, 1))]), [podWith(r(8, 19))], ['Insufficient cpu']],
  ['too many resources fails due to highest init container cpu', pod([container(r(1, 1))], [container(r(3, 1)), container(r(2, 1))]), [podWith(r(8, 19))], ['Insufficient cpu']],
  ['too many resources fails due to init container memory', pod([container(r(1, 1))], [container(r(1, 3))]), [podWith(r(9, 19))], ['Insufficient memory']],
  ['init container fits because it is the max, not sum, of containers and init containers', pod([container(r(1, 1))], [container(r(1, 1)), container(r(1, 1))]), [podWith(r(9, 19))], []],
  ['both resources fit', podWith(r(1, 1)), [podWith(r(5, 5))], []],
  ['one resource memory fits', podWith(r(2, 1)), [podWith(r(9, 5))], ['Insufficient cpu']],
  ['one resource cpu fits', podWith(r(1, 2)), [podWith(r(5, 19))], ['Insufficient memory']],
  ['equal edge case', podWith(r(5, 1)), [podWith(r(5, 19))], []],
  ['extended resource fits', podWith({ 'example.com/aaa': 1 }), [podWith({})], []],
  ['extended resource capacity enforced', podWith({ 'example.com/aaa': 10 }), [podWith({})], ['Insufficient example.com/aaa']],
  ['extended resource allocatable enforced with existing use', podWith({ 'example.com/aaa': 1 }), [podWith({ 'example.com/aaa': 5 })], ['Insufficient example.com/aaa']],
  ['extended resource unknown to the node', podWith({ 'example.com/bbb': 1 }), [podWith({})], ['Insufficient example.com/bbb']],
  ['hugepages resource capacity enforced', podWith({ 'hugepages-2Mi': 10 }), [podWith({})], ['Insufficient hugepages-2Mi']],
  ['storage ephemeral local storage request exceeds allocatable', podWith({ 'ephemeral-storage': 25 }), [podWith({})], ['Insufficient ephemeral-storage']],
  ['ephemeral local storage is sufficient', podWith({ 'ephemeral-storage': 10 }), [podWith({})], []],
];

for (const [name, p, existing, reasons] of cases) {
  test(`fit: ${name}`, (t) => {
    const status = filter(p, existing);
    t.is(status.code, reasons.length ? 'Unschedulable' : 'Success');
    t.deepEqual(status.reasons, reasons);
  });
}

test('fit: skip checking ignored extended resource and ignored resource group', (t) => {
  t.is(filter(podWith({ 'example.com/bbb': 1 }), [], ALLOC, { ignoredResources: ['example.com/bbb'] }).code, 'Success');
  t.is(filter(podWith({ 'example.com/bbb': 1 }), [], ALLOC, { ignoredResourceGroups: ['example.com'] }).code, 'Success');
  // Groups only apply to extended resources; hugepages are still checked.
  t.deepEqual(filter(podWith({ 'hugepages-2Mi': 10 }), [], ALLOC, { ignoredResourceGroups: ['hugepages-2Mi'] }).reasons, ['Insufficient hugepages-2Mi']);
});

test('fit: too many pods, alone and together with the resources', (t) => {
  const alloc = { ...ALLOC, pods: 1 };
  t.deepEqual(filter(podWith({}), [podWith(r(10, 20))], alloc).reasons, ['Too many pods']);
  t.deepEqual(filter(podWith(r(1, 1)), [podWith(r(10, 20))], alloc).reasons, ['Too many pods', 'Insufficient cpu', 'Insufficient memory']);
});

test('fit: overhead counts toward the request', (t) => {
  t.deepEqual(filter(pod([container(r(1, 1))], [], { cpu: '1m', memory: 15 }), [podWith(r(5, 5))]).reasons, ['Insufficient memory']);
});

test('fit: a pod requesting nothing fits an overcommitted node', (t) => {
  t.is(filter(podWith({}), [podWith(r(20, 40))]).code, 'Success');
});

test('fit: filter without prefilter is an error', (t) => {
  const fit = createFit();
  t.is(fit.filter(new Map(), podWith({}), buildNodeInfo(node('n', ALLOC), [])).code, 'Error');
});
