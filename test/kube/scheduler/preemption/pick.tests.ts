// Which candidate node preemption nominates: pickOneNodeForPreemption's criteria in order, from
// Kubernetes' TestSelectBestCandidate cases (nodes of 500m cpu and 500 bytes of memory).

import test from 'ava';
import type { Pod } from '../../../../protocols/kube/objects.ts';
import { type Candidate, pickOneNodeForPreemption } from '../../../../actors/kube-scheduler/plugins/defaultpreemption/candidates.ts';
import { HIGH, LARGE, LOW, MEDIUM, MID, NEG, SMALL, VERY_HIGH, VERY_LARGE, names, node, pod, preempt } from './fixtures.ts';

type Spec = readonly [name: string, node: string, priority: number, req: Readonly<Record<string, string>>, start?: number];

interface PickCase {
  readonly title: string;
  readonly nodes: readonly string[];
  readonly priority: number;
  readonly pods: readonly Spec[];
  readonly want: string;
}

const E = 0;
const cases: readonly PickCase[] = [
  {
    title: 'the node whose highest-priority victim is lowest',
    nodes: ['node1', 'node2', 'node3'], priority: HIGH,
    pods: [
      ['p1.1', 'node1', MID, MEDIUM, E], ['p1.2', 'node1', MID, LARGE, E],
      ['p2.1', 'node2', MID, MEDIUM, E], ['p2.2', 'node2', LOW, MEDIUM, E],
      ['p3.1', 'node3', LOW, MEDIUM, E], ['p3.2', 'node3', LOW, MEDIUM, E],
    ],
    want: 'node3',
  },
  {
    title: 'highest priorities tied: the smallest sum of priorities',
    nodes: ['node1', 'node2', 'node3'], priority: HIGH,
    pods: [
      ['p1.1', 'node1', MID, MEDIUM, E], ['p1.2', 'node1', MID, LARGE, E],
      ['p2.1', 'node2', MID, LARGE, E], ['p2.2', 'node2', LOW, MEDIUM, E],
      ['p3.1', 'node3', MID, MEDIUM, E], ['p3.2', 'node3', MID, MEDIUM, E],
    ],
    want: 'node2',
  },
  {
    title: 'highest priority and sum tied: the fewest victims',
    nodes: ['node1', 'node2', 'node3'], priority: HIGH,
    pods: [
      ['p1.1', 'node1', MID, SMALL, E], ['p1.2', 'node1', NEG, SMALL, E], ['p1.3', 'node1', MID, SMALL, E], ['p1.4', 'node1', NEG, SMALL, E],
      ['p2.1', 'node2', MID, LARGE, E], ['p2.2', 'node2', NEG, MEDIUM, E],
      ['p3.1', 'node3', MID, MEDIUM, E], ['p3.2', 'node3', NEG, SMALL, E], ['p3.3', 'node3', LOW, SMALL, E],
    ],
    want: 'node2',
  },
  {
    title: 'the sum is of priorities lifted above zero, so more negative victims cost more',
    nodes: ['node1', 'node2', 'node3'], priority: HIGH,
    pods: [
      ['p1.1', 'node1', MID, SMALL, E], ['p1.2', 'node1', NEG, SMALL, E], ['p1.3', 'node1', NEG, SMALL, E],
      ['p2.1', 'node2', MID, LARGE, E], ['p2.2', 'node2', NEG, MEDIUM, E],
      ['p3.1', 'node3', MID, MEDIUM, E], ['p3.2', 'node3', NEG, SMALL, E], ['p3.3', 'node3', LOW, SMALL, E],
    ],
    want: 'node2',
  },
  {
    title: 'non-overlapping lowest highest priority, sum and count',
    nodes: ['node1', 'node2', 'node3', 'node4'], priority: VERY_HIGH,
    pods: [
      ['p1.1', 'node1', MID, SMALL, E], ['p1.2', 'node1', LOW, SMALL, E], ['p1.3', 'node1', LOW, SMALL, E],
      ['p2.1', 'node2', HIGH, LARGE, E],
      ['p3.1', 'node3', MID, MEDIUM, E], ['p3.2', 'node3', LOW, SMALL, E], ['p3.3', 'node3', LOW, SMALL, E], ['p3.4', 'node3', LOW, MEDIUM, E],
      ['p4.1', 'node4', MID, MEDIUM, E], ['p4.2', 'node4', MID, SMALL, E], ['p4.3', 'node4', MID, SMALL, E], ['p4.4', 'node4', NEG, SMALL, E],
    ],
    want: 'node1',
  },
  {
    title: 'same priorities and counts: the node whose victims started latest',
    nodes: ['node1', 'node2', 'node3'], priority: HIGH,
    pods: [
      ['p1.1', 'node1', MID, MEDIUM, 2], ['p1.2', 'node1', MID, MEDIUM, 2],
      ['p2.1', 'node2', MID, MEDIUM, 3], ['p2.2', 'node2', MID, MEDIUM, 3],
      ['p3.1', 'node3', MID, MEDIUM, 1], ['p3.2', 'node3', MID, MEDIUM, 1],
    ],
    want: 'node2',
  },
  {
    title: 'same priorities and counts, every start different: the latest earliest start wins',
    nodes: ['node1', 'node2', 'node3'], priority: HIGH,
    pods: [
      ['p1.1', 'node1', MID, MEDIUM, 4], ['p1.2', 'node1', MID, MEDIUM, 2],
      ['p2.1', 'node2', MID, MEDIUM, 5], ['p2.2', 'node2', MID, MEDIUM, 1],
      ['p3.1', 'node3', MID, MEDIUM, 3], ['p3.2', 'node3', MID, MEDIUM, 6],
    ],
    want: 'node3',
  },
  {
    title: 'different priorities, same counts: the start of the highest-priority victims decides',
    nodes: ['node1', 'node2', 'node3'], priority: HIGH,
    pods: [
      ['p1.1', 'node1', LOW, MEDIUM, 4], ['p1.2', 'node1', MID, MEDIUM, 2],
      ['p2.1', 'node2', MID, MEDIUM, 6], ['p2.2', 'node2', LOW, MEDIUM, 1],
      ['p3.1', 'node3', LOW, MEDIUM, 3], ['p3.2', 'node3', MID, MEDIUM, 5],
    ],
    want: 'node2',
  },
];

const build = ([name, on, priority, req, start]: Spec): Pod => pod(name, { node: on, priority, req, ...(start === undefined ? {} : { start }) });

for (const c of cases) {
  test(`pick: ${c.title}`, (t) => {
    const r = preempt(pod('p', { priority: c.priority, req: VERY_LARGE }), {
      nodes: c.nodes.map((n) => node(n, VERY_LARGE)),
      pods: c.pods.map(build),
    });
    t.is(r.status.code, 'Success');
    t.is(r.nominatedNodeName, c.want);
    t.true(names(r.victims).every((v) => v.startsWith(`p${c.want.slice(4)}.`)), 'the victims are on the nominated node');
  });
}

const cand = (node: string, victims: Pod[], numPDBViolations = 0): Candidate => ({ node, victims, numPDBViolations });

test('pick: fewer PDB violations come before everything else', (t) => {
  const a = cand('a', [pod('a1', { priority: LOW })], 1);
  const b = cand('b', [pod('b1', { priority: HIGH }), pod('b2', { priority: HIGH })], 0);
  t.is(pickOneNodeForPreemption([a, b])?.node, 'b');
});

test('pick: a full tie goes to the first candidate; none gives nothing', (t) => {
  const v = () => [pod('x', { priority: LOW, start: 1 })];
  t.is(pickOneNodeForPreemption([cand('first', v()), cand('second', v())])?.node, 'first');
  t.is(pickOneNodeForPreemption([]), undefined);
});

test('pick: a victim not started yet counts as started now, later than any started one', (t) => {
  const started = cand('started', [pod('s', { priority: LOW, start: 100 })]);
  const pending = cand('pending', [pod('n', { priority: LOW })]);
  t.is(pickOneNodeForPreemption([started, pending])?.node, 'pending');
});
