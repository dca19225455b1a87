import test from 'ava';
import { formatFieldErrors } from '../../../../../protocols/kube/field-errors.ts';
import type { KubeObject } from '../../../../../protocols/kube/objects.ts';
import type { StrategyContext } from '../../../../../actors/kube-apiserver/strategies/types.ts';
import { WORKLOAD_STRATEGIES } from '../../../../../actors/kube-apiserver/strategies/workloads/index.ts';
import { UPDATABLE_POD_SPEC_FIELDS } from '../../../../../actors/kube-apiserver/strategies/workloads/pod-update.ts';

const pods = WORKLOAD_STRATEGIES['/pods']!;
const ctx: StrategyContext = { now: '2026-01-01T00:00:00Z', pick: () => 0 };

const pod = (spec: Record<string, unknown>, status: Record<string, unknown> = {}): KubeObject =>
  pods.defaults({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default' }, spec: structuredClone(spec), status });
const base = { containers: [{ name: 'c', image: 'nginx:1.27', ports: [{ containerPort: 80 }] }], nodeName: 'n1' };
const update = (change: (s: any) => void): string => {
  const old = pod(base);
  const next = structuredClone(old);
  change(next.spec);
  return formatFieldErrors(pods.validateUpdate(next, old, ctx));
};

test('update: images may change', (t) => {
  t.is(update((s) => (s.containers[0].image = 'nginx:1.28')), '');
});

test('update: the exact prefix of the immutable-spec message, with a diff naming the field', (t) => {
  const msg = update((s) => (s.containers[0].ports[0].containerPort = 8080));
  t.true(msg.startsWith(`spec: Forbidden: pod updates may not change fields other than ${UPDATABLE_POD_SPEC_FIELDS}\n`));
  t.is(
    UPDATABLE_POD_SPEC_FIELDS,
    '`spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)',
  );
  t.true(msg.includes('- \tcontainers[0].ports[0].containerPort: 80\n+ \tcontainers[0].ports[0].containerPort: 8080'));
});

test('update: adding a container stops at the count', (t) => {
  t.is(update((s) => s.containers.push({ ...s.containers[0], name: 'd' })), 'spec.containers: Forbidden: pod updates may not add or remove containers');
});

test('update: activeDeadlineSeconds may only go down and may not be removed', (t) => {
  const old = pod({ ...base, activeDeadlineSeconds: 100 });
  const up = structuredClone(old);
  (up.spec as any).activeDeadlineSeconds = 200;
  t.is(formatFieldErrors(pods.validateUpdate(up, old, ctx)), 'spec.activeDeadlineSeconds: Invalid value: 200: must be less than or equal to previous value');
  const down = structuredClone(old);
  (down.spec as any).activeDeadlineSeconds = 50;
  t.deepEqual(pods.validateUpdate(down, old, ctx), []);
  const gone = structuredClone(old);
  delete (gone.spec as any).activeDeadlineSeconds;
  t.is(formatFieldErrors(pods.validateUpdate(gone, old, ctx)), 'spec.activeDeadlineSeconds: Invalid value: null: must not update from a positive integer to nil value');
});

test('update: tolerations may only be added; their tolerationSeconds may change', (t) => {
  const tol = { key: 'k', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 };
  const old = pod({ ...base, tolerations: [tol] });
  const added = structuredClone(old);
  (added.spec as any).tolerations.push({ key: 'other', operator: 'Exists' });
  t.deepEqual(pods.validateUpdate(added, old, ctx), []);
  const shorter = structuredClone(old);
  (shorter.spec as any).tolerations[0].tolerationSeconds = 10;
  t.deepEqual(pods.validateUpdate(shorter, old, ctx), []);
  const removed = structuredClone(old);
  (removed.spec as any).tolerations = [];
  t.is(formatFieldErrors(pods.validateUpdate(removed, old, ctx)), 'spec.tolerations: Forbidden: existing toleration can not be modified except its tolerationSeconds');
});

test('update: scheduling gates may only be removed', (t) => {
  const old = pod({ containers: base.containers, schedulingGates: [{ name: 'a' }] });
  const cleared = structuredClone(old);
  (cleared.spec as any).schedulingGates = [];
  t.deepEqual(pods.validateUpdate(cleared, old, ctx), []);
  const added = structuredClone(old);
  (added.spec as any).schedulingGates.push({ name: 'b' });
  t.is(formatFieldErrors(pods.validateUpdate(added, old, ctx)), "spec.schedulingGates[1].name: Forbidden: only deletion is allowed, but found new scheduling gate 'b'");
});

test('update: a gated pod may add node constraints, not change or drop them', (t) => {
  const old = pod({ containers: base.containers, schedulingGates: [{ name: 'a' }], nodeSelector: { zone: 'a' }, affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'k', operator: 'Exists' }] }] } } } });
  const added = structuredClone(old);
  (added.spec as any).nodeSelector.disk = 'ssd';
  (added.spec as any).affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions.push({ key: 'gpu', operator: 'Exists' });
  t.deepEqual(pods.validateUpdate(added, old, ctx), []);
  const changed = structuredClone(old);
  (changed.spec as any).nodeSelector = { zone: 'b' };
  (changed.spec as any).affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms = [];
  t.deepEqual(pods.validateUpdate(changed, old, ctx).map((e) => [e.field, e.detail]), [
    ['spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms', 'must have at least one node selector term'],
    ['spec.nodeSelector', 'only additions to spec.nodeSelector are allowed (no mutations or deletions)'],
    ['spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms', 'no additions/deletions to non-empty NodeSelectorTerms list are allowed'],
  ]);
  const ungated = pod({ ...base, nodeSelector: { zone: 'a' } });
  const selector = structuredClone(ungated);
  (selector.spec as any).nodeSelector.disk = 'ssd';
  t.true(formatFieldErrors(pods.validateUpdate(selector, ungated, ctx)).startsWith('spec: Forbidden: pod updates may not change fields other than'), 'a scheduled pod may not');
});

test('update: a negative grace period may become 1', (t) => {
  const old = pod({ ...base, terminationGracePeriodSeconds: -1 });
  const next = structuredClone(old);
  (next.spec as any).terminationGracePeriodSeconds = 1;
  t.deepEqual(pods.validateUpdate(next, old, ctx), []);
});

test('prepareForUpdate keeps the status; the status subresource keeps the spec and backfills qosClass', (t) => {
  const old = pod(base, { phase: 'Running', qosClass: 'BestEffort' });
  const next = structuredClone(old);
  next.status = { phase: 'Failed' };
  pods.prepareForUpdate(next, old, ctx);
  t.deepEqual(next.status, { phase: 'Running', qosClass: 'BestEffort' });
  const st = structuredClone(old);
  (st.spec as any).nodeName = 'elsewhere';
  st.status = { phase: 'Succeeded' };
  pods.status!.prepareForUpdate(st, old, ctx);
  t.is((st.spec as any).nodeName, 'n1');
  t.deepEqual(st.status, { phase: 'Succeeded', qosClass: 'BestEffort' });
});

test('status update: qosClass is immutable; terminated containers stay terminated unless the policy restarts them', (t) => {
  const old = pod({ ...base, restartPolicy: 'Never' }, { qosClass: 'BestEffort', containerStatuses: [{ name: 'c', state: { terminated: { exitCode: 1 } } }] });
  const next = structuredClone(old);
  next.status = { qosClass: 'Burstable', containerStatuses: [{ name: 'c', state: { running: {} } }] };
  t.is(
    formatFieldErrors(pods.status!.validateUpdate(next, old, ctx)),
    '[status.qosClass: Invalid value: "Burstable": field is immutable, status.containerStatuses[0].state: Forbidden: may not be transitioned to non-terminated state]',
  );
});

test('status update: pod and host IPs are valid, one per family', (t) => {
  const old = pod(base, { qosClass: 'BestEffort' });
  const st = (status: Record<string, unknown>) => {
    const next = structuredClone(old);
    next.status = { qosClass: 'BestEffort', ...status };
    return pods.status!.validateUpdate(next, old, ctx);
  };
  t.deepEqual(st({ podIP: '10.0.0.7', podIPs: [{ ip: '10.0.0.7' }, { ip: 'fd00::7' }], hostIP: '192.168.0.2', hostIPs: [{ ip: '192.168.0.2' }] }), []);
  t.is(formatFieldErrors(st({ podIPs: [{ ip: '10.0.0.300' }] })), 'status.podIPs[0]: Invalid value: "10.0.0.300": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)');
  t.deepEqual(st({ podIPs: [{ ip: '10.0.0.7' }, { ip: '10.0.0.8' }] }).map((e) => [e.field, e.detail]), [['status.podIPs', 'may specify no more than one IP for each IP family']]);
  t.is(formatFieldErrors(st({ hostIP: '192.168.0.3', hostIPs: [{ ip: '192.168.0.2' }] })), 'status.hostIPs[0].ip: Invalid value: "192.168.0.2": must be equal to `hostIP`');
});

test('graceful deletion (CheckGracefulDelete)', (t) => {
  const grace = pods.gracePeriod!;
  t.is(grace(pod(base), undefined), 30);
  t.is(grace(pod(base), 5), 5);
  t.is(grace(pod(base), 0), undefined);
  t.is(grace(pod({ ...base, terminationGracePeriodSeconds: -5 }), undefined), 1);
  t.is(grace(pod({ containers: base.containers }), 30), undefined, 'never scheduled');
  t.is(grace(pod(base, { phase: 'Succeeded' }), undefined), undefined);
  t.is(grace(pod(base, { phase: 'Failed' }), 10), undefined);
});

test('selectable fields (PodToSelectableFields)', (t) => {
  const p = pod({ ...base, serviceAccountName: 'sa' }, { phase: 'Running', podIPs: [{ ip: '10.0.0.7' }, { ip: 'fd00::7' }] });
  t.deepEqual(pods.selectableFields!(p), {
    'spec.nodeName': 'n1',
    'spec.restartPolicy': 'Always',
    'spec.schedulerName': 'default-scheduler',
    'spec.serviceAccountName': 'sa',
    'spec.hostNetwork': 'false',
    'status.phase': 'Running',
    'status.podIP': '10.0.0.7',
    'status.nominatedNodeName': '',
  });
});
