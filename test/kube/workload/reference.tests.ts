// Image references: distribution/reference's normalization cases (familiar names, the library/
// prefix, legacy Docker Hub hosts, ports, digests) and the references it rejects; the catalog's
// registry rule, sizes and digests.

import test from 'ava';
import { imageCatalog, parseReference } from '../../../actors/container-runtime/workload/index.ts';

const DIGEST = `sha256:${'a'.repeat(64)}`;

const NORMALIZED: readonly [string, string][] = [
  ['nginx', 'docker.io/library/nginx:latest'],
  ['nginx:1.14.2', 'docker.io/library/nginx:1.14.2'],
  ['library/nginx', 'docker.io/library/nginx:latest'],
  ['docker.io/nginx', 'docker.io/library/nginx:latest'],
  ['docker.io/library/nginx:1.27', 'docker.io/library/nginx:1.27'],
  ['index.docker.io/library/nginx', 'docker.io/library/nginx:latest'],
  ['dmcgowan/myapp', 'docker.io/dmcgowan/myapp:latest'],
  ['dmcgowan/myapp/sub:v2', 'docker.io/dmcgowan/myapp/sub:v2'],
  ['registry.k8s.io/pause:3.10', 'registry.k8s.io/pause:3.10'],
  ['registry.k8s.io/e2e-test-images/agnhost:2.40', 'registry.k8s.io/e2e-test-images/agnhost:2.40'],
  ['localhost/foo', 'localhost/foo:latest'],
  ['localhost:5000/foo/bar:tag', 'localhost:5000/foo/bar:tag'],
  ['example.com:8080/a_b__c-d--e.f', 'example.com:8080/a_b__c-d--e.f:latest'],
  [`nginx@${DIGEST}`, `docker.io/library/nginx@${DIGEST}`],
  [`nginx:1.27@${DIGEST}`, `docker.io/library/nginx:1.27@${DIGEST}`],
  ['[::1]:5000/foo', '[::1]:5000/foo:latest'],
];

for (const [image, normalized] of NORMALIZED) {
  test(`${image} normalizes to ${normalized}`, (t) => {
    t.is(parseReference(image)?.normalized, normalized);
  });
}

const INVALID = [
  '', 'NGINX', 'Nginx:latest', 'docker.io/Library/nginx', 'nginx:', ':latest', 'nginx:-tag', 'nginx:.tag', `nginx:${'t'.repeat(129)}`,
  'nginx:tag with space', 'nginx@sha256:abc', `nginx@sha256:${'A'.repeat(64)}`, 'nginx@md5:0123456789abcdef0123456789abcdef', '-nginx', 'nginx-', 'foo___bar', 'foo//bar',
  'a'.repeat(64), `docker.io/${'a'.repeat(250)}`, 'exa_mple.com/foo', 'nginx latest',
];

for (const image of INVALID) {
  test(`${JSON.stringify(image.length > 40 ? `${image.slice(0, 40)}…` : image)} does not parse`, (t) => {
    t.is(parseReference(image), undefined);
    t.is(imageCatalog.lookup(image), undefined);
  });
}

test('the parts of a reference', (t) => {
  t.like(parseReference('registry.k8s.io/coredns/coredns:v1.11.3'), { domain: 'registry.k8s.io', path: 'coredns/coredns', tag: 'v1.11.3', repository: 'registry.k8s.io/coredns/coredns' });
  const r = parseReference(`busybox@${DIGEST}`);
  t.is(r?.tag, undefined);
  t.is(r?.digest, DIGEST);
});

const IN_REGISTRY: readonly [string, boolean][] = [
  ['nginx', true], ['nginx:1.14.2', true], ['nginx:1.27-alpine', true], ['nginx:alpine', true], ['nginx:nonexistent', false], ['nginx:foo', false],
  ['busybox:1.28', true], ['busybox:musl', true], ['registry.k8s.io/pause:3.10', true], ['k8s.gcr.io/pause:3.1', true],
  ['registry.k8s.io/coredns/coredns:v1.11.3', true], ['registry.k8s.io/coredns/coredns:latest-ish', false],
  ['myorg/app:v2', true], ['myorg/app:anything', true], ['ghcr.io/someone/tool:main', true],
  ['nonexistent-image', false], ['myorg/does-not-exist:1', false], ['registry.invalid/app:1', false], ['my.registry.example/app', false],
  ['localhost:5000/app', false], ['localhost/app', false], [`nginx@${DIGEST}`, true],
];

for (const [image, known] of IN_REGISTRY) {
  test(`the simulated registry ${known ? 'has' : 'does not have'} ${image}`, (t) => {
    t.is(imageCatalog.lookup(image)?.known, known);
  });
}

test('sizes: known images as their registries give them, pause tiny, unknown ones a plausible default', (t) => {
  const size = (image: string) => imageCatalog.lookup(image)!.sizeBytes;
  t.true(size('registry.k8s.io/pause:3.10') < 1_000_000);
  t.true(size('busybox') < 5_000_000);
  t.true(size('nginx') > 50_000_000 && size('nginx') < 100_000_000);
  t.true(size('perl:5.34.0') > size('nginx'));
  t.is(size('myorg/app:v2'), 50_000_000);
});

test('digests are sha256, stable per reference, different between references, and the named one when given', (t) => {
  const a = imageCatalog.lookup('nginx:1.14.2')!.digest;
  t.regex(a, /^sha256:[0-9a-f]{64}$/);
  t.is(imageCatalog.lookup('docker.io/library/nginx:1.14.2')!.digest, a);
  t.not(imageCatalog.lookup('nginx:1.27')!.digest, a);
  t.is(imageCatalog.lookup(`nginx@${DIGEST}`)!.digest, DIGEST);
});
