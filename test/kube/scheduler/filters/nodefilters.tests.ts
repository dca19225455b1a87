// NodeName, NodeUnschedulable and SchedulingGates: Kubernetes' test cases for each.

import test from 'ava';
import type { Toleration } from 'kubernetes-types/core/v1.d.ts';
import { nodeName } from '../../../../actors/kube-scheduler/plugins/nodename.ts';
import { nodeUnschedulable } from '../../../../actors/kube-scheduler/plugins/nodeunschedulable.ts';
import { schedulingGates } from '../../../../actors/kube-scheduler/plugins/schedulinggates.ts';
import { node, nodeInfo, pod } from './fixtures.ts';

const nodeNameCases: [string, string | undefined, string, boolean][] = [
  ['no host specified', undefined, 'foo', true],
  ['host matches', 'foo', 'foo', true],
  ['host does not match', 'bar', 'foo', false],
];
for (const [title, wanted, actual, fits] of nodeNameCases) {
  test(`NodeName: ${title}`, (t) => {
    const status = nodeName.filter(new Map(), pod(wanted ? { nodeName: wanted } : {}), nodeInfo(node(actual)));
    if (fits) t.is(status.code, 'Success');
    else t.deepEqual(status, { code: 'UnschedulableAndUnresolvable', reasons: ["node(s) didn't match the requested node name"] });
  });
}

const unschedulableCases: [string, boolean | undefined, Toleration[], boolean][] = [
  ['does not schedule pod to unschedulable node (node.Spec.Unschedulable==true)', true, [], false],
  ['schedule pod to normal node', false, [], true],
  ['schedule pod with unset unschedulable', undefined, [], true],
  ['schedule pod with toleration to unschedulable node', true, [{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }], true],
  ['an Exists toleration with no key tolerates the cordon', true, [{ operator: 'Exists' }], true],
  ['a NoExecute-only toleration does not tolerate the cordon', true, [{ key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoExecute' }], false],
];
for (const [title, unschedulable, tolerations, fits] of unschedulableCases) {
  test(`NodeUnschedulable: ${title}`, (t) => {
    const spec = unschedulable === undefined ? {} : { unschedulable };
    const status = nodeUnschedulable.filter(new Map(), pod({ tolerations }), nodeInfo(node('n', spec)));
    if (fits) t.is(status.code, 'Success');
    else t.deepEqual(status, { code: 'UnschedulableAndUnresolvable', reasons: ['node(s) were unschedulable'] });
  });
}

test('SchedulingGates: a pod without gates is enqueued', (t) => {
  t.is(schedulingGates.preEnqueue(pod()).code, 'Success');
  t.is(schedulingGates.preEnqueue(pod({ schedulingGates: [] })).code, 'Success');
});

test('SchedulingGates: a gated pod waits, with every gate named as Go prints a string slice', (t) => {
  t.deepEqual(schedulingGates.preEnqueue(pod({ schedulingGates: [{ name: 'foo' }, { name: 'bar' }] })), {
    code: 'UnschedulableAndUnresolvable',
    reasons: ['waiting for scheduling gates: [foo bar]'],
  });
});
