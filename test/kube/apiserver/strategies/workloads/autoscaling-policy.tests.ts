import test from 'ava';
import { formatFieldErrors } from '../../../../../protocols/kube/field-errors.ts';
import type { KubeObject } from '../../../../../protocols/kube/objects.ts';
import type { StrategyContext } from '../../../../../actors/kube-apiserver/strategies/types.ts';
import { WORKLOAD_STRATEGIES } from '../../../../../actors/kube-apiserver/strategies/workloads/index.ts';

const hpas = WORKLOAD_STRATEGIES['autoscaling/horizontalpodautoscalers']!;
const pdbs = WORKLOAD_STRATEGIES['policy/poddisruptionbudgets']!;
const ctx: StrategyContext = { now: '2026-01-01T00:00:00Z', pick: () => 0 };
const target = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' };
const hpa = (spec: Record<string, unknown>): KubeObject =>
  hpas.defaults({ apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'web', namespace: 'default' }, spec: structuredClone({ scaleTargetRef: target, maxReplicas: 5, ...spec }) });
const hpaErrors = (spec: Record<string, unknown>): string => formatFieldErrors(hpas.validate(hpa(spec), ctx));

test('HPA defaults (autoscaling/v2 defaults_test.go facts)', (t) => {
  const spec = hpa({}).spec as any;
  t.is(spec.minReplicas, 1);
  t.deepEqual(spec.metrics, [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }]);
  t.is(spec.behavior, undefined);
  const withBehavior = hpa({ behavior: { scaleDown: { stabilizationWindowSeconds: 60 } } }).spec as any;
  t.deepEqual(withBehavior.behavior, {
    scaleUp: { stabilizationWindowSeconds: 0, selectPolicy: 'Max', policies: [{ type: 'Pods', value: 4, periodSeconds: 15 }, { type: 'Percent', value: 100, periodSeconds: 15 }] },
    scaleDown: { selectPolicy: 'Max', policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }], stabilizationWindowSeconds: 60 },
  });
  t.is(hpaErrors({}), '');
});

test('HPA validation messages (autoscaling validation_test.go facts)', (t) => {
  const cases: [Record<string, unknown>, string][] = [
    [{ minReplicas: 0 }, '[spec.minReplicas: Invalid value: 0: must be greater than or equal to 1, spec.metrics: Forbidden: must specify at least one Object or External metric to support scaling to zero replicas]'],
    [{ minReplicas: 7 }, 'spec.maxReplicas: Invalid value: 5: must be greater than or equal to `minReplicas`'],
    [{ maxReplicas: 0 }, '[spec.maxReplicas: Invalid value: 0: must be greater than 0, spec.maxReplicas: Invalid value: 0: must be greater than or equal to `minReplicas`]'],
    [{ scaleTargetRef: { kind: 'Deployment' } }, 'spec.scaleTargetRef.name: Required value'],
    [{ scaleTargetRef: { kind: '..', name: 'a/b' } }, `[spec.scaleTargetRef.kind: Invalid value: "..": may not be '..', spec.scaleTargetRef.name: Invalid value: "a/b": may not contain '/']`],
    [
      { metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization' } } }] },
      'spec.metrics[0].resource.target.averageUtilization: Required value: must set either a target raw value or a target utilization',
    ],
    [
      { metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 0 } } }] },
      'spec.metrics[0].resource.target.averageUtilization: Invalid value: 0: must be greater than 0',
    ],
    [{ metrics: [{ type: 'Pods', pods: { metric: { name: 'qps' }, target: { type: 'AverageValue' } } }] }, 'spec.metrics[0].pods.target.averageValue: Required value: must specify a positive target averageValue'],
    [{ metrics: [{ type: 'Pods', pods: { metric: { name: 'qps' }, target: { type: 'AverageValue', averageValue: '-1' } } }] }, 'spec.metrics[0].pods.target.averageValue: Invalid value: "-1": must be positive'],
    [{ metrics: [{ type: 'Object' }] }, 'spec.metrics[0].object: Required value: must populate information for the given metric source'],
    [
      { metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } }, pods: { metric: { name: 'q' }, target: { type: 'AverageValue', averageValue: '1' } } }] },
      'spec.metrics[0].pods: Forbidden: must populate the given metric source only',
    ],
    [{ metrics: [{ type: 'Bogus' }] }, 'spec.metrics[0].type: Unsupported value: "Bogus": supported values: "ContainerResource", "External", "Object", "Pods", "Resource"'],
    [{ behavior: { scaleUp: { policies: [] } } }, 'spec.behavior.scaleUp.policies: Required value: must specify at least one Policy'],
    [{ behavior: { scaleDown: { stabilizationWindowSeconds: 3601 } } }, 'spec.behavior.scaleDown.stabilizationWindowSeconds: Invalid value: 3601: must be less than or equal to 3600'],
    [
      { behavior: { scaleUp: { selectPolicy: 'Avg', policies: [{ type: 'Pods', value: 0, periodSeconds: 1801 }] } } },
      '[spec.behavior.scaleUp.selectPolicy: Unsupported value: "Avg": supported values: "Disabled", "Max", "Min", spec.behavior.scaleUp.policies[0].value: Invalid value: 0: must be greater than zero, spec.behavior.scaleUp.policies[0].periodSeconds: Invalid value: 1801: must be less than or equal to 1800]',
    ],
  ];
  for (const [spec, want] of cases) t.is(hpaErrors(spec), want, want);
});

test('HPA update: an autoscaler already at minReplicas 0 may stay there (with an Object or External metric)', (t) => {
  const external = [{ type: 'External', external: { metric: { name: 'queue' }, target: { type: 'AverageValue', averageValue: '30' } } }];
  const old = hpa({ minReplicas: 0, metrics: external });
  const next = structuredClone(old);
  (next.spec as any).maxReplicas = 9;
  t.deepEqual(hpas.validateUpdate(next, old, ctx), []);
  const fresh = hpa({ minReplicas: 1, metrics: external });
  const zero = structuredClone(fresh);
  (zero.spec as any).minReplicas = 0;
  t.is(formatFieldErrors(hpas.validateUpdate(zero, fresh, ctx)), 'spec.minReplicas: Invalid value: 0: must be greater than or equal to 1');
});

const pdb = (spec: Record<string, unknown>): KubeObject => pdbs.defaults({ apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'web', namespace: 'default' }, spec: structuredClone(spec) });
const pdbErrors = (spec: Record<string, unknown>): string => formatFieldErrors(pdbs.validate(pdb(spec), ctx));

test('PDB validation (policy validation_test.go facts)', (t) => {
  t.is(pdbErrors({ minAvailable: 2, selector: { matchLabels: { app: 'web' } } }), '');
  t.is(pdbErrors({ maxUnavailable: '10%', selector: {} }), '');
  t.deepEqual(pdbs.validate(pdb({ minAvailable: 1, maxUnavailable: 1 }), ctx).map((e) => [e.field, e.detail]), [['spec', 'minAvailable and maxUnavailable cannot be both set']]);
  t.is(pdbErrors({ minAvailable: -1 }), 'spec.minAvailable: Invalid value: -1: must be greater than or equal to 0');
  t.is(pdbErrors({ maxUnavailable: '120%' }), 'spec.maxUnavailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:"120%"}: must not be greater than 100%');
  t.is(pdbErrors({ minAvailable: 1, unhealthyPodEvictionPolicy: 'Never' }), 'spec.unhealthyPodEvictionPolicy: Unsupported value: "Never": supported values: "AlwaysAllow", "IfHealthyBudget"');
  t.is(pdbErrors({ minAvailable: 1, selector: { matchExpressions: [{ key: 'app', operator: 'In' }] } }), "spec.selector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'");
  const old = pdb({ minAvailable: 1 });
  old.metadata = { ...old.metadata, generation: 1 };
  const next = structuredClone(old);
  (next.spec as any).minAvailable = 2;
  t.deepEqual(pdbs.validateUpdate(next, old, ctx), [], 'policy/v1 PDB specs are mutable');
  pdbs.prepareForUpdate(next, old, ctx);
  t.is(next.metadata.generation, 2);
  const st = structuredClone(old);
  st.status = { disruptionsAllowed: -1 };
  t.is(formatFieldErrors(pdbs.status!.validateUpdate(st, old, ctx)), 'status.disruptionsAllowed: Invalid value: -1: must be greater than or equal to 0');
});
