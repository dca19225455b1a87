// Image references as containerd and docker read them (distribution/reference's grammar and
// ParseNormalizedNamed): a familiar name gets the docker.io domain, an official image the
// library/ prefix, and a reference with neither tag nor digest the tag `latest`. What does not
// parse is undefined; the caller says "invalid reference format".

export interface ImageReference {
  /** 'docker.io', 'registry.k8s.io', 'localhost:5000'. */
  readonly domain: string;
  /** The repository path under the domain: 'library/nginx', 'e2e-test-images/agnhost'. */
  readonly path: string;
  /** Absent only when the reference names a digest and no tag. */
  readonly tag?: string;
  /** 'sha256:<64 hex>'. */
  readonly digest?: string;
  /** The full normalized reference: 'docker.io/library/nginx:latest'. */
  readonly normalized: string;
  /** domain/path: what the catalog knows an image by. */
  readonly repository: string;
}

const DEFAULT_DOMAIN = 'docker.io';
const LEGACY_DOMAINS = new Set(['index.docker.io', 'registry-1.docker.io']);
const NAME_TOTAL_LENGTH_MAX = 255;

const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = new RegExp(`^(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[0-9a-fA-F:]+\\])(?::[0-9]+)?$`);
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}$/;
/** A bare 64-hex string is an image ID, never a repository name. */
const IDENTIFIER = /^[a-f0-9]{64}$/;

/** Whether the first path component names a registry host rather than a Docker Hub namespace. */
function isDomain(first: string): boolean {
  return first.includes('.') || first.includes(':') || first === 'localhost' || first.toLowerCase() !== first;
}

function validDigest(digest: string): boolean {
  if (!DIGEST.test(digest)) return false;
  const [algorithm, hex] = digest.split(':') as [string, string];
  // go-digest checks the encoded length and case of the algorithms it knows.
  if (algorithm === 'sha256') return /^[a-f0-9]{64}$/.test(hex);
  if (algorithm === 'sha512') return /^[a-f0-9]{128}$/.test(hex);
  return false;
}

export function parseReference(image: string): ImageReference | undefined {
  if (image === '' || IDENTIFIER.test(image)) return undefined;
  let rest = image;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!validDigest(digest)) return undefined;
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) return undefined;
  }
  const slash = rest.indexOf('/');
  let domain = DEFAULT_DOMAIN;
  let path = rest;
  if (slash >= 0 && isDomain(rest.slice(0, slash))) {
    domain = rest.slice(0, slash);
    path = rest.slice(slash + 1);
    if (!DOMAIN.test(domain)) return undefined;
  }
  if (LEGACY_DOMAINS.has(domain)) domain = DEFAULT_DOMAIN;
  if (domain === DEFAULT_DOMAIN && !path.includes('/')) path = `library/${path}`;
  if (!path.split('/').every((c) => PATH_COMPONENT.test(c))) return undefined;
  const repository = `${domain}/${path}`;
  if (repository.length > NAME_TOTAL_LENGTH_MAX) return undefined;
  if (tag === undefined && digest === undefined) tag = 'latest';
  const normalized = repository + (tag !== undefined ? `:${tag}` : '') + (digest !== undefined ? `@${digest}` : '');
  return { domain, path, normalized, repository, ...(tag !== undefined ? { tag } : {}), ...(digest !== undefined ? { digest } : {}) };
}
