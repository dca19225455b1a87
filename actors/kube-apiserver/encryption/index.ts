// Encryption at rest for kube-apiserver's storage layer, as pure functions of bytes.
//
//   const built = encryptionFromConfigText(yamlText, randomBytesFromPick(pick)); // once at start
//   if (!built.ok) fail(built.error);                         // bad YAML, kind, keys: the apiserver's messages
//   const t = built.transformers.forResource({ group: '', resource: 'secrets' });
//   const stored = t.encrypt(utf8ToBytes(json), '/registry/secrets/default/db');   // before the etcd put
//   const read = t.decrypt(stored, '/registry/secrets/default/db');                  // after the etcd get
//   read.ok ? bytesToUtf8(read.value) : read.error;           // read.stale: rewrite with the current key
//
// Values and keys are byte strings (protocols/etcd/kv.ts Bytes). The etcd key is passed on both
// sides because aesgcm authenticates it (a value moved to another key fails to decrypt). IVs and
// nonces come from the RandomBytes given at build time, so a seeded run stores the same bytes.
// Resources no rule names get the identity transformer (stored as they are).
// redactSecrets(msg) blanks every Secret's data/stringData values in a message, for traces.

export * from './bytes.ts';
export * from './config.ts';
export { AESCBC_PREFIX, AESGCM_PREFIX, type Built, type DecryptResult, type EncryptionTransformers, IDENTITY, type Transformer, buildTransformers } from './transformer.ts';
export { cbcOpen, cbcSeal, gcmOpen, gcmSeal } from './aes.ts';
export { REDACTED, redactSecrets } from './redact.ts';

import type { RandomBytes } from './bytes.ts';
import { loadEncryptionConfiguration } from './config.ts';
import { type Built, buildTransformers } from './transformer.ts';

/** --encryption-provider-config's text straight to transformers. */
export function encryptionFromConfigText(text: string, random: RandomBytes): Built {
  const loaded = loadEncryptionConfiguration(text);
  return loaded.ok ? buildTransformers(loaded.config, random) : loaded;
}
