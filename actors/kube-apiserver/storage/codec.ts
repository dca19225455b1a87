// Objects as etcd holds them: JSON in UTF-8, as a byte string (see protocols/etcd/kv.ts Bytes).
// The stored JSON carries no resourceVersion: an object's version is the mod revision of its key,
// set on the way out, as the apiserver's etcd3 store does.

import type { Bytes, KeyValue } from '../../../protocols/etcd/kv.ts';
import type { KubeObject } from '../../../protocols/kube/objects.ts';
import { withFields, withoutFields } from '../registry/fields.ts';
import { isJsonRoundTrip, jsonCopy, UNFIT } from './json-copy.ts';

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

/** Any code unit outside ASCII: only such text needs converting (ASCII text is its own UTF-8). */
const NON_ASCII = /[^\x00-\x7f]/;

// Encoding into a buffer tells ASCII apart several times faster than the regular expression: each
// code unit outside ASCII takes two bytes or more, so the text is ASCII exactly when it all fits
// in as many bytes as it has code units. Longer text takes the expression.
const scratch = new Uint8Array(1 << 16);

/** Whether every code unit of `text` is below 0x80. */
function isAscii(text: string): boolean {
  if (text.length > scratch.length) return !NON_ASCII.test(text);
  const { read, written } = encoder.encodeInto(text, scratch);
  return read === text.length && written === read;
}

export function utf8ToBytes(text: string): Bytes {
  if (isAscii(text)) return text;
  const raw = encoder.encode(text);
  let out = '';
  // Chunks keep String.fromCharCode's argument list short on large objects.
  for (let i = 0; i < raw.length; i += 8192) out += String.fromCharCode(...raw.subarray(i, i + 8192));
  return out;
}

export function bytesToUtf8(bytes: Bytes): string {
  if (isAscii(bytes)) return bytes;
  const raw = new Uint8Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) raw[i] = bytes.charCodeAt(i);
  return decoder.decode(raw);
}

/** The bytes to store: the object without its resourceVersion. */
export function encodeObject(obj: KubeObject): Bytes {
  // A create's object has none: it is stored as it is, without a copy.
  const stored = obj.metadata.resourceVersion === undefined ? obj : withoutResourceVersion(obj);
  const text = JSON.stringify(stored);
  const bytes = utf8ToBytes(text);
  // ASCII only (the bytes are the text): what decoding gives is then exactly the JSON round trip.
  if (bytes === text) keep(bytes, stored);
  return bytes;
}

/**
 * encodeObject for an object its caller made and leaves alone once written (a create's or an
 * update's, whose answer only shares it with the cache, as local watch events do): when a JSON
 * round trip gives the object back as it is, what is kept for the watch cache is the object
 * itself, its top level and metadata (which the cache changes) its own, instead of a copy of
 * everything.
 */
export function encodeOwned(obj: KubeObject): Bytes {
  // Without its resourceVersion, the object's top level and metadata are new already.
  const fresh = obj.metadata.resourceVersion !== undefined;
  const stored = fresh ? withoutResourceVersion(obj) : obj;
  const text = JSON.stringify(stored);
  const bytes = utf8ToBytes(text);
  if (bytes !== text) return bytes;
  if (isJsonRoundTrip(stored)) remember(bytes, fresh ? stored : shallowWithMetadata(stored));
  else keep(bytes, stored);
  return bytes;
}

/** The bytes encodeObject gives, nothing kept: for comparing with what is stored. */
export function storedBytes(obj: KubeObject): Bytes {
  return utf8ToBytes(JSON.stringify(obj.metadata.resourceVersion === undefined ? obj : withoutResourceVersion(obj)));
}

const withoutResourceVersion = (obj: KubeObject): KubeObject => withFields(obj, { metadata: withoutFields(obj.metadata, ['resourceVersion']) }) as KubeObject;

function shallowWithMetadata(obj: KubeObject): KubeObject {
  const out: Record<string, unknown> = {};
  // No own __proto__ key (isJsonRoundTrip): plain assignment makes the same keys.
  for (const k in obj) out[k] = (obj as unknown as Record<string, unknown>)[k];
  const meta = obj.metadata as unknown;
  if (typeof meta === 'object' && meta !== null && !Array.isArray(meta)) {
    const m: Record<string, unknown> = {};
    for (const k in meta) m[k] = (meta as Record<string, unknown>)[k];
    out.metadata = m;
  }
  return out as unknown as KubeObject;
}

/**
 * What encodeObject and encodeOwned gave lately, with what decoding those bytes will give: a copy
 * taken as the text was written (later changes to the object cannot reach it), or for
 * encodeOwned the object itself, which its caller leaves alone. The replica that sends the
 * write takes it in the same turn (takeEncoded), so that its watch cache, when the write comes
 * back as an event with these very bytes, need not parse them. Any entry answers for its bytes
 * alone, so a stale one is never wrong, only kept a little longer.
 */
const recent: { bytes: Bytes; object: KubeObject }[] = [];
const RECENT_MAX = 8;

function keep(bytes: Bytes, stored: KubeObject): void {
  const object = jsonCopy(stored);
  if (object !== UNFIT) remember(bytes, object as KubeObject);
}

function remember(bytes: Bytes, object: KubeObject): void {
  if (recent.length === RECENT_MAX) recent.shift();
  recent.push({ bytes, object });
}

/** The decoded copy of `bytes` (without resourceVersion) if encodeObject wrote them lately; each is given once. */
export function takeEncoded(bytes: Bytes): KubeObject | undefined {
  // The bytes are usually the very string encodeObject returned: the comparison is a pointer's.
  for (let i = recent.length - 1; i >= 0; i--) {
    if (recent[i]!.bytes !== bytes) continue;
    const { object } = recent[i]!;
    recent.splice(i, 1);
    return object;
  }
  return undefined;
}

/** Drops whatever was encoded and not taken (a dry run's, a failed step's). */
export function forgetEncoded(): void {
  recent.length = 0;
}

/** A stored object, its resourceVersion set from the key's mod revision. */
export function decodeObject(kv: Pick<KeyValue, 'value' | 'modRevision'>): KubeObject {
  return withResourceVersion(JSON.parse(bytesToUtf8(kv.value)) as KubeObject, kv.modRevision);
}

export function withResourceVersion(obj: KubeObject, revision: number): KubeObject {
  return withFields(obj, { metadata: withFields(obj.metadata, { resourceVersion: String(revision) }) }) as KubeObject;
}
