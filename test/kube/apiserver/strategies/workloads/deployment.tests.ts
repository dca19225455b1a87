import test from 'ava';
import { type FieldError, formatFieldErrors } from '../../../../../protocols/kube/field-errors.ts';
import type { KubeObject } from '../../../../../protocols/kube/objects.ts';
import type { StrategyContext } from '../../../../../actors/kube-apiserver/strategies/types.ts';
import { WORKLOAD_STRATEGIES, fromScale, toScale, validateScale } from '../../../../../actors/kube-apiserver/strategies/workloads/index.ts';

const deployments = WORKLOAD_STRATEGIES['apps/deployments']!;
const ctx: StrategyContext = { now: '2026-01-01T00:00:00Z', pick: () => 0 };
const template = { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } };
const deploy = (spec: Record<string, unknown>): KubeObject =>
  deployments.defaults({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default' }, spec: structuredClone({ selector: { matchLabels: { app: 'web' } }, template, ...spec }) });
const errs = (spec: Record<string, unknown>): FieldError[] => deployments.validate(deploy(spec), ctx);

test('defaults: SetDefaults_Deployment (defaults_test.go facts)', (t) => {
  const d = deploy({});
  const spec = d.spec as any;
  t.is(spec.replicas, 1);
  t.deepEqual(spec.strategy, { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } });
  t.is(spec.revisionHistoryLimit, 10);
  t.is(spec.progressDeadlineSeconds, 600);
  t.is(spec.template.spec.restartPolicy, 'Always');
  t.is(spec.template.spec.containers[0].imagePullPolicy, 'IfNotPresent');
  t.is(spec.template.spec.enableServiceLinks, undefined, 'only Pods get enableServiceLinks');
  const recreate = deploy({ strategy: { type: 'Recreate' } });
  t.deepEqual((recreate.spec as any).strategy, { type: 'Recreate' });
  const zero = deploy({ replicas: 0, revisionHistoryLimit: 0 });
  t.is((zero.spec as any).replicas, 0);
  t.is((zero.spec as any).revisionHistoryLimit, 0);
});

test('validate: a defaulted deployment is valid', (t) => {
  t.deepEqual(errs({}), []);
});

test('validate: messages with exact paths (validation_test.go facts)', (t) => {
  const cases: [Record<string, unknown>, string][] = [
    [{ replicas: -1 }, 'spec.replicas: Invalid value: -1: must be greater than or equal to 0'],
    [{ template: { ...template, spec: { ...template.spec, restartPolicy: 'OnFailure' } } }, 'spec.template.spec.restartPolicy: Unsupported value: "OnFailure": supported values: "Always"'],
    [{ template: { ...template, spec: { ...template.spec, activeDeadlineSeconds: 5 } } }, 'spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in ReplicaSet is not Supported'],
    [{ strategy: { type: 'Recreate', rollingUpdate: {} } }, "spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy `type` is 'Recreate'"],
    [{ minReadySeconds: 700 }, 'spec.progressDeadlineSeconds: Invalid value: 600: must be greater than minReadySeconds'],
    [{ revisionHistoryLimit: -2 }, 'spec.revisionHistoryLimit: Invalid value: -2: must be greater than or equal to 0'],
    [{ template: { ...template, spec: { containers: [] } } }, 'spec.template.spec.containers: Required value'],
    [{ template: { metadata: { labels: { app: 'web', 'bad key!': 'x' } }, spec: template.spec } }, `spec.template.labels: Invalid value: "bad key!": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`],
  ];
  for (const [spec, want] of cases) t.is(formatFieldErrors(errs(spec)), want, want);
});

test('validate: selector required, non-empty, matching the template (values printed as Go prints them)', (t) => {
  t.is(
    formatFieldErrors(errs({ selector: undefined })),
    '[spec.selector: Required value, spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`]',
  );
  t.is(formatFieldErrors(errs({ selector: { matchLabels: { app: 'db' } } })), 'spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`');
  t.is(
    formatFieldErrors(errs({ selector: {} })),
    'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment',
  );
  const cause = errs({ selector: { matchLabels: { app: 'db' } } })[0]!;
  t.is(cause.badValue, undefined, 'the Go-printed value travels in the detail');
});

test('validate: rolling update int-or-percent rules', (t) => {
  const ru = (maxUnavailable: unknown, maxSurge: unknown): string => formatFieldErrors(errs({ strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable, maxSurge } } }));
  t.is(ru(0, 0), 'spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:0, IntVal:0, StrVal:""}: may not be 0 when `maxSurge` is 0');
  t.is(ru('0%', 0), 'spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:"0%"}: may not be 0 when `maxSurge` is 0');
  t.is(ru('110%', 1), 'spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:"110%"}: must not be greater than 100%');
  t.is(
    ru('abc', 1),
    `spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:"abc"}: a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')`,
  );
  t.is(ru(-1, 1), 'spec.strategy.rollingUpdate.maxUnavailable: Invalid value: -1: must be greater than or equal to 0');
  t.is(ru(0, '10%'), '');
  t.is(
    formatFieldErrors(errs({ strategy: { type: 'BlueGreen' } })),
    'spec.strategy: Unsupported value: apps.DeploymentStrategy{Type:"BlueGreen", RollingUpdate:(*apps.RollingUpdateDeployment)(nil)}: supported values: "Recreate", "RollingUpdate"',
  );
});

test('update: selector is immutable; generation follows spec and annotations', (t) => {
  const old = deploy({});
  old.metadata = { ...old.metadata, generation: 3 };
  const changed = structuredClone(old);
  (changed.spec as any).selector = { matchLabels: { app: 'web2' } };
  (changed.spec as any).template.metadata.labels = { app: 'web2' };
  t.is(
    formatFieldErrors(deployments.validateUpdate(changed, old, ctx)),
    'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"web2"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable',
  );
  const scaled = structuredClone(old);
  (scaled.spec as any).replicas = 5;
  scaled.status = { replicas: 99 };
  old.status = { replicas: 1 };
  deployments.prepareForUpdate(scaled, old, ctx);
  t.is(scaled.metadata.generation, 4);
  t.deepEqual(scaled.status, { replicas: 1 });
  const annotated = structuredClone(old);
  annotated.metadata.annotations = { 'kubernetes.io/change-cause': 'x' };
  deployments.prepareForUpdate(annotated, old, ctx);
  t.is(annotated.metadata.generation, 4);
  const same = structuredClone(old);
  deployments.prepareForUpdate(same, old, ctx);
  t.is(same.metadata.generation, 3);
});

test('status update rules', (t) => {
  const old = deploy({});
  old.status = { replicas: 2, collisionCount: 2 };
  const next = structuredClone(old);
  next.status = { replicas: 2, readyReplicas: 3, availableReplicas: 1, collisionCount: 1 };
  t.is(
    formatFieldErrors(deployments.status!.validateUpdate(next, old, ctx)),
    '[status.readyReplicas: Invalid value: 3: cannot be greater than status.replicas, status.collisionCount: Invalid value: 1: cannot be decremented]',
  );
});

test('scale subresource: toScale / fromScale / validateScale', (t) => {
  const d = deploy({ replicas: 3, selector: { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['a', 'b'] }] }, template: { ...template, metadata: { labels: { app: 'web', tier: 'a' } } } });
  d.metadata = { ...d.metadata, uid: 'u1', resourceVersion: '42', creationTimestamp: '2026-01-01T00:00:00Z' };
  d.status = { replicas: 2 };
  const scale = toScale(d);
  t.deepEqual(scale, {
    apiVersion: 'autoscaling/v1',
    kind: 'Scale',
    metadata: { name: 'web', namespace: 'default', uid: 'u1', resourceVersion: '42', creationTimestamp: '2026-01-01T00:00:00Z' },
    spec: { replicas: 3 },
    status: { replicas: 2, selector: 'app=web,tier in (a,b)' },
  });
  const updated = fromScale(d, { ...scale, spec: { replicas: 7 } }, { group: 'apps', resource: 'deployments' });
  t.true(updated.ok);
  if (updated.ok) {
    t.is((updated.object.spec as any).replicas, 7);
    t.is(updated.object.metadata.resourceVersion, '42', "the Scale's resourceVersion is the precondition");
  }
  const unconditional = fromScale(d, { ...scale, metadata: { name: 'web' }, spec: { replicas: 1 } }, { group: 'apps', resource: 'deployments' });
  t.is(unconditional.ok && unconditional.object.metadata.resourceVersion, undefined);
  const other = fromScale(d, { ...scale, metadata: { name: 'web', uid: 'u2' } }, { group: 'apps', resource: 'deployments' });
  t.is(other.ok ? '' : other.status.message, 'Operation cannot be fulfilled on deployments/scale.apps "web": Precondition failed: UID in precondition: u2, UID in object meta: u1');
  t.is((d.spec as any).replicas, 3, 'the stored object is not mutated');
  t.is(formatFieldErrors(validateScale({ ...scale, spec: { replicas: -1 } })), 'spec.replicas: Invalid value: -1: must be greater than or equal to 0');
});
