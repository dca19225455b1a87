// List continue tokens in Kubernetes' wire format, so a token from a real apiserver decodes here
// and ours decodes there: base64url without padding of the JSON {"v":"meta.k8s.io/v1","rv":N,
// "start":"<key after the last item, relative to the list's key prefix>"}. The start key is the
// last returned key plus "\u0000", the smallest key after it. rv -1 means "at the latest revision"
// (the token a 410 for an expired one hands back).

const VERSION = 'meta.k8s.io/v1';

export interface ContinueToken {
  readonly rv: number;
  /** Relative to the list's key prefix, without a leading slash. */
  readonly start: string;
}

export type Decoded = { readonly ok: true; readonly token: ContinueToken } | { readonly ok: false; readonly error: string };

const INVALID = 'continue key is not valid';

/** Go's json.Marshal escapes these for HTML safety; matching it keeps tokens byte-identical. */
function goJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export function encodeContinue(lastKey: string, rv: number): string {
  return Buffer.from(goJson({ v: VERSION, rv, start: lastKey }), 'utf8').toString('base64url');
}

/** The token that resumes after `lastKey` (relative to the list prefix). */
export const continueAfter = (lastKey: string, rv: number): string => encodeContinue(`${lastKey}\u0000`, rv);

/** base64.RawURLEncoding's strictness: only the URL alphabet, no padding, no dangling sextet. */
function decodeBase64Url(s: string): { ok: true; bytes: Buffer } | { ok: false; error: string } {
  const text = s.replace(/[\r\n]/g, '');
  const bad = text.search(/[^A-Za-z0-9_-]/);
  if (bad >= 0) return { ok: false, error: `illegal base64 data at input byte ${bad}` };
  if (text.length % 4 === 1) return { ok: false, error: `illegal base64 data at input byte ${text.length - 1}` };
  return { ok: true, bytes: Buffer.from(text, 'base64url') };
}

const goType = (v: unknown): string => (Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v === 'boolean' ? 'bool' : typeof v);

/** json.Unmarshal into the token struct: keys match case-insensitively, null leaves a field unset. */
function unmarshal(text: string): { ok: true; v: string; rv: number; start: string } | { ok: false; error: string } {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    const first = text.trimStart()[0];
    if (first === undefined || /^[[{"tfn0-9-]$/.test(first)) return { ok: false, error: 'unexpected end of JSON input' };
    return { ok: false, error: `invalid character '${first}' looking for beginning of value` };
  }
  if (data === null) return { ok: true, v: '', rv: 0, start: '' };
  if (typeof data !== 'object' || Array.isArray(data)) return { ok: false, error: `json: cannot unmarshal ${goType(data)} into Go value of type storage.continueToken` };
  const out = { v: '', rv: 0, start: '' };
  for (const [k, value] of Object.entries(data)) {
    const field = k.toLowerCase();
    if ((field !== 'v' && field !== 'rv' && field !== 'start') || value === null) continue;
    const where = `Go struct field continueToken.${field}`;
    if (field === 'rv') {
      if (typeof value !== 'number') return { ok: false, error: `json: cannot unmarshal ${goType(value)} into ${where} of type int64` };
      if (!Number.isSafeInteger(value)) return { ok: false, error: `json: cannot unmarshal number ${value} into ${where} of type int64` };
      out.rv = value;
    } else {
      if (typeof value !== 'string') return { ok: false, error: `json: cannot unmarshal ${goType(value)} into ${where} of type string` };
      out[field] = value;
    }
  }
  return { ok: true, ...out };
}

/** path.Clean's fixed point: no empty, "." or ".." segment and no trailing slash. */
function isCleanPath(p: string): boolean {
  if (p === '/') return true;
  return p.slice(1).split('/').every((seg) => seg !== '' && seg !== '.' && seg !== '..');
}

/** storage.DecodeContinue: the errors read as Kubernetes'; the start key comes back relative. */
export function decodeContinue(token: string): Decoded {
  const raw = decodeBase64Url(token);
  if (!raw.ok) return { ok: false, error: `${INVALID}: ${raw.error}` };
  const c = unmarshal(raw.bytes.toString('utf8'));
  if (!c.ok) return { ok: false, error: `${INVALID}: ${c.error}` };
  if (c.v !== VERSION) return { ok: false, error: `${INVALID}: server does not recognize this encoded version ${c.v}` };
  if (c.rv === 0) return { ok: false, error: `${INVALID}: incorrect encoded start resourceVersion (version meta.k8s.io/v1)` };
  if (c.start === '') return { ok: false, error: `${INVALID}: encoded start key empty (version meta.k8s.io/v1)` };
  const key = c.start.startsWith('/') ? c.start : `/${c.start}`;
  if (!isCleanPath(key)) return { ok: false, error: `${INVALID}: ${c.start}` };
  return { ok: true, token: { rv: c.rv, start: key.slice(1) } };
}
