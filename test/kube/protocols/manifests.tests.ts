// The manifest reader on the Kubernetes docs' own manifests, on YAML 1.1's surprises, and on
// broken YAML, whose errors must name the document and the line.

import test from 'ava';
import type { Deployment, Service } from '../../../protocols/kube/objects.ts';
import { ManifestError, parseManifests, stringifyManifests } from '../../../scenarios/kube/manifests.ts';
// kubernetes.io/docs/concepts/workloads/controllers/deployment/ (controllers/nginx-deployment.yaml)
import { NGINX_DEPLOYMENT } from '../../../scenarios/kube/docs-manifests.ts';


// kubernetes.io/docs/concepts/services-networking/service/
const MY_SERVICE = `apiVersion: v1
kind: Service
metadata:
  name: my-service
spec:
  selector:
    app.kubernetes.io/name: MyApp
  ports:
    - protocol: TCP
      port: 80
      targetPort: 9376
`;

test('the docs nginx Deployment reads into its JSON shape', (t) => {
  const [d, ...rest] = parseManifests(NGINX_DEPLOYMENT) as Deployment[];
  t.is(rest.length, 0);
  t.deepEqual(d, {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'nginx-deployment', labels: { app: 'nginx' } },
    spec: {
      replicas: 3,
      selector: { matchLabels: { app: 'nginx' } },
      template: { metadata: { labels: { app: 'nginx' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.14.2', ports: [{ containerPort: 80 }] }] } },
    },
  });
});

test('a Deployment and a Service in one file, with comments and empty documents, read in order', (t) => {
  const text = `---\n# the app\n${NGINX_DEPLOYMENT}---\n---\n${MY_SERVICE}...\n`;
  const objs = parseManifests(text);
  t.deepEqual(objs.map((o) => `${o.apiVersion} ${o.kind} ${o.metadata.name}`), ['apps/v1 Deployment nginx-deployment', 'v1 Service my-service']);
  const svc = objs[1] as Service;
  t.deepEqual(svc.spec, { selector: { 'app.kubernetes.io/name': 'MyApp' }, ports: [{ protocol: 'TCP', port: 80, targetPort: 9376 }] });
});

test('an empty file, or only comments, is no objects', (t) => {
  t.deepEqual(parseManifests(''), []);
  t.deepEqual(parseManifests('# nothing\n---\n'), []);
});

test('a v1 List gives its items', (t) => {
  const list = `apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: a}\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: b}\n`;
  t.deepEqual(parseManifests(list).map((o) => o.metadata.name), ['a', 'b']);
});

test('YAML is read as Kubernetes reads it: 1.1 octals and booleans, timestamps as strings', (t) => {
  const text = `apiVersion: v1
kind: Pod
metadata:
  name: p
  annotations:
    when: 2024-01-02T03:04:05Z
spec:
  enableServiceLinks: no
  volumes:
  - name: s
    secret:
      secretName: s
      defaultMode: 0644
`;
  const [pod] = parseManifests(text);
  t.is((pod!.metadata.annotations ?? {}).when, '2024-01-02T03:04:05Z');
  const spec = pod!.spec as { enableServiceLinks: unknown; volumes: { secret: { defaultMode: unknown } }[] };
  t.is(spec.enableServiceLinks, false);
  t.is(spec.volumes[0]!.secret.defaultMode, 420);
});

const BROKEN: readonly [string, string, number, number, RegExp][] = [
  ['an unclosed flow sequence in the second document', `${MY_SERVICE}---\napiVersion: v1\nkind: ConfigMap\ndata: [a\n`, 2, 16, /Flow sequence/],
  ['a tab-indented key', 'apiVersion: v1\nkind: Pod\nmetadata:\n\tname: x\n', 1, 4, /tab/i],
  ['a duplicate key', 'apiVersion: v1\nkind: Pod\nkind: Service\nmetadata: {}\n', 1, 3, /unique/i],
  ['a bad mapping', `${NGINX_DEPLOYMENT}---\n${MY_SERVICE}---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: a: b\n`, 3, 38, /mapping/i],
];

for (const [name, text, doc, line, detail] of BROKEN) {
  test(`broken YAML, ${name}: the error names document ${doc}, line ${line}`, (t) => {
    const err = t.throws(() => parseManifests(text, 'app.yaml'), { instanceOf: ManifestError });
    t.is(err?.document, doc);
    t.is(err?.line, line);
    t.regex(err?.detail ?? '', detail);
    t.true(err?.message.startsWith(`app.yaml: document ${doc}, line ${line}: `), err?.message);
    t.false(err?.message.includes('\n'), 'one line, no code frame');
  });
}

const NOT_OBJECTS: readonly [string, string, string][] = [
  ['no kind', 'apiVersion: v1\nmetadata: {name: a}\n', 'x.yaml: document 1, line 1: kind not set'],
  ['no apiVersion', `${MY_SERVICE}---\nkind: Pod\n`, 'x.yaml: document 2, line 13: apiVersion not set'],
  ['neither', 'metadata: {name: a}\n', 'x.yaml: document 1, line 1: [apiVersion not set, kind not set]'],
  ['a scalar', 'hello\n', 'x.yaml: document 1, line 1: not a Kubernetes object: expected a mapping, found the scalar "hello"'],
  ['a sequence', '- a\n', 'x.yaml: document 1, line 1: not a Kubernetes object: expected a mapping, found a sequence'],
  ['metadata not a mapping', 'apiVersion: v1\nkind: Pod\nmetadata: web\n', 'x.yaml: document 1, line 1: metadata: expected a mapping'],
];

for (const [name, text, message] of NOT_OBJECTS) {
  test(`not an object, ${name}`, (t) => {
    t.throws(() => parseManifests(text, 'x.yaml'), { instanceOf: ManifestError, message });
  });
}

test('stringify prints as kubectl -o yaml does, and reads back to the same objects', (t) => {
  const objs = parseManifests(`${NGINX_DEPLOYMENT}---\n${MY_SERVICE}`);
  const text = stringifyManifests(objs);
  t.true(text.startsWith('apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  labels:\n    app: nginx\n  name: nginx-deployment\n'), text);
  t.true(text.includes('      containers:\n      - image: nginx:1.14.2\n'), text);
  t.is(text.split('---\n').length, 2);
  t.deepEqual(parseManifests(text), objs);
});

test('strings YAML 1.1 would read as something else are quoted on the way out', (t) => {
  const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: 'yes', b: '0644', c: 'on', d: '2024-01-02' } };
  t.deepEqual(parseManifests(stringifyManifests([cm])), [cm]);
});
