// The image store as a pure core: references, lookups, merges, pull durations.

import test from 'ava';
import fc from 'fast-check';
import { addImage, findImage, listImages, pullDurationMs, recordFor, removeImage, repository } from '../../../actors/container-runtime/images.ts';
import { catalog } from './harness.ts';

const refs: [string, string][] = [
  ['docker.io/library/nginx:latest', 'docker.io/library/nginx'],
  ['localhost:5000/app:v1', 'localhost:5000/app'],
  ['localhost:5000/app', 'localhost:5000/app'],
  ['registry.k8s.io/pause:3.10', 'registry.k8s.io/pause'],
  ['docker.io/library/nginx@sha256:abc', 'docker.io/library/nginx'],
];
for (const [ref, repo] of refs) test(`the repository of ${ref} is ${repo}`, (t) => t.is(repository(ref), repo));

test('an image is found by its short name, its normalized reference, its id and its digest reference', (t) => {
  const info = catalog.lookup('nginx')!;
  const store = addImage({}, recordFor(info, false));
  for (const name of ['nginx', 'docker.io/library/nginx:latest', info.digest, `docker.io/library/nginx@${info.digest}`]) t.is(findImage(store, catalog, name)?.id, info.digest, name);
  t.is(findImage(store, catalog, 'busybox'), undefined);
  t.deepEqual(listImages(store, catalog, { image: 'busybox' }), []);
  t.deepEqual(removeImage(store, info.digest), {});
});

test('a second tag of the same content joins its record; pinning sticks', (t) => {
  const info = catalog.lookup('nginx')!;
  const a = addImage({}, recordFor(info, true));
  const b = addImage(a, { ...recordFor(info, false), repoTags: ['docker.io/library/nginx:1.27'] });
  t.deepEqual(b[info.digest]!.repoTags, ['docker.io/library/nginx:latest', 'docker.io/library/nginx:1.27']);
  t.true(b[info.digest]!.pinned);
});

test('a pull lasts size ÷ bandwidth, at most 10% more, never zero', (t) => {
  t.is(pullDurationMs(50_000_000, 50_000_000, 0), 1000);
  t.is(pullDurationMs(0, 50_000_000, 0.5), 1);
  fc.assert(
    fc.property(fc.nat(10_000_000_000), fc.integer({ min: 1, max: 1_000_000_000 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (size, bw, r) => {
      const ms = pullDurationMs(size, bw, r);
      const base = (size / bw) * 1000;
      return ms >= 1 && ms >= base && ms <= Math.max(1, Math.ceil(base * 1.1));
    }),
  );
  t.pass();
});
