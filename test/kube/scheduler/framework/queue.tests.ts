// The scheduling queue (internal/queue/scheduling_queue.go): PrioritySort, backoff timings,
// requeueing on cluster events, the five-minute flush and PreEnqueue gating.

import test from 'ava';
import fc from 'fast-check';
import type { Pod } from '../../../../protocols/kube/objects.ts';
import {
  addPod, addUnschedulable, backoffDuration, DEFAULT_QUEUE_CONFIG, done, emptyQueue, flushBackoffCompleted,
  flushUnschedulableLeftover, lessPrioritySort, onClusterEvent, pop, updatePod, type QueueConfig, type QueueState,
} from '../../../../actors/kube-scheduler/framework/queue.ts';
import { pod } from './fakes.ts';

const keys = (l: readonly { key: string }[]): string[] => l.map((p) => p.key);
const config: QueueConfig = { ...DEFAULT_QUEUE_CONFIG, eventsToRegister: { NodeResourcesFit: ['Node/Add', 'Pod/Delete'], TaintToleration: ['Node/Add', 'Node/UpdateNodeTaint'] } };

function popOne(q: QueueState) {
  const { queue, pod: p } = pop(q);
  if (p === undefined) throw new Error('empty activeQ');
  return { queue, p };
}

// scheduling_queue_test.go TestBackOffFlow: 1s, 2s, 4s, 8s, then capped at 10s.
for (const [attempts, ms] of [[1, 1000], [2, 2000], [3, 4000], [4, 8000], [5, 10000], [6, 10000], [20, 10000]] as const) {
  test(`backoff after ${attempts} attempt(s) is ${ms} ms`, (t) => {
    t.is(backoffDuration(attempts), ms);
  });
}

test('backoff follows the configured initial and max seconds', (t) => {
  const c = { ...DEFAULT_QUEUE_CONFIG, initialBackoffMs: 3000, maxBackoffMs: 20000 };
  t.deepEqual([1, 2, 3, 4].map((a) => backoffDuration(a, c)), [3000, 6000, 12000, 20000]);
});

test('PrioritySort: higher priority first, then the earlier arrival', (t) => {
  let q = emptyQueue();
  q = addPod(q, 'low-early', pod('a', 0), 0);
  q = addPod(q, 'high', pod('b', 1000), 5);
  q = addPod(q, 'low-late', pod('c', 0), 10);
  q = addPod(q, 'mid', pod('d', 10), 20);
  t.deepEqual(keys(q.active), ['high', 'mid', 'low-early', 'low-late']);
  t.true(lessPrioritySort(q.active[0]!, q.active[1]!));
  t.false(lessPrioritySort(q.active[3]!, q.active[2]!));
});

test('pop takes the head, counts the attempt and opens a scheduling cycle', (t) => {
  const q = addPod(addPod(emptyQueue(), 'a', pod('a'), 0), 'b', pod('b'), 1);
  const { queue, p } = popOne(q);
  t.is(p.key, 'a');
  t.is(p.attempts, 1);
  t.is(queue.schedulingCycle, 1);
  t.deepEqual(keys(queue.active), ['b']);
  t.is(pop(emptyQueue()).pod, undefined);
});

test('an unschedulable pod waits for an event a rejecting plugin registered', (t) => {
  const { queue, p } = popOne(addPod(emptyQueue(), 'a', pod('a'), 0));
  let q = addUnschedulable(queue, p, ['NodeResourcesFit'], 100);
  t.deepEqual(keys(q.unschedulable), ['a']);
  q = onClusterEvent(q, 'Node/UpdateNodeTaint', 5000, config);
  t.deepEqual(keys(q.unschedulable), ['a'], 'TaintToleration did not reject it');
  q = onClusterEvent(q, 'Pod/Delete', 5000, config);
  t.deepEqual(keys(q.active), ['a'], 'backoff (1 s from 100 ms) is over at 5 s');
  t.deepEqual(keys(q.unschedulable), []);
});

test('a pod moved while still backing off goes to backoffQ and leaves it when the backoff ends', (t) => {
  const first = popOne(addPod(emptyQueue(), 'a', pod('a'), 0));
  const second = popOne(flushBackoffCompleted(addUnschedulable(first.queue, first.p, [], 0), 1000));
  t.is(second.p.attempts, 2);
  let q = second.queue;
  // Second attempt failed at 10 s: backoff 2 s, until 12 s.
  q = addUnschedulable(q, second.p, ['NodeResourcesFit'], 10_000);
  q = onClusterEvent(q, 'Node/Add', 11_000, config);
  t.deepEqual(keys(q.backoff), ['a']);
  t.deepEqual(keys(flushBackoffCompleted(q, 11_999).active), []);
  t.deepEqual(keys(flushBackoffCompleted(q, 12_000).active), ['a']);
});

test('an error (no rejecting plugin) goes straight to backoffQ', (t) => {
  const { queue, p } = popOne(addPod(emptyQueue(), 'a', pod('a'), 0));
  const q = addUnschedulable(queue, p, [], 500);
  t.deepEqual(keys(q.backoff), ['a']);
  t.deepEqual(keys(flushBackoffCompleted(q, 1499).active), []);
  t.deepEqual(keys(flushBackoffCompleted(q, 1500).active), ['a']);
});

test('an event during the pod\'s scheduling cycle that may help it sends it to backoffQ', (t) => {
  const { queue, p } = popOne(addPod(emptyQueue(), 'a', pod('a'), 0));
  const moved = onClusterEvent(queue, 'Node/Add', 50, config);
  const q = addUnschedulable(moved, p, ['NodeResourcesFit'], 100, config);
  t.deepEqual(keys(q.backoff), ['a']);
  t.deepEqual(q.inFlightEvents, [], 'no pod in flight keeps no event');
});

test('an in-flight event that cannot help the rejecting plugin leaves the pod unschedulable', (t) => {
  const { queue, p } = popOne(addPod(emptyQueue(), 'a', pod('a'), 0));
  const moved = onClusterEvent(queue, 'Node/UpdateNodeTaint', 50, config);
  t.deepEqual(keys(addUnschedulable(moved, p, ['NodeResourcesFit'], 100, config).unschedulable), ['a']);
});

test('events before the pod was popped do not count as in flight for it', (t) => {
  let q = addPod(addPod(emptyQueue(), 'a', pod('a'), 0), 'b', pod('b'), 1);
  const first = popOne(q);
  q = onClusterEvent(first.queue, 'Node/Add', 10, config);
  const second = popOne(q);
  q = addUnschedulable(second.queue, second.p, ['NodeResourcesFit'], 20, config);
  t.deepEqual(keys(q.unschedulable), ['b']);
  t.deepEqual(keys(addUnschedulable(q, first.p, ['NodeResourcesFit'], 30, config).backoff), ['a']);
});

test('unschedulable pods are flushed after more than five minutes', (t) => {
  const { queue, p } = popOne(addPod(emptyQueue(), 'a', pod('a'), 0));
  const q = addUnschedulable(queue, p, ['TaintToleration'], 1000);
  t.deepEqual(keys(flushUnschedulableLeftover(q, 1000 + 300_000).unschedulable), ['a'], 'exactly five minutes is not enough');
  t.deepEqual(keys(flushUnschedulableLeftover(q, 1000 + 300_001).active), ['a']);
});

const gated = (name: string): Pod => ({ ...pod(name), spec: { containers: [], schedulingGates: [{ name: 'example.com/wait' }] } });
const schedulingGates: QueueConfig['preEnqueue'][number] = {
  name: 'SchedulingGates',
  preEnqueue: (p) => ((p.spec?.schedulingGates?.length ?? 0) > 0
    ? { code: 'UnschedulableAndUnresolvable', reasons: ['waiting for scheduling gates: [example.com/wait]'] }
    : { code: 'Success', reasons: [] }),
};

test('PreEnqueue gates keep a pod out of activeQ until its gates are removed', (t) => {
  const c: QueueConfig = { ...config, preEnqueue: [schedulingGates] };
  let q = addPod(emptyQueue(), 'g', gated('g'), 0, c);
  t.deepEqual(keys(q.active), []);
  t.is(q.unschedulable[0]!.gatedBy, 'SchedulingGates');
  t.deepEqual(keys(flushUnschedulableLeftover(q, 400_000, c).active), [], 'gated pods are not flushed');
  q = onClusterEvent(q, 'Node/Add', 1000, c);
  t.deepEqual(keys(q.active), [], 'still gated');
  q = updatePod(q, 'g', pod('g'), 2000, c);
  t.deepEqual(keys(q.active), ['g']);
  t.is(q.active[0]!.gatedBy, undefined);
});

test('done removes a pod from every sub-queue', (t) => {
  const { queue, p } = popOne(addPod(emptyQueue(), 'a', pod('a'), 0));
  const q = done(addUnschedulable(queue, p, ['NodeResourcesFit'], 0), 'a');
  t.deepEqual([q.active, q.backoff, q.unschedulable].map((l) => l.length), [0, 0, 0]);
  t.deepEqual(q.inFlight, {});
});

test('property: activeQ pops by priority, then by arrival', (t) => {
  fc.assert(fc.property(fc.array(fc.tuple(fc.integer({ min: -5, max: 5 }), fc.integer({ min: 0, max: 1000 })), { maxLength: 30 }), (entries) => {
    let q = emptyQueue();
    entries.forEach(([prio, at], i) => { q = addPod(q, `p${i}`, pod(`p${i}`, prio), at); });
    const order: [number, number][] = [];
    for (;;) {
      const { queue, pod: p } = pop(q);
      if (p === undefined) break;
      order.push([p.pod.spec?.priority ?? 0, p.initialTimestamp]);
      q = queue;
    }
    return order.length === entries.length
      && order.every((x, i) => i === 0 || order[i - 1]![0] > x[0] || (order[i - 1]![0] === x[0] && order[i - 1]![1] <= x[1]));
  }), { numRuns: 200 });
  t.pass();
});
