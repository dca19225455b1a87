import test from 'ava';
import { FIELD_SCHEMA, fieldTypeOf } from '../../../../actors/kube-apiserver/schema/field-schema.ts';
import { GO_TYPES, goTypeOf, impliedGoType } from '../../../../actors/kube-apiserver/schema/go-types.ts';

test('every number field has its Go width in the table (JSON cannot tell int32 from int64)', (t) => {
  for (const [type, fields] of Object.entries(FIELD_SCHEMA)) {
    for (const [field, expr] of Object.entries(fields)) {
      if (expr.replace(/^(\[\]|\{\})+/, '') === 'number') t.regex(GO_TYPES[type]?.[field] ?? '', /^(\[\])?(int32|int64|float64)$/, `${type}.${field}`);
    }
  }
});

test('the table names only fields the schema has, and only where the schema implies another name', (t) => {
  for (const [type, fields] of Object.entries(GO_TYPES)) {
    for (const [field, goType] of Object.entries(fields)) {
      const expr = fieldTypeOf(type, field);
      t.truthy(expr, `${type}.${field}`);
      t.not(impliedGoType(expr!), goType, `${type}.${field}`);
    }
  }
});

test('Go type names of well-known fields', (t) => {
  const cases: [string, string, string][] = [
    ['apps/v1.DeploymentSpec', 'replicas', 'int32'],
    ['apps/v1.DeploymentSpec', 'template', 'v1.PodTemplateSpec'],
    ['core/v1.PodSpec', 'containers', '[]v1.Container'],
    ['core/v1.PodSpec', 'restartPolicy', 'v1.RestartPolicy'],
    ['core/v1.PodSpec', 'activeDeadlineSeconds', 'int64'],
    ['core/v1.ResourceRequirements', 'limits', 'v1.ResourceList'],
    ['meta/v1.ObjectMeta', 'labels', 'map[string]string'],
    ['meta/v1.ObjectMeta', 'uid', 'types.UID'],
    ['autoscaling/v2.HorizontalPodAutoscalerSpec', 'minReplicas', 'int32'],
    ['apps/v1.RollingUpdateDeployment', 'maxSurge', 'intstr.IntOrString'],
  ];
  for (const [type, field, want] of cases) t.is(goTypeOf(type, field, fieldTypeOf(type, field)!), want, `${type}.${field}`);
});
