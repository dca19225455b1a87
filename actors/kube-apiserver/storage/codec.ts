// Objects as etcd holds them: JSON in UTF-8, as a byte string (see protocols/etcd/kv.ts Bytes).
// The stored JSON carries no resourceVersion: an object's version is the mod revision of its key,
// set on the way out, as the apiserver's etcd3 store does.

import type { Bytes, KeyValue } from '../../../protocols/etcd/kv.ts';
import type { KubeObject } from '../../../protocols/kube/objects.ts';
import { withFields, withoutFields } from '../registry/fields.ts';

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
  if (obj.metadata.resourceVersion === undefined) return utf8ToBytes(JSON.stringify(obj));
  return utf8ToBytes(JSON.stringify(withFields(obj, { metadata: withoutFields(obj.metadata, ['resourceVersion']) })));
}

/** A stored object, its resourceVersion set from the key's mod revision. */
export function decodeObject(kv: Pick<KeyValue, 'value' | 'modRevision'>): KubeObject {
  return withResourceVersion(JSON.parse(bytesToUtf8(kv.value)) as KubeObject, kv.modRevision);
}

export function withResourceVersion(obj: KubeObject, revision: number): KubeObject {
  return withFields(obj, { metadata: withFields(obj.metadata, { resourceVersion: String(revision) }) }) as KubeObject;
}
