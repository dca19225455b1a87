// The simulated registry: which images exist, their sizes (pull time = size ÷ the node's
// bandwidth), and what they run when the pod gives no command (the image's ENTRYPOINT and CMD).
//
// Which references the registry does NOT have (a pull fails → ErrImagePull):
//  - a registry host that cannot exist: `localhost`, or one under the reserved TLDs .invalid,
//    .example, .test, .local (RFC 2606/6762);
//  - a repository whose name says so: containing `nonexistent`, `does-not-exist`, `doesnotexist`
//    or `notfound` (the names tests and docs use for a bad image);
//  - a tag of a known image that is neither `latest`, nor version-like (starting with a digit, or
//    `v` and a digit: `1.14.2`, `v0.7.2`, `3.10-slim`), nor one of the image's named tags
//    (`alpine`, `bookworm`, …): so `nginx:nonexistent` fails and `nginx:1.27-alpine` pulls.
// Everything else pulls: an unknown but plausible image (`myorg/app:v2`) runs as a default
// long-running server and says so in an Event. Any well-formed digest pulls.

import { createHash } from 'node:crypto';
import type { ImageCatalog, ImageInfo } from './process.ts';
import { parseReference, type ImageReference } from './reference.ts';

export interface ImageEntry {
  readonly sizeBytes: number;
  readonly entrypoint: readonly string[];
  readonly cmd: readonly string[];
  /** Tags besides `latest` and version-like ones. */
  readonly namedTags?: readonly string[];
}

const MB = 1_000_000;
const SH = { entrypoint: [], cmd: ['sh'] };
const DEBIAN_TAGS = ['bookworm', 'bullseye', 'trixie', 'slim', 'bookworm-slim', 'bullseye-slim', 'alpine', 'stable', 'mainline'];

/** By repository (domain/path). Old k8s.gcr.io names are the same images as registry.k8s.io's. */
const KNOWN: Readonly<Record<string, ImageEntry>> = {
  // servers
  'docker.io/library/nginx': { sizeBytes: 72 * MB, entrypoint: ['/docker-entrypoint.sh'], cmd: ['nginx', '-g', 'daemon off;'], namedTags: ['alpine', 'stable', 'mainline', 'alpine-slim', 'stable-alpine', 'mainline-alpine', 'bookworm', 'perl'] },
  'docker.io/library/httpd': { sizeBytes: 58 * MB, entrypoint: [], cmd: ['httpd-foreground'], namedTags: ['alpine', 'bookworm'] },
  'docker.io/library/redis': { sizeBytes: 45 * MB, entrypoint: ['docker-entrypoint.sh'], cmd: ['redis-server'], namedTags: ['alpine', 'bookworm'] },
  'docker.io/library/memcached': { sizeBytes: 33 * MB, entrypoint: ['docker-entrypoint.sh'], cmd: ['memcached'], namedTags: ['alpine', 'bookworm'] },
  'docker.io/library/postgres': { sizeBytes: 150 * MB, entrypoint: ['docker-entrypoint.sh'], cmd: ['postgres'], namedTags: ['alpine', 'bookworm', 'bullseye'] },
  'docker.io/library/mysql': { sizeBytes: 170 * MB, entrypoint: ['docker-entrypoint.sh'], cmd: ['mysqld'], namedTags: ['oracle', 'debian', 'lts', 'innovation'] },
  'docker.io/hashicorp/http-echo': { sizeBytes: 3 * MB, entrypoint: ['/http-echo'], cmd: [] },
  'registry.k8s.io/pause': { sizeBytes: 320_000, entrypoint: ['/pause'], cmd: [] },
  'registry.k8s.io/coredns/coredns': { sizeBytes: 18 * MB, entrypoint: ['/coredns'], cmd: [] },
  'registry.k8s.io/metrics-server/metrics-server': { sizeBytes: 19 * MB, entrypoint: ['/metrics-server'], cmd: [] },
  'registry.k8s.io/e2e-test-images/agnhost': { sizeBytes: 51 * MB, entrypoint: ['/agnhost'], cmd: [] },
  'registry.k8s.io/goproxy': { sizeBytes: 5 * MB, entrypoint: ['/goproxy'], cmd: [] },
  'registry.k8s.io/echoserver': { sizeBytes: 46 * MB, entrypoint: [], cmd: ['/usr/local/bin/run.sh'] },
  'registry.k8s.io/nginx-slim': { sizeBytes: 37 * MB, entrypoint: [], cmd: ['nginx', '-g', 'daemon off;'] },
  'gcr.io/google-samples/hello-app': { sizeBytes: 11 * MB, entrypoint: ['./hello-app'], cmd: [] },
  'us-docker.pkg.dev/google-samples/containers/gke/hello-app': { sizeBytes: 11 * MB, entrypoint: ['./hello-app'], cmd: [] },
  // command runners (with no command they start an interpreter on an empty stdin, which ends at once)
  'docker.io/library/busybox': { sizeBytes: 2_200_000, ...SH, namedTags: ['musl', 'glibc', 'uclibc', 'stable'] },
  'registry.k8s.io/busybox': { sizeBytes: 1_100_000, ...SH },
  'registry.k8s.io/e2e-test-images/busybox': { sizeBytes: 2_200_000, ...SH },
  'docker.io/library/alpine': { sizeBytes: 3_600_000, entrypoint: [], cmd: ['/bin/sh'], namedTags: ['edge'] },
  'docker.io/library/ubuntu': { sizeBytes: 29 * MB, entrypoint: [], cmd: ['/bin/bash'], namedTags: ['jammy', 'noble', 'focal', 'rolling', 'devel'] },
  'docker.io/library/debian': { sizeBytes: 49 * MB, entrypoint: [], cmd: ['bash'], namedTags: DEBIAN_TAGS },
  'docker.io/library/perl': { sizeBytes: 330 * MB, entrypoint: [], cmd: ['perl5.40.0', '-de0'], namedTags: ['slim', 'threaded', 'bookworm', 'slim-bookworm'] },
  'docker.io/library/python': { sizeBytes: 380 * MB, entrypoint: [], cmd: ['python3'], namedTags: DEBIAN_TAGS },
  'docker.io/library/node': { sizeBytes: 400 * MB, entrypoint: ['docker-entrypoint.sh'], cmd: ['node'], namedTags: [...DEBIAN_TAGS, 'lts', 'current'] },
  'docker.io/curlimages/curl': { sizeBytes: 10 * MB, entrypoint: ['/entrypoint.sh'], cmd: ['curl'] },
};

const ALIASES: Readonly<Record<string, string>> = { 'k8s.gcr.io': 'registry.k8s.io', 'gcr.io/google-containers': 'registry.k8s.io', 'gcr.io/google_containers': 'registry.k8s.io' };

/** The catalog key of a repository, after the old registry names. */
function canonicalRepository(repository: string): string {
  for (const [from, to] of Object.entries(ALIASES)) if (repository.startsWith(`${from}/`)) return to + repository.slice(from.length);
  return repository;
}

export function knownImage(ref: ImageReference): ImageEntry | undefined {
  return KNOWN[canonicalRepository(ref.repository)];
}

const MISSING_HOST = /(^localhost(:\d+)?$)|\.(invalid|example|test|local)(:\d+)?$/;
const MISSING_NAME = /nonexistent|does-not-exist|doesnotexist|notfound/;
const VERSION_TAG = /^v?\d/;

/** Whether the simulated registry serves `ref` (see the rule at the top of this file). */
export function inRegistry(ref: ImageReference): boolean {
  if (MISSING_HOST.test(ref.domain) || MISSING_NAME.test(ref.path)) return false;
  const entry = knownImage(ref);
  if (entry === undefined || ref.tag === undefined || ref.tag === 'latest' || VERSION_TAG.test(ref.tag)) return true;
  return entry.namedTags?.includes(ref.tag) ?? false;
}

/** Size of an image the catalog does not know: a plausible small application image. */
const UNKNOWN_SIZE = 50 * MB;

function digestOf(ref: ImageReference): string {
  if (ref.digest !== undefined) return ref.digest;
  return `sha256:${createHash('sha256').update(`kybernetes image ${ref.normalized}`).digest('hex')}`;
}

export const imageCatalog: ImageCatalog = {
  lookup(image: string): ImageInfo | undefined {
    const ref = parseReference(image);
    if (ref === undefined) return undefined;
    const entry = knownImage(ref);
    return { ref: ref.normalized, known: inRegistry(ref), sizeBytes: entry?.sizeBytes ?? UNKNOWN_SIZE, digest: digestOf(ref) };
  },
};
