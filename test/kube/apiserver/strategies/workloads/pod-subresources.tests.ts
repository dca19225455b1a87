import test from 'ava';
import { formatFieldErrors } from '../../../../../protocols/kube/field-errors.ts';
import type { KubeObject } from '../../../../../protocols/kube/objects.ts';
import { bindPod, planEviction, validatePodBinding, withDisruptionTarget } from '../../../../../actors/kube-apiserver/strategies/workloads/index.ts';

const NOW = '2026-01-01T00:00:10Z';
const pod = (more: Record<string, unknown> = {}, status: Record<string, unknown> = { phase: 'Pending' }): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web-1', namespace: 'default', labels: { app: 'web' }, resourceVersion: '7' },
  spec: { containers: [{ name: 'c', image: 'nginx' }], ...more },
  status,
});
const binding = (node: string, name = 'web-1', more: Record<string, unknown> = {}) => ({ apiVersion: 'v1', kind: 'Binding', metadata: { name, ...more }, target: { apiVersion: 'v1', kind: 'Node', name: node } });

test('binding: ValidatePodBinding', (t) => {
  t.deepEqual(validatePodBinding(binding('n1')), []);
  t.is(formatFieldErrors(validatePodBinding({ target: { kind: 'Pod' } })), '[target.kind: Unsupported value: "Pod": supported values: "Node", "<empty>", target.name: Required value]');
});

test('binding: sets nodeName, merges annotations, marks PodScheduled True', (t) => {
  const before = pod({}, { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', lastTransitionTime: '2026-01-01T00:00:00Z' }] });
  const r = bindPod(before, binding('n1', 'web-1', { annotations: { a: 'b' } }), 'web-1', NOW);
  t.true(r.ok);
  if (!r.ok) return;
  t.is((r.pod.spec as any).nodeName, 'n1');
  t.deepEqual(r.pod.metadata.annotations, { a: 'b' });
  t.deepEqual((r.pod.status as any).conditions, [{ type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: NOW }]);
  t.is((before.spec as any).nodeName, undefined, 'the input is not mutated');
});

test('binding: refusals worded as the apiserver answers the scheduler', (t) => {
  const refused = (p: KubeObject, urlName = 'web-1') => {
    const r = bindPod(p, binding('n2'), urlName, NOW);
    return r.ok ? '' : `${r.status.code} ${r.status.message}`;
  };
  t.is(refused(pod({ nodeName: 'n1' })), '409 Operation cannot be fulfilled on pods/binding "web-1": pod web-1 is already assigned to node "n1"');
  t.is(refused(pod({ schedulingGates: [{ name: 'g' }] })), '409 Operation cannot be fulfilled on pods/binding "web-1": pod web-1 has non-empty .spec.schedulingGates');
  t.is(refused({ ...pod(), metadata: { ...pod().metadata, deletionTimestamp: NOW } }), '409 Operation cannot be fulfilled on pods/binding "web-1": pod web-1 is being deleted, cannot be assigned to a host');
  t.is(refused(pod(), 'other'), '400 name in URL does not match name in Binding object');
});

const running = pod({ nodeName: 'n1' }, { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] });
const pdb = (status: Record<string, unknown>, spec: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: 'policy/v1',
  kind: 'PodDisruptionBudget',
  metadata: { name: 'web', namespace: 'default', generation: 1 },
  spec: { minAvailable: 2, selector: { matchLabels: { app: 'web' } }, ...spec },
  status: { observedGeneration: 1, ...status },
});

test('eviction: pods with nothing to protect are deleted at once', (t) => {
  t.deepEqual(planEviction(pod(), [pdb({ disruptionsAllowed: 0 })], NOW), { kind: 'delete', pinResourceVersion: true }, 'Pending');
  t.deepEqual(planEviction(pod({}, { phase: 'Succeeded' }), [pdb({ disruptionsAllowed: 0 })], NOW), { kind: 'delete', pinResourceVersion: false });
  t.deepEqual(planEviction(running, [], NOW), { kind: 'delete', pinResourceVersion: false }, 'no budget');
  t.deepEqual(planEviction(running, [{ ...pdb({ disruptionsAllowed: 0 }), metadata: { name: 'x', namespace: 'other' } }], NOW), { kind: 'delete', pinResourceVersion: false }, 'other namespace');
});

test('eviction: a budget with room is decremented and records the pod', (t) => {
  const plan = planEviction(running, [pdb({ disruptionsAllowed: 1, currentHealthy: 3, desiredHealthy: 2 })], NOW);
  t.is(plan.kind, 'decrement-then-delete');
  if (plan.kind !== 'decrement-then-delete') return;
  t.deepEqual(plan.pdb.status, {
    observedGeneration: 1,
    disruptionsAllowed: 0,
    currentHealthy: 3,
    desiredHealthy: 2,
    conditions: [{ type: 'DisruptionAllowed', status: 'False', reason: 'InsufficientPods', message: '', observedGeneration: 1, lastTransitionTime: NOW }],
    disruptedPods: { 'web-1': NOW },
  });
});

test('eviction: refusals (429 with the DisruptionBudget cause, 403, 500)', (t) => {
  const refusal = (pdbs: KubeObject[], p = running) => {
    const plan = planEviction(p, pdbs, NOW);
    return plan.kind === 'refuse' ? plan.status : undefined;
  };
  const full = refusal([pdb({ disruptionsAllowed: 0, currentHealthy: 2, desiredHealthy: 2 })]) as any;
  t.is(full.code, 429);
  t.is(full.reason, 'TooManyRequests');
  t.is(full.message, "Cannot evict pod as it would violate the pod's disruption budget.");
  t.deepEqual(full.details.causes, [{ reason: 'DisruptionBudget', message: 'The disruption budget web needs 2 healthy pods and has 2 currently' }]);
  const stale = refusal([{ ...pdb({ disruptionsAllowed: 1 }), metadata: { name: 'web', namespace: 'default', generation: 2 } }]) as any;
  t.is(stale.details.retryAfterSeconds, 10);
  t.deepEqual(stale.details.causes, [{ reason: 'DisruptionBudget', message: 'The disruption budget web is still being processed by the server.' }]);
  t.is((refusal([pdb({ disruptionsAllowed: -1 })]) as any).message, 'poddisruptionbudget.policy "web" is forbidden: pdb disruptions allowed is negative');
  const two = refusal([pdb({ disruptionsAllowed: 1 }), { ...pdb({ disruptionsAllowed: 1 }), metadata: { name: 'all', namespace: 'default' }, spec: { selector: {} } }]) as any;
  t.is(two.code, 500);
  t.is(two.message, 'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.');
});

test('eviction: unready pods under a healthy budget, or AlwaysAllow, go without spending the budget', (t) => {
  const unready = pod({ nodeName: 'n1' }, { phase: 'Running', conditions: [{ type: 'Ready', status: 'False' }] });
  t.deepEqual(planEviction(unready, [pdb({ disruptionsAllowed: 0, currentHealthy: 2, desiredHealthy: 2 })], NOW), { kind: 'delete', pinResourceVersion: true });
  t.deepEqual(planEviction(unready, [pdb({ disruptionsAllowed: 0, currentHealthy: 1, desiredHealthy: 2 }, { unhealthyPodEvictionPolicy: 'AlwaysAllow' })], NOW), { kind: 'delete', pinResourceVersion: true });
  t.is(planEviction(unready, [pdb({ disruptionsAllowed: 0, currentHealthy: 1, desiredHealthy: 2 })], NOW).kind, 'refuse');
});

test('eviction: the DisruptionTarget condition', (t) => {
  t.deepEqual((withDisruptionTarget(running, NOW).status as any).conditions, [
    { type: 'Ready', status: 'True' },
    { type: 'DisruptionTarget', status: 'True', lastProbeTime: null, reason: 'EvictionByEvictionAPI', message: 'Eviction API: evicting', lastTransitionTime: NOW },
  ]);
});
