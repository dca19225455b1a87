import test from 'ava';
import { formatFieldErrors } from '../../../../../protocols/kube/field-errors.ts';
import type { KubeObject } from '../../../../../protocols/kube/objects.ts';
import type { StrategyContext } from '../../../../../actors/kube-apiserver/strategies/types.ts';
import { WORKLOAD_STRATEGIES, toScale } from '../../../../../actors/kube-apiserver/strategies/workloads/index.ts';
import { STATEFULSET_UPDATE_FORBIDDEN } from '../../../../../actors/kube-apiserver/strategies/workloads/statefulset.ts';

const ctx: StrategyContext = { now: '2026-01-01T00:00:00Z', pick: () => 0 };
const template = { metadata: { labels: { app: 'x' } }, spec: { containers: [{ name: 'c', image: 'busybox:1.36' }] } };
const make = (key: string, kind: string, spec: Record<string, unknown>): KubeObject =>
  WORKLOAD_STRATEGIES[key]!.defaults({ apiVersion: 'apps/v1', kind, metadata: { name: 'x', namespace: 'default' }, spec: structuredClone({ selector: { matchLabels: { app: 'x' } }, template, ...spec }) });
const errors = (key: string, kind: string, spec: Record<string, unknown>): string => formatFieldErrors(WORKLOAD_STRATEGIES[key]!.validate(make(key, kind, spec), ctx));

test('ReplicaSet: defaults, validation, immutable selector, scale', (t) => {
  const rs = make('apps/replicasets', 'ReplicaSet', {});
  t.is((rs.spec as any).replicas, 1);
  t.is((rs.spec as any).template.spec.dnsPolicy, 'ClusterFirst');
  t.is(errors('apps/replicasets', 'ReplicaSet', {}), '');
  t.is(errors('apps/replicasets', 'ReplicaSet', { replicas: -1, minReadySeconds: -1 }), '[spec.replicas: Invalid value: -1: must be greater than or equal to 0, spec.minReadySeconds: Invalid value: -1: must be greater than or equal to 0]');
  t.is(
    errors('apps/replicasets', 'ReplicaSet', { selector: { matchLabels: {} } }),
    'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment',
  );
  const changed = structuredClone(rs);
  (changed.spec as any).selector.matchLabels.extra = 'y';
  (changed.spec as any).template.metadata.labels.extra = 'y';
  t.is(
    formatFieldErrors(WORKLOAD_STRATEGIES['apps/replicasets']!.validateUpdate(changed, rs, ctx)),
    'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"x", "extra":"y"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable',
  );
  t.is((toScale({ ...rs, status: { replicas: 1 } }).status as any).selector, 'app=x');
  const st = structuredClone(rs);
  st.status = { replicas: 1, readyReplicas: 2, availableReplicas: 2, fullyLabeledReplicas: 1 };
  t.is(
    formatFieldErrors(WORKLOAD_STRATEGIES['apps/replicasets']!.status!.validateUpdate(st, rs, ctx)),
    '[status.readyReplicas: Invalid value: 2: cannot be greater than status.replicas, status.availableReplicas: Invalid value: 2: cannot be greater than status.replicas]',
  );
});

test('DaemonSet: defaults (maxUnavailable 1, maxSurge 0, revisionHistoryLimit 10)', (t) => {
  const ds = make('apps/daemonsets', 'DaemonSet', {});
  t.deepEqual((ds.spec as any).updateStrategy, { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } });
  t.is((ds.spec as any).revisionHistoryLimit, 10);
  t.deepEqual((make('apps/daemonsets', 'DaemonSet', { updateStrategy: { type: 'OnDelete' } }).spec as any).updateStrategy, { type: 'OnDelete' });
  t.is(errors('apps/daemonsets', 'DaemonSet', {}), '');
});

test('DaemonSet: rolling update and template rules', (t) => {
  const ru = (maxUnavailable: unknown, maxSurge: unknown) =>
    WORKLOAD_STRATEGIES['apps/daemonsets']!.validate(make('apps/daemonsets', 'DaemonSet', { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable, maxSurge } } }), ctx);
  t.is(formatFieldErrors(ru(0, 0)), 'spec.updateStrategy.rollingUpdate.maxUnavailable: Required value: cannot be 0 when maxSurge is 0');
  t.is(formatFieldErrors(ru(1, '10%')), 'spec.updateStrategy.rollingUpdate.maxSurge: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:"10%"}: may not be set when maxUnavailable is non-zero');
  t.deepEqual(ru(0, '20%'), []);
  t.is(
    errors('apps/daemonsets', 'DaemonSet', { template: { ...template, spec: { ...template.spec, restartPolicy: 'Never' } } }),
    'spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"',
  );
  t.is(
    errors('apps/daemonsets', 'DaemonSet', { template: { ...template, spec: { ...template.spec, activeDeadlineSeconds: 10 } } }),
    'spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in DaemonSet is not Supported',
  );
  t.is(errors('apps/daemonsets', 'DaemonSet', { selector: { matchLabels: { app: 'y' } } }), 'spec.template.metadata.labels: Invalid value: map[string]string{"app":"x"}: `selector` does not match template `labels`');
});

test('StatefulSet: defaults (OrderedReady, partition 0, Retain/Retain, volume claim templates)', (t) => {
  const sts = make('apps/statefulsets', 'StatefulSet', { serviceName: 'x', volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }] });
  const spec = sts.spec as any;
  t.is(spec.podManagementPolicy, 'OrderedReady');
  t.deepEqual(spec.updateStrategy, { type: 'RollingUpdate', rollingUpdate: { partition: 0 } });
  t.deepEqual(spec.persistentVolumeClaimRetentionPolicy, { whenDeleted: 'Retain', whenScaled: 'Retain' });
  t.is(spec.replicas, 1);
  t.is(spec.revisionHistoryLimit, 10);
  t.deepEqual(spec.volumeClaimTemplates[0], { metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, volumeMode: 'Filesystem' }, status: { phase: 'Pending' } });
  t.deepEqual((make('apps/statefulsets', 'StatefulSet', { updateStrategy: { type: 'OnDelete' } }).spec as any).updateStrategy, { type: 'OnDelete' });
  t.is(errors('apps/statefulsets', 'StatefulSet', { serviceName: 'x' }), '');
  t.deepEqual(WORKLOAD_STRATEGIES['apps/statefulsets']!.nameValidator('web.1', false).length > 0, true, 'names are DNS labels');
});

test('StatefulSet: validation messages', (t) => {
  t.is(errors('apps/statefulsets', 'StatefulSet', { podManagementPolicy: 'Random' }), `spec.podManagementPolicy: Invalid value: "Random": must be 'OrderedReady' or 'Parallel'`);
  t.is(errors('apps/statefulsets', 'StatefulSet', { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: -1 } } }), 'spec.updateStrategy.rollingUpdate.partition: Invalid value: -1: must be greater than or equal to 0');
  t.is(errors('apps/statefulsets', 'StatefulSet', { persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Keep', whenScaled: 'Delete' } }), 'spec.persistentVolumeClaimRetentionPolicy.whenDeleted: Unsupported value: "Keep": supported values: "Retain", "Delete"');
  t.is(errors('apps/statefulsets', 'StatefulSet', { ordinals: { start: -1 } }), 'spec.ordinals.start: Invalid value: -1: must be greater than or equal to 0');
  t.is(
    errors('apps/statefulsets', 'StatefulSet', { template: { ...template, spec: { ...template.spec, activeDeadlineSeconds: 1 } } }),
    'spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in StatefulSet is not Supported',
  );
  t.is(
    errors('apps/statefulsets', 'StatefulSet', { updateStrategy: { type: 'OnDelete', rollingUpdate: { partition: 1 } } }),
    "spec.updateStrategy.rollingUpdate: Invalid value: apps.RollingUpdateStatefulSetStrategy{Partition:1, MaxUnavailable:(*intstr.IntOrString)(nil)}: only allowed for updateStrategy 'RollingUpdate'",
  );
  t.is(errors('apps/statefulsets', 'StatefulSet', { template: { ...template, spec: { containers: [] } } }), '', 'the pod spec of a StatefulSet template is not validated (as in Kubernetes)');
});

test('StatefulSet: update may change only replicas, ordinals, template, updateStrategy, retention policy, minReadySeconds', (t) => {
  const s = WORKLOAD_STRATEGIES['apps/statefulsets']!;
  const old = make('apps/statefulsets', 'StatefulSet', { serviceName: 'x' });
  const ok = structuredClone(old);
  Object.assign(ok.spec as any, { replicas: 5, minReadySeconds: 3, ordinals: { start: 2 }, updateStrategy: { type: 'OnDelete' } });
  (ok.spec as any).template.spec.containers[0].image = 'busybox:1.37';
  t.deepEqual(s.validateUpdate(ok, old, ctx), []);
  const bad = structuredClone(old);
  (bad.spec as any).serviceName = 'y';
  t.is(formatFieldErrors(s.validateUpdate(bad, old, ctx)), `spec: Forbidden: ${STATEFULSET_UPDATE_FORBIDDEN}`);
  t.is(
    STATEFULSET_UPDATE_FORBIDDEN,
    "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
  );
  const st = structuredClone(old);
  st.status = { replicas: 1, readyReplicas: 1, availableReplicas: 2 };
  t.is(
    formatFieldErrors(s.status!.validateUpdate(st, old, ctx)),
    '[status.availableReplicas: Invalid value: 2: cannot be greater than status.replicas, status.availableReplicas: Invalid value: 2: cannot be greater than status.readyReplicas]',
  );
});
