import test from 'ava';
import fc from 'fast-check';
import { decodeBody, decodedForm, pruneUnknown, unknownFieldError, unknownFields } from '../../../../actors/kube-apiserver/schema/unknown-fields.ts';
import { jsonDecodeError } from '../../../../actors/kube-apiserver/schema/type-errors.ts';

const deployRef = { group: 'apps', version: 'v1', kind: 'Deployment' };

const nginx = () => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'nginx-deployment', labels: { app: 'nginx' }, annotations: { 'a/b': 'c' } },
  spec: {
    replicas: 3,
    selector: { matchLabels: { app: 'nginx' } },
    strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 1 } },
    template: {
      metadata: { labels: { app: 'nginx' } },
      spec: {
        initContainers: [{ name: 'init', image: 'busybox', restartPolicy: 'Always' }],
        containers: [
          {
            name: 'nginx',
            image: 'nginx:1.14.2',
            ports: [{ containerPort: 80 }],
            resources: { limits: { cpu: '500m', memory: '128Mi' } },
            env: [{ name: 'A', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }],
          },
        ],
        volumes: [{ name: 'cfg', configMap: { name: 'cfg', items: [{ key: 'k', path: 'p' }] } }],
      },
    },
  },
});

test('a valid docs manifest has no unknown fields, and pruning leaves it as it is', (t) => {
  const d = nginx();
  t.deepEqual(unknownFields(deployRef, d), []);
  t.is(pruneUnknown(deployRef, d), d);
});

// Paths as Kubernetes reported them for these mistakes (from users' reports of real clusters).
test('unknown field paths as Kubernetes prints them', (t) => {
  const cases: [(d: any) => void, string[]][] = [
    [(d) => (d.spec.replica = 3), ['spec.replica']],
    [(d) => (d.metadata.spec = {}), ['metadata.spec']],
    [(d) => (d.spec.template.spec.containers[0].imagee = 'x'), ['spec.template.spec.containers[0].imagee']],
    [(d) => (d.spec.template.spec.containers[0].tolerations = []), ['spec.template.spec.containers[0].tolerations']],
    [(d) => (d.spec.volumeClaimTemplates = []), ['spec.volumeClaimTemplates']],
    [(d) => ((d.spec.template.metadata.containers = []), (d.spec.template.metadata.volumes = [])), ['spec.template.metadata.containers', 'spec.template.metadata.volumes']],
    [(d) => (d.spec.matchLabels = { app: 'x' }), ['spec.matchLabels']],
    [(d) => (d.spec.template.spec.containers[0].ports[0].containerport = 80), ['spec.template.spec.containers[0].ports[0].containerport']],
    [(d) => (d.spec.template.spec.volumes[0].configMap.items[0].mode2 = 1), ['spec.template.spec.volumes[0].configMap.items[0].mode2']],
    [(d) => (d.spec.Replicas = 1), ['spec.Replicas']],
    [(d) => (d.status = { replicas: 1, bogus: true }), ['status.bogus']],
    [(d) => (d.spec.template.spec.containers[0].env[0].valueFrom.fieldRef.x = null), ['spec.template.spec.containers[0].env[0].valueFrom.fieldRef.x']],
  ];
  for (const [mutate, want] of cases) {
    const d = nginx();
    mutate(d);
    t.deepEqual(unknownFields(deployRef, d), want);
    t.deepEqual(unknownFields(deployRef, pruneUnknown(deployRef, d)), []);
  }
});

test('arbitrary JSON is not looked into; map values are', (t) => {
  const rev = { apiVersion: 'apps/v1', kind: 'ControllerRevision', metadata: { name: 'r' }, revision: 1, data: { anything: { goes: 1 } } };
  t.deepEqual(unknownFields({ group: 'apps', version: 'v1', kind: 'ControllerRevision' }, rev), []);
  const crd = {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'a.b.c' },
    spec: { versions: [{ name: 'v1', schema: { openAPIV3Schema: { type: 'object', properties: { x: { type: 'string', default: { free: 1 }, typo: 1 } } } } }] },
  };
  t.deepEqual(unknownFields({ group: 'apiextensions.k8s.io', version: 'v1', kind: 'CustomResourceDefinition' }, crd), [
    'spec.versions[0].schema.openAPIV3Schema.properties.x.typo',
  ]);
});

test('a kind without a schema has no unknown fields here', (t) => {
  t.deepEqual(unknownFields({ group: 'example.com', version: 'v1', kind: 'Widget' }, { spec: { x: 1 } }), []);
});

test('Strict: 400 BadRequest naming the body kind and version and every unknown field, in document order', (t) => {
  const d: any = nginx();
  d.spec.replica = 3;
  d.spec.template.spec.containers[0].imagee = 'x';
  const r = decodeBody(deployRef, d, 'Strict');
  if (r.ok) return t.fail();
  t.is(r.status.code, 400);
  t.is(r.status.reason, 'BadRequest');
  t.is(
    r.status.message,
    // In document order: `replica` was added after `template`.
    'Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.template.spec.containers[0].imagee", unknown field "spec.replica"',
  );
});

test('Warn (the default): one warning per field, fields dropped; Ignore: dropped silently', (t) => {
  const d: any = nginx();
  d.spec.replica = 3;
  const warn = decodeBody(deployRef, d);
  if (!warn.ok) return t.fail();
  t.deepEqual(warn.warnings, ['unknown field "spec.replica"']);
  t.false('replica' in (warn.object as any).spec);
  const ignore = decodeBody(deployRef, d, 'Ignore');
  if (!ignore.ok) return t.fail();
  t.deepEqual(ignore.warnings, []);
  t.deepEqual(ignore.object, nginx());
  const clean = decodeBody(deployRef, nginx(), 'Strict');
  t.true(clean.ok);
});

test('property: an unknown key planted anywhere in an object is found at its path and pruned away', (t) => {
  // Every object position of the manifest, with its printed path.
  const spots: [any[], string][] = [];
  const collect = (v: any, segs: any[], printed: string) => {
    if (Array.isArray(v)) v.forEach((x, i) => collect(x, [...segs, i], `${printed}[${i}]`));
    else if (v && typeof v === 'object') {
      // Labels and annotations are maps of strings: a key planted there is a label, not a field.
      if (!['labels', 'annotations', 'matchLabels', 'limits', 'data'].includes(String(segs[segs.length - 1]))) spots.push([segs, printed]);
      for (const [k, x] of Object.entries(v)) collect(x, [...segs, k], printed === '' ? k : `${printed}.${k}`);
    }
  };
  collect(nginx(), [], '');
  fc.assert(
    fc.property(fc.integer({ min: 0, max: spots.length - 1 }), fc.stringMatching(/^zz[a-z]{0,6}$/), (i, key) => {
      const [segs, printed] = spots[i]!;
      const d: any = nginx();
      let at = d;
      for (const s of segs) at = at[s];
      at[key] = { nested: true };
      const want = printed === '' ? key : `${printed}.${key}`;
      return JSON.stringify(unknownFields(deployRef, d)) === JSON.stringify([want]) && JSON.stringify(pruneUnknown(deployRef, d)) === JSON.stringify(nginx());
    }),
  );
  t.pass();
});

test('the strict decoder reports at most 100 unknown fields, Go-quoted', (t) => {
  const cm: any = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } };
  for (let i = 0; i < 150; i++) cm[`x${i}`] = i;
  cm['we"ird'] = 1;
  const r = decodeBody({ group: '', version: 'v1', kind: 'ConfigMap' }, cm);
  if (!r.ok) return t.fail();
  t.is(r.warnings.length, 100);
  t.is(r.warnings[99], 'unknown field "x99"');
  const q = decodeBody({ group: '', version: 'v1', kind: 'ConfigMap' }, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, 'we"ird': 1 });
  t.deepEqual(q.ok && q.warnings, ['unknown field "we\\"ird"']);
});

test('a value of the wrong type fails decoding under any directive, before unknown fields are considered', (t) => {
  const d: any = nginx();
  d.spec.replicas = 'three';
  d.spec.replica = 3;
  for (const directive of ['Strict', 'Warn', 'Ignore'] as const) {
    const r = decodeBody(deployRef, d, directive);
    t.false(r.ok);
    t.is(!r.ok && r.status.message, 'Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32');
    t.is(!r.ok && r.status.code, 400);
  }
});

test('decoding drops null fields as well as unknown ones, but not nulls inside arbitrary JSON', (t) => {
  const d: any = nginx();
  d.spec.replicas = null;
  d.spec.template.spec.containers[0].workingDir = null;
  const r = decodeBody(deployRef, d);
  t.true(r.ok && !('replicas' in (r.object as any).spec));
  t.true(r.ok && !('workingDir' in (r.object as any).spec.template.spec.containers[0]));
  const rev = { apiVersion: 'apps/v1', kind: 'ControllerRevision', metadata: { name: 'r', namespace: null }, revision: 1, data: { keep: null } };
  const kept = decodeBody({ group: 'apps', version: 'v1', kind: 'ControllerRevision' }, rev);
  t.deepEqual(kept.ok && kept.object, { apiVersion: 'apps/v1', kind: 'ControllerRevision', metadata: { name: 'r' }, revision: 1, data: { keep: null } });
});

// decodeBody walks once for the type error, the unknown paths and the decoded form: the same
// outcome as jsonDecodeError, unknownFields and decodedForm apart, whatever the body holds
// (wrong types, quantities, times, bytes, nulls and unknown fields anywhere).
const podRef = { group: '', version: 'v1', kind: 'Pod' };
const secretRef = { group: '', version: 'v1', kind: 'Secret' };
const KEYS = ['metadata', 'name', 'labels', 'creationTimestamp', 'spec', 'containers', 'image', 'ports', 'containerPort', 'resources', 'limits', 'cpu', 'securityContext', 'privileged', 'env', 'volumes', 'projected', 'sources', 'data', 'imagee', 'x', 'status'];
const leafValue = fc.oneof(fc.constant(null), fc.constantFrom('a', '1Gi', '2026-01-01T00:00:00Z', 'aGk=', '!'), fc.integer({ min: -3, max: 3 }), fc.constantFrom(1.5, 2 ** 40), fc.boolean());
const jsonish = fc.letrec<{ v: unknown }>((tie) => ({
  v: fc.oneof({ depthSize: 'small' }, leafValue, fc.array(tie('v'), { maxLength: 2 }), fc.dictionary(fc.constantFrom(...KEYS), tie('v'), { maxKeys: 4 })),
})).v;
const body = fc.dictionary(fc.constantFrom(...KEYS), jsonish, { maxKeys: 4 });
const reference = (ref: typeof podRef, obj: Record<string, unknown>) => {
  const typeError = jsonDecodeError(ref, obj);
  if (typeError !== undefined) return { typeError };
  return { object: decodedForm(ref, obj), warnings: unknownFields(ref, obj).slice(0, 100).map(unknownFieldError) };
};
const fused = (ref: typeof podRef, obj: Record<string, unknown>) => {
  const got = decodeBody(ref, obj, 'Warn');
  if (got.ok) return { object: got.object, warnings: got.warnings };
  return { typeError: got.status.message.slice(got.status.message.indexOf(': ') + 2) };
};
test('decodeBody: its one walk gives the type error, unknown fields and decoded form the three walks give (property)', (t) => {
  let errors = 0;
  let clean = 0;
  fc.assert(
    fc.property(body, fc.constantFrom(podRef, secretRef), (obj, ref) => {
      const want = reference(ref, obj);
      if ('typeError' in want) errors++;
      else clean++;
      return JSON.stringify(fused(ref, obj)) === JSON.stringify(want);
    }),
    // About one body in seven has a type error: at 600 runs the fewest over 400 seeds was 58, near
    // the floor of 50; at 1,200 the fewest errors over 400 seeds was 141 (clean: 988).
    { numRuns: 1200 },
  );
  // Both outcomes were drawn often enough to mean something.
  t.true(errors > 50 && clean > 50, `${errors} with a type error, ${clean} without`);
});

// Creates remember the bodies that decoded clean and know a body again when only its
// metadata.name differs (both strings, or absent from both): through the memo, call after call,
// decodeBody gives what it gives without one, for bodies renamed, left nameless, given a name of
// the wrong type or changed a little anywhere (which the memo must not take for the same).
const podBody = (name: unknown, extra: (b: any) => void) => {
  const b: any = { apiVersion: 'v1', kind: 'Pod', metadata: { generateName: 'web-', labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx', resources: { limits: { cpu: '1' } } }] } };
  if (name !== undefined) b.metadata.name = name;
  extra(b);
  return b;
};
const nameValue = fc.constantFrom(undefined, 'a', 'b', 'pod-1', '', 7, null, { x: 1 });
const change = fc.constantFrom<(b: any) => void>(
  () => {},
  () => {},
  (b) => (b.spec.containers[0].imagee = 'x'),
  (b) => (b.spec.containers[0].image = 3),
  (b) => (b.spec.containers[0].resources.limits.cpu = '1x'),
  (b) => (b.spec.nodeName = null),
  (b) => (b.metadata.labels.app = 'other'),
  (b) => (b.metadata.namespace = 'ns'),
  (b) => (b.metadata.x = 1),
  (b) => (b.metadata.labels = 'app'),
  (b) => (b.metadata = 'meta'),
  (b) => (b.spec.containers[0].ports = [{ containerPort: -0 }]),
  (b) => (b.spec.containers[0].ports = [{ containerPort: 0 }]),
);
test('decodeBody remembering clean create bodies gives what it gives without, call after call (property)', (t) => {
  const outcome = (body: unknown, remember: boolean) => {
    const got = decodeBody(podRef, body, 'Warn', remember);
    return JSON.stringify(got.ok ? { object: got.object, warnings: got.warnings, same: got.object === body } : got.status);
  };
  fc.assert(
    fc.property(fc.array(fc.tuple(nameValue, change), { minLength: 1, maxLength: 8 }), (cases) =>
      [...cases, ...cases].every(([name, extra]) => {
        const b = podBody(name, extra);
        return outcome(b, true) === outcome(podBody(name, extra), false);
      }),
    ),
    { numRuns: 300 },
  );
  t.pass();
});
