// The short hashes workload controllers name things by: FNV-32 over the JSON of what is hashed,
// written as its decimal digits re-spelled in the vowel-free alphabet of rand.SafeEncodeString, so
// a name never spells a word. Kubernetes hashes Go's encoding of its structs; ours hashes a
// key-sorted JSON text, so the digits differ from a real cluster's but are as stable.

const ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789';
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** JSON with object keys sorted, so equal objects hash equal whatever order their keys came in. */
export function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map((x) => (x === undefined ? 'null' : stableJson(x))).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>)
      .filter(([, x]) => x !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${stableJson(x)}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

const utf8 = (s: string): number[] => [...new TextEncoder().encode(s)];

/** FNV-1 (multiply, then xor) when `a` is false; FNV-1a (xor, then multiply) when true. */
export function fnv32(bytes: readonly number[], a: boolean, seed = FNV_OFFSET): number {
  let h = seed >>> 0;
  for (const b of bytes) {
    if (a) h = Math.imul(h ^ b, FNV_PRIME) >>> 0;
    else h = (Math.imul(h, FNV_PRIME) ^ b) >>> 0;
  }
  return h >>> 0;
}

/** rand.SafeEncodeString: each character replaced by the alphabet's letter at its code modulo 27. */
export function safeEncode(s: string): string {
  return [...s].map((c) => ALPHANUMS[c.charCodeAt(0) % ALPHANUMS.length]).join('');
}

/** history.HashControllerRevision: FNV-1 over the revision's data, then the collision count's decimal digits. */
export function hashRevisionData(data: unknown, collisionCount?: number): string {
  const bytes = utf8(stableJson(data));
  if (collisionCount !== undefined) bytes.push(...utf8(String(collisionCount)));
  return safeEncode(String(fnv32(bytes, false)));
}

/** controller.ComputeHash: FNV-1a over a pod template, then the collision count as four little-endian bytes. */
export function computeTemplateHash(template: unknown, collisionCount?: number): string {
  const bytes = utf8(stableJson(template));
  if (collisionCount !== undefined) {
    const c = collisionCount >>> 0;
    bytes.push(c & 0xff, (c >>> 8) & 0xff, (c >>> 16) & 0xff, (c >>> 24) & 0xff);
  }
  return safeEncode(String(fnv32(bytes, true)));
}
