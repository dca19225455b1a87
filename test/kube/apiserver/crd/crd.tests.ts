import test from 'ava';
import { crdStrategy, customResourceStrategy } from '../../../../actors/kube-apiserver/crd/index.ts';
import { formatFieldError } from '../../../../protocols/kube/field-errors.ts';
import type { CustomResourceDefinition, KubeObject } from '../../../../protocols/kube/objects.ts';

const CTX = { now: '2026-01-01T00:00:00Z', pick: () => 0 };

// The docs' CronTab example (tasks/extend-kubernetes/custom-resources/custom-resource-definitions).
const cronTabSchema = {
  type: 'object',
  properties: {
    spec: {
      type: 'object',
      properties: {
        cronSpec: { type: 'string', pattern: '^(\\d+|\\*)(/\\d+)?(\\s+(\\d+|\\*)(/\\d+)?){4}$' },
        image: { type: 'string' },
        replicas: { type: 'integer', minimum: 1, maximum: 10 },
      },
    },
  },
};

function crontabs(): KubeObject {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'crontabs.stable.example.com' },
    spec: {
      group: 'stable.example.com',
      versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: structuredClone(cronTabSchema) } }],
      scope: 'Namespaced',
      names: { plural: 'crontabs', singular: 'crontab', kind: 'CronTab', shortNames: ['ct'] },
    },
  };
}

function createCRD(o: KubeObject): string[] {
  crdStrategy.defaults(o);
  crdStrategy.prepareForCreate(o, CTX);
  return crdStrategy.validate(o, CTX).map(formatFieldError);
}

test('the docs CronTab CRD is valid and defaulted', (t) => {
  const o = crontabs();
  t.deepEqual(createCRD(o), []);
  const spec = o.spec as CustomResourceDefinition['spec'];
  t.is(spec.names.listKind, 'CronTabList');
  t.deepEqual(spec.conversion, { strategy: 'None' });
  t.deepEqual(o.status, { storedVersions: ['v1'] });
});

test('CRD validation table', (t) => {
  const mutate = (f: (spec: Record<string, any>, o: KubeObject) => void) => {
    const o = crontabs();
    f(o.spec as Record<string, any>, o);
    return createCRD(o);
  };
  t.deepEqual(mutate((_, o) => (o.metadata = { name: 'crontab.stable.example.com' })), ['metadata.name: Invalid value: "crontab.stable.example.com": must be spec.names.plural+"."+spec.group']);
  t.deepEqual(mutate((s, o) => ((s.group = 'example'), (o.metadata = { name: 'crontabs.example' }))), ['spec.group: Invalid value: "example": should be a domain with at least one dot']);
  t.deepEqual(mutate((s) => (s.scope = 'Global')), ['spec.scope: Unsupported value: "Global": supported values: "Cluster", "Namespaced"']);
  t.deepEqual(mutate((s) => delete s.versions[0].schema), ['spec.versions[0].schema.openAPIV3Schema: Required value']);
  const twoStorage = mutate((s) => s.versions.push({ name: 'v2', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object' } } }));
  t.is(twoStorage.length, 1);
  t.true(twoStorage[0]!.startsWith('spec.versions: Invalid value: '));
  t.true(twoStorage[0]!.endsWith(': must have exactly one version marked as storage version'));
  t.deepEqual(mutate((s) => (s.versions[0].name = 'V1')), [
    `spec.versions[0].name: Invalid value: "V1": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')`,
  ]);
  t.deepEqual(mutate((s) => delete s.versions[0].schema.openAPIV3Schema.properties.spec.properties.image.type), [
    'spec.versions[0].schema.openAPIV3Schema.properties[spec].properties[image].type: Required value: must not be empty for specified object fields',
  ]);
  t.deepEqual(mutate((s) => (s.versions[0].schema.openAPIV3Schema.type = 'array')), [
    'spec.versions[0].schema.openAPIV3Schema.items: Required value: must be specified',
    'spec.versions[0].schema.openAPIV3Schema.type: Invalid value: "array": must be object at the root',
  ]);
  t.deepEqual(mutate((s) => (s.names.listKind = 'CronTab')), ['spec.names.listKind: Invalid value: "CronTab": kind and listKind may not be the same']);
});

test('CRD update: group and plural immutable', (t) => {
  const old = crontabs();
  createCRD(old);
  const next = crontabs();
  (next.spec as Record<string, any>).names.plural = 'crons';
  next.metadata = { name: 'crons.stable.example.com' };
  crdStrategy.defaults(next);
  crdStrategy.prepareForUpdate(next, old, CTX);
  t.true(crdStrategy.validateUpdate(next, old, CTX).map(formatFieldError).includes('spec.names.plural: Invalid value: "crons": field is immutable'));
});

function crStrategy() {
  const crd = crontabs() as unknown as CustomResourceDefinition;
  return customResourceStrategy(crd.spec.versions[0]!);
}

const cr = (spec: Record<string, unknown>, extra: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: 'stable.example.com/v1',
  kind: 'CronTab',
  metadata: { name: 'my-new-cron-object', namespace: 'default' },
  spec,
  ...extra,
});

function createCR(o: KubeObject, s = crStrategy()): string[] {
  s.defaults(o);
  s.prepareForCreate(o, CTX);
  return s.validate(o, CTX).map(formatFieldError);
}

test('custom resources: the docs object passes; bad fields get kube-openapi messages', (t) => {
  t.deepEqual(createCR(cr({ cronSpec: '* * * * */5', image: 'my-awesome-cron-image', replicas: 1 })), []);
  t.deepEqual(createCR(cr({ replicas: 'string' })), ['spec.replicas: Invalid value: "string": spec.replicas in body must be of type integer: "string"']);
  t.deepEqual(createCR(cr({ replicas: 11 })), ['spec.replicas: Invalid value: 11: spec.replicas in body should be less than or equal to 10']);
  t.deepEqual(createCR(cr({ replicas: 0 })), ['spec.replicas: Invalid value: 0: spec.replicas in body should be greater than or equal to 1']);
  t.deepEqual(createCR(cr({ cronSpec: '* * * *' })), [
    "spec.cronSpec: Invalid value: \"* * * *\": spec.cronSpec in body should match '^(\\d+|\\*)(/\\d+)?(\\s+(\\d+|\\*)(/\\d+)?){4}$'",
  ]);
});

test('custom resources: unknown fields are pruned and reported', (t) => {
  const s = crStrategy();
  const o = cr({ image: 'x', replica: 3 }, { extra: true });
  t.deepEqual(createCR(o, s), []);
  t.deepEqual(o.spec, { image: 'x' });
  t.false('extra' in o);
  t.deepEqual(s.unknownFields(o), ['extra', 'spec.replica']);
});

test('custom resources: generation bumps on spec changes only', (t) => {
  const s = crStrategy();
  const old = cr({ image: 'a' });
  createCR(old, s);
  t.is(old.metadata.generation, 1);
  const same = cr({ image: 'a' });
  same.metadata = { ...same.metadata, labels: { x: 'y' } };
  s.defaults(same);
  s.prepareForUpdate(same, old, CTX);
  t.is(same.metadata.generation, 1);
  const changed = cr({ image: 'b' });
  s.defaults(changed);
  s.prepareForUpdate(changed, old, CTX);
  t.is(changed.metadata.generation, 2);
});

test('custom resources: the version\'s selectableFields are served', (t) => {
  const crd = crontabs() as unknown as CustomResourceDefinition;
  const version = { ...crd.spec.versions[0]!, selectableFields: [{ jsonPath: '.spec.image' }, { jsonPath: '.spec.replicas' }, { jsonPath: '.spec.missing' }] };
  const s = customResourceStrategy(version);
  t.deepEqual(s.selectableFields!(cr({ image: 'nginx', replicas: 2 })), { 'spec.image': 'nginx', 'spec.replicas': '2', 'spec.missing': '' });
});
