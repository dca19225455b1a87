// Objects as etcd holds them: JSON in UTF-8, as a byte string (see protocols/etcd/kv.ts Bytes).
// The stored JSON carries no resourceVersion: an object's version is the mod revision of its key,
// set on the way out, as the apiserver's etcd3 store does.

import type { Bytes, KeyValue } from '../../../protocols/etcd/kv.ts';
import type { KubeObject } from '../../../protocols/kube/objects.ts';
import { withFields, withoutFields } from '../registry/fields.ts';
import { jsonCopy, UNFIT } from './json-copy.ts';

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

/** Any code unit outside ASCII: only such text needs converting (ASCII text is its own UTF-8). */
const NON_ASCII = /[^\x00-\x7f]/;

export function utf8ToBytes(text: string): Bytes {
  if (!NON_ASCII.test(text)) return text;
  const raw = encoder.encode(text);
  let out = '';
  // Chunks keep String.fromCharCode's argument list short on large objects.
  for (let i = 0; i < raw.length; i += 8192) out += String.fromCharCode(...raw.subarray(i, i + 8192));
  return out;
}

export function bytesToUtf8(bytes: Bytes): string {
  if (!NON_ASCII.test(bytes)) return bytes;
  const raw = new Uint8Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) raw[i] = bytes.charCodeAt(i);
  return decoder.decode(raw);
}

/** The bytes to store: the object without its resourceVersion. */
export function encodeObject(obj: KubeObject): Bytes {
  // A create's object has none: it is stored as it is, without a copy.
  const stored = obj.metadata.resourceVersion === undefined ? obj : (withFields(obj, { metadata: withoutFields(obj.metadata, ['resourceVersion']) }) as KubeObject);
  const text = JSON.stringify(stored);
  const bytes = utf8ToBytes(text);
  // ASCII only (the bytes are the text): what decoding gives is then exactly the JSON round trip.
  if (bytes === text) keep(bytes, stored);
  return bytes;
}

/**
 * What encodeObject gave lately, with a copy of what decoding those bytes will give, taken as the
 * text was written (later changes to the object cannot reach it). The replica that sends the
 * write takes the copy in the same turn (takeEncoded), so that its watch cache, when the write
 * comes back as an event with these very bytes, need not parse them. Any entry answers for its
 * bytes alone, so a stale one is never wrong, only kept a little longer.
 */
const recent: { bytes: Bytes; object: KubeObject }[] = [];
const RECENT_MAX = 8;

function keep(bytes: Bytes, stored: KubeObject): void {
  const object = jsonCopy(stored);
  if (object === UNFIT) return;
  if (recent.length === RECENT_MAX) recent.shift();
  recent.push({ bytes, object: object as KubeObject });
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
