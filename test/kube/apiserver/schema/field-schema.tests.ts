import test from 'ava';
import { readFileSync } from 'node:fs';
import { FIELD_SCHEMA, fieldTypeOf, readType, rootTypeOf, typeAtPath } from '../../../../actors/kube-apiserver/schema/field-schema.ts';
import { GENERATED_PATH, fieldSchemaSource, readKubernetesTypes } from '../../../../actors/kube-apiserver/schema/generate.ts';
import { PATCH_META, patchMetaAt } from '../../../../actors/kube-apiserver/schema/patch-meta.ts';
import { RESOURCES } from '../../../../protocols/kube/resources.ts';

test('the committed field-schema.gen.ts is what the generator makes (run npm run gen:kube-schema)', (t) => {
  t.is(readFileSync(GENERATED_PATH, 'utf8'), fieldSchemaSource(readKubernetesTypes));
});

test('every served kind has a root type', (t) => {
  for (const r of RESOURCES) t.truthy(rootTypeOf(r), `${r.group}/${r.version} ${r.kind}`);
});

test('every type a field names is in the schema', (t) => {
  for (const [type, fields] of Object.entries(FIELD_SCHEMA)) {
    for (const [field, expr] of Object.entries(fields)) {
      const inner = expr.replace(/^(\[\]|\{\})+/, '');
      if (readType(inner).type === 'object') t.truthy(FIELD_SCHEMA[inner], `${type}.${field}: ${expr}`);
    }
  }
});

test('the patch metadata names only fields the schema has', (t) => {
  for (const [type, fields] of Object.entries(PATCH_META)) {
    if (!FIELD_SCHEMA[type]) continue;
    for (const field of Object.keys(fields)) if (field !== '.') t.truthy(fieldTypeOf(type, field), `${type}.${field}`);
  }
});

test('field types of well-known fields', (t) => {
  const cases: [string, string, string | undefined][] = [
    ['apps/v1.DeploymentSpec', 'replicas', 'number'],
    ['apps/v1.DeploymentSpec', 'template', 'core/v1.PodTemplateSpec'],
    ['apps/v1.RollingUpdateDeployment', 'maxSurge', 'int-or-string'],
    ['core/v1.Container', 'ports', '[]core/v1.ContainerPort'],
    ['core/v1.ResourceRequirements', 'limits', '{}quantity'],
    ['meta/v1.ObjectMeta', 'labels', '{}string'],
    ['meta/v1.ObjectMeta', 'creationTimestamp', 'time'],
    ['meta/v1.ObjectMeta', 'replicas', undefined],
    ['apps/v1.ControllerRevision', 'data', 'json'],
    ['apiextensions/v1.JSONSchemaProps', 'x-kubernetes-preserve-unknown-fields', 'boolean'],
    ['apiextensions/v1.JSONSchemaProps', 'default', 'json'],
    // From the 1.32 overlay: fields kubernetes-types 1.30 lacks, and one it still has.
    ['core/v1.PodSecurityContext', 'seLinuxChangePolicy', 'string'],
    ['core/v1.Volume', 'image', 'core/v1.ImageVolumeSource'],
    ['core/v1.PodResourceClaim', 'source', undefined],
    ['core/v1.PodResourceClaim', 'resourceClaimName', 'string'],
  ];
  for (const [type, field, want] of cases) t.is(fieldTypeOf(type, field), want, `${type}.${field}`);
});

test('typeAtPath walks fields, list items and map values', (t) => {
  t.is(typeAtPath('apps/v1.Deployment', ['spec', 'template', 'spec', 'containers', 0, 'ports', 1, 'containerPort']), 'number');
  t.is(typeAtPath('apps/v1.Deployment', ['spec', 'template', 'spec', 'containers', 0, 'resources', 'limits', 'cpu']), 'quantity');
  t.is(typeAtPath('apps/v1.Deployment', ['spec', 'replica']), undefined);
  t.is(typeAtPath('apps/v1.Deployment', ['spec', 'template', 'spec', 'containers', 'x']), undefined);
  t.is(typeAtPath('apps/v1.ControllerRevision', ['data', 'anything', 3]), 'json');
});

test('patchMetaAt finds a field\'s metadata by path from a kind', (t) => {
  const deploy = { group: 'apps', version: 'v1', kind: 'Deployment' };
  t.is(patchMetaAt(deploy, ['spec', 'template', 'spec', 'containers'])?.patchMergeKey, 'name');
  t.deepEqual(patchMetaAt(deploy, ['spec', 'template', 'spec', 'containers', 0, 'ports'])?.listMapKeys, ['containerPort', 'protocol']);
  t.is(patchMetaAt(deploy, ['metadata', 'finalizers'])?.listType, 'set');
  t.is(patchMetaAt(deploy, ['spec', 'replicas']), undefined);
  t.is(patchMetaAt({ group: '', version: 'v1', kind: 'Service' }, ['spec', 'ports'])?.patchMergeKey, 'port');
  t.is(patchMetaAt({ group: 'x', version: 'v1', kind: 'Nope' }, ['spec']), undefined);
});

test('rootTypeOf answers each kind with its own type, asked again in any order, and none for kinds without one', (t) => {
  const name = (r: { group: string; version: string; kind: string }) => `${r.group === '' ? 'core' : r.group.split('.')[0]}/${r.version}.${r.kind}`;
  const refs = [...RESOURCES, ...RESOURCES.slice().reverse(), { group: 'example.com', version: 'v1', kind: 'Widget' }, { group: '', version: 'v1', kind: 'NoSuchKind' }];
  for (const r of refs) t.is(rootTypeOf(r), FIELD_SCHEMA[name(r)] ? name(r) : undefined, `${r.group}/${r.version} ${r.kind}`);
  t.is(rootTypeOf({ group: 'apps', version: 'v1', kind: 'Deployment' }), 'apps/v1.Deployment');
});
